package io.ringworld.p4.rules;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What one piece of code may do (the union over its branches): fields read and written, register accesses in order, recirculation sites and whether it exits. */
final class Effects {
  /** A register access: the register's qualified name, read or write, the index's text, the line. */
  record RegAccess(String register, boolean write, String index, int line) {}

  final Set<Access> reads = new LinkedHashSet<>();
  final Set<Access> writes = new LinkedHashSet<>();
  final List<RegAccess> registers = new ArrayList<>();
  final Set<Integer> recirculationLines = new LinkedHashSet<>();
  /** An {@code exit} somewhere in the code (the pass may end here). */
  boolean mayExit;
  /** An {@code exit} at the top level of an action body (the pass always ends here). */
  boolean alwaysExits;

  void addAll(Effects o) {
    reads.addAll(o.reads);
    writes.addAll(o.writes);
    registers.addAll(o.registers);
    recirculationLines.addAll(o.recirculationLines);
    mayExit |= o.mayExit;
  }
}
