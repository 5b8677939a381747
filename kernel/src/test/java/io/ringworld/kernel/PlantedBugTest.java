package io.ringworld.kernel;

import io.ringworld.kernel.testhooks.PlantedBug;
import io.ringworld.kernel.testhooks.TestHooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.harness.TestCluster;
import io.ringworld.kernel.message.Message;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Each planted bug makes the random-schedule property fail (on the same fixed seeds the property
 * would draw), naming the invariant it breaks; with no bug the same seeds pass.
 */
class PlantedBugTest {
    /**
     * 30: since the minted token is passed to the minter (one more hop), seeds 1..20 no longer
     * catch IGNORE_PROMISE; 1..22 do. 60: since AdmitSwitch admits a restarted switch without a
     * view change, the random schedules change view less often and seeds 1..45 no longer catch
     * IGNORE_PROMISE (a write of a stale view needs a view change to be stale); 1..60 do. 120:
     * since the first ring member tells replica set 0 RingAlive at the install (conformance
     * finding F18), seeds 1..100 no longer catch IGNORE_PROMISE; 1..120 do.
     */
    private static final int SEEDS = Integer.getInteger("plantedSeeds", 120);

    private static List<String> failures(PlantedBug bug) {
        List<String> out = new ArrayList<>();
        for (long seed = 1; seed <= SEEDS; seed++) {
            try {
                RandomSchedulePropertiesTest.runFaulty(Config.defaults(3, 2), TestHooks.planting(bug), seed,
                        RandomSchedulePropertiesTest.TICKS);
            } catch (AssertionError e) {
                out.add(e.getMessage());
            }
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({
        "COMMIT_ON_ONE_ACK, CommitNeedsMajority",
        "SKIP_SEAL, ChooseNeedsSealQuorum",
        "IGNORE_PROMISE, CommittedStable|Agreement",
        "TAIL_WITHOUT_COMMIT, TailMonotonic",
        // The handlers' own assertions (docs/protocol-names.md, kernel assertions):
        "START_AT_COMMITTED, ChooseAboveSeen",
        "INSTALL_WITHOUT_FENCE, InstallNeedsQuorum",
        "TRIM_DONE_ON_ONE_SET, TrimDoneNeedsQuorum",
        "REDIRECT_BELOW_PENDING_TRIM, RedirectAboveTrim",
        // AdmitSwitch: a restarted switch admitted without a view change must lead nothing. The
        // second leader junk-fills an index the first wrote in the same view: 54 of seeds 1..60
        // fail, 53 on CommittedStable or UniqueAssignment; seed 18 trips the token's TypeOK check
        // first (the moved leader map moves the first member's commit index above h too).
        "ADMIT_LEADS, UniqueAssignment|CommittedStable|TypeOK|CommitNeedsMajority"
    })
    void plantedBugBreaksTheRandomScheduleProperty(PlantedBug bug, String invariants) {
        List<String> failed = failures(bug);
        assertTrue(!failed.isEmpty(), bug + " was not caught on seeds 1.." + SEEDS);
        for (String f : failed) {
            assertTrue(f.matches("(?s)seed=\\d+ \\(replay with -Dseed=\\d+\\): (" + invariants + ") violated: .*"),
                    bug + " failed for another reason: " + f);
        }
    }

    @Test
    void withoutABugTheSameSeedsPass() {
        assertEquals(List.of(), failures(PlantedBug.NONE));
    }

    @Test
    void countDuplicateAcksIsCaughtWhenTheNetworkDuplicatesAnAck() {
        Config config = Config.defaults(1, 1);
        var sw = io.ringworld.kernel.sw.Switch.booting(new SwitchId(0), config,
                TestHooks.planting(PlantedBug.COUNT_DUPLICATE_ACKS));
        Message token = null;
        for (Effect e : sw.start().toList()) {
            if (e instanceof Effect.Send send && send.message() instanceof Message.Token) {
                token = send.message(); // a ring of one passes the minted token to itself
            }
        }
        sw.deliver(new Message.AppendRequest(new ClientId(1), 1, Payload.ofString("x")));
        sw.deliver(token); // sequences the append at index 1: writes go to the replica set
        View v = sw.status().projection().view();
        var ack = new Message.WriteAck(v, 1, new ServerId(0, 0), true, v);
        sw.deliver(ack); // one server of three: no majority
        var e = org.junit.jupiter.api.Assertions.assertThrows(io.ringworld.kernel.invariant.InvariantViolation.class,
                () -> sw.deliver(ack)); // the network delivers the same ack again
        assertEquals(io.ringworld.kernel.invariant.Invariant.CommitNeedsMajority, e.invariant());
    }

    @Test
    void withoutTheBugADuplicatedAckDoesNotCommit() {
        var sw = io.ringworld.kernel.sw.Switch.booting(new SwitchId(0), Config.defaults(1, 1));
        Message token = null;
        for (Effect e : sw.start().toList()) {
            if (e instanceof Effect.Send send && send.message() instanceof Message.Token) {
                token = send.message();
            }
        }
        sw.deliver(new Message.AppendRequest(new ClientId(1), 1, Payload.ofString("x")));
        sw.deliver(token);
        View v = sw.status().projection().view();
        var ack = new Message.WriteAck(v, 1, new ServerId(0, 0), true, v);
        sw.deliver(ack);
        sw.deliver(ack);
        assertEquals(0, sw.status().commitIndex());
    }

    @Test
    void commitOnOneAckIsCaughtWithoutAnyFault() {
        TestCluster c = new TestCluster(Config.defaults(3, 2), TestHooks.planting(PlantedBug.COMMIT_ON_ONE_ACK), 5,
                TestCluster.Faults.none(), 1, false);
        c.append(0, "x", 0);
        var e = org.junit.jupiter.api.Assertions.assertThrows(io.ringworld.kernel.invariant.InvariantViolation.class,
                () -> c.runUntilClientsIdle(100));
        assertEquals(io.ringworld.kernel.invariant.Invariant.CommitNeedsMajority, e.invariant());
    }
}
