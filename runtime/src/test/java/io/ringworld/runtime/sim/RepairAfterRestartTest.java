package io.ringworld.runtime.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.Result;
import io.ringworld.kernel.testhooks.PlantedBug;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The line-up the real-cluster campaign found (issue 22, seed 7 under load), scripted in the
 * simulator and judged by the campaign's majority check: appends committed on two servers of a
 * set while the third was down (it never gets them: a leader resends a write only until a
 * majority has it); one of the two is wiped, relearns, and is killed before its repair copied
 * them back; it restarts, and the ring stays put (no view change, so no Seal tells it the
 * committed prefix). Its repair must still copy them back: else they are on one server of three.
 */
class RepairAfterRestartTest {
    private static final int APPENDS = 40;

    /** Runs the line-up; returns the majority check's verdict after the quiet wait. */
    private static String lineUp(PlantedBug bug) {
        SimHost host = new SimHost(1, 3, 1, bug);
        host.crashServer(0, 2);
        List<Long> acknowledged = new ArrayList<>();
        for (int k = 0; k < APPENDS; k++) {
            Result r = host.append(0, "p" + k, k % 3);
            acknowledged.add(assertInstanceOf(Result.Appended.class, r, "append " + k).index());
        }
        host.recoverServer(0, 2);
        host.runTicks(200);
        assertNull(host.shortOfAMajority(acknowledged), "on s0-0 and s0-1 before the wipe");

        host.crashServer(0, 0);
        host.wipeServer(0, 0);
        host.recoverServer(0, 0);
        assertTrue(host.serverStatus(0, 0).relearning(), "a wiped server relearns first");
        for (int t = 0; t < 2_000 && host.serverStatus(0, 0).relearning(); t++) {
            host.runTicks(1);
        }
        assertFalse(host.serverStatus(0, 0).relearning(), "relearned within 2,000 ticks");
        long repairedBeforeKill = host.serverStatus(0, 0).repaired();
        host.crashServer(0, 0); // before its repair copied the 40 back
        host.recoverServer(0, 0);
        assertFalse(host.serverStatus(0, 0).relearning(), "Relearned was recorded: no relearn after the restart");
        assertTrue(repairedBeforeKill < APPENDS, "killed before the repair was done: " + repairedBeforeKill);

        long viewChanges = host.viewChanges();
        host.runTicks(3_000);
        assertEquals(viewChanges, host.viewChanges(), "the ring stayed put: no Seal told the server anything");
        return host.shortOfAMajority(acknowledged);
    }

    @Test
    void aServerKilledAfterItsRelearnStillRepairsWhileTheRingStaysPut() {
        assertNull(lineUp(PlantedBug.NONE));
    }

    @Test
    void thePlantedForgetCommittedAtRestartLeavesEntriesOnOneServerAndTheCheckSaysSo() {
        String verdict = lineUp(PlantedBug.FORGET_COMMITTED_AT_RESTART);
        assertNotNull(verdict, "the majority check saw nothing");
        assertTrue(verdict.contains("acknowledged appends are not held by a majority of their replica set")
                && verdict.contains("(1 of 3)"), verdict);
    }
}
