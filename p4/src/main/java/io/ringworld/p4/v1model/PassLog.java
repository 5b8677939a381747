package io.ringworld.p4.v1model;

import java.util.HashSet;
import java.util.Set;

/**
 * What one recirculated packet's pass (ingress and egress) looked at and whether it changed
 * anything: the registers it read and the tables it applied, and whether it wrote a register,
 * cloned or multicast. A pass that changed nothing and recirculates the packet unchanged is
 * spinning: the pipeline parks it until one of the registers or tables it looked at changes.
 */
final class PassLog {
  final Set<String> registersRead = new HashSet<>();
  final Set<String> tablesApplied = new HashSet<>();
  boolean changed;
}
