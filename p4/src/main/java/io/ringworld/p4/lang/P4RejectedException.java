package io.ringworld.p4.lang;

/**
 * A P4 program, or a control-plane request against one, falls outside the subset this module
 * executes. Carries the 1-based line and column of the offending construct and a reason that
 * names it. Thrown instead of guessing.
 */
public final class P4RejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int line;
  private final int column;
  private final String reason;

  public P4RejectedException(int line, int column, String reason) {
    super("line " + line + ":" + column + ": " + reason);
    this.line = line;
    this.column = column;
    this.reason = reason;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  public String reason() {
    return reason;
  }
}
