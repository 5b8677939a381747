package io.ringworld.checker.wgl;

import io.ringworld.checker.history.History;
import io.ringworld.checker.history.HistoryFormatException;
import io.ringworld.checker.history.Operation;
import io.ringworld.checker.report.OpText;
import io.ringworld.checker.report.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The general checker: Wing-Gong-Lowe search with memoization, per partition of the model
 * (P-compositionality), within a {@link Budget}. Answers {@code :unknown} when the budget runs out.
 */
public final class WglChecker {
    private static final long EXPLAIN_NANOS_MAX = 3_000_000_000L;

    private WglChecker() {
    }

    /**
     * Checks the history's client operations against the model.
     *
     * @throws HistoryFormatException if an operation does not fit the model
     */
    public static Verdict check(History history, Model model, Budget budget) {
        long startNanos = System.nanoTime();
        long deadline = startNanos + budget.timeMillis() * 1_000_000L;
        String name = "wgl/" + model.name();
        List<List<Operation>> partitions = model.partition(history.operations());
        long states = 0;
        String unknown = null;
        for (List<Operation> partition : partitions) {
            Model.Spec spec = model.compile(history, partition);
            WglSearch search = new WglSearch(spec, deadline, budget.statesMax());
            WglSearch.Outcome outcome = search.run();
            states += search.states;
            if (outcome == WglSearch.Outcome.NOT_LINEARIZABLE) {
                return explain(name, model, partition, spec, search, stats(history, partitions, states, startNanos));
            }
            if (outcome == WglSearch.Outcome.OUT_OF_TIME && unknown == null) {
                unknown = "time budget of " + budget.timeMillis() + " ms ran out after " + states + " search states";
                break;
            }
            if (outcome == WglSearch.Outcome.OUT_OF_MEMORY && unknown == null) {
                unknown = "memory budget of " + budget.statesMax() + " search states ran out";
                break;
            }
        }
        Map<String, Long> stats = stats(history, partitions, states, startNanos);
        return unknown == null ? Verdict.valid(name, stats) : Verdict.unknown(name, unknown, stats);
    }

    private static Map<String, Long> stats(History history, List<List<Operation>> partitions, long states,
                                           long startNanos) {
        Map<String, Long> stats = new LinkedHashMap<>();
        stats.put("operations", (long) history.operations().size());
        stats.put("partitions", (long) partitions.size());
        stats.put("states", states);
        stats.put("elapsed-ms", (System.nanoTime() - startNanos) / 1_000_000);
        return stats;
    }

    /**
     * The op whose completion the deepest attempt could not pass, and a small set of operations
     * that is not linearizable on its own (shrunk within a few seconds at most).
     */
    private static Verdict explain(String name, Model model, List<Operation> partition, Model.Spec spec,
                                   WglSearch search, Map<String, Long> stats) {
        List<Operation> ops = spec.operations();
        if (search.deepestBlocking < 0) {
            return Verdict.invalid(name, "no linearization exists", List.of(), 1, stats);
        }
        Operation blocking = ops.get(search.deepestBlocking);
        List<Operation> shrunk = new WglExplainer(model, System.nanoTime() + EXPLAIN_NANOS_MAX).shrink(partition);
        List<Operation> offending = new ArrayList<>(shrunk);
        if (offending.isEmpty()) {
            offending.add(blocking);
        }
        String reason = "no linearization completes " + OpText.describe(blocking) + "; the outcomes of these "
            + offending.size() + " operations are not linearizable together";
        return Verdict.invalid(name, reason, offending, 1, stats);
    }
}
