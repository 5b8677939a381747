package io.ringworld.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.harness.TestCluster;
import io.ringworld.kernel.invariant.Invariant;
import io.ringworld.kernel.invariant.InvariantViolation;
import io.ringworld.kernel.sw.SwitchStatus;
import io.ringworld.kernel.testhooks.PlantedBug;
import io.ringworld.kernel.testhooks.TestHooks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, item 3 (ii), on a 3-switch cluster with the pre-vote (the default): a restarted
 * switch comes back through AdmitSwitch, in the view the ring works in, not through a view
 * change; the next view change makes it a ring member (and a leader) through its seal reply.
 */
class AdmitSwitchClusterTest {
    private static final SwitchId S0 = new SwitchId(0);
    private static final SwitchId S1 = new SwitchId(1);
    private static final SwitchId S2 = new SwitchId(2);

    /** Switch 2 crashed and the ring went on as 0, 1 in a later view; returns that view. */
    private static View ringWithoutSwitch2(TestCluster c) {
        c.append(0, "boot", 0);
        assertTrue(c.runUntilClientsIdle(500));
        c.crashSwitch(2);
        c.run(600);
        SwitchStatus s0 = c.switchAt(0).status();
        assertEquals(List.of(S0, S1), s0.projection().ring(), "the view change left switch 2 out");
        return s0.view();
    }

    @Test
    void aRestartedSwitchIsAdmittedWithoutAViewChangeAndAppendsThroughItCommit() {
        TestCluster c = new TestCluster(Config.defaults(3, 2), 11, TestCluster.Faults.none(), 2, false);
        View v = ringWithoutSwitch2(c);
        c.restartSwitch(2);
        c.run(200);
        for (int k = 0; k < 3; k++) {
            SwitchStatus st = c.switchAt(k).status();
            assertTrue(st.active(), st.toString());
            assertEquals(v, st.view(), "switch" + k + ": no view change for the rejoin");
            assertEquals(List.of(S0, S1), st.projection().ring(), "the view's ring leads");
            assertEquals(List.of(S2), st.joined(), "switch" + k + " knows the token goes round 0, 1, 2");
        }
        List<Long> ids = new ArrayList<>();
        for (int k = 0; k < 12; k++) {
            ids.add(c.append(0, "after" + k, k % 3));
        }
        assertTrue(c.runUntilClientsIdle(2000));
        for (long id : ids) {
            Result r = c.outcome(0, id);
            // The first append through switch 2 went to its earlier life: refused, indeterminate.
            assertTrue(r instanceof Result.Appended || r instanceof Result.Indeterminate, "append #" + id + ": " + r);
        }
        SwitchStatus s2 = c.switchAt(2).status();
        assertEquals(s2.projection().start() - 1, s2.commitIndex(), "the joiner leads nothing in the view");
        assertEquals(v, c.switchAt(0).status().view(), "still no view change");

        // The next view change (switch 1 crashes) takes switch 2 through its seal reply.
        c.crashSwitch(1);
        c.run(800);
        SwitchStatus after = c.switchAt(0).status();
        assertTrue(after.view().isAfter(v));
        assertEquals(List.of(S0, S2), after.projection().ring(), "the joiner is a ring member, a leader");
        assertEquals(List.of(), after.joined());
        long id = c.append(0, "led by 2", 2); // client 0 knows switch 2's life
        assertTrue(c.runUntilClientsIdle(1000));
        assertInstanceOf(Result.Appended.class, c.outcome(0, id));
    }

    /** The specs' AdmitLeads: a joiner that leads moves the leader of indices already handed out. */
    @Test
    void admitLeadsIsCaughtWhenAppendsAreInFlightAtTheAdmission() {
        TestCluster c = new TestCluster(Config.defaults(3, 2), TestHooks.planting(PlantedBug.ADMIT_LEADS), 11,
                TestCluster.Faults.none(), 2, false);
        ringWithoutSwitch2(c);
        c.restartSwitch(2);
        InvariantViolation e = assertThrows(InvariantViolation.class, () -> {
            for (int k = 0; k < 400; k++) {
                c.append(k % 2, "during" + k, k % 2);
                c.run(1);
            }
            c.runUntilClientsIdle(2000);
        });
        assertTrue(e.invariant() == Invariant.UniqueAssignment || e.invariant() == Invariant.CommittedStable,
                e.getMessage());
    }
}
