package io.ringworld.kernel.sw;

import io.ringworld.kernel.testhooks.TestHooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.Config;
import io.ringworld.kernel.Entry;
import io.ringworld.kernel.testhooks.PlantedBug;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.Result;
import io.ringworld.kernel.harness.TestCluster;
import io.ringworld.kernel.message.Message;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fence (specs README, Findings 2 and 4): a switch left behind in an old view can write an
 * old-view entry, after a newer view sealed, to the one server outside that view's seal quorum,
 * at an index the newer view hands out. A later view that sees that entry but not the newer
 * view's must not adopt it. Played on 2 switches and one replica set a1, a2, a3 (servers
 * 0.0, 0.1, 0.2); switch 0 coordinates, switch 1 is left behind in the boot view.
 */
class FenceTest {
    private static final SwitchId S0 = new SwitchId(0);
    private static final SwitchId S1 = new SwitchId(1);
    private static final ServerId A1 = new ServerId(0, 0);
    private static final ServerId A2 = new ServerId(0, 1);
    private static final ServerId A3 = new ServerId(0, 2);

    @Test
    void laterViewDoesNotAdoptAStaleEntryWrittenAtOrAboveTheFencedViewsStart() {
        TestCluster c = leftBehindSwitchScenario(TestHooks.NONE);
        View v2 = c.switchAt(0).status().view();
        Entry at1 = c.server(0, 0).entry(1);
        assertTrue(at1 == null || !at1.payload().asString().equals("B"),
                v2 + " adopted B (written in " + View.INITIAL + " by a left-behind switch after the next view"
                        + " started at 1) at index 1 on a1: " + at1 + "; B sits before C at index 2,"
                        + " although C completed before B was invoked (not linearizable)");
        assertTrue(at1.payload().isJunk() && at1.view().equals(v2), "index 1 is junk in " + v2 + ": " + at1);
        assertEquals("C", c.server(0, 0).entry(2).payload().asString());
    }

    @Test
    void plantedNoFenceAdoptsTheStaleEntryAndTheGhostCheckCatchesIt() {
        // The rewrite of B in the later view breaks FencedNeverAdopted (ClusterInvariants) the
        // moment it is sent, before any history could show B out of order.
        io.ringworld.kernel.invariant.InvariantViolation v = org.junit.jupiter.api.Assertions.assertThrows(
                io.ringworld.kernel.invariant.InvariantViolation.class,
                () -> leftBehindSwitchScenario(TestHooks.planting(PlantedBug.NO_FENCE)));
        assertEquals(io.ringworld.kernel.invariant.Invariant.FencedNeverAdopted, v.invariant());
        assertTrue(v.getMessage().contains("'B'"), v.getMessage());
    }

    /** Plays the scenario; returns the cluster once the second view change after the boot view installed. */
    private static TestCluster leftBehindSwitchScenario(TestHooks hooks) {
        // Failure detection only when the test asks for it (Suspect); view changes finish fast.
        TestCluster c = new TestCluster(Config.builder(2, 1)
                .suspectTimeoutTicks(5000).tokenLossTimeoutTicks(5000).viewChangeTimeoutTicks(80)
                // No pre-vote: the test's Suspects start view changes beside a ring that works.
                .preVote(false).build(), hooks, 7,
                TestCluster.Faults.none(), 2, true);
        // From now on the boot token switch 0 passes to switch 1 is held (released later).
        c.hold = (from, to, m) -> from.equals(S0) && to.equals(S1) && m instanceof Message.Token;
        c.run(5);

        // View 1 (switch 0): its Seal to switch 1 and everything it sends to a3 are lost.
        c.hold = (from, to, m) -> from.equals(S0) && (to.equals(A3) || to.equals(S1));
        c.inject(S0, c.switchAt(0).step(new SwitchInput.Suspect("test")));
        View v1 = c.switchAt(0).status().view();
        c.run(40); // a1, a2 promise; the seal grace passes; ring {switch 0}
        assertTrue(c.switchAt(0).status().active(), "view 1 installed: " + c.switchAt(0));
        assertEquals(List.of(S0), c.switchAt(0).status().projection().ring());
        assertEquals(1, c.switchAt(0).status().projection().start());
        assertTrue(c.server(0, 2).status().promisedView().isBefore(v1), "a3 never heard of view 1");
        // Nothing to rewrite, yet view 1 was installed only with its fence on a1 and a2.
        assertEquals(v1, c.server(0, 0).status().fenceView());
        assertEquals(v1, c.server(0, 1).status().fenceView());
        assertEquals(1, c.server(0, 0).status().fenceStart());

        // Append A gets index 1 in view 1 but reaches a2 only; append C gets index 2 and completes.
        c.hold = (from, to, m) -> from.equals(S0) && (to.equals(A3) || to.equals(S1)
                || to.equals(A1) && m instanceof Message.Write w && w.index() == 1);
        c.append(0, "A", 0);
        c.run(5);
        long appendC = c.append(0, "C", 0);
        // Until C completes (about 10 ticks; the exact tick depends on the disks' random delays).
        for (int k = 0; k < 30 && c.outcome(0, appendC) == null; k++) {
            c.run(1);
        }
        Result.Appended doneC = assertInstanceOf(Result.Appended.class, c.outcome(0, appendC));
        assertEquals(2, doneC.index());

        // Append B, invoked after C completed, at switch 1, which still holds the boot view and
        // now gets the boot token: B takes index 1 in the boot view and reaches a3 only.
        c.append(1, "B", 1);
        c.run(1);
        assertTrue(c.releaseHeld(m -> m instanceof Message.Token t && t.view().equals(View.INITIAL)) > 0);
        c.run(10);
        Entry stale = c.server(0, 2).entry(1);
        assertNotNull(stale, "the left-behind switch wrote index 1 to a3");
        assertEquals("B", stale.payload().asString());
        assertEquals(View.INITIAL, stale.view());

        // View 2 (switch 0) seals a1 and a3 only (its Seal to a2 is lost).
        c.hold = (from, to, m) -> from.equals(S0) && to.equals(A2) && m instanceof Message.Seal;
        c.inject(S0, c.switchAt(0).step(new SwitchInput.Suspect("test")));
        View v2 = c.switchAt(0).status().view();
        c.run(40);
        assertTrue(c.switchAt(0).status().active() && c.switchAt(0).status().view().equals(v2), "view 2 installed: " + c.switchAt(0));
        return c;
    }
}
