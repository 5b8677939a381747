package io.ringworld.runtime.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.checker.history.HistoryWriter;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The simulator's first promise: a seed is a run. Same seed, same trace; other seed, other trace. */
class DeterminismTest {
    private static final SimConfig CONFIG = SimConfig.defaults();

    @Test
    void sameSeedGivesByteIdenticalTraceAndHistory() {
        for (long seed : new long[] {7, 19, 36, 4242}) {
            RunResult a = Simulation.run(seed, CONFIG, null);
            RunResult b = Simulation.run(seed, CONFIG, null);
            assertNotEquals(0L, a.traceHash(), "the trace was hashed");
            assertEquals(a.traceHash(), b.traceHash(), "trace hash of seed " + seed);
            assertEquals(a.events(), b.events(), "events of seed " + seed);
            assertEquals(HistoryWriter.toEdn(a.history()), HistoryWriter.toEdn(b.history()), "history of seed " + seed);
            assertEquals(a.violations(), b.violations());
        }
    }

    @Test
    void differentSeedsGiveDifferentTraces() {
        Set<Long> hashes = new HashSet<>();
        for (long seed = 100; seed < 120; seed++) {
            hashes.add(Simulation.run(seed, CONFIG, null).traceHash());
        }
        assertEquals(20, hashes.size(), "20 seeds, 20 distinct traces");
    }

    @Test
    void printedTraceHashesLikeTheHashedOne() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);
        RunResult printed = Simulation.run(5, CONFIG.withTraceMode(SimConfig.TraceMode.PRINT), out);
        RunResult hashed = Simulation.run(5, CONFIG, null);
        assertEquals(hashed.traceHash(), printed.traceHash());
        String text = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.lines().count() > 100, "the trace has lines");
        assertTrue(text.contains("Token["), "the trace shows token passes");
    }
}
