package io.ringworld.runtime.paper;

import org.HdrHistogram.Histogram;

/**
 * Figure 2: {@code N_B} batchers, each offered {@code L / N_B} appends a second, close a batch
 * every {@code tau = N_B / T_S}, staggered by {@code 1 / T_S} (the best case the paper's estimate
 * assumes: the sequencer, serving {@code T_S} batches a second, never has two at once); the
 * sequencer serves batches in arrival order, {@code 1 / T_S} each. An append's latency: from its
 * arrival at its batcher to the end of its batch's service. Batches are taken in time order
 * (batcher j's m-th batch closes at {@code (j + m N_B) / T_S}), so the sequencer's queue is one
 * number: when it is next free.
 */
final class BatchingSim {
    private BatchingSim() {
    }

    static PaperScale.Latency run(PaperScale.Settings s) {
        long batchers = s.batchers();
        double serviceNanos = 1e9 / s.sequencerPerSecond();
        double tauNanos = s.tauNanos();
        // At least 100,000 batches measured (a load of a few batchers has short periods).
        long measured = Math.max(batchers * s.periods(), 100_000L);
        long batches = batchers + measured;
        // Bins per batch: enough for the percentiles, bounded so a 1e12 load stays seconds.
        int bins = (int) Math.max(64, Math.min(256, 100_000_000L / measured));
        Counts counts = new Counts(s.seed() * 31 + 7, bins);
        Histogram h = new Histogram(3_600_000_000_000L, 3);
        double perBatch = s.loadPerSecond() / batchers * tauNanos / 1e9;
        double freeAtNanos = 0;
        long appends = 0;
        for (long b = 0; b < batches; b++) {
            double closeNanos = (b + 1) * serviceNanos; // batch b: batcher b % N_B, period b / N_B
            double startNanos = Math.max(freeAtNanos, closeNanos);
            freeAtNanos = startNanos + serviceNanos;
            if (b < batchers) {
                continue; // warm-up: the first period
            }
            long n = counts.poisson(perBatch);
            counts.record(h, n, Math.round(tauNanos), Math.round(freeAtNanos - closeNanos));
            appends += n;
        }
        double seconds = measured * serviceNanos / 1e9;
        return new PaperScale.Latency("batching, " + batchers + " batchers and 1 sequencer", h, appends, seconds);
    }
}
