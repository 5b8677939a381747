package io.ringworld.kernel.sw;

import io.ringworld.kernel.testhooks.TestHooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.Config;
import io.ringworld.kernel.testhooks.PlantedBug;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.Result;
import io.ringworld.kernel.harness.TestCluster;
import io.ringworld.kernel.invariant.Invariant;
import io.ringworld.kernel.invariant.InvariantViolation;
import io.ringworld.kernel.message.Message;
import org.junit.jupiter.api.Test;

/**
 * GetTailReturn's view check (ViewConfirmed): a switch cut off from a view change still holds
 * a token of the old view. Answering a getTail from it would return a tail below one the new
 * view already returned (TailMonotonic, TailCoversCompleted).
 */
class StaleTailTest {
    private static final SwitchId S2 = new SwitchId(2);

    private record Run(Result staleTail, TestCluster cluster) {
    }

    /** Returns the outcome of a getTail at switch 2 fed the old view's token after a view change without it. */
    private static Run staleTokenScenario(TestHooks hooks) {
        // Successors are suspected fast, a lost token only late: switch 2 stays active in the old view.
        // No pre-vote: the scenario is a view change beside an old ring whose token still goes round
        // (switch 2's), which the pre-vote exists to refuse.
        TestCluster c = new TestCluster(Config.builder(3, 1)
                .suspectTimeoutTicks(20).tokenLossTimeoutTicks(400).viewChangeTimeoutTicks(80).preVote(false).build(), hooks, 11,
                TestCluster.Faults.none(), 2, true);
        for (int k = 0; k < 5; k++) {
            c.append(0, "old" + k, k % 3);
        }
        assertTrue(c.runUntilClientsIdle(500));
        c.run(20);
        // Cut switch 2 off from the other switches (not from servers and clients) at a moment it
        // does not hold the token: the token gets stuck on its way to switch 2.
        while (c.switchAt(2).sequencing.holdsToken()) {
            c.runTick();
        }
        c.hold = (from, to, m) -> !from.equals(to) && (to.equals(S2) && from instanceof SwitchId
                || from.equals(S2) && to instanceof SwitchId);
        c.run(200); // switch 1 suspects switch 2; a view change leaves switch 2 out
        assertEquals(java.util.List.of(new SwitchId(0), new SwitchId(1)), c.switchAt(0).status().projection().ring());
        for (int k = 0; k < 5; k++) {
            c.append(0, "new" + k, k % 2);
        }
        assertTrue(c.runUntilClientsIdle(500));
        long t1 = c.getTail(0, 0);
        assertTrue(c.runUntilClientsIdle(500));
        assertEquals(new Result.Tail(10), c.outcome(0, t1));
        // A getTail at the cut-off switch, then the old view's token reaches it.
        long t2 = c.getTail(1, 2);
        c.run(3);
        c.hold = (from, to, m) -> to.equals(S2) && (m instanceof Message.Seal || m instanceof Message.Install);
        assertTrue(c.releaseHeld(m -> m instanceof Message.Token) > 0, "the old token was held");
        c.run(30);
        return new Run(c.outcome(1, t2), c);
    }

    @Test
    void withTheViewCheckTheStaleSwitchAnswersNothing() {
        Run run = staleTokenScenario(TestHooks.NONE);
        Result r = run.staleTail();
        assertTrue(r == null || r instanceof Result.Tail t && t.tail() >= 10, "stale tail: " + r);
        Switch s2 = run.cluster().switchAt(2);
        assertTrue(!s2.status().active() && s2.status().view().isAfter(io.ringworld.kernel.View.INITIAL),
                "the view check told switch 2 its view is stale: " + s2);
    }

    @Test
    void plantedNoTailViewCheckIsCaught() {
        InvariantViolation v = assertThrows(InvariantViolation.class,
                () -> staleTokenScenario(TestHooks.planting(PlantedBug.NO_TAIL_VIEW_CHECK)));
        assertTrue(v.invariant() == Invariant.TailCoversCompleted || v.invariant() == Invariant.TailMonotonic,
                v.getMessage());
    }
}
