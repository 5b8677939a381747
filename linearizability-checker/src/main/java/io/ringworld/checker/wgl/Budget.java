package io.ringworld.checker.wgl;

/**
 * Limits for a search; when one is reached the verdict is {@code :unknown} instead of hanging.
 *
 * @param timeMillis wall-clock time for the whole check
 * @param statesMax  memoized search states (the search's memory)
 */
public record Budget(long timeMillis, long statesMax) {
    public Budget {
        if (timeMillis <= 0 || statesMax <= 0) {
            throw new IllegalArgumentException("a budget must be positive: " + timeMillis + " ms, " + statesMax + " states");
        }
    }

    /** 10 s and 20 million states (a few GB at most). */
    public static final Budget DEFAULT = new Budget(10_000, 20_000_000);

    public static Budget ofMillis(long timeMillis) {
        return new Budget(timeMillis, DEFAULT.statesMax());
    }
}
