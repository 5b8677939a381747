package io.ringworld.runtime.cli;

import io.ringworld.kernel.testhooks.PlantedBug;
import io.ringworld.runtime.campaign.Campaign;
import io.ringworld.runtime.campaign.CampaignBugs;
import io.ringworld.runtime.sim.RunResult;
import io.ringworld.runtime.sim.SimConfig;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code ringworld campaign --planted-bug-matrix}: the campaign's power. For every planted kernel
 * bug a campaign is meant to find, the same seeds with the same fault configuration, and how many
 * of them fail; a bug no seed finds makes the command fail.
 */
final class BugMatrix {
    private final PrintStream out;
    private final int threads;

    BugMatrix(PrintStream out, int threads) {
        this.out = out;
        this.threads = threads;
    }

    /** Runs seeds {@code from..from+seeds-1} for every campaign bug of {@code config}; 0 if each was found. */
    int run(SimConfig config, long from, int seeds, Progress progress) {
        out.printf(Locale.ROOT, "planted-bug matrix: seeds %d..%d per bug, the campaign's settings otherwise%n", from,
                from + seeds - 1);
        List<String> rows = new ArrayList<>();
        boolean allFound = true;
        boolean disk = config.allowedFaults().stream().anyMatch(io.ringworld.runtime.sim.FaultKind.DISK::contains);
        for (PlantedBug bug : CampaignBugs.found(disk)) {
            Campaign.Summary s = new Campaign(config.withPlantedBug(bug), threads).run(from, seeds, progress::done);
            long first100 = s.failures.stream().filter(r -> r.seed() < from + 100).count();
            long firstSeed = s.failures.isEmpty() ? -1 : s.failures.get(0).seed();
            allFound &= !s.failures.isEmpty();
            rows.add(String.format(Locale.ROOT, "| %s | %d of %d | %d | %s | %s |", bug, s.failures.size(), seeds,
                    first100, firstSeed < 0 ? "none" : Long.toString(firstSeed), caughtBy(s.failures)));
        }
        progress.finish();
        out.println();
        out.println("| planted bug | seeds that failed | in the first 100 | first failing seed | caught by |");
        out.println("|---|---:|---:|---:|---|");
        rows.forEach(out::println);
        out.println();
        for (Map.Entry<PlantedBug, String> retired : CampaignBugs.retired().entrySet()) {
            out.println("not in the matrix: " + retired.getKey() + ": " + retired.getValue());
        }
        if (!disk) {
            for (Map.Entry<PlantedBug, String> d : CampaignBugs.diskOnly().entrySet()) {
                out.println("not in the matrix: " + d.getKey() + ": " + d.getValue());
            }
        }
        out.println("planted-bug matrix: " + (allFound ? "every bug found" : "SOME BUG WAS NOT FOUND"));
        return allFound ? 0 : 1;
    }

    /** The checks that caught the failing seeds, most frequent first: a kernel invariant, liveness, the history. */
    private static String caughtBy(List<RunResult> failures) {
        Map<String, Integer> counts = new TreeMap<>();
        for (RunResult r : failures) {
            counts.merge(checkName(r.firstViolation()), 1, Integer::sum);
        }
        StringBuilder b = new StringBuilder();
        counts.entrySet().stream().sorted((a, c) -> c.getValue() - a.getValue())
                .forEach(e -> b.append(b.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue()));
        return b.length() == 0 ? "-" : b.toString();
    }

    static String checkName(String violation) {
        if (violation.startsWith("kernel invariant ")) {
            String rest = violation.substring("kernel invariant ".length());
            int space = rest.indexOf(' ');
            return space < 0 ? rest : rest.substring(0, space);
        }
        int colon = violation.indexOf(':');
        String head = colon < 0 ? violation : violation.substring(0, colon);
        if (head.startsWith("history not linearizable")) {
            return "linearizability";
        }
        if (head.startsWith("acknowledged append")) {
            return "read-back";
        }
        return head.length() > 30 ? head.substring(0, 30) : head;
    }
}
