package io.ringworld.p4.v1model;

import io.ringworld.p4.lang.Ast.*;
import io.ringworld.p4.lang.CallInfo;
import io.ringworld.p4.lang.CheckedProgram;
import io.ringworld.p4.lang.CheckedProgram.ActionInfo;
import io.ringworld.p4.lang.CheckedProgram.KeyInfo;
import io.ringworld.p4.lang.Types.*;
import io.ringworld.p4.runtime.ActionCall;
import io.ringworld.p4.v1model.Values.HeaderV;
import io.ringworld.p4.v1model.Values.StackV;
import io.ringworld.p4.v1model.Values.StructV;
import java.util.List;
import java.util.Map;

/** Executes the checked syntax tree: statements, calls and (in {@link Eval}) expressions. */
final class Interpreter {
  static final long DROP_PORT = 511;
  private static final int PARSER_STEPS_MAX = 4096;
  final CheckedProgram prog;
  final Map<String, TableState> tables;
  final Map<String, long[]> registers;
  final Env global = new Env(null);
  final Eval eval;
  PacketState pkt;
  /** The current recirculated packet's log (null for other packets: nothing is tracked). */
  PassLog log;
  /** Hears every register the data plane writes (the pipeline wakes packets parked on it). */
  java.util.function.Consumer<String> onRegisterWrite = r -> { };
  private Env controlEnv;

  /** Control flow: exit leaves the control, return leaves the action or apply block. */
  static final class Exit extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Exit() {
      super(null, null, false, false);
    }
  }

  static final class Return extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Return() {
      super(null, null, false, false);
    }
  }

  /** The parser reached reject (explicitly, by a short packet, a full stack or no select match). */
  static final class Reject extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Reject(String why) {
      super(why, null, false, false);
    }
  }

  record ApplyResult(boolean hit, String actionRun) {}

  Interpreter(CheckedProgram prog, Map<String, TableState> tables, Map<String, long[]> registers) {
    this.prog = prog;
    this.tables = tables;
    this.registers = registers;
    this.eval = new Eval(this);
  }

  // ---- blocks ----

  /** Runs the parser; false when it rejects. */
  boolean runParser(StructV hdr, StructV meta, StructV std) {
    ParserD p = prog.parser();
    Env env = new Env(global);
    Object[] args = {null, hdr, meta, std};
    for (int k = 0; k < 4; k++) {
      env.define(p.params().get(k).name(), args[k]);
    }
    try {
      for (Decl d : p.locals()) {
        local(((LocalD) d).var(), env);
      }
      String state = "start";
      for (int steps = 0; !state.equals("accept"); steps++) {
        if (state.equals("reject") || steps > PARSER_STEPS_MAX) {
          return false;
        }
        state = runState(findState(p, state), env);
      }
      return true;
    } catch (Reject r) {
      return false;
    }
  }

  private static StateD findState(ParserD p, String name) {
    for (StateD s : p.states()) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    throw new IllegalStateException("internal: no state " + name);
  }

  private String runState(StateD st, Env parent) {
    Env env = new Env(parent);
    for (Stmt s : st.body()) {
      exec(s, env);
    }
    if (st.select() == null) {
      return st.next();
    }
    List<Expr> keys = st.select().keys();
    long[] values = new long[keys.size()];
    for (int k = 0; k < values.length; k++) {
      values[k] = (Long) eval.eval(keys.get(k), env);
    }
    for (SelectCase c : st.select().cases()) {
      if (keysetMatches(c.keyset(), values)) {
        return c.state();
      }
    }
    return "reject";
  }

  private boolean keysetMatches(Expr ks, long[] values) {
    if (ks instanceof DefaultE || ks instanceof DontCare) {
      return true;
    }
    List<Expr> items = ks instanceof TupleE t ? t.items() : List.of(ks);
    for (int k = 0; k < items.size(); k++) {
      Expr it = items.get(k);
      if (it instanceof DontCare || it instanceof DefaultE) {
        continue;
      }
      if (it instanceof MaskE m) {
        long mask = (Long) prog.constantOf(m.mask());
        if ((values[k] & mask) != ((Long) prog.constantOf(m.value()) & mask)) {
          return false;
        }
      } else if (values[k] != (Long) prog.constantOf(it)) {
        return false;
      }
    }
    return true;
  }

  /** Runs a control with its arguments (bound by position to its parameters, by reference). */
  void runControl(ControlD c, Object... args) {
    Env env = new Env(global);
    for (int k = 0; k < args.length; k++) {
      env.define(c.params().get(k).name(), args[k]);
    }
    Env saved = controlEnv;
    controlEnv = env;
    try {
      for (Decl d : c.locals()) {
        if (d instanceof LocalD l) {
          local(l.var(), env);
        }
      }
      exec(c.apply(), env);
    } catch (Exit | Return e) {
      // the control ends
    } finally {
      controlEnv = saved;
    }
  }

  private void local(VarS v, Env env) {
    Type t = prog.resolve(v.type());
    env.define(v.name(), v.init() == null ? Values.zero(t) : Values.copy(eval.eval(v.init(), env)));
  }

  // ---- statements ----

  void exec(Stmt st, Env env) {
    if (st instanceof AssignS a) {
      Ref r = eval.ref(a.target(), env);
      r.set(Values.copy(eval.eval(a.value(), env)));
    } else if (st instanceof CallS c) {
      call(c.call(), env);
    } else if (st instanceof VarS v) {
      local(v, env);
    } else if (st instanceof BlockS b) {
      Env inner = new Env(env);
      for (Stmt s : b.body()) {
        exec(s, inner);
      }
    } else if (st instanceof IfS i) {
      if ((Boolean) eval.eval(i.cond(), env)) {
        exec(i.thenBranch(), new Env(env));
      } else if (i.elseBranch() != null) {
        exec(i.elseBranch(), new Env(env));
      }
    } else if (st instanceof ReturnS) {
      throw new Return();
    } else if (st instanceof ExitS) {
      throw new Exit();
    } else if (st instanceof SwitchS sw) {
      switchStmt(sw, env);
    }
  }

  private void switchStmt(SwitchS sw, Env env) {
    ApplyResult r = (ApplyResult) call(sw.apply(), env);
    boolean matched = false;
    for (SwitchCase c : sw.cases()) {
      matched |= c.label() != null && r.actionRun().equals(prog.labelOf(c));
      if (matched && c.body() != null) {
        exec(c.body(), env);
        return;
      }
    }
    for (SwitchCase c : sw.cases()) {
      if (c.label() == null && c.body() != null) {
        exec(c.body(), env);
      }
    }
  }

  // ---- calls ----

  Object call(CallE c, Env env) {
    CallInfo info = prog.callOf(c);
    Expr base = c.target() instanceof MemberE m ? m.base() : null;
    switch (info.kind()) {
      case EXTRACT -> extract(c.args().get(0), env);
      case EMIT -> emit(eval.eval(c.args().get(0), env));
      case IS_VALID -> {
        return ((HeaderV) eval.eval(base, env)).valid;
      }
      case SET_VALID, SET_INVALID -> ((HeaderV) eval.ref(base, env).get()).valid =
          info.kind() == CallInfo.Kind.SET_VALID;
      case TABLE_APPLY -> {
        return apply(tables.get(info.target()), env);
      }
      case ACTION -> directAction(prog.action(info.target()), c.args(), env);
      case MARK_TO_DROP -> {
        StructV std = (StructV) eval.ref(c.args().get(0), env).get();
        std.fields[std.type.indexOf("egress_spec")] = DROP_PORT;
        std.fields[std.type.indexOf("mcast_grp")] = 0L;
      }
      case REGISTER_READ, REGISTER_WRITE -> register(info, c.args(), env);
      case RECIRCULATE -> {
        if (!pkt.inEgress) {
          throw new PacketFault("recirculate_preserving_field_list called in ingress (only egress)");
        }
        pkt.recirculateFieldList = (int) constant(c.args().get(0));
      }
      case CLONE -> clone(c.args(), env);
      default -> throw new IllegalStateException("internal: call kind " + info.kind());
    }
    return null;
  }

  private long constant(Expr e) {
    Object v = prog.constantOf(e);
    return v != null ? (Long) v : ((IntLit) e).value();
  }

  private void clone(List<Expr> args, Env env) {
    long type = (Long) prog.constantOf(args.get(0));
    if ((type == 0) == pkt.inEgress) {
      throw new PacketFault((type == 0 ? "CloneType.I2E in egress" : "CloneType.E2E in ingress"));
    }
    pkt.cloneType = type;
    pkt.cloneSession = (Long) eval.eval(args.get(1), env);
    pkt.cloneFieldList = args.size() == 3 ? (int) constant(args.get(2)) : -1;
  }

  private void extract(Expr arg, Env env) {
    HeaderV h;
    if (arg instanceof MemberE m && m.name().equals("next")) {
      StackV st = (StackV) eval.ref(m.base(), env).get();
      if (st.next >= st.elements.length) {
        throw new Reject("StackOutOfBounds");
      }
      h = st.elements[st.next++];
    } else {
      h = (HeaderV) eval.ref(arg, env).get();
    }
    int widthBits = h.type.widthBits();
    if (pkt.remainingBits() < widthBits) {
      throw new Reject("PacketTooShort");
    }
    for (int k = 0; k < h.fields.length; k++) {
      int w = ((BitT) h.type.fields().get(k).type()).widthBits();
      h.fields[k] = Bits.read(pkt.input, pkt.cursorBits, w);
      pkt.cursorBits += w;
    }
    h.valid = true;
  }

  private void emit(Object v) {
    if (v instanceof HeaderV h) {
      if (h.valid) {
        for (int k = 0; k < h.fields.length; k++) {
          pkt.emitted.write(h.fields[k], ((BitT) h.type.fields().get(k).type()).widthBits());
        }
      }
    } else if (v instanceof StackV st) {
      for (HeaderV h : st.elements) {
        emit(h);
      }
    } else if (v instanceof StructV s) {
      for (Object f : s.fields) {
        emit(f);
      }
    }
  }

  private void register(CallInfo info, List<Expr> args, Env env) {
    long[] cells = registers.get(info.target());
    boolean read = info.kind() == CallInfo.Kind.REGISTER_READ;
    long index = (Long) eval.eval(args.get(read ? 1 : 0), env);
    if (index < 0 || index >= cells.length) {
      throw new PacketFault("register " + info.target() + " index " + index + " out of bounds (" + cells.length + ")");
    }
    if (read) {
      eval.ref(args.get(0), env).set(cells[(int) index]);
      if (log != null) {
        log.registersRead.add(info.target());
      }
    } else {
      int w = prog.register(info.target()).cellWidthBits();
      cells[(int) index] = (Long) eval.eval(args.get(1), env) & Values.mask(w);
      if (log != null) {
        log.changed = true;
      }
      onRegisterWrite.accept(info.target());
    }
  }

  private ApplyResult apply(TableState t, Env env) {
    if (log != null) {
      log.tablesApplied.add(t.info.name());
    }
    List<KeyInfo> keys = t.info.keys();
    long[] values = new long[keys.size()];
    for (int k = 0; k < values.length; k++) {
      Object v = eval.eval(keys.get(k).expr(), env);
      values[k] = v instanceof Boolean b ? (b ? 1 : 0) : (Long) v;
    }
    ActionCall hit = t.lookup(values);
    ActionCall a = hit != null ? hit : t.defaultAction();
    ActionInfo ai = prog.action(a.action());
    Object[] data = new Object[a.params().size()];
    for (int k = 0; k < data.length; k++) {
      long v = a.params().get(k).value();
      data[k] = prog.paramType(ai, k) instanceof BoolT ? (Object) (v != 0) : (Object) v;
    }
    runAction(ai, data, new Ref[data.length]);
    return new ApplyResult(hit != null, ai.name());
  }

  private void directAction(ActionInfo ai, List<Expr> args, Env env) {
    Object[] values = new Object[args.size()];
    Ref[] refs = new Ref[args.size()];
    for (int k = 0; k < values.length; k++) {
      String dir = ai.decl().params().get(k).direction();
      if (dir.equals("out") || dir.equals("inout")) {
        refs[k] = eval.ref(args.get(k), env);
        values[k] = dir.equals("inout") ? Values.copy(refs[k].get()) : Values.zero(prog.paramType(ai, k));
      } else {
        values[k] = Values.copy(eval.eval(args.get(k), env));
      }
    }
    runAction(ai, values, refs);
  }

  /** Runs an action: binds parameters, copies out/inout results back even when it exits. */
  private void runAction(ActionInfo ai, Object[] values, Ref[] refs) {
    Env env = new Env(ai.control() == null ? global : controlEnv);
    List<Param> params = ai.decl().params();
    for (int k = 0; k < values.length; k++) {
      env.define(params.get(k).name(), values[k]);
    }
    try {
      exec(ai.decl().body(), env);
    } catch (Return r) {
      // the action ends
    } finally {
      for (int k = 0; k < refs.length; k++) {
        if (refs[k] != null) {
          refs[k].set(Values.copy(env.box(params.get(k).name())[0]));
        }
      }
    }
  }
}
