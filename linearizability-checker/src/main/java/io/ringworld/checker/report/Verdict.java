package io.ringworld.checker.report;

import io.ringworld.checker.history.Operation;
import java.util.List;
import java.util.Map;

/**
 * A checker's verdict. For a violation: a one-line reason, the offending operations, and the
 * window of history indices [windowFrom, windowTo] that shows it (the span of the offending
 * operations). {@link VerdictMaps} renders it as a Jepsen-style map.
 *
 * @param validity       valid, invalid or unknown
 * @param checker        which checker answered: "log" (fast SharedLog) or "wgl/&lt;model&gt;"
 * @param reason         one line: why not linearizable, why unknown, or null when valid
 * @param offending      the operations that together show the violation (empty unless invalid)
 * @param windowFrom     first history index of the window, or -1
 * @param windowTo       last history index of the window, or -1
 * @param violationCount how many violations the checker found (the fast checker finds them all;
 *                       WGL stops at the first)
 * @param stats          counters (operations, search states, elapsed ms ...)
 */
public record Verdict(Validity validity, String checker, String reason, List<Operation> offending,
                      long windowFrom, long windowTo, int violationCount, Map<String, Long> stats) {
    public Verdict {
        offending = List.copyOf(offending);
        stats = Map.copyOf(stats);
    }

    public static Verdict valid(String checker, Map<String, Long> stats) {
        return new Verdict(Validity.VALID, checker, null, List.of(), -1, -1, 0, stats);
    }

    public static Verdict unknown(String checker, String reason, Map<String, Long> stats) {
        return new Verdict(Validity.UNKNOWN, checker, reason, List.of(), -1, -1, 0, stats);
    }

    /** A violation whose window is the span of its offending operations. */
    public static Verdict invalid(String checker, String reason, List<Operation> offending, int violationCount,
                                  Map<String, Long> stats) {
        long from = Long.MAX_VALUE;
        long to = -1;
        for (Operation op : offending) {
            from = Math.min(from, op.start());
            to = Math.max(to, op.lastIndex());
        }
        return new Verdict(Validity.INVALID, checker, reason, offending, offending.isEmpty() ? -1 : from, to,
            violationCount, stats);
    }

    public boolean isValid() {
        return validity == Validity.VALID;
    }

    public Verdict withStats(Map<String, Long> newStats) {
        return new Verdict(validity, checker, reason, offending, windowFrom, windowTo, violationCount, newStats);
    }
}
