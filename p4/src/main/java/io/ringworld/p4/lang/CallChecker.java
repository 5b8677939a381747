package io.ringworld.p4.lang;

import io.ringworld.p4.lang.Ast.*;
import io.ringworld.p4.lang.CheckedProgram.ActionInfo;
import io.ringworld.p4.lang.Scope.Sym;
import io.ringworld.p4.lang.Types.*;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks calls (externs, built-in methods, actions, table applies) and statements. */
final class CallChecker {
  private final CheckedProgram out;
  private final ExprChecker ex;
  private final Set<String> applied = new HashSet<>();

  CallChecker(CheckedProgram out, ExprChecker ex) {
    this.out = out;
    this.ex = ex;
  }

  Type call(CallE c, Scope s, Ctx ctx) {
    if (!c.typeArgs().isEmpty()) {
      throw c.pos().reject("explicit type arguments on a call are outside the subset");
    }
    if (c.target() instanceof PathE p) {
      return function(c, p.name(), s, ctx);
    }
    if (c.target() instanceof MemberE m) {
      return method(c, m, s, ctx);
    }
    throw c.pos().reject("call of this expression is outside the subset");
  }

  private void record(CallE c, CallInfo.Kind kind, String target) {
    out.calls.put(c, new CallInfo(kind, target));
  }

  private void arity(CallE c, int n, String what) {
    if (c.args().size() != n) {
      throw c.pos().reject(what + " takes " + n + " argument(s), found " + c.args().size());
    }
  }

  private Type function(CallE c, String name, Scope s, Ctx ctx) {
    Sym sym = s.find(name);
    if (sym != null && sym.kind() == Scope.Kind.ACTION) {
      if (ctx.block() == Ctx.Block.PARSER) {
        throw c.pos().reject("action call in a parser is outside the subset");
      }
      actionCall(c, out.actions.get(sym.qualified()), s, ctx);
      record(c, CallInfo.Kind.ACTION, sym.qualified());
      return Types.VOID;
    }
    if (sym != null) {
      throw c.pos().reject("'" + name + "' is not callable");
    }
    switch (name) {
      case "mark_to_drop" -> {
        arity(c, 1, name);
        lvalue(c.args().get(0), s, ctx, true);
        ex.require(c.args().get(0), out.typeOf(c.args().get(0)), Checker.STANDARD_METADATA);
        record(c, CallInfo.Kind.MARK_TO_DROP, "");
      }
      case "recirculate_preserving_field_list" -> {
        arity(c, 1, name);
        ex.constant(c.args().get(0), s, ctx, "a field list index");
        record(c, CallInfo.Kind.RECIRCULATE, "");
      }
      case "clone_preserving_field_list", "clone" -> cloneCall(c, name, s, ctx);
      default -> throw c.pos().reject("unknown function or extern '" + name + "' (outside the subset)");
    }
    return Types.VOID;
  }

  private void cloneCall(CallE c, String name, Scope s, Ctx ctx) {
    arity(c, name.equals("clone") ? 2 : 3, name);
    Type kind = ex.expr(c.args().get(0), s, ctx);
    ex.require(c.args().get(0), kind, new CloneTypeT());
    Expr session = c.args().get(1);
    ex.coerce(session, ex.expr(session, s, ctx), new BitT(32));
    if (c.args().size() == 3) {
      ex.constant(c.args().get(2), s, ctx, "a field list index");
    }
    record(c, CallInfo.Kind.CLONE, "");
  }

  private void actionCall(CallE c, ActionInfo a, Scope s, Ctx ctx) {
    List<Param> params = a.decl().params();
    arity(c, params.size(), "action " + a.name());
    for (int k = 0; k < params.size(); k++) {
      Param p = params.get(k);
      Expr arg = c.args().get(k);
      Type want = Checker.resolveType(p.type(), out, s);
      if (p.direction().equals("out") || p.direction().equals("inout")) {
        lvalue(arg, s, ctx, true);
        ex.require(arg, out.typeOf(arg), want);
      } else {
        ex.coerce(arg, ex.expr(arg, s, ctx), want);
      }
    }
  }

  private Type method(CallE c, MemberE m, Scope s, Ctx ctx) {
    String name = m.name();
    if (name.equals("apply") && m.base() instanceof PathE p) {
      Sym sym = s.find(p.name());
      if (sym != null && sym.kind() == Scope.Kind.TABLE) {
        if (ctx.block() != Ctx.Block.CONTROL) {
          throw c.pos().reject("table apply is allowed only in a control's apply block");
        }
        arity(c, 0, "apply");
        if (!applied.add(sym.qualified())) {
          throw c.pos().reject("table " + p.name() + " is applied more than once (outside the subset)");
        }
        record(c, CallInfo.Kind.TABLE_APPLY, sym.qualified());
        return new TableResultT(sym.qualified());
      }
      throw c.pos().reject("apply of '" + p.name() + "' is outside the subset (only tables)");
    }
    if ((name.equals("read") || name.equals("write")) && m.base() instanceof PathE p
        && s.find(p.name()) != null && s.find(p.name()).kind() == Scope.Kind.REGISTER) {
      return registerCall(c, name, s.find(p.name()), s, ctx);
    }
    if (name.equals("extract") || name.equals("emit")) {
      return packetCall(c, m, s, ctx);
    }
    if (name.equals("isValid") || name.equals("setValid") || name.equals("setInvalid")) {
      arity(c, 0, name);
      boolean write = !name.equals("isValid");
      Type t = write ? lvalue(m.base(), s, ctx, true) : ex.expr(m.base(), s, ctx);
      if (!(t instanceof HeaderT)) {
        throw c.pos().reject(name + "() on a " + t + " (only headers)");
      }
      record(c, name.equals("isValid") ? CallInfo.Kind.IS_VALID
          : name.equals("setValid") ? CallInfo.Kind.SET_VALID : CallInfo.Kind.SET_INVALID, "");
      return write ? Types.VOID : Types.BOOL;
    }
    throw c.pos().reject("method '" + name + "' is outside the subset");
  }

  private Type registerCall(CallE c, String name, Sym reg, Scope s, Ctx ctx) {
    arity(c, 2, "register." + name);
    ExternT t = (ExternT) reg.type();
    Expr index = c.args().get(name.equals("read") ? 1 : 0);
    Expr value = c.args().get(name.equals("read") ? 0 : 1);
    ex.coerce(index, ex.expr(index, s, ctx), new BitT(32));
    if (name.equals("read")) {
      lvalue(value, s, ctx, true);
      ex.require(value, out.typeOf(value), t.element());
    } else {
      ex.coerce(value, ex.expr(value, s, ctx), t.element());
    }
    record(c, name.equals("read") ? CallInfo.Kind.REGISTER_READ : CallInfo.Kind.REGISTER_WRITE, reg.qualified());
    return Types.VOID;
  }

  private Type packetCall(CallE c, MemberE m, Scope s, Ctx ctx) {
    String name = m.name();
    Type pk = ex.expr(m.base(), s, ctx);
    String want = name.equals("extract") ? "packet_in" : "packet_out";
    if (!(pk instanceof ExternT e && e.kind().equals(want))) {
      throw c.pos().reject(name + " on a " + pk + " (needs " + want + ")");
    }
    if (c.args().size() != 1) {
      throw c.pos().reject(name + " with " + c.args().size() + " arguments is outside the subset (one header)");
    }
    Expr arg = c.args().get(0);
    if (name.equals("extract")) {
      Type t;
      if (arg instanceof MemberE am && am.name().equals("next")) {
        Type st = lvalue(am.base(), s, ctx, true);
        if (!(st instanceof StackT stack)) {
          throw arg.pos().reject("'.next' of a " + st + " (only header stacks)");
        }
        t = stack.element();
        out.types.put(arg, t);
      } else {
        t = lvalue(arg, s, ctx, true);
      }
      byteAligned(arg, t);
      record(c, CallInfo.Kind.EXTRACT, "");
    } else {
      emittable(arg, ex.expr(arg, s, ctx));
      record(c, CallInfo.Kind.EMIT, "");
    }
    return Types.VOID;
  }

  private void byteAligned(Expr arg, Type t) {
    if (!(t instanceof HeaderT h)) {
      throw arg.pos().reject("extract into a " + t + " (only headers)");
    }
    if (h.widthBits() % 8 != 0) {
      throw arg.pos().reject("header " + h.name() + " is " + h.widthBits() + " bits, not whole bytes");
    }
  }

  private void emittable(Expr arg, Type t) {
    if (t instanceof HeaderT) {
      byteAligned(arg, t);
    } else if (t instanceof StackT st) {
      byteAligned(arg, st.element());
    } else if (t instanceof StructT st) {
      for (Field f : st.fields()) {
        emittable(arg, f.type());
      }
    } else {
      throw arg.pos().reject("emit of a " + t + " (only headers, header stacks and structs of them)");
    }
  }

  /** Checks that {@code e} is a writable location and returns its type. */
  Type lvalue(Expr e, Scope s, Ctx ctx, boolean write) {
    if (e instanceof PathE p) {
      Sym sym = s.find(p.name());
      if (sym != null && sym.kind() == Scope.Kind.READONLY && write) {
        throw e.pos().reject("'" + p.name() + "' is read-only (an in or directionless parameter)");
      }
      if (sym != null && sym.kind() != Scope.Kind.VAR && sym.kind() != Scope.Kind.READONLY) {
        throw e.pos().reject("'" + p.name() + "' is not assignable");
      }
    } else if (e instanceof MemberE m) {
      lvalue(m.base(), s, ctx, write);
    } else if (e instanceof IndexE ix) {
      lvalue(ix.base(), s, ctx, write);
    } else if (e instanceof SliceE sl) {
      lvalue(sl.base(), s, ctx, write);
    } else {
      throw e.pos().reject("this expression is not assignable");
    }
    return ex.expr(e, s, ctx);
  }

  // ---- statements ----

  void stmt(Stmt st, Scope s, Ctx ctx) {
    if (st instanceof AssignS a) {
      Type t = lvalue(a.target(), s, ctx, true);
      if (t instanceof StackT || t instanceof ExternT) {
        throw a.pos().reject("assignment of a " + t + " is outside the subset");
      }
      ex.coerce(a.value(), ex.expr(a.value(), s, ctx), t);
    } else if (st instanceof CallS c) {
      call(c.call(), s, ctx);
      out.types.put(c.call(), out.types.getOrDefault(c.call(), Types.VOID));
    } else if (st instanceof VarS v) {
      variable(v, s, ctx);
    } else if (st instanceof BlockS b) {
      block(b, new Scope(s), ctx);
    } else if (st instanceof IfS i) {
      ifStmt(i, s, ctx);
    } else if (st instanceof ReturnS || st instanceof ExitS) {
      if (ctx.block() == Ctx.Block.PARSER) {
        throw st.pos().reject("return/exit in a parser is outside the subset");
      }
    } else if (st instanceof SwitchS sw) {
      switchStmt(sw, s, ctx);
    }
  }

  void block(BlockS b, Scope s, Ctx ctx) {
    for (Stmt st : b.body()) {
      stmt(st, s, ctx);
    }
  }

  void variable(VarS v, Scope s, Ctx ctx) {
    Type t = Checker.resolveType(v.type(), out, s);
    if (t instanceof ExternT) {
      throw v.pos().reject("a variable of type " + t + " is outside the subset");
    }
    if (v.init() != null) {
      ex.coerce(v.init(), ex.expr(v.init(), s, ctx), t);
    }
    s.declare(v.name(), new Sym(Scope.Kind.VAR, t, v.name(), null), v.pos());
  }

  private void ifStmt(IfS i, Scope s, Ctx ctx) {
    if (ctx.block() == Ctx.Block.PARSER) {
      throw i.pos().reject("if in a parser state is outside the subset (use select)");
    }
    ex.require(i.cond(), ex.expr(i.cond(), s, ctx), Types.BOOL);
    stmt(i.thenBranch(), new Scope(s), ctx);
    if (i.elseBranch() != null) {
      stmt(i.elseBranch(), new Scope(s), ctx);
    }
  }

  private void switchStmt(SwitchS sw, Scope s, Ctx ctx) {
    Type t = call(sw.apply(), s, ctx);
    out.types.put(sw.apply(), t);
    if (!(t instanceof TableResultT tr)) {
      throw sw.pos().reject("switch is supported only on t.apply().action_run");
    }
    if (ctx.block() != Ctx.Block.CONTROL) {
      throw sw.pos().reject("switch is allowed only in a control's apply block");
    }
    List<String> allowed = out.tables.get(tr.table()).actions();
    Set<String> seen = new HashSet<>();
    for (SwitchCase c : sw.cases()) {
      String label = c.label() == null ? "default" : c.label();
      if (!seen.add(label)) {
        throw c.pos().reject("switch label '" + label + "' appears twice");
      }
      if (c.label() != null) {
        Sym a = s.find(c.label());
        if (a == null || a.kind() != Scope.Kind.ACTION || !allowed.contains(a.qualified())) {
          throw c.pos().reject("switch label '" + c.label() + "' is not an action of table " + tr.table());
        }
        out.switchLabels.put(c, a.qualified());
      }
      if (c.body() != null) {
        block(c.body(), new Scope(s), ctx);
      }
    }
  }
}
