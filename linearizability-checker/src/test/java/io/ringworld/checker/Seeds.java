package io.ringworld.checker;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Seeds for randomized tests: random (jqwik prints the failing seed as the sample), or fixed with
 * {@code -Dseed=N}, which replays that one history exactly.
 */
public final class Seeds {
    private Seeds() {
    }

    /** The -Dseed value, or null when none (or Maven's unset placeholder) is given. */
    public static Long fixed() {
        String s = System.getProperty("seed");
        if (s == null || s.isBlank() || s.startsWith("$")) {
            return null;
        }
        return Long.parseLong(s.trim());
    }

    public static Arbitrary<Long> arbitrary() {
        Long fixed = fixed();
        return fixed != null ? Arbitraries.just(fixed) : Arbitraries.longs();
    }

    public static String replay(long seed) {
        return "seed " + seed + " (replay: mvn -pl linearizability-checker verify -Dseed=" + seed + ")";
    }
}
