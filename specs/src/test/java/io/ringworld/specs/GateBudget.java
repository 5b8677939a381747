package io.ringworld.specs;

import io.ringworld.specs.tool.TlcResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints the gate's budget once every test of the run has finished: one row per TLC run (model,
 * what kind of check it is, distinct states, depth, seconds, verdict) and the total, so that a
 * change that makes the gate slower shows where. Registered through META-INF/services.
 */
public final class GateBudget implements TestExecutionListener {

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        List<TlcResult> runs;
        synchronized (TlcRunner.RESULTS) {
            runs = new ArrayList<>(TlcRunner.RESULTS);
        }
        if (runs.isEmpty()) {
            return;
        }
        System.out.println(table(runs));
    }

    static String table(List<TlcResult> runs) {
        StringBuilder b = new StringBuilder("[specs gate] budget (TLC -workers " + TlcRunner.workers() + ")\n");
        String row = "| %-52s | %-12s | %9s | %5s | %7s | %-36s |%n";
        b.append(String.format(Locale.ROOT, row, "model", "kind", "states", "depth", "seconds", "verdict"));
        b.append(String.format(Locale.ROOT, row, "-".repeat(52), "-".repeat(12), "-".repeat(9), "-".repeat(5),
                "-".repeat(7), "-".repeat(36)));
        double total = 0;
        for (TlcResult r : runs) {
            total += r.seconds();
            b.append(String.format(Locale.ROOT, row, r.model(), kind(r.model()), r.distinct(),
                    r.depth() < 0 ? "n/a" : String.valueOf(r.depth()), String.format(Locale.ROOT, "%.1f", r.seconds()),
                    r.verdict()));
        }
        b.append(String.format(Locale.ROOT, row, "total: " + runs.size() + " TLC runs", "", "", "",
                String.format(Locale.ROOT, "%.1f", total), ""));
        return b.toString();
    }

    /** What a run checks, from its name (the configs' naming convention, specs README). */
    static String kind(String model) {
        if (model.contains("__")) {
            return model.startsWith("bug_") ? "bug, 1 set" : "reachability";
        }
        if (model.startsWith("bugdeep_")) {
            return "deep bug";
        }
        if (model.startsWith("bug_")) {
            return "planted bug";
        }
        return model.endsWith("_deep") ? "deep" : "fast";
    }
}
