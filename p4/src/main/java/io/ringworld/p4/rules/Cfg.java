package io.ringworld.p4.rules;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The control-flow graph of one apply block, acyclic (the subset has no loops). A vertex is a
 * table's match, one possible action of a table (each is a branch), a direct action call, a plain
 * statement, an {@code if} condition, or the end of the pass.
 */
final class Cfg {
  enum Kind { ENTRY, MATCH, TABLE_ACTION, CALL, STATEMENT, CONDITION, END }

  /** A vertex; table is null outside tables, site names where register accesses happen. */
  static final class Vertex {
    final int id;
    final Kind kind;
    final String table;
    final String site;
    final int line;
    final Effects effects;
    final Set<Access> guardReads;
    final List<Vertex> successors = new ArrayList<>();

    Vertex(int id, Kind kind, String table, String site, int line, Effects effects, Set<Access> guardReads) {
      this.id = id;
      this.kind = kind;
      this.table = table;
      this.site = site;
      this.line = line;
      this.effects = effects;
      this.guardReads = Set.copyOf(guardReads);
    }

    @Override
    public String toString() {
      return kind + " " + (table != null ? table + " " : "") + site + "@" + line;
    }
  }

  final List<Vertex> vertices = new ArrayList<>();
  final Vertex entry;
  final Vertex end;
  private List<BitSet> reach;

  Cfg() {
    entry = add(Kind.ENTRY, null, "entry", 0, new Effects(), Set.of());
    end = add(Kind.END, null, "end", 0, new Effects(), Set.of());
  }

  Vertex add(Kind kind, String table, String site, int line, Effects effects, Set<Access> guard) {
    Vertex v = new Vertex(vertices.size(), kind, table, site, line, effects, guard);
    vertices.add(v);
    return v;
  }

  static void link(List<Vertex> preds, Vertex to) {
    for (Vertex p : preds) {
      if (!p.successors.contains(to)) {
        p.successors.add(to);
      }
    }
  }

  /** Whether a path runs through {@code from} and later through {@code to} (from != to). */
  boolean reaches(Vertex from, Vertex to) {
    if (reach == null) {
      reach = new ArrayList<>();
      for (int k = 0; k < vertices.size(); k++) {
        reach.add(null);
      }
    }
    return from != to && reachable(from).get(to.id);
  }

  private BitSet reachable(Vertex v) {
    BitSet r = reach.get(v.id);
    if (r == null) {
      r = new BitSet();
      for (Vertex s : v.successors) {
        r.set(s.id);
        r.or(reachable(s));
      }
      reach.set(v.id, r);
    }
    return r;
  }

  /** The most table matches on one path from the entry. */
  int tablesOnLongestPath() {
    int[] memo = new int[vertices.size()];
    java.util.Arrays.fill(memo, -1);
    return tablesFrom(entry, memo);
  }

  private int tablesFrom(Vertex v, int[] memo) {
    if (memo[v.id] < 0) {
      int best = 0;
      for (Vertex s : v.successors) {
        best = Math.max(best, tablesFrom(s, memo));
      }
      memo[v.id] = best + (v.kind == Kind.MATCH ? 1 : 0);
    }
    return memo[v.id];
  }

  /** The recirculation call sites (their lines) of all vertices. */
  Set<Integer> recirculationLines() {
    Set<Integer> lines = new LinkedHashSet<>();
    vertices.forEach(v -> lines.addAll(v.effects.recirculationLines));
    return lines;
  }
}
