package io.ringworld.checker.history;

/** Jepsen's op types: an invocation and its three possible completions. */
public enum OpType {
    /** A process started an operation. */
    INVOKE,
    /** The operation took effect. */
    OK,
    /** The operation did not take effect. */
    FAIL,
    /** The operation may or may not have taken effect; the process never invokes again. */
    INFO;

    /** The EDN keyword name, e.g. {@code "invoke"}. */
    public String keyword() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses a keyword name; null if it is not one of the four. */
    public static OpType ofKeyword(String name) {
        switch (name) {
            case "invoke": return INVOKE;
            case "ok": return OK;
            case "fail": return FAIL;
            case "info": return INFO;
            default: return null;
        }
    }
}
