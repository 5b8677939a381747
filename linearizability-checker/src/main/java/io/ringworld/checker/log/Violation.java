package io.ringworld.checker.log;

import io.ringworld.checker.history.Operation;
import java.util.List;

/** One violation: a one-line reason and the operations that together show it. */
record Violation(String reason, List<Operation> ops) {
    /** The history index where the violation becomes visible: the last of its operations. */
    long visibleAt() {
        long end = -1;
        for (Operation op : ops) {
            end = Math.max(end, op.lastIndex());
        }
        return end;
    }

    long span() {
        long start = Long.MAX_VALUE;
        for (Operation op : ops) {
            start = Math.min(start, op.start());
        }
        return visibleAt() - start;
    }
}
