package io.ringworld.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.Result;
import io.ringworld.kernel.harness.TestCluster;
import io.ringworld.kernel.message.Message;
import org.junit.jupiter.api.Test;

/**
 * A trim point a coordinator sees only on a server (a round 2 that reached a minority) is not
 * done: declared done at install, switches answered Trimmed for it, and a later view whose seal
 * quorum missed that server served the trimmed index again (Trimmed, then a payload).
 */
class TrimAcrossViewChangesTest {

    private static boolean serverTrimTo(NodeId to, Message m, int member) {
        return m instanceof Message.ServerTrim && to instanceof ServerId s && s.member() == member;
    }

    private static boolean sealTo(NodeId to, Message m, int member) {
        return m instanceof Message.Seal && to instanceof ServerId s && s.member() == member;
    }

    private static void crashAndRestartEverySwitch(TestCluster c) {
        for (int k = 0; k < 3; k++) {
            c.crashSwitch(k);
        }
        for (int k = 0; k < 3; k++) {
            c.restartSwitch(k);
        }
    }

    /** Every switch crashes and restarts; seals to {@code sealHeldFrom} are held; then a read of 1. */
    private static Result readIndexOneInANewView(TestCluster c, int sealHeldFrom) {
        crashAndRestartEverySwitch(c);
        c.hold = (from, to, m) -> serverTrimTo(to, m, 1) || serverTrimTo(to, m, 2) || sealTo(to, m, sealHeldFrom);
        c.run(400);
        long read = c.read(1, 1, 1);
        assertTrue(c.runUntilClientsIdle(500));
        return c.outcome(1, read);
    }

    @Test
    void aTrimPointOnlyAServerReportsIsNeverAnsweredTrimmedBeforeItIsDone() {
        TestCluster c = new TestCluster(Config.defaults(3, 2), 7, TestCluster.Faults.none(), 2, false);
        for (int k = 1; k <= 10; k++) {
            c.append(0, "t" + k, k % 3);
        }
        assertTrue(c.runUntilClientsIdle(500));
        c.run(30);
        // Round 2 reaches member 0 of each replica set only.
        c.hold = (from, to, m) -> serverTrimTo(to, m, 1) || serverTrimTo(to, m, 2);
        c.trim(1, 6, 0);
        c.run(60);
        assertEquals(6, c.server(0, 0).status().trimPoint(), "member 0 trimmed");
        assertEquals(1, c.server(0, 1).status().trimPoint(), "member 1 did not");
        // Every switch forgets; the next view's seal quorum includes member 0 (seals to member 2
        // held), then every switch forgets again and the next quorum misses member 0.
        Result r1 = readIndexOneInANewView(c, 2);
        Result r2 = readIndexOneInANewView(c, 0);
        assertTrue(!(r1 instanceof Result.ReadTrimmed) || r2 instanceof Result.ReadTrimmed,
                "index 1 was answered " + r1 + ", then " + r2 + ": a trim point came back");
    }
}
