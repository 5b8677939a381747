package io.ringworld.p4.lang;

import io.ringworld.p4.lang.Ast.*;
import io.ringworld.p4.lang.CheckedProgram.ActionInfo;
import io.ringworld.p4.lang.CheckedProgram.RegisterInfo;
import io.ringworld.p4.lang.Scope.Sym;
import io.ringworld.p4.lang.Types.*;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Name resolution and type checking of declarations, in order (a name must be declared before it
 * is used), and of {@code main}: a {@code V1Switch} of a parser and five controls with v1model's
 * parameter lists. Built in, not parsed: core.p4's packet_in/packet_out and NoAction, v1model's
 * standard_metadata_t (a subset of fields), mark_to_drop, register, recirculate/clone with field
 * lists, CloneType and V1Switch.
 */
final class Checker {
  static final StructT STANDARD_METADATA = new StructT("standard_metadata_t", List.of(
      field("ingress_port", 9), field("egress_spec", 9), field("egress_port", 9),
      field("instance_type", 32), field("packet_length", 32), field("mcast_grp", 16),
      field("egress_rid", 16)));
  private final CheckedProgram out;
  private final ExprChecker ex;
  private final CallChecker calls;
  private final TableChecker tables;
  private final Scope global = new Scope(null);

  Checker(CheckedProgram out) {
    this.out = out;
    this.ex = new ExprChecker(out);
    this.calls = new CallChecker(out, ex);
    ex.calls = calls;
    this.tables = new TableChecker(out, ex);
  }

  private static Field field(String name, int widthBits) {
    return new Field(name, new BitT(widthBits), Set.of());
  }

  void run() {
    out.typeNames.put("standard_metadata_t", STANDARD_METADATA);
    Pos builtin = new Pos(0, 0);
    ActionD noAction = new ActionD("NoAction", List.of(), new BlockS(List.of(), builtin), builtin);
    out.actions.put("NoAction", new ActionInfo("NoAction", null, noAction));
    global.declare("NoAction", new Sym(Scope.Kind.ACTION, Types.VOID, "NoAction", null), builtin);
    boolean sawMain = false;
    for (Decl d : out.program.decls()) {
      sawMain |= decl(d);
    }
    if (!sawMain) {
      throw new P4RejectedException(1, 1, "no 'V1Switch(...) main;' declaration");
    }
  }

  private boolean decl(Decl d) {
    if (d instanceof ConstD c) {
      constant(c, global, null);
    } else if (d instanceof TypedefD t) {
      declareType(t.name(), resolveType(t.type(), out, global), t.pos());
    } else if (d instanceof HeaderD h) {
      declareType(h.name(), new HeaderT(h.name(), fields(h.fields(), true)), h.pos());
    } else if (d instanceof StructD st) {
      declareType(st.name(), new StructT(st.name(), fields(st.fields(), false)), st.pos());
    } else if (d instanceof ParserD p) {
      new ParserChecker(out, ex, calls).check(p, global);
      out.parsers.put(p.name(), p);
      global.declare(p.name(), new Sym(Scope.Kind.BLOCK, Types.VOID, p.name(), null), p.pos());
    } else if (d instanceof ControlD c) {
      control(c);
    } else if (d instanceof ActionD a) {
      action(a, global, null);
    } else if (d instanceof InstanceD i) {
      if (i.type() instanceof NamedRef n && n.name().equals("V1Switch")) {
        new MainChecker(out).check(i);
        return true;
      }
      register(i, global, null);
    } else {
      throw d.pos().reject("declaration outside the subset");
    }
    return false;
  }

  private void declareType(String name, Type t, Pos pos) {
    if (out.typeNames.containsKey(name) || name.equals("packet_in") || name.equals("packet_out")) {
      throw pos.reject("type '" + name + "' is declared twice");
    }
    out.typeNames.put(name, t);
  }

  private List<Field> fields(List<FieldD> ds, boolean header) {
    List<Field> fs = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (FieldD f : ds) {
      Type t = resolveType(f.type(), out, global);
      if (header && !(t instanceof BitT)) {
        throw f.pos().reject("header field '" + f.name() + "' of type " + t + " (only bit<W>)");
      }
      if (!header && (t instanceof ExternT)) {
        throw f.pos().reject("struct field '" + f.name() + "' of type " + t + " is outside the subset");
      }
      if (!names.add(f.name())) {
        throw f.pos().reject("field '" + f.name() + "' is declared twice");
      }
      fs.add(new Field(f.name(), t, fieldLists(f.annotations())));
    }
    return List.copyOf(fs);
  }

  private static Set<Integer> fieldLists(List<Annotation> anns) {
    Set<Integer> lists = new HashSet<>();
    for (Annotation a : anns) {
      if (!a.name().equals("field_list")) {
        continue;
      }
      for (Token t : a.body()) {
        if (t.kind() == Token.Kind.INT) {
          lists.add((int) t.value());
        } else if (!t.is(",")) {
          throw t.reject("@field_list takes integer indices");
        }
      }
    }
    return Set.copyOf(lists);
  }

  void constant(ConstD c, Scope s, String control) {
    Type t = resolveType(c.type(), out, s);
    Ctx ctx = new Ctx(Ctx.Block.CONTROL, control);
    Object value;
    if (t instanceof BoolT) {
      if (!(c.value() instanceof BoolLit b)) {
        throw c.pos().reject("a bool constant must be true or false");
      }
      ex.expr(c.value(), s, ctx);
      value = b.value();
    } else if (t instanceof BitT b) {
      long v = ex.constant(c.value(), s, ctx, "a constant's value");
      ex.coerce(c.value(), out.typeOf(c.value()) instanceof IntT ? Types.INT : out.typeOf(c.value()), b);
      value = v;
    } else {
      throw c.pos().reject("constant of type " + t + " is outside the subset");
    }
    s.declare(c.name(), new Sym(Scope.Kind.CONST, t, c.name(), value), c.pos());
  }

  private void control(ControlD c) {
    Scope s = new Scope(global);
    declareParams(c.params(), s);
    for (Decl d : c.locals()) {
      if (d instanceof LocalD l) {
        calls.variable(l.var(), s, new Ctx(Ctx.Block.CONTROL, c.name()));
      } else if (d instanceof ConstD k) {
        constant(k, s, c.name());
      } else if (d instanceof InstanceD i) {
        register(i, s, c.name());
      } else if (d instanceof ActionD a) {
        action(a, s, c.name());
      } else if (d instanceof TableD t) {
        tables.check(t, s, c.name());
      } else {
        throw d.pos().reject("local declaration outside the subset");
      }
    }
    calls.block(c.apply(), new Scope(s), new Ctx(Ctx.Block.CONTROL, c.name()));
    out.controls.put(c.name(), c);
    global.declare(c.name(), new Sym(Scope.Kind.BLOCK, Types.VOID, c.name(), null), c.pos());
  }

  void declareParams(List<Param> params, Scope s) {
    for (Param p : params) {
      Type t = resolveType(p.type(), out, s);
      boolean readOnly = p.direction().isEmpty() || p.direction().equals("in");
      s.declare(p.name(), new Sym(readOnly ? Scope.Kind.READONLY : Scope.Kind.VAR, t, p.name(), null), p.pos());
    }
  }

  private void action(ActionD a, Scope s, String control) {
    String q = control == null ? a.name() : control + "." + a.name();
    Scope inner = new Scope(s);
    declareParams(a.params(), inner);
    for (Param p : a.params()) {
      Type pt = resolveType(p.type(), out, inner);
      if (!(pt instanceof BitT) && !(pt instanceof BoolT) && p.direction().isEmpty()) {
        throw p.pos().reject("action data parameter '" + p.name() + "' must be bit<W> or bool");
      }
    }
    calls.block(a.body(), inner, new Ctx(Ctx.Block.ACTION, control));
    out.actions.put(q, new ActionInfo(q, control, a));
    s.declare(a.name(), new Sym(Scope.Kind.ACTION, Types.VOID, q, null), a.pos());
  }

  private void register(InstanceD i, Scope s, String control) {
    if (!(i.type() instanceof SpecRef sr && sr.name().equals("register") && sr.args().size() == 1)) {
      throw i.pos().reject("extern instance of " + describe(i.type()) + " is outside the subset (only register<bit<W>>)");
    }
    Type cell = resolveType(sr.args().get(0), out, s);
    if (!(cell instanceof BitT cb)) {
      throw i.pos().reject("register cells of type " + cell + " (only bit<W>)");
    }
    if (i.args().size() != 1) {
      throw i.pos().reject("register takes one argument, its size");
    }
    long size = ex.constant(i.args().get(0), s, new Ctx(Ctx.Block.CONTROL, control), "a register size");
    if (size < 1 || size > (1 << 24)) {
      throw i.pos().reject("register size " + size + " is outside 1..2^24");
    }
    String q = control == null ? i.name() : control + "." + i.name();
    out.registers.put(q, new RegisterInfo(q, cb.widthBits(), (int) size));
    s.declare(i.name(), new Sym(Scope.Kind.REGISTER, new ExternT("register", cell, (int) size), q, null), i.pos());
  }

  private static String describe(TypeRef t) {
    return t instanceof SpecRef sr ? sr.name() : t instanceof NamedRef n ? n.name() : "this type";
  }

  static Type resolveType(TypeRef r, CheckedProgram out, Scope s) {
    if (r instanceof BitRef b) {
      return new BitT(b.widthBits());
    } else if (r instanceof BoolRef) {
      return Types.BOOL;
    } else if (r instanceof NamedRef n) {
      if (n.name().equals("packet_in") || n.name().equals("packet_out")) {
        return new ExternT(n.name(), null, 0);
      }
      Type t = out.typeNames.get(n.name());
      if (t == null) {
        throw r.pos().reject("unknown type '" + n.name() + "'");
      }
      return t;
    } else if (r instanceof StackRef st) {
      Type e = resolveType(st.element(), out, s);
      if (!(e instanceof HeaderT h)) {
        throw r.pos().reject("stack of " + e + " (only header stacks)");
      }
      return new StackT(h, st.size());
    }
    throw r.pos().reject("type " + describe(r) + "<...> is outside the subset here");
  }
}
