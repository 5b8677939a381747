package io.ringworld.p4.rules;

import io.ringworld.p4.lang.Ast.*;
import io.ringworld.p4.lang.CallInfo;
import io.ringworld.p4.lang.CheckedProgram;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rule 4: a parser cycle is bounded only when every state on it extracts into a header stack's
 * {@code .next} (the stack's size bounds the iterations); a state on any other cycle is a
 * violation (a hardware parser has no unbounded loops).
 */
final class ParserLoopRule {
  private ParserLoopRule() {}

  static void check(CheckedProgram prog, ParserD parser, List<RuleViolation> out) {
    Map<String, StateD> states = new LinkedHashMap<>();
    parser.states().forEach(s -> states.put(s.name(), s));
    for (StateD s : parser.states()) {
      Set<String> cycle = cycleThrough(s.name(), states);
      if (!cycle.isEmpty() && !extractsNext(prog, s)) {
        out.add(new RuleViolation("parser-loop", s.pos().line(), "parser state '" + s.name()
            + "' is on a cycle (with " + String.join(", ", cycle) + ") but does not extract into a header stack's"
            + " .next, so nothing bounds the loop"));
      }
    }
  }

  static List<String> successors(StateD s) {
    if (s.select() == null) {
      return List.of(s.next());
    }
    return s.select().cases().stream().map(SelectCase::state).toList();
  }

  /** The states on a cycle through {@code start} (those reachable from it that reach it back); empty if none. */
  private static Set<String> cycleThrough(String start, Map<String, StateD> states) {
    Set<String> out = new LinkedHashSet<>();
    for (String s : reachable(start, states)) {
      if (reachable(s, states).contains(start)) {
        out.add(s);
      }
    }
    return out;
  }

  private static Set<String> reachable(String from, Map<String, StateD> states) {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>();
    todo.add(from);
    while (!todo.isEmpty()) {
      StateD s = states.get(todo.poll());
      if (s == null) {
        continue;
      }
      for (String n : successors(s)) {
        if (seen.add(n)) {
          todo.add(n);
        }
      }
    }
    return seen;
  }

  private static boolean extractsNext(CheckedProgram prog, StateD s) {
    for (Stmt st : s.body()) {
      if (st instanceof CallS c && c.call().args().size() == 1
          && c.call().args().get(0) instanceof MemberE m && m.name().equals("next")) {
        CallInfo info = prog.callOf(c.call());
        if (info != null && info.kind() == CallInfo.Kind.EXTRACT) {
          return true;
        }
      }
    }
    return false;
  }
}
