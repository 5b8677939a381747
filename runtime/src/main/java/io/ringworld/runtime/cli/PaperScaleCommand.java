package io.ringworld.runtime.cli;

import io.ringworld.runtime.paper.Figure1;
import io.ringworld.runtime.paper.PaperScale;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ringworld paper-scale}: issue 21, item 5. The paper's datacenter in simulation (a ring
 * of kernel switches and Figure 2's batching at one load), the comparison with the paper's
 * estimates, and Figure 1 as a PNG.
 */
@Command(name = "paper-scale", mixinStandardHelpOptions = true,
        description = "Simulate the paper's datacenter: a ring of kernel switches passing the token (10 us a hop) and "
                + "server-based batching (Figure 2) at the same offered load; print their sequencing latency and draw "
                + "Figure 1 (latency against throughput).",
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {"0:p99 and max of both designs within 10% of the paper's estimates (one rotation; tau)",
                "1:not within 10%", "2:bad arguments"})
public final class PaperScaleCommand implements Callable<Integer> {
    /** How close p99 and max must come to the paper's estimates (issue 21: 10%). */
    static final double TOLERANCE = 0.10;

    @Option(names = "--switches", defaultValue = "500", description = "Switches on the ring (default: ${DEFAULT-VALUE}, the paper's racks).")
    int switches;

    @Option(names = "--hop-us", defaultValue = "10", description = "One token hop in microseconds (default: ${DEFAULT-VALUE}).")
    double hopMicros;

    @Option(names = "--load", defaultValue = "8e10", description = "Offered appends per second (default: ${DEFAULT-VALUE}, 80 billion).")
    double load;

    @Option(names = "--rotations", defaultValue = "20", description = "Ring rotations measured, after one of warm-up (default: ${DEFAULT-VALUE}).")
    int rotations;

    @Option(names = "--batcher-rate", defaultValue = "1e6", description = "T_B: requests a batcher handles per second (default: ${DEFAULT-VALUE}).")
    double batcherRate;

    @Option(names = "--sequencer-rate", defaultValue = "1e6", description = "T_S: batches the sequencer handles per second (default: ${DEFAULT-VALUE}).")
    double sequencerRate;

    @Option(names = "--periods", defaultValue = "3", description = "Batching periods measured, after one of warm-up (default: ${DEFAULT-VALUE}).")
    int periods;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the arrival counts (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--ring-sizes", split = ",", defaultValue = "50,100,500,1000",
            description = "Ring sizes drawn in Figure 1 (default: ${DEFAULT-VALUE}).")
    List<Integer> ringSizes;

    @Option(names = "--figure-rotations", defaultValue = "5", description = "Rotations per ring size for Figure 1 (default: ${DEFAULT-VALUE}).")
    int figureRotations;

    @Option(names = "--no-figure", description = "Skip Figure 1.")
    boolean noFigure;

    @Option(names = "--out", defaultValue = "target/paper-scale", description = "Folder for figure1.png and figure1.csv (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        PaperScale.Settings s;
        try {
            if (!(hopMicros > 0) || hopMicros > 1e6) {
                throw new IllegalArgumentException("--hop-us must be in (0, 1e6], got " + hopMicros);
            }
            if (ringSizes.stream().anyMatch(n -> n < 1 || n > 100_000)) {
                throw new IllegalArgumentException("--ring-sizes must each be 1..100000, got " + ringSizes);
            }
            if (figureRotations < 1 || figureRotations > 1_000) {
                throw new IllegalArgumentException("--figure-rotations must be 1..1000, got " + figureRotations);
            }
            s = new PaperScale.Settings(switches, Math.round(hopMicros * 1e3), load, rotations, batcherRate, sequencerRate,
                    periods, seed);
        } catch (IllegalArgumentException e) {
            System.err.println("paper-scale: " + e.getMessage());
            return 2;
        }
        System.out.println(String.format(Locale.ROOT, "paper-scale: %d kernel switches, %.1f us a hop, %.3g appends/s offered"
                + " (%.3g a switch); batching with T_B = %.3g, T_S = %.3g; seed %d (replay with --seed %d)", s.switches(),
                s.hopNanos() / 1e3, s.loadPerSecond(), s.loadPerSecond() / s.switches(), s.batcherPerSecond(),
                s.sequencerPerSecond(), s.seed(), s.seed()));
        if (s.loadPerSecond() > s.ringCapacityPerSecond()) {
            System.out.println(String.format(Locale.ROOT, "note: the load is above the ring's capacity (%.3g appends/s at"
                    + " %.0e packets/s a switch): the switches' queues would grow without bound", s.ringCapacityPerSecond(),
                    PaperScale.SWITCH_PACKETS_PER_SECOND));
        }
        PaperScale.RingRun run = PaperScale.ring(s);
        PaperScale.Ring ring = run.ring();
        PaperScale.Latency rw = run.at(s.loadPerSecond());
        PaperScale.Latency batching = PaperScale.batching(s);
        System.out.println(String.format(Locale.ROOT, "ring (the kernel's token): %d rotations measured, rotation mean %.4f ms"
                + " (min %.4f, max %.4f), %d visits, %d token passes, %d acknowledgements, %d RingAlive to servers dropped"
                + " (no servers simulated)", s.rotations(), ring.rotationMeanNanos() / 1e6, ring.rotationMinNanos() / 1e6,
                ring.rotationMaxNanos() / 1e6, ring.visits(), ring.tokensSent(), ring.acksSent(), ring.toServersDropped()));
        System.out.println();
        System.out.println("| design | appends sequenced | simulated s | appends/s | mean ms | p50 ms | p99 ms | max ms | paper's estimate ms |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        System.out.println(row(rw, s.rotationNanos() / 1e6));
        System.out.println(row(batching, s.tauNanos() / 1e6));
        System.out.println();
        boolean rwOk = within(rw, s.rotationNanos() / 1e6);
        boolean bOk = within(batching, s.tauNanos() / 1e6);
        System.out.println(String.format(Locale.ROOT, "RingWorld: p99 and max within %.0f%% of one rotation (%d x %.1f us ="
                + " %.3f ms): %s. The mean is half a rotation (%.3f ms): an append waits at its switch for the token's next"
                + " visit, and appends arrive uniformly between two visits one rotation apart.", TOLERANCE * 100,
                s.switches(), s.hopNanos() / 1e3, s.rotationNanos() / 1e6, rwOk ? "yes" : "NO", s.rotationNanos() / 2e6));
        System.out.println(String.format(Locale.ROOT, "batching: p99 and max within %.0f%% of tau = N_B / T_S = %d / %.3g ="
                + " %.3f ms: %s. Its mean is half of tau (%.3f ms): an append waits for its batcher's next batch (the"
                + " sequencer's %.3f us a batch is the rest).", TOLERANCE * 100, s.batchers(), s.sequencerPerSecond(),
                s.tauNanos() / 1e6, bOk ? "yes" : "NO", s.tauNanos() / 2e6, 1e6 / s.sequencerPerSecond()));
        System.out.println(String.format(Locale.ROOT, "RingWorld's p99 is %.1fx lower than batching's at this load.",
                batching.percentileMillis(99) / rw.percentileMillis(99)));
        if (!noFigure) {
            PaperScale.Settings fig = new PaperScale.Settings(s.switches(), s.hopNanos(), s.loadPerSecond(), figureRotations,
                    s.batcherPerSecond(), s.sequencerPerSecond(), Math.min(s.periods(), 2), s.seed());
            List<Figure1.Point> points = Figure1.simulate(fig, ringSizes, Figure1.loads(), System.err::println);
            Path png = Figure1.write(out, points, fig);
            System.out.println("Figure 1: " + png + " (and figure1.csv beside it: " + points.size() + " points)");
        }
        return rwOk && bOk ? 0 : 1;
    }

    private static String row(PaperScale.Latency l, double estimateMillis) {
        return String.format(Locale.ROOT, "| %s | %d | %.3f | %.3g | %.3f | %.3f | %.3f | %.3f | %.3f |", l.design(), l.appends(),
                l.simulatedSeconds(), l.throughputPerSecond(), l.meanMillis(), l.percentileMillis(50), l.percentileMillis(99),
                l.maxMillis(), estimateMillis);
    }

    static boolean within(PaperScale.Latency l, double estimateMillis) {
        return Math.abs(l.percentileMillis(99) - estimateMillis) <= TOLERANCE * estimateMillis
                && Math.abs(l.maxMillis() - estimateMillis) <= TOLERANCE * estimateMillis;
    }
}
