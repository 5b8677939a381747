package io.ringworld.kernel.sw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.Config;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.Result;
import io.ringworld.kernel.harness.TestCluster;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Paper section 3.2.4 (failure recovery), on a 3-switch ring with 2 replica sets. */
class ViewChangeTest {
    private static TestCluster cluster(long seed) {
        // The view change itself: its Suspects start it beside a working ring, with no pre-vote.
        return new TestCluster(Config.builder(3, 2).preVote(false).build(), seed, TestCluster.Faults.none(), 2, true);
    }

    private static List<Long> appendAll(TestCluster c, int n, String prefix, int... vias) {
        List<Long> ids = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            ids.add(c.append(0, prefix + k, vias[k % vias.length]));
        }
        return ids;
    }

    private static List<SwitchId> ring(TestCluster c, int k) {
        return c.switchAt(k).status().projection().ring();
    }

    private static void assertAllAppended(TestCluster c, List<Long> ids) {
        for (long id : ids) {
            assertInstanceOf(Result.Appended.class, c.outcome(0, id), "append #" + id + ": " + c.outcome(0, id));
        }
    }

    @Test
    void section_3_2_4_crashedSwitchIsLeftOutAndAppendsContinue() {
        TestCluster c = cluster(1);
        assertAllAppendedAfter(c, appendAll(c, 10, "before", 0, 1, 2));
        c.crashSwitch(1);
        c.run(200); // token loss / no ack -> view change without switch 1
        assertEquals(List.of(new SwitchId(0), new SwitchId(2)), ring(c, 0));
        assertEquals(ring(c, 0), ring(c, 2));
        assertTrue(c.switchAt(0).status().view().isAfter(View.INITIAL));
        assertAllAppendedAfter(c, appendAll(c, 10, "after", 0, 2));
        // The restarted switch announces itself and is added back by a later view change.
        c.restartSwitch(1);
        c.run(300);
        assertEquals(List.of(new SwitchId(0), new SwitchId(1), new SwitchId(2)), ring(c, 1));
        assertEquals(c.switchAt(0).status().view(), c.switchAt(1).status().view());
        // The client still addresses switch 1's earlier life: its first append there is refused
        // (it could be a duplicate the new life cannot recognise) and is INDETERMINATE, never
        // FAILED; the client learned the new life, and its next appends commit.
        long refused = c.append(0, "to the old life", 1);
        assertTrue(c.runUntilClientsIdle(1000));
        assertTrue(((Result.Indeterminate) c.outcome(0, refused)).reason().contains("new life of switch1"));
        assertAllAppendedAfter(c, appendAll(c, 10, "rejoined", 1));
        assertReadable(c);
    }

    private static void assertAllAppendedAfter(TestCluster c, List<Long> ids) {
        assertTrue(c.runUntilClientsIdle(1000), "operations did not finish");
        assertAllAppended(c, ids);
    }

    /** Every append that completed is read back with its payload. */
    private static void assertReadable(TestCluster c) {
        List<long[]> reads = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (var o : new ArrayList<>(c.outcomes())) {
            if (o.client().index() == 0 && o.result() instanceof Result.Appended a) {
                reads.add(new long[] {c.read(1, a.index(), (int) (a.index() % 3)), a.index()});
                expected.add(c.opKinds.get("0#" + o.requestId()).substring("append ".length()));
            }
        }
        assertTrue(c.runUntilClientsIdle(2000));
        for (int k = 0; k < reads.size(); k++) {
            Result r = c.outcome(1, reads.get(k)[0]);
            Result.ReadValue v = assertInstanceOf(Result.ReadValue.class, r, "read of " + reads.get(k)[1] + ": " + r);
            assertEquals(expected.get(k), v.payload().asString(), "index " + reads.get(k)[1]);
        }
    }

    @Test
    void crashedServerRecoversFromStableStorage() {
        TestCluster c = cluster(2);
        List<Long> first = appendAll(c, 10, "a", 0, 1, 2);
        c.run(3);
        c.crashServer(0, 1);
        c.crashServer(1, 0);
        assertAllAppendedAfter(c, first);
        c.recoverServer(0, 1);
        c.recoverServer(1, 0);
        assertTrue(c.server(0, 1).status().highestIndex() >= 0);
        // Now the other members crash: the recovered ones must form the majority.
        c.crashServer(0, 2);
        c.crashServer(1, 2);
        assertAllAppendedAfter(c, appendAll(c, 10, "b", 0, 1, 2));
        assertReadable(c);
    }

    @Test
    void concurrentCoordinatorsTheHigherViewWins() {
        TestCluster c = cluster(3);
        assertAllAppendedAfter(c, appendAll(c, 6, "pre", 0, 1, 2));
        List<Long> inFlight = appendAll(c, 6, "during", 0, 1, 2);
        c.inject(new SwitchId(0), c.switchAt(0).step(new SwitchInput.Suspect("test")));
        c.inject(new SwitchId(2), c.switchAt(2).step(new SwitchInput.Suspect("test")));
        assertEquals(new View(2, 0), c.switchAt(0).status().view());
        assertEquals(new View(2, 2), c.switchAt(2).status().view());
        c.run(300);
        View v = c.switchAt(0).status().view();
        assertTrue(!v.isBefore(new View(2, 2)), "the higher coordinator's view (or a later one) wins: " + v);
        for (int k = 0; k < 3; k++) {
            assertEquals(v, c.switchAt(k).status().view());
            assertTrue(c.switchAt(k).status().active());
        }
        assertTrue(c.runUntilClientsIdle(1000));
        // Appends caught by the view change are Appended or INDETERMINATE, never FAILED.
        for (long id : inFlight) {
            Result r = c.outcome(0, id);
            assertTrue(r instanceof Result.Appended || r instanceof Result.Indeterminate, "append #" + id + ": " + r);
        }
        assertAllAppendedAfter(c, appendAll(c, 6, "post", 0, 1, 2));
        assertReadable(c);
    }

    @Test
    void coordinatorCrashingMidViewChangeIsReplacedByAnother() {
        TestCluster c = cluster(4);
        assertAllAppendedAfter(c, appendAll(c, 6, "pre", 0, 1, 2));
        c.inject(new SwitchId(1), c.switchAt(1).step(new SwitchInput.Suspect("test")));
        c.run(1); // Seals are on the wire, some delivered
        c.crashSwitch(1);
        c.run(500);
        assertTrue(c.switchAt(0).status().active() && c.switchAt(2).status().active(), c.switchAt(0) + " " + c.switchAt(2));
        assertEquals(List.of(new SwitchId(0), new SwitchId(2)), ring(c, 0));
        assertAllAppendedAfter(c, appendAll(c, 6, "post", 0, 2));
        assertReadable(c);
    }

    @Test
    void tailNeverMovesBackAcrossAViewChange() {
        TestCluster c = cluster(5);
        appendAll(c, 15, "x", 0, 1, 2);
        c.run(4);
        long t1 = c.getTail(1, 0);
        assertTrue(c.runUntilClientsIdle(1000));
        long before = ((Result.Tail) c.outcome(1, t1)).tail();
        c.crashSwitch(2);
        c.run(300);
        long t2 = c.getTail(1, 0);
        assertTrue(c.runUntilClientsIdle(1000));
        long after = ((Result.Tail) c.outcome(1, t2)).tail();
        assertTrue(after >= before, "tail went from " + before + " to " + after);
    }
}
