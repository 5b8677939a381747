package io.ringworld.runtime.paper;

import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;

/**
 * Appends as counts: how many arrive in an interval (Poisson), and their latencies recorded with
 * their counts (arrivals uniform over the interval, each sequenced at its end plus a fixed delay).
 */
final class Counts {
    /** Bins an interval's arrivals are spread over (fewer when the interval holds fewer). */
    private final int binsMax;
    private final SplittableRandom random;

    Counts(long seed, int binsMax) {
        if (binsMax < 1) {
            throw new IllegalArgumentException("binsMax must be >= 1, got " + binsMax);
        }
        this.random = new SplittableRandom(seed);
        this.binsMax = binsMax;
    }

    /** A Poisson count of mean {@code mean}: exact below 64, the normal approximation above. */
    long poisson(double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean < 64) {
            double limit = Math.exp(-mean);
            double product = random.nextDouble();
            long k = 0;
            while (product > limit) {
                k++;
                product *= random.nextDouble();
            }
            return k;
        }
        return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian()));
    }

    private double gaussian() {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /**
     * Records {@code count} appends that arrived uniformly over an interval of {@code intervalNanos}
     * ending when they are sequenced, plus {@code afterNanos} (a sequencer's service): each bin of
     * the interval holds its share, at its middle.
     */
    void record(Histogram latencyNanos, long count, long intervalNanos, long afterNanos) {
        if (count <= 0) {
            return;
        }
        int bins = (int) Math.min(binsMax, count);
        for (int b = 0; b < bins; b++) {
            // An even share, the remainder spread over the interval (not heaped on its first bins).
            long n = (b + 1) * count / bins - b * count / bins;
            long waitNanos = Math.round(intervalNanos * (b + 0.5) / bins);
            latencyNanos.recordValueWithCount(Math.max(1, waitNanos + afterNanos), n);
        }
    }
}
