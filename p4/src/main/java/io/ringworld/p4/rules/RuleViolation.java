package io.ringworld.p4.rules;

/** One broken switch rule: the rule's name, the source line it is reported at, and why. */
public record RuleViolation(String rule, int line, String message) {
  @Override
  public String toString() {
    return "line " + line + ": [" + rule + "] " + message;
  }
}
