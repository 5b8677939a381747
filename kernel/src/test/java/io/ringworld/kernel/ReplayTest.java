package io.ringworld.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.harness.RandomWorkload;
import io.ringworld.kernel.harness.TestCluster;
import org.junit.jupiter.api.Test;

/** Determinism: one seed, one run. The kernel and the harness consume no other entropy. */
class ReplayTest {
    private static String run(long seed) {
        TestCluster c = new TestCluster(Config.defaults(3, 2), seed, TestCluster.Faults.lossy(0.05, 0.05), 2, true);
        RandomWorkload w = new RandomWorkload(c);
        w.crashes = true;
        w.crashProbability = 0.01;
        w.run(600);
        return c.trace();
    }

    @Test
    void sameSeedSameTranscript() {
        String a = run(77);
        String b = run(77);
        assertTrue(a.length() > 10_000, "transcript too short to mean anything: " + a.length());
        assertEquals(a, b);
        assertTrue(a.contains("crash"), "the schedule should include crashes");
    }

    @Test
    void differentSeedDifferentTranscript() {
        assertNotEquals(run(77), run(78));
    }
}
