package io.ringworld.p4.v1model;

import io.ringworld.p4.lang.Ast.Param;
import io.ringworld.p4.lang.CheckedProgram;
import io.ringworld.p4.lang.CheckedProgram.KeyInfo;
import io.ringworld.p4.lang.CheckedProgram.TableInfo;
import io.ringworld.p4.lang.Types.BitT;
import io.ringworld.p4.lang.Types.Type;
import io.ringworld.p4.runtime.ActionCall;
import io.ringworld.p4.runtime.ControlPlaneException;
import io.ringworld.p4.runtime.FieldMatch;
import io.ringworld.p4.runtime.TableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One table's entries and default action. Lookup: every field must match (exact: equal; ternary:
 * equal under the mask; lpm: equal in the top prefix bits). Among matches, a table with a ternary
 * key takes the highest priority (larger number wins, P4Runtime's convention; equal priorities:
 * the earlier inserted entry wins); otherwise the longest lpm prefix wins; an exact-only table
 * has at most one match. A miss runs the default action.
 */
final class TableState {
  /** An entry with its matches in key order (wildcards filled in). */
  record Stored(FieldMatch[] matches, int priority, ActionCall action, TableEntry entry) {}

  final TableInfo info;
  private final CheckedProgram program;
  private final List<Stored> entries = new ArrayList<>();
  private ActionCall defaultAction;
  /** For a table whose keys are all exact (at most one entry matches): its entries by their values. */
  private final java.util.Map<ExactKey, Stored> byExact;

  /** An exact-only table's key values, compared by value. */
  private record ExactKey(long[] values) {
    @Override
    public boolean equals(Object o) {
      return o instanceof ExactKey k && java.util.Arrays.equals(values, k.values);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(values);
    }
  }

  TableState(TableInfo info, CheckedProgram program) {
    this.info = info;
    this.program = program;
    this.defaultAction = info.defaultAction();
    boolean exactOnly = !info.keys().isEmpty() && info.keys().stream().allMatch(k -> k.matchKind().equals("exact"));
    this.byExact = exactOnly ? new java.util.HashMap<>() : null;
    for (TableEntry e : info.constEntries()) {
      add(normalize(e));
    }
  }

  private static ExactKey exactKey(Stored s) {
    long[] v = new long[s.matches().length];
    for (int k = 0; k < v.length; k++) {
      v[k] = ((FieldMatch.Exact) s.matches()[k]).value();
    }
    return new ExactKey(v);
  }

  private void add(Stored s) {
    entries.add(s);
    if (byExact != null) {
      byExact.put(exactKey(s), s);
    }
  }

  ActionCall defaultAction() {
    return defaultAction;
  }

  List<TableEntry> entries() {
    return entries.stream().map(Stored::entry).toList();
  }

  /** The matching entry's action, or null on a miss. */
  ActionCall lookup(long[] keys) {
    if (byExact != null) {
      Stored s = byExact.get(new ExactKey(keys));
      return s == null ? null : s.action();
    }
    Stored best = null;
    for (Stored s : entries) {
      if (matches(s, keys) && (best == null || better(s, best))) {
        best = s;
      }
    }
    return best == null ? null : best.action();
  }

  private boolean better(Stored a, Stored b) {
    if (info.hasTernary()) {
      return a.priority() > b.priority();
    }
    return prefix(a) > prefix(b);
  }

  private static int prefix(Stored s) {
    for (FieldMatch m : s.matches()) {
      if (m instanceof FieldMatch.Lpm l) {
        return l.prefixLengthBits();
      }
    }
    return 0;
  }

  private boolean matches(Stored s, long[] keys) {
    for (int k = 0; k < keys.length; k++) {
      FieldMatch m = s.matches()[k];
      long key = keys[k];
      boolean ok;
      if (m instanceof FieldMatch.Exact e) {
        ok = key == e.value();
      } else if (m instanceof FieldMatch.Ternary t) {
        ok = (key & t.mask()) == t.value();
      } else {
        FieldMatch.Lpm l = (FieldMatch.Lpm) m;
        ok = (key & lpmMask(info.keys().get(k).widthBits(), l.prefixLengthBits())) == l.value();
      }
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  static long lpmMask(int widthBits, int prefixBits) {
    return prefixBits == 0 ? 0 : (Values.mask(widthBits) << (widthBits - prefixBits)) & Values.mask(widthBits);
  }

  // ---- control plane ----

  void insert(TableEntry e) {
    mutable();
    Stored s = normalize(e);
    if (find(s) >= 0) {
      throw new ControlPlaneException("table " + info.name() + ": entry already exists: " + e);
    }
    if (info.sizeEntries() >= 0 && entries.size() >= info.sizeEntries()) {
      throw new ControlPlaneException("table " + info.name() + " is full (" + info.sizeEntries() + " entries)");
    }
    add(s);
  }

  void modify(TableEntry e) {
    mutable();
    Stored s = normalize(e);
    int k = find(s);
    if (k < 0) {
      throw new ControlPlaneException("table " + info.name() + ": no such entry to modify: " + e);
    }
    entries.set(k, s);
    if (byExact != null) {
      byExact.put(exactKey(s), s);
    }
  }

  void delete(TableEntry e) {
    mutable();
    int k = find(normalize(e));
    if (k < 0) {
      throw new ControlPlaneException("table " + info.name() + ": no such entry to delete: " + e);
    }
    Stored gone = entries.remove(k);
    if (byExact != null) {
      byExact.remove(exactKey(gone));
    }
  }

  void setDefault(ActionCall a) {
    if (info.defaultConst()) {
      throw new ControlPlaneException("table " + info.name() + " has a const default_action");
    }
    defaultAction = validAction(a);
  }

  private void mutable() {
    if (info.decl().entries() != null) {
      throw new ControlPlaneException("table " + info.name() + " has const entries and cannot be changed");
    }
  }

  private int find(Stored s) {
    if (byExact != null) {
      Stored o = byExact.get(exactKey(s));
      return o == null ? -1 : entries.indexOf(o);
    }
    for (int k = 0; k < entries.size(); k++) {
      Stored o = entries.get(k);
      if (o.priority() == s.priority() && java.util.Arrays.equals(o.matches(), s.matches())) {
        return k;
      }
    }
    return -1;
  }

  private Stored normalize(TableEntry e) {
    List<KeyInfo> keys = info.keys();
    FieldMatch[] ms = new FieldMatch[keys.size()];
    for (FieldMatch m : e.matches()) {
      int k = indexOf(m.field());
      if (ms[k] != null) {
        throw new ControlPlaneException("table " + info.name() + ": field " + m.field() + " matched twice");
      }
      ms[k] = checkMatch(m, keys.get(k));
    }
    for (int k = 0; k < ms.length; k++) {
      KeyInfo key = keys.get(k);
      if (ms[k] == null) {
        if (key.matchKind().equals("exact")) {
          throw new ControlPlaneException("table " + info.name() + ": exact field " + key.name() + " is missing");
        }
        ms[k] = key.matchKind().equals("lpm") ? new FieldMatch.Lpm(key.name(), 0, 0)
            : new FieldMatch.Ternary(key.name(), 0, 0);
      }
    }
    if (info.hasTernary() != (e.priority() > 0) || e.priority() < 0) {
      throw new ControlPlaneException("table " + info.name() + ": priority must be "
          + (info.hasTernary() ? "positive (the table has a ternary key)" : "0 (no ternary key)"));
    }
    return new Stored(ms, e.priority(), validAction(e.action()), e);
  }

  private int indexOf(String field) {
    for (int k = 0; k < info.keys().size(); k++) {
      if (info.keys().get(k).name().equals(field)) {
        return k;
      }
    }
    throw new ControlPlaneException("table " + info.name() + " has no key field '" + field + "'");
  }

  private FieldMatch checkMatch(FieldMatch m, KeyInfo key) {
    long wm = Values.mask(key.widthBits());
    String where = "table " + info.name() + " field " + key.name();
    boolean kindOk = (m instanceof FieldMatch.Exact && key.matchKind().equals("exact"))
        || (m instanceof FieldMatch.Ternary && key.matchKind().equals("ternary"))
        || (m instanceof FieldMatch.Lpm && key.matchKind().equals("lpm"));
    if (!kindOk) {
      throw new ControlPlaneException(where + " is " + key.matchKind() + ", not " + m.getClass().getSimpleName());
    }
    if (m instanceof FieldMatch.Exact e && (e.value() & ~wm) != 0) {
      throw new ControlPlaneException(where + ": value does not fit bit<" + key.widthBits() + ">");
    }
    if (m instanceof FieldMatch.Ternary t && ((t.mask() & ~wm) != 0 || (t.value() & ~t.mask()) != 0)) {
      throw new ControlPlaneException(where + ": ternary value/mask outside bit<" + key.widthBits() + "> or value outside mask");
    }
    if (m instanceof FieldMatch.Lpm l && (l.prefixLengthBits() < 0 || l.prefixLengthBits() > key.widthBits()
        || (l.value() & ~lpmMask(key.widthBits(), l.prefixLengthBits())) != 0)) {
      throw new ControlPlaneException(where + ": lpm prefix length out of range or value has bits below the prefix");
    }
    return m;
  }

  private ActionCall validAction(ActionCall a) {
    CheckedProgram.ActionInfo ai;
    try {
      ai = program.action(a.action());
    } catch (ControlPlaneException e) {
      throw new ControlPlaneException("table " + info.name() + ": " + e.getMessage());
    }
    if (!info.actions().contains(ai.name())) {
      throw new ControlPlaneException("table " + info.name() + " has no action " + a.action());
    }
    List<Param> params = ai.decl().params();
    if (params.size() != a.params().size()) {
      throw new ControlPlaneException("action " + ai.name() + " takes " + params.size() + " parameter(s)");
    }
    for (int k = 0; k < params.size(); k++) {
      ActionCall.Param p = a.params().get(k);
      if (!Objects.equals(p.name(), params.get(k).name())) {
        throw new ControlPlaneException("action " + ai.name() + " parameter " + (k + 1) + " is " + params.get(k).name());
      }
      Type t = program.paramType(ai, k);
      int w = t instanceof BitT b ? b.widthBits() : 1;
      if ((p.value() & ~Values.mask(w)) != 0) {
        throw new ControlPlaneException("action " + ai.name() + " parameter " + p.name() + " does not fit " + w + " bits");
      }
    }
    return new ActionCall(ai.name(), a.params());
  }
}
