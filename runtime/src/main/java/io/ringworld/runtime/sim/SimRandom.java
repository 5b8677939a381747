package io.ringworld.runtime.sim;

/**
 * The simulator's only source of randomness: SplitMix64, seeded from the run's root seed.
 *
 * <p>Every random choice of a run derives from one root seed. Independent concerns (network,
 * faults, each client) take their own stream through {@link #derive(String)}, so that adding a
 * draw in one concern does not shift the choices of another: a failing seed keeps replaying the
 * same faults while a workload changes.
 */
public final class SimRandom {
    private long state;

    public SimRandom(long seed) {
        this.state = seed;
    }

    /** A new, independent stream named {@code purpose}, derived from this stream's current state. */
    public SimRandom derive(String purpose) {
        long h = state ^ 0x9E3779B97F4A7C15L;
        for (int i = 0; i < purpose.length(); i++) {
            h = mix(h + purpose.charAt(i));
        }
        return new SimRandom(mix(h));
    }

    public long nextLong() {
        state += 0x9E3779B97F4A7C15L;
        return mix(state);
    }

    /** Uniform in {@code [0, bound)}; {@code bound > 0}. */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        return (int) Math.floorMod(nextLong(), (long) bound);
    }

    /** Uniform in {@code [lo, hi]}. */
    public long nextLong(long lo, long hi) {
        if (hi < lo) {
            throw new IllegalArgumentException("empty range [" + lo + ", " + hi + "]");
        }
        long span = hi - lo + 1;
        return lo + Math.floorMod(nextLong(), span);
    }

    /** Uniform in {@code [0, 1)} with 53 bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** True with probability {@code p}. */
    public boolean chance(double p) {
        return p > 0 && nextDouble() < p;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
