package io.ringworld.kernel;

import io.ringworld.kernel.testhooks.PlantedBug;
import io.ringworld.kernel.testhooks.TestHooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.Result;
import io.ringworld.kernel.harness.TestCluster;
import io.ringworld.kernel.invariant.Invariant;
import io.ringworld.kernel.invariant.InvariantViolation;
import io.ringworld.kernel.message.Message;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Paper section 3.2 (Trim), made linearizable: round 1 teaches every ring member the pending
 * trim (via the token) before any server trims; round 2 trims the servers; once done, switches
 * answer Trimmed themselves, so a replica that missed the trim never serves a trimmed index.
 */
class TrimTest {
    /** Clients retry slowly, so a redirected read stays with its servers while a trim runs. */
    private static final Config SLOW_CLIENTS = Config.builder(3, 2)
            .clientAppendTimeoutTicks(1000).clientRetryTicks(100).clientReadTimeoutTicks(1000)
            .clientGetTailTimeoutTicks(1000).clientTrimTimeoutTicks(1000).build();

    private static TestCluster clusterWithTenEntries(Config config) {
        return clusterWithTenEntries(config, TestHooks.NONE);
    }

    private static TestCluster clusterWithTenEntries(Config config, TestHooks hooks) {
        TestCluster c = new TestCluster(config, hooks, 7, TestCluster.Faults.none(), 2, true);
        for (int k = 1; k <= 10; k++) {
            c.append(0, "t" + k, k % 3);
        }
        assertTrue(c.runUntilClientsIdle(500));
        c.run(30); // the committed prefix travels around the ring
        return c;
    }

    /** Member 2 of every replica set never gets a ServerTrim (lost each time). */
    private static boolean trimToMember2(NodeId to, Message m) {
        return m instanceof Message.ServerTrim && to instanceof ServerId s && s.member() == 2;
    }

    @Test
    void section_3_2_afterTrimReplyEverySwitchAnswersTrimmedEvenWhenAReplicaMissedTheTrim() {
        TestCluster c = clusterWithTenEntries(Config.defaults(3, 2));
        List<Integer> serverReadsBelowTrim = new ArrayList<>();
        c.hold = (from, to, m) -> {
            if (m instanceof Message.ServerRead r && r.index() < 6) {
                serverReadsBelowTrim.add((int) r.index());
            }
            return trimToMember2(to, m);
        };
        long trim = c.trim(1, 6, 0);
        assertTrue(c.runUntilClientsIdle(500));
        assertEquals(new Result.TrimDone(6), c.outcome(1, trim));
        assertEquals(1, c.server(0, 2).status().trimPoint(), "member 2 missed the trim");
        assertEquals(1, c.server(1, 2).status().trimPoint(), "member 2 missed the trim");
        // At once, before the done trim point went around the ring: through every switch.
        List<long[]> reads = new ArrayList<>();
        for (int via = 0; via < 3; via++) {
            for (long i = 1; i < 6; i++) {
                reads.add(new long[] {i, c.read(1, i, via)});
            }
        }
        assertTrue(c.runUntilClientsIdle(500));
        for (long[] r : reads) {
            assertEquals(new Result.ReadTrimmed(r[0]), c.outcome(1, r[1]), "read of index " + r[0]);
        }
        assertEquals(List.of(), serverReadsBelowTrim, "no read of a trimmed index went to a server");
        long kept = c.read(1, 6, 2);
        assertTrue(c.runUntilClientsIdle(500));
        assertEquals(c.invariants.chosen(6), assertInstanceOf(Result.ReadValue.class, c.outcome(1, kept)).payload());
    }

    @Test
    void section_3_2_withoutRoundOneAReplicaThatMissedTheTrimServesATrimmedIndex() {
        TestCluster c = clusterWithTenEntries(Config.defaults(3, 2), TestHooks.planting(PlantedBug.TRIM_ONE_ROUND));
        // Switch1 hears nothing from the ring meanwhile (its token is late, well within the
        // suspicion timeout), and the client's first two replicas do not answer.
        c.hold = (from, to, m) -> trimToMember2(to, m) || (m instanceof Message.Token && to.equals(new SwitchId(1)))
                || (m instanceof Message.ServerRead && to instanceof ServerId s && s.member() != 2);
        long trim = c.trim(1, 6, 0);
        for (int t = 0; t < 100 && c.outcome(1, trim) == null; t++) {
            c.runTick();
        }
        assertEquals(new Result.TrimDone(6), c.outcome(1, trim));
        c.read(1, 3, 1); // switch1 never heard of the trim: it redirects to the servers
        InvariantViolation v = assertThrows(InvariantViolation.class, () -> c.runUntilClientsIdle(500));
        assertEquals(Invariant.ReadCommitted, v.invariant());
    }

    @Test
    void section_3_2_aReadRedirectedBeforeTheTrimMayStillReturnThePayload() {
        TestCluster c = clusterWithTenEntries(SLOW_CLIENTS);
        boolean[] holdReads = {true};
        c.hold = (from, to, m) -> trimToMember2(to, m) || (holdReads[0] && m instanceof Message.ServerRead);
        long early = c.read(0, 3, 1);
        for (int t = 0; t < 10; t++) {
            c.runTick(); // switch1 redirects; the client's ServerRead to member 0 is held
        }
        long trim = c.trim(1, 6, 0);
        for (int t = 0; t < 60 && c.outcome(1, trim) == null; t++) {
            c.runTick();
        }
        assertEquals(new Result.TrimDone(6), c.outcome(1, trim));
        holdReads[0] = false;
        c.releaseHeld(m -> m instanceof Message.ServerRead);
        assertTrue(c.runUntilClientsIdle(1000));
        // Members 0 and 1 answer TRIMMED (not final for a client); member 2 missed the trim.
        Result r = c.outcome(0, early);
        assertEquals(c.invariants.chosen(3), assertInstanceOf(Result.ReadValue.class, r, "got " + r).payload(),
                "the read linearizes at its redirect, before the trim");
        long late = c.read(0, 3, 1);
        assertTrue(c.runUntilClientsIdle(1000));
        assertEquals(new Result.ReadTrimmed(3), c.outcome(0, late));
    }

    @Test
    void section_3_2_serversTrimOnlyAfterEveryRingMemberLearnedThePendingTrim() {
        TestCluster c = clusterWithTenEntries(Config.defaults(3, 2));
        long[] firstServerTrimTick = {-1};
        long[] learnedByAllTick = {-1};
        c.hold = (from, to, m) -> {
            if (m instanceof Message.ServerTrim && firstServerTrimTick[0] < 0) {
                firstServerTrimTick[0] = c.tick();
                for (int k = 0; k < 3; k++) {
                    assertEquals(6, c.switchAt(k).status().trimPending(), "switch" + k + " at the first ServerTrim");
                }
            }
            return false;
        };
        long trim = c.trim(1, 6, 2);
        assertTrue(c.runUntilClientsIdle(500));
        assertEquals(new Result.TrimDone(6), c.outcome(1, trim));
        assertTrue(firstServerTrimTick[0] > 0);
        c.run(30);
        for (int k = 0; k < 3; k++) {
            assertEquals(6, c.switchAt(k).status().trimDone(), "the done trim point went around the ring");
        }
    }

    @Test
    void section_3_2_aTrimBeyondTheCommittedPrefixWaitsAndTrimsExactlyWhatWasAsked() {
        TestCluster c = clusterWithTenEntries(Config.defaults(3, 2));
        long trim = c.trim(1, 13, 0);
        c.run(40);
        assertEquals(null, c.outcome(1, trim), "indices 11 and 12 are not committed yet");
        c.append(0, "t11", 1);
        c.append(0, "t12", 2);
        assertTrue(c.runUntilClientsIdle(500));
        assertEquals(new Result.TrimDone(13), c.outcome(1, trim), "SharedLog's trim(p) trims every index below p");
    }

    /**
     * Switch.openTrims (read by the trace recorder): a client trim shows until it is done, started
     * once round 1 put it on a token; one whose prefix is never known committed is never started
     * and is dropped at its timeout (clientTrimTimeoutTicks), answered by no TrimReply.
     */
    @Test
    void openTrimsShowATrimUntilItIsDoneAndDropOneNeverStartedAtItsTimeout() {
        // Without RingAlive messages: the one-tick check below reads the schedule it was written for.
        TestCluster c = clusterWithTenEntries(Config.builder(3, 2).preVote(false).build());
        assertEquals(List.of(), c.switchAt(0).status().openTrims());
        long done = c.trim(1, 4, 0);
        c.run(1);
        assertEquals(List.of(new io.ringworld.kernel.sw.SwitchStatus.OpenTrim(4, true, false)), c.switchAt(0).status().openTrims(),
                "taken, not yet on a token");
        assertTrue(c.runUntilClientsIdle(500));
        assertEquals(new Result.TrimDone(4), c.outcome(1, done));
        assertEquals(List.of(), c.switchAt(0).status().openTrims(), "done: no longer open");

        long never = c.trim(1, 50, 0);                 // index 49 is never appended, never committed
        c.run(50);
        assertEquals(List.of(new io.ringworld.kernel.sw.SwitchStatus.OpenTrim(50, true, false)), c.switchAt(0).status().openTrims());
        c.run(Config.defaults(3, 2).clientTrimTimeoutTicks());
        assertEquals(List.of(), c.switchAt(0).status().openTrims(), "dropped at its timeout, never started");
        assertInstanceOf(Result.Indeterminate.class, c.outcome(1, never));
    }
}
