package io.ringworld.p4.lang;

import io.ringworld.p4.lang.Ast.*;
import io.ringworld.p4.lang.Types.*;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks a parser: its states, their statements, and transitions to declared states. */
final class ParserChecker {
  private final CheckedProgram out;
  private final ExprChecker ex;
  private final CallChecker calls;

  ParserChecker(CheckedProgram out, ExprChecker ex, CallChecker calls) {
    this.out = out;
    this.ex = ex;
    this.calls = calls;
  }

  void check(ParserD p, Scope global) {
    Scope s = new Scope(global);
    Ctx ctx = new Ctx(Ctx.Block.PARSER, p.name());
    for (Param prm : p.params()) {
      Type t = Checker.resolveType(prm.type(), out, s);
      boolean ro = prm.direction().isEmpty() || prm.direction().equals("in");
      s.declare(prm.name(), new Scope.Sym(ro ? Scope.Kind.READONLY : Scope.Kind.VAR, t, prm.name(), null), prm.pos());
    }
    for (Decl d : p.locals()) {
      if (d instanceof LocalD l) {
        calls.variable(l.var(), s, ctx);
      } else {
        throw d.pos().reject("parser local declaration outside the subset (only variables)");
      }
    }
    Set<String> names = new HashSet<>();
    for (StateD st : p.states()) {
      if (!names.add(st.name()) || st.name().equals("accept") || st.name().equals("reject")) {
        throw st.pos().reject("parser state '" + st.name() + "' is declared twice or reserved");
      }
    }
    if (!names.contains("start")) {
      throw p.pos().reject("parser " + p.name() + " has no start state");
    }
    for (StateD st : p.states()) {
      Scope inner = new Scope(s);
      for (Stmt stmt : st.body()) {
        calls.stmt(stmt, inner, ctx);
      }
      transition(st, names, inner, ctx);
    }
  }

  private void transition(StateD st, Set<String> names, Scope s, Ctx ctx) {
    if (st.select() == null) {
      target(st.next(), names, st.pos());
      return;
    }
    SelectT sel = st.select();
    List<Type> keyTypes = new java.util.ArrayList<>();
    for (Expr k : sel.keys()) {
      Type t = ex.expr(k, s, ctx);
      if (!(t instanceof BitT)) {
        throw k.pos().reject("select key of type " + t + " (only bit<W>)");
      }
      keyTypes.add(t);
    }
    for (SelectCase c : sel.cases()) {
      target(c.state(), names, c.pos());
      Expr ks = c.keyset();
      if (ks instanceof DefaultE || ks instanceof DontCare) {
        continue;
      }
      List<Expr> items = ks instanceof TupleE t ? t.items() : List.of(ks);
      if (items.size() != keyTypes.size()) {
        throw c.pos().reject("keyset has " + items.size() + " values for " + keyTypes.size() + " select keys");
      }
      for (int k = 0; k < items.size(); k++) {
        keysetItem(items.get(k), (BitT) keyTypes.get(k), s, ctx);
      }
    }
  }

  /** A keyset element: a constant, {@code _}, or {@code constant &&& constant}. */
  void keysetItem(Expr e, BitT want, Scope s, Ctx ctx) {
    if (e instanceof DontCare || e instanceof DefaultE) {
      return;
    }
    if (e instanceof MaskE m) {
      keysetItem(m.value(), want, s, ctx);
      keysetItem(m.mask(), want, s, ctx);
      return;
    }
    long v = ex.constant(e, s, ctx, "a keyset value");
    Type t = out.typeOf(e);
    ex.coerce(e, t instanceof IntT ? Types.INT : t, want);
    out.constants.put(e, v);
  }

  private static void target(String name, Set<String> names, Pos pos) {
    if (!names.contains(name) && !name.equals("accept") && !name.equals("reject")) {
      throw pos.reject("transition to undeclared state '" + name + "'");
    }
  }
}
