package io.ringworld.checker.log;

import io.ringworld.checker.history.History;
import io.ringworld.checker.history.HistoryFormatException;
import io.ringworld.checker.report.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fast SharedLog checker: uses the positions that appends returned to decide linearizability
 * in O(n log n) (see {@link LogTiming} for the argument). Same verdicts as {@code WglChecker} with
 * {@code Models.sharedLog()}, which the property tests check against each other and a brute force.
 *
 * <p>Thread-safe and stateless: {@code LogChecker.check(history)}.
 */
public final class LogChecker {
    /** The name in verdicts ({@code :checker :log}). */
    public static final String NAME = "log";
    private static final LogChecker CORRECT = new LogChecker(EnumSet.noneOf(PlantedBug.class));

    private final Set<PlantedBug> bugs;

    LogChecker(Set<PlantedBug> bugs) {
        this.bugs = Set.copyOf(bugs);
    }

    /**
     * Checks a shared-log history.
     *
     * @throws HistoryFormatException if an operation is not a well-formed shared-log operation
     */
    public static Verdict check(History history) {
        return CORRECT.run(history);
    }

    Verdict run(History history) {
        long startNanos = System.nanoTime();
        LogFacts facts = new LogFacts(history).classify();
        LogTiming timing = new LogTiming(facts, history.operations(), bugs);
        List<Violation> violations = new ArrayList<>(facts.violations);
        violations.addAll(timing.check());
        Map<String, Long> stats = new LinkedHashMap<>();
        stats.put("operations", (long) history.operations().size());
        stats.put("elapsed-ms", (System.nanoTime() - startNanos) / 1_000_000);
        if (violations.isEmpty()) {
            return Verdict.valid(NAME, stats);
        }
        Violation first = violations.stream()
            .min(Comparator.comparingLong(Violation::visibleAt).thenComparingLong(Violation::span))
            .orElseThrow();
        int count = facts.violations.size() + timing.count();
        return Verdict.invalid(NAME, first.reason(), first.ops(), count, stats);
    }
}
