package io.ringworld.kernel;

import io.ringworld.kernel.testhooks.TestHooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.Result;
import io.ringworld.kernel.harness.RandomWorkload;
import io.ringworld.kernel.harness.TestCluster;
import io.ringworld.kernel.invariant.InvariantViolation;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random schedules over a 3-switch ring and 2 replica sets. Each try runs one cluster seed; the
 * seed is printed on failure, and {@code -Dseed=N} replays exactly that seed.
 */
class RandomSchedulePropertiesTest {
    static final int TICKS = 1500;

    @Provide
    Arbitrary<Long> seeds() {
        String fixed = System.getProperty("seed");
        if (fixed != null && !fixed.isBlank()) {
            return Arbitraries.just(Long.parseLong(fixed.trim()));
        }
        return Arbitraries.longs().between(1, Long.MAX_VALUE / 2);
    }

    /** Runs a faulty schedule and rethrows any violation with the seed to replay it. */
    static TestCluster runFaulty(Config config, long seed, int ticks) {
        return runFaulty(config, TestHooks.NONE, seed, ticks);
    }

    /** As {@link #runFaulty(Config, long, int)}, every node running with {@code hooks}. */
    static TestCluster runFaulty(Config config, TestHooks hooks, long seed, int ticks) {
        TestCluster c = new TestCluster(config, hooks, seed, TestCluster.Faults.lossy(0.05, 0.05), 3, false);
        RandomWorkload w = new RandomWorkload(c);
        w.crashes = true;
        try {
            w.run(ticks);
            w.healAll();
            w.crashes = false;
            w.opProbability = 0;
            c.run(600);
        } catch (InvariantViolation v) {
            throw new AssertionError("seed=" + seed + " (replay with -Dseed=" + seed + "): " + v.getMessage(), v);
        }
        return c;
    }

    @Property(tries = 100)
    void randomFaultySchedulesNeverViolateAnInvariant(@ForAll("seeds") long seed) {
        TestCluster c = runFaulty(Config.defaults(3, 2), seed, TICKS);
        assertTrue(c.invariants.stepsChecked() > 0);
        // After healing, every client operation must have had its outcome (time-outs included).
        assertTrue(c.clientsIdle(), "seed=" + seed + ": client operations never finished");
    }

    /**
     * Other shapes and harsher networks (1, 3 and 5 switches; tiny status maps and queues; 20%
     * loss; long delays); after the faults heal, a new append must commit (liveness).
     */
    @Property(tries = 60)
    void otherShapesStaySafeAndRecover(@ForAll("seeds") long seed) {
        java.util.Random r = new java.util.Random(seed);
        Config[] shapes = {
            Config.builder(3, 2).statusMapSlotsMax(4).pendingRequestsMax(8).build(),
            Config.defaults(1, 1),
            Config.defaults(5, 3),
            Config.defaults(2, 1)
        };
        Config config = shapes[r.nextInt(shapes.length)];
        TestCluster.Faults f = TestCluster.Faults.lossy(0.2 * r.nextDouble(), 0.1 * r.nextDouble());
        f.messageDelayMaxTicks = 1 + r.nextInt(8);
        f.persistDelayMaxTicks = r.nextInt(4);
        TestCluster c = new TestCluster(config, seed, f, 3, false);
        RandomWorkload w = new RandomWorkload(c);
        w.crashes = true;
        w.crashProbability = 0.01;
        w.opProbability = 0.6;
        try {
            w.run(2500);
            w.healAll();
            w.crashes = false;
            w.opProbability = 0;
            f.lossProbability = 0;
            f.duplicateProbability = 0;
            c.run(1200);
            long id = c.append(0, "after-heal", 0);
            assertTrue(c.runUntilClientsIdle(3000), "seed=" + seed);
            if (c.outcome(0, id) instanceof Result.Indeterminate stale && stale.reason().contains("new life")) {
                // Switch 0 restarted since client 0 last heard from it: the first append there is
                // refused (DuplicateAppendTest); the client now addresses the new life.
                id = c.append(0, "after-heal-2", 0);
                assertTrue(c.runUntilClientsIdle(3000), "seed=" + seed);
            }
            assertInstanceOf(Result.Appended.class, c.outcome(0, id), "seed=" + seed + " " + config
                    + ": the healed cluster must commit a new append, got " + c.outcome(0, id));
        } catch (InvariantViolation v) {
            throw new AssertionError("seed=" + seed + " (replay with -Dseed=" + seed + "): " + v.getMessage(), v);
        }
    }

    @Property(tries = 25)
    void appendsWithoutFaultsAllCommit(@ForAll("seeds") long seed) {
        TestCluster.Faults noLoss = TestCluster.Faults.none();
        noLoss.reorder = true;
        TestCluster c = new TestCluster(Config.defaults(3, 2), seed, noLoss, 3, false);
        java.util.Random r = new java.util.Random(seed);
        int n = 30 + r.nextInt(60);
        long[] ids = new long[n];
        int[] clientOf = new int[n];
        for (int k = 0; k < n; k++) {
            clientOf[k] = r.nextInt(3);
            ids[k] = c.append(clientOf[k], "a" + k, r.nextInt(3));
            c.run(r.nextInt(3));
        }
        assertTrue(c.runUntilClientsIdle(2000), "seed=" + seed);
        java.util.HashSet<Long> indices = new java.util.HashSet<>();
        for (int k = 0; k < n; k++) {
            Result res = c.outcome(clientOf[k], ids[k]);
            Result.Appended a = assertInstanceOf(Result.Appended.class, res, "seed=" + seed + " append " + k);
            assertTrue(indices.add(a.index()), "seed=" + seed + " index reused " + a.index());
        }
        long tail = c.getTail(0, 0);
        assertTrue(c.runUntilClientsIdle(2000), "seed=" + seed);
        assertEquals(new Result.Tail(n), c.outcome(0, tail), "seed=" + seed + ": no junk without faults");
    }

    @Property(tries = 20)
    void getTailNeverGoesBackwards(@ForAll("seeds") long seed) {
        TestCluster c = new TestCluster(Config.defaults(3, 2), seed, TestCluster.Faults.lossy(0.05, 0.05), 2, false);
        RandomWorkload w = new RandomWorkload(c);
        w.crashes = true;
        long last = 0;
        try {
            for (int round = 0; round < 12; round++) {
                w.run(80);
                long id = c.getTail(1, round % 3);
                for (int k = 0; k < 400 && c.outcome(1, id) == null; k++) {
                    w.run(1);
                }
                if (c.outcome(1, id) instanceof Result.Tail t) {
                    assertTrue(t.tail() >= last, "seed=" + seed + ": tail went from " + last + " to " + t.tail());
                    last = t.tail();
                }
            }
        } catch (InvariantViolation v) {
            throw new AssertionError("seed=" + seed + " (replay with -Dseed=" + seed + "): " + v.getMessage(), v);
        }
    }
}
