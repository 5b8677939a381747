package io.ringworld.p4.runtime;

import java.util.List;

/**
 * A table entry shaped like P4Runtime's {@code TableEntry}: the table's control-plane name (either
 * {@code Control.table} or the bare table name when it is unique), field matches by key name, a
 * priority and the action with its parameters. Priority follows P4Runtime: a larger number is a
 * higher priority; it must be positive when the table has a ternary key and 0 otherwise. A ternary
 * or lpm field left out of {@code matches} is a wildcard; exact fields must all be present.
 */
public record TableEntry(String table, List<FieldMatch> matches, int priority, ActionCall action) {
  public TableEntry {
    matches = List.copyOf(matches);
  }
}
