package io.ringworld.p4.lang;

/**
 * What a call expression resolved to. {@code target} is the qualified name of the table, action
 * or register, or empty for the built-ins.
 */
public record CallInfo(Kind kind, String target) {
  /** The calls of the subset. */
  public enum Kind {
    EXTRACT, EMIT, IS_VALID, SET_VALID, SET_INVALID, TABLE_APPLY, ACTION, MARK_TO_DROP,
    REGISTER_READ, REGISTER_WRITE, RECIRCULATE, CLONE
  }
}
