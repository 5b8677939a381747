package io.ringworld.checker.report;

import io.ringworld.checker.history.LogValue;
import io.ringworld.checker.history.OpType;
import io.ringworld.checker.history.Operation;
import clojure.lang.RT;

/** Short human descriptions of operations, used in one-line reasons. */
public final class OpText {
    private OpText() {
    }

    /** E.g. "append a7 (position 3)", "read of position 7 returned a7", "tail 4", "trim 9". */
    public static String describe(Operation op) {
        LogValue v = op.logValue();
        if (v == null) {
            return generic(op);
        }
        switch (op.f()) {
            case "append":
                if (op.outcome() == OpType.OK && v.hasPosition()) {
                    return "append " + v.payload() + " (position " + v.position() + ")";
                }
                return "append " + v.payload() + " (" + outcome(op) + ")";
            case "read":
                return describeRead(op, v);
            case "tail":
                return v.hasTail() ? "tail " + v.tail() : "tail (" + outcome(op) + ")";
            case "trim":
                return "trim " + v.position() + (op.outcome() == OpType.OK ? "" : " (" + outcome(op) + ")");
            default:
                return generic(op);
        }
    }

    private static String describeRead(Operation op, LogValue v) {
        String head = "read of position " + v.position();
        if (op.outcome() == OpType.OK) {
            return head + " returned " + (v.junk() ? "junk" : String.valueOf(v.payload()));
        }
        if (op.outcome() == OpType.FAIL && op.errorName() != null) {
            return head + " answered " + op.errorName();
        }
        return head + " (" + outcome(op) + ")";
    }

    private static String outcome(Operation op) {
        switch (op.outcome()) {
            case FAIL: return "failed";
            case INFO: return op.completion() == null ? "pending" : "outcome unknown";
            default: return "ok";
        }
    }

    private static String generic(Operation op) {
        return op.f() + " " + RT.printString(op.value()) + (op.outcome() == OpType.OK ? "" : " (" + outcome(op) + ")")
            + " by process " + op.process();
    }
}
