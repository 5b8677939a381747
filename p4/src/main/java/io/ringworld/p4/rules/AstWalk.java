package io.ringworld.p4.rules;

import io.ringworld.p4.lang.Ast.*;
import java.util.List;
import java.util.function.Consumer;

/** Visits every expression (and every sub-expression) of declarations, without any checker facts. */
final class AstWalk {
  private AstWalk() {}

  static void decls(List<Decl> decls, Consumer<Expr> visit) {
    decls.forEach(d -> decl(d, visit));
  }

  static void decl(Decl d, Consumer<Expr> visit) {
    if (d instanceof ControlD c) {
      decls(c.locals(), visit);
      stmt(c.apply(), visit);
    } else if (d instanceof ActionD a) {
      stmt(a.body(), visit);
    } else if (d instanceof ParserD p) {
      decls(p.locals(), visit);
      for (StateD s : p.states()) {
        s.body().forEach(st -> stmt(st, visit));
        if (s.select() != null) {
          s.select().keys().forEach(k -> expr(k, visit));
        }
      }
    } else if (d instanceof TableD t) {
      t.keys().forEach(k -> expr(k.expr(), visit));
    } else if (d instanceof LocalD l) {
      stmt(l.var(), visit);
    } else if (d instanceof ConstD c) {
      expr(c.value(), visit);
    }
  }

  static void stmt(Stmt st, Consumer<Expr> visit) {
    if (st instanceof AssignS a) {
      expr(a.target(), visit);
      expr(a.value(), visit);
    } else if (st instanceof CallS c) {
      expr(c.call(), visit);
    } else if (st instanceof VarS v) {
      expr(v.init(), visit);
    } else if (st instanceof IfS i) {
      expr(i.cond(), visit);
      stmt(i.thenBranch(), visit);
      stmt(i.elseBranch(), visit);
    } else if (st instanceof BlockS b) {
      b.body().forEach(s -> stmt(s, visit));
    } else if (st instanceof SwitchS sw) {
      expr(sw.apply(), visit);
      sw.cases().forEach(c -> stmt(c.body(), visit));
    }
  }

  static void expr(Expr e, Consumer<Expr> visit) {
    if (e == null) {
      return;
    }
    visit.accept(e);
    if (e instanceof MemberE m) {
      expr(m.base(), visit);
    } else if (e instanceof IndexE ix) {
      expr(ix.base(), visit);
      expr(ix.index(), visit);
    } else if (e instanceof SliceE sl) {
      expr(sl.base(), visit);
    } else if (e instanceof CallE c) {
      expr(c.target(), visit);
      c.args().forEach(a -> expr(a, visit));
    } else if (e instanceof UnaryE u) {
      expr(u.operand(), visit);
    } else if (e instanceof BinaryE b) {
      expr(b.left(), visit);
      expr(b.right(), visit);
    } else if (e instanceof CastE c) {
      expr(c.operand(), visit);
    } else if (e instanceof CondE c) {
      expr(c.cond(), visit);
      expr(c.ifTrue(), visit);
      expr(c.ifFalse(), visit);
    }
  }
}
