package io.ringworld.kernel.sw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.Config;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.Result;
import io.ringworld.kernel.harness.TestCluster;
import io.ringworld.kernel.message.Message;
import org.junit.jupiter.api.Test;

/** FillHole racing a late write, across the whole cluster (paper section 3.2.2, DESIGN "Holes"). */
class HoleFillingTest {
    @Test
    void aDelayedAssignLosesToTheJunkFillAndTheAppendFailsDefinitely() {
        TestCluster c = new TestCluster(Config.defaults(3, 2), 3, TestCluster.Faults.none(), 1, true);
        // Assigns (sequencer to leader) are delayed (held) past the hole timeout.
        c.hold = (from, to, m) -> m instanceof Message.Assign;
        long late = c.append(0, "late", 0); // index 1, led by switch 1: an Assign
        c.run(Config.defaults(3, 2).holeTimeoutTicks() * 3);
        c.hold = (from, to, m) -> false;
        assertEquals(1, c.releaseHeld(m -> true), "the one Assign was held, and now arrives late");
        long next = c.append(0, "next", 1);
        assertTrue(c.runUntilClientsIdle(500));
        Result r = c.outcome(0, late);
        Result.Failed f = assertInstanceOf(Result.Failed.class, r, "late append: " + r);
        assertEquals(Result.FailureReason.JUNK_FILLED, f.reason());
        assertInstanceOf(Result.Appended.class, c.outcome(0, next));
        // The hole reads as junk; getTail covers it.
        long read = c.read(0, 1, 2);
        long tail = c.getTail(0, 2);
        assertTrue(c.runUntilClientsIdle(500));
        assertEquals(new Result.ReadValue(1, Payload.JUNK), c.outcome(0, read));
        assertEquals(new Result.Tail(2), c.outcome(0, tail));
    }
}
