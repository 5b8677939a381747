package io.ringworld.runtime.real;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A fault-injection campaign against real processes ({@code ringworld campaign --real}): runs
 * seeds one after another, each a {@link RealRun}; prints a summary table and each failed run's
 * folder and replay command. Before the first run it removes what an interrupted earlier campaign
 * left in the same output folder (node processes, loop mounts).
 */
public final class RealCampaign {
    private RealCampaign() {
    }

    /** The fault kinds this process can apply, and for the others why not. */
    public record Allowed(Set<RealFault> faults, List<String> skipped) {
    }

    /**
     * Removes from {@code wanted} what needs root or a namespace of our own when this process has
     * neither; {@code failOnMissing} (CI) makes a missing capability an error instead.
     */
    public static Allowed allowed(Set<RealFault> wanted, boolean ownNamespace, Capabilities caps, boolean failOnMissing) {
        Set<RealFault> ok = EnumSet.noneOf(RealFault.class);
        List<String> skipped = new ArrayList<>();
        for (RealFault f : wanted) {
            String why = null;
            if (f.group() == RealFault.Group.NETWORK && !ownNamespace) {
                why = "needs the campaign in a network namespace of its own (root and unshare -n): " + caps.missing();
            } else if (f == RealFault.DISK_FULL && !caps.canFillDisks()) {
                why = "needs loop mounts (root, losetup, mkfs.ext4): " + caps.missing();
            }
            if (why == null) {
                ok.add(f);
            } else {
                skipped.add(f.label() + ": " + why);
            }
        }
        if (failOnMissing && !skipped.isEmpty()) {
            throw new IllegalStateException("CI=true and fault kinds cannot run here: " + skipped);
        }
        return new Allowed(ok, skipped);
    }

    /** Set in the environment of the campaign the CLI runs again under {@code unshare -n}. */
    public static final String NAMESPACE_MARK_ENV = Firewall.NAMESPACE_MARK_ENV;

    /** Brings up the loopback of the campaign's own network namespace (a new namespace's is down). */
    public static void loopbackUp() {
        Firewall.ensureLoopbackUp();
    }

    /** Runs {@code seeds}; returns every run's result in order. */
    public static List<RealRunResult> run(List<Long> seeds, RealRunConfig config, PrintStream out) throws Exception {
        java.nio.file.Files.createDirectories(config.out());
        List<Leftovers.Killed> killed = Leftovers.killNodes(config.out());
        if (!killed.isEmpty()) {
            out.println("removed what an interrupted earlier campaign left: " + killed);
        }
        LoopDisk.cleanupLeftovers(config.out());
        List<RealRunResult> results = new ArrayList<>();
        for (long seed : seeds) {
            RealRunResult r = new RealRun(seed, config, out).run();
            results.add(r);
            out.printf("run %d: %s in %.1f s, %d ops, %d appends acknowledged, %d indeterminate, %d read back, faults %s%s%n",
                    seed, r.passed() ? "passed" : "FAILED", r.seconds(), r.operations(), r.acknowledged(), r.indeterminate(),
                    r.readBack(), labels(r.applied()), r.skipped().isEmpty() ? "" : ", skipped " + labels(r.skipped()));
            for (String p : r.problems()) {
                out.println("    " + p);
            }
        }
        return results;
    }

    /** The summary table: runs, passed, faults applied by kind, appends acknowledged and lost. */
    public static void summary(List<RealRunResult> results, PrintStream out, String replayCommand) {
        Map<RealFault, Integer> applied = new EnumMap<>(RealFault.class);
        Map<RealFault, Integer> skipped = new EnumMap<>(RealFault.class);
        long acked = 0;
        long ops = 0;
        long indeterminate = 0;
        int failed = 0;
        for (RealRunResult r : results) {
            r.applied().forEach((f, n) -> applied.merge(f, n, Integer::sum));
            r.skipped().forEach((f, n) -> skipped.merge(f, n, Integer::sum));
            acked += r.acknowledged();
            ops += r.operations();
            indeterminate += r.indeterminate();
            failed += r.passed() ? 0 : 1;
        }
        out.println();
        out.printf("%-16s %8s %8s%n", "fault", "applied", "skipped");
        for (RealFault f : RealFault.values()) {
            if (applied.containsKey(f) || skipped.containsKey(f)) {
                out.printf("%-16s %8d %8d%n", f.label(), applied.getOrDefault(f, 0), skipped.getOrDefault(f, 0));
            }
        }
        out.printf("%nruns %d, passed %d, failed %d; %,d client operations, %,d appends acknowledged, %,d indeterminate%n",
                results.size(), results.size() - failed, failed, ops, acked, indeterminate);
        for (RealRunResult r : results) {
            if (!r.passed()) {
                out.println("failed: seed " + r.seed() + ", folder " + r.folder() + "; replay: " + replayCommand.replace("SEED",
                        Long.toString(r.seed())));
            }
        }
    }

    private static String labels(Map<RealFault, Integer> counts) {
        StringBuilder b = new StringBuilder();
        counts.forEach((f, n) -> b.append(b.length() == 0 ? "" : " ").append(f.label()).append('=').append(n));
        return b.length() == 0 ? "none" : b.toString();
    }
}
