package io.ringworld.p4.lang;

import io.ringworld.p4.lang.Ast.*;
import io.ringworld.p4.lang.CheckedProgram.ActionInfo;
import io.ringworld.p4.lang.CheckedProgram.KeyInfo;
import io.ringworld.p4.lang.CheckedProgram.TableInfo;
import io.ringworld.p4.lang.Scope.Sym;
import io.ringworld.p4.lang.Types.*;
import io.ringworld.p4.runtime.ActionCall;
import io.ringworld.p4.runtime.FieldMatch;
import io.ringworld.p4.runtime.TableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks a table: keys (exact, ternary, at most one lpm; bit<W> or bool), its action list, its
 * default action and its const entries. Const entries without priorities get them by order (the
 * first listed wins); with {@code priority=N}, the largest wins (P4_16's default).
 */
final class TableChecker {
  private static final Set<String> MATCH_KINDS = Set.of("exact", "ternary", "lpm");
  private final CheckedProgram out;
  private final ExprChecker ex;

  TableChecker(CheckedProgram out, ExprChecker ex) {
    this.out = out;
    this.ex = ex;
  }

  void check(TableD t, Scope s, String control) {
    String q = control + "." + t.name();
    Ctx ctx = new Ctx(Ctx.Block.CONTROL, control);
    List<KeyInfo> keys = keys(t, s, ctx);
    List<String> actions = new ArrayList<>();
    for (ActionRef a : t.actions()) {
      if (!a.args().isEmpty()) {
        throw a.pos().reject("arguments in a table's action list are outside the subset");
      }
      String name = actionName(a, s);
      ActionInfo info = out.actions.get(name);
      if (info.decl().params().stream().anyMatch(p -> !p.direction().isEmpty())) {
        throw a.pos().reject("action " + a.name() + " with directed parameters in a table is outside the subset");
      }
      actions.add(name);
    }
    ActionCall def = t.defaultAction() == null ? null : actionCall(t.defaultAction(), s, ctx, actions);
    if (def == null) {
      if (!actions.contains("NoAction")) {
        throw t.pos().reject("table " + t.name() + " has no default_action and NoAction is not in its actions");
      }
      def = new ActionCall("NoAction", List.of());
    }
    List<TableEntry> entries = t.entries() == null ? List.of() : entries(t, q, keys, actions, s, ctx);
    if (t.size() == 0) {
      throw t.pos().reject("table size 0");
    }
    out.tables.put(q, new TableInfo(q, control, t, List.copyOf(keys), List.copyOf(actions), def,
        t.defaultConst(), entries, t.size()));
    s.declare(t.name(), new Sym(Scope.Kind.TABLE, Types.VOID, q, null), t.pos());
  }

  private List<KeyInfo> keys(TableD t, Scope s, Ctx ctx) {
    List<KeyInfo> keys = new ArrayList<>();
    int lpm = 0;
    for (KeyD k : t.keys()) {
      if (!MATCH_KINDS.contains(k.matchKind())) {
        throw k.pos().reject("match kind '" + k.matchKind() + "' is outside the subset (exact, ternary, lpm)");
      }
      lpm += k.matchKind().equals("lpm") ? 1 : 0;
      if (lpm > 1) {
        throw k.pos().reject("more than one lpm key in table " + t.name());
      }
      Type type = ex.expr(k.expr(), s, ctx);
      int w;
      if (type instanceof BitT b) {
        w = b.widthBits();
      } else if (type instanceof BoolT && k.matchKind().equals("exact")) {
        w = 1;
      } else {
        throw k.pos().reject("table key of type " + type + " (only bit<W>, or bool with exact)");
      }
      String name = k.name() != null ? k.name() : render(k.expr());
      if (keys.stream().anyMatch(x -> x.name().equals(name))) {
        throw k.pos().reject("table key '" + name + "' appears twice");
      }
      keys.add(new KeyInfo(name, k.matchKind(), w, k.expr()));
    }
    return keys;
  }

  private String actionName(ActionRef a, Scope s) {
    Sym sym = s.find(a.name());
    if (sym == null || sym.kind() != Scope.Kind.ACTION) {
      throw a.pos().reject("'" + a.name() + "' is not a declared action");
    }
    return sym.qualified();
  }

  /** An action with constant arguments for its directionless parameters (default action, entry). */
  private ActionCall actionCall(ActionRef a, Scope s, Ctx ctx, List<String> allowed) {
    String name = actionName(a, s);
    if (!allowed.contains(name)) {
      throw a.pos().reject("action " + a.name() + " is not in the table's actions");
    }
    List<Param> params = out.actions.get(name).decl().params();
    if (params.size() != a.args().size()) {
      throw a.pos().reject("action " + a.name() + " takes " + params.size() + " argument(s), found " + a.args().size());
    }
    List<ActionCall.Param> values = new ArrayList<>();
    for (int k = 0; k < params.size(); k++) {
      Expr arg = a.args().get(k);
      Type want = Checker.resolveType(params.get(k).type(), out, s);
      long v;
      if (want instanceof BoolT) {
        if (!(arg instanceof BoolLit b)) {
          throw arg.pos().reject("a bool action argument must be true or false");
        }
        v = b.value() ? 1 : 0;
      } else {
        v = ex.constant(arg, s, ctx, "an action argument in a table");
        Type t = out.typeOf(arg);
        ex.coerce(arg, t instanceof IntT ? Types.INT : t, want);
      }
      values.add(new ActionCall.Param(params.get(k).name(), v));
    }
    return new ActionCall(name, values);
  }

  private List<TableEntry> entries(TableD t, String q, List<KeyInfo> keys, List<String> actions,
      Scope s, Ctx ctx) {
    List<TableEntry> entries = new ArrayList<>();
    boolean ternary = keys.stream().anyMatch(k -> k.matchKind().equals("ternary"));
    long explicit = t.entries().stream().filter(e -> e.priority() >= 0).count();
    if (explicit != 0 && explicit != t.entries().size()) {
      throw t.pos().reject("const entries of table " + t.name() + " mix explicit and implicit priorities");
    }
    int n = t.entries().size();
    for (int k = 0; k < n; k++) {
      EntryD e = t.entries().get(k);
      List<Expr> items = e.keyset() instanceof TupleE tu ? tu.items() : List.of(e.keyset());
      if (items.size() != keys.size()) {
        throw e.pos().reject("entry has " + items.size() + " key values for " + keys.size() + " keys");
      }
      List<FieldMatch> matches = new ArrayList<>();
      for (int j = 0; j < items.size(); j++) {
        matches.add(match(items.get(j), keys.get(j), s, ctx));
      }
      int priority = !ternary ? 0 : explicit > 0 ? (int) e.priority() : n - k;
      if (ternary && priority <= 0) {
        throw e.pos().reject("priority of an entry must be positive");
      }
      entries.add(new TableEntry(q, matches, priority, actionCall(e.action(), s, ctx, actions)));
    }
    return List.copyOf(entries);
  }

  private FieldMatch match(Expr e, KeyInfo key, Scope s, Ctx ctx) {
    BitT w = new BitT(key.widthBits());
    String kind = key.matchKind();
    if (e instanceof DontCare || e instanceof DefaultE) {
      if (kind.equals("exact")) {
        throw e.pos().reject("'_' on the exact key " + key.name());
      }
      return kind.equals("lpm") ? new FieldMatch.Lpm(key.name(), 0, 0) : new FieldMatch.Ternary(key.name(), 0, 0);
    }
    if (e instanceof MaskE m) {
      long v = value(m.value(), w, s, ctx);
      long mask = value(m.mask(), w, s, ctx);
      if (kind.equals("ternary")) {
        return new FieldMatch.Ternary(key.name(), v & mask, mask);
      }
      int len = Long.bitCount(mask);
      if (!kind.equals("lpm") || mask != (len == 0 ? 0 : (w.mask() << (key.widthBits() - len)) & w.mask())) {
        throw e.pos().reject("'&&&' on the " + kind + " key " + key.name() + " (lpm needs a prefix mask)");
      }
      return new FieldMatch.Lpm(key.name(), v & mask, len);
    }
    long v = value(e, w, s, ctx);
    return switch (kind) {
      case "exact" -> new FieldMatch.Exact(key.name(), v);
      case "ternary" -> new FieldMatch.Ternary(key.name(), v, w.mask());
      default -> new FieldMatch.Lpm(key.name(), v, key.widthBits());
    };
  }

  private long value(Expr e, BitT w, Scope s, Ctx ctx) {
    long v = ex.constant(e, s, ctx, "a table entry key value");
    Type t = out.typeOf(e);
    ex.coerce(e, t instanceof IntT ? Types.INT : t, w);
    return v;
  }

  /** The control-plane name of a key: its expression's text. */
  static String render(Expr e) {
    if (e instanceof PathE p) {
      return p.name();
    } else if (e instanceof MemberE m) {
      return render(m.base()) + "." + m.name();
    } else if (e instanceof IndexE ix) {
      return render(ix.base()) + "[" + render(ix.index()) + "]";
    } else if (e instanceof SliceE sl) {
      return render(sl.base()) + "[" + render(sl.hi()) + ":" + render(sl.lo()) + "]";
    } else if (e instanceof IntLit l) {
      return Long.toString(l.value());
    } else if (e instanceof CallE c && c.args().isEmpty()) {
      return render(c.target()) + "()";
    }
    throw e.pos().reject("table key expression outside the subset (a field, slice or isValid())");
  }
}
