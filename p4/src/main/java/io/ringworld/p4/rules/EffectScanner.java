package io.ringworld.p4.rules;

import io.ringworld.p4.lang.Ast.*;
import io.ringworld.p4.lang.CallInfo;
import io.ringworld.p4.lang.CheckedProgram;
import io.ringworld.p4.lang.CheckedProgram.ActionInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes the {@link Effects} of statements and actions of one control. Names are renamed
 * through an environment: an action's out/inout parameter becomes its argument's path, an action
 * data or {@code in} parameter and an action-local variable map to "" (not a location that lives
 * between tables: the reads of an {@code in} argument are counted at the call).
 */
final class EffectScanner {
  private final CheckedProgram prog;

  EffectScanner(CheckedProgram prog) {
    this.prog = prog;
  }

  /** The effects of running action {@code a}; args is null for a table action (action data only). */
  Effects action(ActionInfo a, List<Expr> args, Map<String, String> callerEnv) {
    Effects out = new Effects();
    Map<String, String> env = new HashMap<>();
    List<Param> params = a.decl().params();
    for (int k = 0; k < params.size(); k++) {
      Param p = params.get(k);
      boolean directed = p.direction().equals("out") || p.direction().equals("inout");
      String renamed = "";
      if (args != null && directed) {
        String path = path(args.get(k), callerEnv);
        renamed = path == null ? "" : path;
      }
      if (args != null && !p.direction().equals("out")) {
        reads(args.get(k), callerEnv, out);
      }
      env.put(p.name(), renamed);
    }
    for (Stmt s : a.decl().body().body()) {
      stmt(s, env, out, true);
      out.alwaysExits |= s instanceof ExitS;
    }
    return out;
  }

  /** The effects of a statement (not a table apply); inAction marks its locals as action-local. */
  void stmt(Stmt st, Map<String, String> env, Effects out, boolean inAction) {
    if (st instanceof AssignS a) {
      write(a.target(), env, out);
      reads(a.value(), env, out);
    } else if (st instanceof CallS c) {
      call(c.call(), env, out);
    } else if (st instanceof VarS v) {
      if (inAction) {
        env.put(v.name(), "");
      }
      if (v.init() != null) {
        reads(v.init(), env, out);
        if (!inAction) {
          out.writes.add(Access.whole(v.name()));
        }
      }
    } else if (st instanceof BlockS b) {
      Map<String, String> inner = new HashMap<>(env);
      b.body().forEach(s -> stmt(s, inner, out, inAction));
    } else if (st instanceof IfS i) {
      reads(i.cond(), env, out);
      stmt(i.thenBranch(), new HashMap<>(env), out, inAction);
      if (i.elseBranch() != null) {
        stmt(i.elseBranch(), new HashMap<>(env), out, inAction);
      }
    } else if (st instanceof ExitS) {
      out.mayExit = true;
    }
  }

  private void call(CallE c, Map<String, String> env, Effects out) {
    CallInfo info = prog.callOf(c);
    if (info == null) {
      return;
    }
    List<Expr> args = c.args();
    switch (info.kind()) {
      case ACTION -> out.addAll(action(prog.action(info.target()), args, env));
      case REGISTER_READ -> {
        write(args.get(0), env, out);
        reads(args.get(1), env, out);
        out.registers.add(new Effects.RegAccess(info.target(), false, ExprText.of(args.get(1)), c.pos().line()));
      }
      case REGISTER_WRITE -> {
        reads(args.get(0), env, out);
        reads(args.get(1), env, out);
        out.registers.add(new Effects.RegAccess(info.target(), true, ExprText.of(args.get(0)), c.pos().line()));
      }
      case MARK_TO_DROP -> {
        String sm = path(args.get(0), env);
        if (sm != null) {
          out.writes.add(Access.whole(sm + ".egress_spec"));
          out.writes.add(Access.whole(sm + ".mcast_grp"));
        }
      }
      case RECIRCULATE -> out.recirculationLines.add(c.pos().line());
      case SET_VALID, SET_INVALID -> {
        String h = path(((MemberE) c.target()).base(), env);
        if (h != null) {
          out.writes.add(Access.whole(h + ".$valid"));
        }
      }
      default -> args.forEach(a -> reads(a, env, out));
    }
  }

  private void write(Expr target, Map<String, String> env, Effects out) {
    Access a = access(target, env);
    if (a != null) {
      out.writes.add(a);
    }
  }

  /** Adds every location {@code e} reads to out.reads. */
  void reads(Expr e, Map<String, String> env, Effects out) {
    if (e == null || prog.constantOf(e) != null) {
      return;
    }
    if (e instanceof PathE || e instanceof MemberE || e instanceof IndexE || e instanceof SliceE) {
      Access a = access(e, env);
      if (a != null) {
        out.reads.add(a);
        return;
      }
    }
    if (e instanceof MemberE m) {
      reads(m.base(), env, out);
    } else if (e instanceof CallE c) {
      CallInfo info = prog.callOf(c);
      if (info != null && info.kind() == CallInfo.Kind.IS_VALID) {
        String h = path(((MemberE) c.target()).base(), env);
        if (h != null) {
          out.reads.add(Access.whole(h + ".$valid"));
        }
      } else if (info == null || info.kind() != CallInfo.Kind.TABLE_APPLY) {
        c.args().forEach(a -> reads(a, env, out));
      }
    } else if (e instanceof UnaryE u) {
      reads(u.operand(), env, out);
    } else if (e instanceof BinaryE b) {
      reads(b.left(), env, out);
      reads(b.right(), env, out);
    } else if (e instanceof CastE c) {
      reads(c.operand(), env, out);
    } else if (e instanceof CondE c) {
      reads(c.cond(), env, out);
      reads(c.ifTrue(), env, out);
      reads(c.ifFalse(), env, out);
    } else if (e instanceof SliceE sl) {
      reads(sl.base(), env, out);
    }
  }

  /** The location an lvalue-shaped expression denotes, or null (a local, action data, a table result). */
  Access access(Expr e, Map<String, String> env) {
    if (e instanceof SliceE sl) {
      String p = path(sl.base(), env);
      Long hi = constant(sl.hi());
      Long lo = constant(sl.lo());
      if (p == null) {
        return null;
      }
      return hi == null || lo == null ? Access.whole(p) : new Access(p, lo.intValue(), hi.intValue());
    }
    String p = path(e, env);
    return p == null ? null : Access.whole(p);
  }

  /** The dotted path of a location; {@code .last} and {@code .lastIndex} stand for the whole stack. */
  String path(Expr e, Map<String, String> env) {
    if (e instanceof PathE p) {
      String r = env.getOrDefault(p.name(), p.name());
      return r.isEmpty() || prog.constantOf(e) != null ? null : r;
    }
    if (e instanceof MemberE m) {
      String base = path(m.base(), env);
      if (base == null) {
        return null;
      }
      return m.name().equals("last") || m.name().equals("lastIndex") ? base : base + "." + m.name();
    }
    if (e instanceof IndexE ix) {
      String base = path(ix.base(), env);
      Long k = constant(ix.index());
      return base == null ? null : k == null ? base : base + "[" + k + "]";
    }
    return null;
  }

  private Long constant(Expr e) {
    if (e instanceof IntLit l) {
      return l.value();
    }
    Object v = prog.constantOf(e);
    if (v instanceof Long x) {
      return x;
    }
    return e instanceof CastE c ? constant(c.operand()) : null;
  }
}
