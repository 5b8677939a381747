package io.ringworld.p4.rules;

import io.ringworld.p4.rules.Cfg.Kind;
import io.ringworld.p4.rules.Cfg.Vertex;
import io.ringworld.p4.rules.SwitchRulesReport.PassFigures;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rule 5: a lower bound on the stages of one pass. Nodes: each table (its match and all its
 * actions), each register access outside tables (a stateful op), each costing one stage; and each
 * other statement or direct action call, costing nothing (real compilers usually give these a
 * hidden table; counting 0 keeps the bound a bound). An edge A -> B when some path runs A before
 * B and B reads (key, action or enclosing condition) a location A writes (match/action
 * dependency), both write an overlapping location (action dependency), or both access one
 * register. Successor dependencies (hit/miss, action_run) and write-after-read add no edge:
 * a Tofino-like target can place those in one stage. The bound is the heaviest path.
 */
final class StageEstimate {
  /** A node of the dependency graph. */
  static final class Node {
    final String name;
    final int weight;
    final List<Vertex> vertices = new ArrayList<>();
    final Set<Access> reads = new LinkedHashSet<>();
    final Set<Access> writes = new LinkedHashSet<>();
    final Set<String> registers = new LinkedHashSet<>();
    final List<Node> preds = new ArrayList<>();

    Node(String name, int weight) {
      this.name = name;
      this.weight = weight;
    }
  }

  private StageEstimate() {}

  static PassFigures estimate(Cfg cfg, String control) {
    List<Node> nodes = nodes(cfg);
    for (Node a : nodes) {
      for (Node b : nodes) {
        if (a != b && precedes(cfg, a, b) && depends(a, b)) {
          b.preds.add(a);
        }
      }
    }
    Map<Node, Integer> memo = new LinkedHashMap<>();
    Node best = null;
    for (Node n : nodes) {
      if (best == null || stage(n, memo, new LinkedHashSet<>()) > stage(best, memo, new LinkedHashSet<>())) {
        best = n;
      }
    }
    int stages = best == null ? 0 : stage(best, memo, new LinkedHashSet<>());
    return new PassFigures(control, stages, cfg.tablesOnLongestPath(), cfg.recirculationLines().size(),
        chain(best, memo));
  }

  static List<Node> nodes(Cfg cfg) {
    Map<String, Node> tables = new LinkedHashMap<>();
    List<Node> out = new ArrayList<>();
    for (Vertex v : cfg.vertices) {
      Node n;
      if (v.table != null) {
        n = tables.computeIfAbsent(v.table, t -> new Node("table " + t, 1));
        if (n.vertices.isEmpty()) {
          out.add(n);
        }
      } else if (v.kind == Kind.CALL || v.kind == Kind.STATEMENT) {
        boolean stateful = !v.effects.registers.isEmpty();
        n = new Node((stateful ? "register op at line " : "line ") + v.line, stateful ? 1 : 0);
        out.add(n);
      } else {
        continue;
      }
      n.vertices.add(v);
      n.reads.addAll(v.effects.reads);
      n.reads.addAll(v.guardReads);
      n.writes.addAll(v.effects.writes);
      v.effects.registers.forEach(r -> n.registers.add(r.register()));
    }
    return out;
  }

  private static boolean precedes(Cfg cfg, Node a, Node b) {
    for (Vertex x : a.vertices) {
      for (Vertex y : b.vertices) {
        if (cfg.reaches(x, y)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean depends(Node a, Node b) {
    return Access.anyOverlap(a.writes, b.reads) || Access.anyOverlap(a.writes, b.writes)
        || !Collections.disjoint(a.registers, b.registers);
  }

  private static int stage(Node n, Map<Node, Integer> memo, Set<Node> onStack) {
    Integer s = memo.get(n);
    if (s != null) {
      return s;
    }
    if (!onStack.add(n)) {
      throw new IllegalStateException("dependency cycle through " + n.name);
    }
    int best = 0;
    for (Node p : n.preds) {
      best = Math.max(best, stage(p, memo, onStack));
    }
    onStack.remove(n);
    memo.put(n, best + n.weight);
    return best + n.weight;
  }

  private static List<String> chain(Node last, Map<Node, Integer> memo) {
    List<String> out = new ArrayList<>();
    for (Node n = last; n != null && memo.get(n) > 0; ) {
      if (n.weight > 0) {
        out.add(0, n.name);
      }
      Node next = null;
      for (Node p : n.preds) {
        if (next == null || memo.get(p) > memo.get(next)) {
          next = p;
        }
      }
      n = next;
    }
    return out;
  }
}
