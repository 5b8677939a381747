package io.ringworld.runtime.cli;

import io.ringworld.runtime.sim.FaultKind;
import io.ringworld.runtime.sim.RunResult;
import io.ringworld.runtime.sim.SimConfig;
import io.ringworld.runtime.sim.Simulation;
import java.io.PrintStream;
import java.util.EnumSet;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * {@code ringworld campaign --bench}: simulated messages per second and seeds per minute, on one
 * host thread, with the trace off. The baseline measured in the same run is the same workload
 * with no faults; the report gives the ratio of the two. When the campaign's faults include the
 * steering kinds (issue 17), the classic kinds alone are measured too, and the cost of steering
 * is their ratio.
 */
final class CampaignBench {
    private final PrintStream out;

    CampaignBench(PrintStream out) {
        this.out = out;
    }

    int run(SimConfig config, int seeds) {
        long firstSeed = 1;
        out.printf(Locale.ROOT, "bench: %d seeds from %d on one thread (trace off); switches=%d replica-sets=%d"
                + " clients=%d ops=%d%n", seeds, firstSeed, config.switchCount(), config.replicaSetCount(),
                config.clientCount(), config.opsPerClient());
        SimConfig quiet = config.withTraceMode(SimConfig.TraceMode.OFF);
        warmUp(quiet);
        Row baseline = measure("no faults (baseline)", quiet.withFaults(EnumSet.noneOf(FaultKind.class), false),
                firstSeed, seeds);
        java.util.Set<FaultKind> classicKinds = EnumSet.noneOf(FaultKind.class);
        classicKinds.addAll(config.allowedFaults());
        classicKinds.retainAll(FaultKind.CLASSIC);
        boolean steered = !classicKinds.equals(config.allowedFaults());
        Row classic = steered ? measure("classic " + classicKinds.size() + " kinds", quiet.withFaults(classicKinds,
                config.swarm()), firstSeed, seeds) : null;
        Row faulty = measure("faults " + config.allowedFaults().size() + " kinds", quiet, firstSeed, seeds);
        out.printf(Locale.ROOT, "ratio (faults / baseline): messages/s %.2f, seeds/min %.2f%n",
                faulty.messagesPerSecond / baseline.messagesPerSecond, faulty.seedsPerMinute / baseline.seedsPerMinute);
        if (steered) {
            out.printf(Locale.ROOT, "ratio (faults / classic kinds): seeds/min %.2f (the cost of steering)%n",
                    faulty.seedsPerMinute / classic.seedsPerMinute);
        }
        int failures = faulty.failures + baseline.failures + (classic == null ? 0 : classic.failures);
        return failures == 0 ? 0 : 1;
    }

    private void warmUp(SimConfig config) {
        for (long s = 1_000_000; s < 1_000_005; s++) {
            Simulation.run(s, config, null);
        }
    }

    private record Row(double messagesPerSecond, double seedsPerMinute, int failures) {
    }

    private Row measure(String label, SimConfig config, long firstSeed, int seeds) {
        Histogram perSeedMicros = new Histogram(3_600_000_000L, 3);
        long messages = 0;
        int failures = 0;
        long started = System.nanoTime();
        for (int k = 0; k < seeds; k++) {
            long t0 = System.nanoTime();
            RunResult r = Simulation.run(firstSeed + k, config, null);
            perSeedMicros.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
            messages += r.messages();
            failures += r.passed() ? 0 : 1;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Row row = new Row(messages / seconds, seeds / seconds * 60, failures);
        out.printf(Locale.ROOT, "%-22s messages=%d in %.2fs: %.0f simulated messages/s, %.0f seeds/min;"
                        + " per-seed ms p50=%.1f p90=%.1f p99=%.1f max=%.1f; failed runs=%d%n",
                label, messages, seconds, row.messagesPerSecond, row.seedsPerMinute,
                perSeedMicros.getValueAtPercentile(50) / 1e3, perSeedMicros.getValueAtPercentile(90) / 1e3,
                perSeedMicros.getValueAtPercentile(99) / 1e3, perSeedMicros.getMaxValue() / 1e3, failures);
        return row;
    }
}
