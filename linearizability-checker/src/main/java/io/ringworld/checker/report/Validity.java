package io.ringworld.checker.report;

/** A checker's answer: Jepsen's {@code :valid?} true, false or {@code :unknown}. */
public enum Validity {
    VALID,
    INVALID,
    /** The budget ran out before the search finished. */
    UNKNOWN;

    /** Exit status of {@code ringworld check}: 0 valid, 1 not linearizable, 3 unknown (2 is bad input). */
    public int exitCode() {
        switch (this) {
            case VALID: return 0;
            case INVALID: return 1;
            default: return 3;
        }
    }
}
