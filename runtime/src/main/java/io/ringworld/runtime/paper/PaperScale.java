package io.ringworld.runtime.paper;

import org.HdrHistogram.Histogram;

/**
 * The paper's datacenter (section 3.3): RingWorld's ring of kernel switches and server-based
 * batching (Figure 2) at one offered load, their sequencing latency as HdrHistograms.
 */
public final class PaperScale {
    /** A switch's single-pipeline throughput the paper estimates (section 3.3): 1 billion packets a second. */
    public static final double SWITCH_PACKETS_PER_SECOND = 1e9;

    private PaperScale() {
    }

    /**
     * One run's settings. {@code loadPerSecond}: appends offered to the whole log; {@code hopNanos}:
     * one token hop; {@code rotations}: measured rotations of the ring after one of warm-up;
     * {@code batcherPerSecond} and {@code sequencerPerSecond}: Figure 2's T_B (requests) and
     * T_S (batches); {@code periods}: measured batching periods after one of warm-up.
     */
    public record Settings(int switches, long hopNanos, double loadPerSecond, int rotations, double batcherPerSecond,
            double sequencerPerSecond, int periods, long seed) {
        public Settings {
            require(switches >= 1 && switches <= 100_000, "--switches must be 1..100000, got " + switches);
            require(hopNanos >= 1, "--hop-us must be > 0");
            require(loadPerSecond > 0 && loadPerSecond <= 1e13, "--load must be in (0, 1e13] appends/s, got " + loadPerSecond);
            require(rotations >= 1 && rotations <= 10_000, "--rotations must be 1..10000, got " + rotations);
            require(batcherPerSecond > 0 && sequencerPerSecond > 0, "--batcher-rate and --sequencer-rate must be > 0");
            require(periods >= 1 && periods <= 1_000, "--periods must be 1..1000, got " + periods);
        }

        /** The paper's figures: 500 switches, 10 µs a hop, 80 billion appends a second, T_S = T_B = 1 million. */
        public static Settings paper(long seed) {
            return new Settings(500, 10_000, 8e10, 20, 1e6, 1e6, 3, seed);
        }

        public Settings withSwitches(int n) {
            return new Settings(n, hopNanos, loadPerSecond, rotations, batcherPerSecond, sequencerPerSecond, periods, seed);
        }

        public Settings withLoad(double perSecond) {
            return new Settings(switches, hopNanos, perSecond, rotations, batcherPerSecond, sequencerPerSecond, periods, seed);
        }

        /** The paper's estimate of RingWorld's latency: one rotation, switches x hop. */
        public double rotationNanos() {
            return (double) switches * hopNanos;
        }

        /** Figure 2's batchers: N_B = ceil(L / T_B). */
        public long batchers() {
            return (long) Math.ceil(loadPerSecond / batcherPerSecond);
        }

        /** Figure 2's batching period tau = N_B / T_S (the paper's L / (T_B x T_S) when T_B divides L). */
        public double tauNanos() {
            return batchers() / sequencerPerSecond * 1e9;
        }

        /** The ring's capacity: every switch's pipeline. */
        public double ringCapacityPerSecond() {
            return switches * SWITCH_PACKETS_PER_SECOND;
        }

        private static void require(boolean ok, String why) {
            if (!ok) {
                throw new IllegalArgumentException(why);
            }
        }
    }

    /** One design's sequencing latency at one load. */
    public record Latency(String design, Histogram nanos, long appends, double simulatedSeconds) {
        public double meanMillis() {
            return nanos.getMean() / 1e6;
        }

        public double percentileMillis(double p) {
            return nanos.getValueAtPercentile(p) / 1e6;
        }

        public double maxMillis() {
            return nanos.getMaxValue() / 1e6;
        }

        /** Appends sequenced per simulated second. */
        public double throughputPerSecond() {
            return appends / simulatedSeconds;
        }
    }

    /** The ring's own figures: rotations measured from the kernel's token visits. */
    public record Ring(int switches, long visits, double rotationMeanNanos, double rotationMinNanos,
            double rotationMaxNanos, long tokensSent, long acksSent, long toServersDropped) {
    }

    /** A ring run and what it yields at any load. */
    public static final class RingRun {
        private final Settings settings;
        private final KernelRing kernel;

        private RingRun(Settings settings, KernelRing kernel) {
            this.settings = settings;
            this.kernel = kernel;
        }

        public Ring ring() {
            double sum = 0;
            double min = Double.MAX_VALUE;
            double max = 0;
            long n = 0;
            for (long[] v : kernel.visitTicks) {
                for (int k = 2; k < v.length; k++) {
                    double d = (double) (v[k] - v[k - 1]) * settings.hopNanos();
                    sum += d;
                    min = Math.min(min, d);
                    max = Math.max(max, d);
                    n++;
                }
            }
            return new Ring(settings.switches(), n, n == 0 ? 0 : sum / n, n == 0 ? 0 : min, max,
                    kernel.tokensSent, kernel.acksSent, kernel.toServersDropped);
        }

        /**
         * RingWorld at {@code loadPerSecond}: each switch is offered an equal share; between two
         * visits its appends arrive as a Poisson count, uniform over the interval, and each
         * takes its index at the second visit. The first interval of every switch is warm-up.
         */
        public Latency at(double loadPerSecond) {
            Counts counts = new Counts(settings.seed() ^ Double.doubleToLongBits(loadPerSecond), 256);
            Histogram h = new Histogram(3_600_000_000_000L, 3);
            double perSwitchPerNano = loadPerSecond / settings.switches() / 1e9;
            long appends = 0;
            double measuredNanos = 0;
            for (long[] v : kernel.visitTicks) {
                for (int k = 2; k < v.length; k++) {
                    long intervalNanos = (v[k] - v[k - 1]) * settings.hopNanos();
                    long n = counts.poisson(perSwitchPerNano * intervalNanos);
                    counts.record(h, n, intervalNanos, 0);
                    appends += n;
                }
                if (v.length > 2) {
                    measuredNanos = Math.max(measuredNanos, (double) (v[v.length - 1] - v[1]) * settings.hopNanos());
                }
            }
            return new Latency("RingWorld, " + settings.switches() + " switches", h, appends, measuredNanos / 1e9);
        }
    }

    /** Runs the kernel ring of {@code settings.switches()} for its rotations (plus one of warm-up). */
    public static RingRun ring(Settings settings) {
        return new RingRun(settings, KernelRing.run(settings.switches(), settings.rotations() + 2));
    }

    /** Server-based batching (Figure 2) at the settings' load: {@link BatchingSim}. */
    public static Latency batching(Settings settings) {
        return BatchingSim.run(settings);
    }
}
