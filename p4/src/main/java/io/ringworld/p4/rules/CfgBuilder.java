package io.ringworld.p4.rules;

import io.ringworld.p4.lang.Ast.*;
import io.ringworld.p4.lang.CallInfo;
import io.ringworld.p4.lang.CheckedProgram;
import io.ringworld.p4.lang.CheckedProgram.TableInfo;
import io.ringworld.p4.rules.Cfg.Kind;
import io.ringworld.p4.rules.Cfg.Vertex;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the {@link Cfg} of a control's apply block. Each builder method takes the vertices that
 * may run just before (preds) and the reads of the enclosing conditions (guard), and returns the
 * vertices after which control continues (empty after {@code exit}/{@code return}).
 */
final class CfgBuilder {
  private final CheckedProgram prog;
  private final EffectScanner scan;
  private final Cfg cfg = new Cfg();
  private final Map<String, String> env = new HashMap<>();

  private CfgBuilder(CheckedProgram prog) {
    this.prog = prog;
    this.scan = new EffectScanner(prog);
  }

  static Cfg build(CheckedProgram prog, ControlD control) {
    CfgBuilder b = new CfgBuilder(prog);
    List<Vertex> last = b.stmt(control.apply(), List.of(b.cfg.entry), Set.of());
    Cfg.link(last, b.cfg.end);
    return b.cfg;
  }

  private List<Vertex> stmt(Stmt st, List<Vertex> preds, Set<Access> guard) {
    if (st instanceof BlockS b) {
      List<Vertex> cur = preds;
      for (Stmt s : b.body()) {
        cur = stmt(s, cur, guard);
      }
      return cur;
    } else if (st instanceof IfS i) {
      return ifStmt(i, preds, guard);
    } else if (st instanceof SwitchS sw) {
      return switchStmt(sw, preds, guard);
    } else if (st instanceof ExitS || st instanceof ReturnS) {
      Cfg.link(preds, cfg.end);
      return List.of();
    } else if (st instanceof CallS c && kind(c.call()) == CallInfo.Kind.TABLE_APPLY) {
      return new ArrayList<>(table(c.call(), preds, guard).values());
    } else if (st instanceof CallS c && kind(c.call()) == CallInfo.Kind.ACTION) {
      String action = prog.callOf(c.call()).target();
      Effects e = scan.action(prog.action(action), c.call().args(), env);
      return vertex(Kind.CALL, null, "action " + action, st.pos().line(), e, preds, guard);
    }
    Effects e = new Effects();
    scan.stmt(st, env, e, false);
    return vertex(Kind.STATEMENT, null, "statement at line " + st.pos().line(), st.pos().line(), e, preds, guard);
  }

  private List<Vertex> vertex(Kind kind, String table, String site, int line, Effects e, List<Vertex> preds,
      Set<Access> guard) {
    Vertex v = cfg.add(kind, table, site, line, e, guard);
    Cfg.link(preds, v);
    if (e.alwaysExits || e.mayExit) {
      Cfg.link(List.of(v), cfg.end);
    }
    return e.alwaysExits ? List.of() : List.of(v);
  }

  private List<Vertex> ifStmt(IfS i, List<Vertex> preds, Set<Access> guard) {
    List<Vertex> before = preds;
    for (CallE apply : tableApplies(i.cond(), new ArrayList<>())) {
      before = new ArrayList<>(table(apply, before, guard).values());
    }
    Effects c = new Effects();
    scan.reads(i.cond(), env, c);
    Vertex cond = cfg.add(Kind.CONDITION, null, "condition at line " + i.pos().line(), i.pos().line(), c, guard);
    Cfg.link(before, cond);
    Set<Access> inner = new LinkedHashSet<>(guard);
    inner.addAll(c.reads);
    List<Vertex> out = new ArrayList<>(stmt(i.thenBranch(), List.of(cond), inner));
    out.addAll(i.elseBranch() == null ? List.of(cond) : stmt(i.elseBranch(), List.of(cond), inner));
    return out;
  }

  private List<Vertex> switchStmt(SwitchS sw, List<Vertex> preds, Set<Access> guard) {
    Map<String, Vertex> byAction = table(sw.apply(), preds, guard);
    Set<String> labelled = new LinkedHashSet<>();
    sw.cases().forEach(c -> labelled.add(prog.labelOf(c)));
    List<Vertex> out = new ArrayList<>();
    List<Vertex> pending = new ArrayList<>();
    for (SwitchCase c : sw.cases()) {
      String label = prog.labelOf(c);
      if (label == null) {
        byAction.forEach((a, v) -> {
          if (!labelled.contains(a)) {
            pending.add(v);
          }
        });
      } else if (byAction.containsKey(label)) {
        pending.add(byAction.get(label));
      }
      if (c.body() != null) {
        out.addAll(stmt(c.body(), List.copyOf(pending), guard));
        pending.clear();
      }
    }
    boolean hasDefault = labelled.contains(null);
    byAction.forEach((a, v) -> {
      if (!hasDefault && !labelled.contains(a)) {
        out.add(v);
      }
    });
    return out;
  }

  /** A table's match vertex and one vertex per possible action, by qualified action name. */
  private Map<String, Vertex> table(CallE apply, List<Vertex> preds, Set<Access> guard) {
    TableInfo t = prog.table(prog.callOf(apply).target());
    Effects keys = new Effects();
    t.keys().forEach(k -> scan.reads(k.expr(), env, keys));
    Vertex match = cfg.add(Kind.MATCH, t.name(), "table " + t.name(), t.decl().pos().line(), keys, guard);
    Cfg.link(preds, match);
    Map<String, Vertex> out = new LinkedHashMap<>();
    for (String a : t.actions()) {
      Effects e = scan.action(prog.action(a), null, env);
      List<Vertex> after = vertex(Kind.TABLE_ACTION, t.name(), "action " + a, apply.pos().line(), e,
          List.of(match), guard);
      out.put(a, after.isEmpty() ? null : after.get(0));
    }
    out.values().removeIf(java.util.Objects::isNull);
    return out;
  }

  private CallInfo.Kind kind(CallE c) {
    CallInfo info = prog.callOf(c);
    return info == null ? null : info.kind();
  }

  private List<CallE> tableApplies(Expr e, List<CallE> out) {
    if (e instanceof CallE c && kind(c) == CallInfo.Kind.TABLE_APPLY) {
      out.add(c);
    } else if (e instanceof MemberE m) {
      tableApplies(m.base(), out);
    } else if (e instanceof UnaryE u) {
      tableApplies(u.operand(), out);
    } else if (e instanceof BinaryE b) {
      tableApplies(b.left(), out);
      tableApplies(b.right(), out);
    } else if (e instanceof CastE c) {
      tableApplies(c.operand(), out);
    } else if (e instanceof CondE c) {
      tableApplies(c.cond(), out);
      tableApplies(c.ifTrue(), out);
      tableApplies(c.ifFalse(), out);
    }
    return out;
  }
}
