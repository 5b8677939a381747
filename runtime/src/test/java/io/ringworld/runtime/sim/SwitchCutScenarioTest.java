package io.ringworld.runtime.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Issue 19, item 3: a switch cut off from the ring but not from the servers for 20,000 ticks.
 * With the pre-vote the view changes stay bounded and appends keep committing; without it the
 * same run churns (which is what makes the first test able to fail).
 */
class SwitchCutScenarioTest {
    private static final long CUT_TICKS = 20_000;

    @Test
    void withThePreVoteTheCutSwitchCannotChurnTheRingAndAppendsKeepCommitting() {
        SwitchCutScenario.Outcome o = SwitchCutScenario.run(1, true, CUT_TICKS);
        System.out.println("pre-vote on:  " + o.summary());
        assertTrue(o.viewChangesAfterCut() <= 2, "view changes during the cut must stay bounded: " + o.summary());
        assertEquals(o.appendsTried(), o.appendsCommitted(), "every append through the ring commits: " + o.summary());
        assertTrue(o.appendsTried() >= CUT_TICKS / SwitchCutScenario.APPEND_EVERY_TICKS / 2, o.summary());
        assertTrue(o.preVoteRefused() > 0, "the cut switch kept asking and was refused: " + o.summary());
        // AdmitSwitch: once the cut heals, the ring's first member admits it, no view change.
        assertTrue(o.rejoined(), o.summary());
        assertEquals(0, o.viewChangesAfterHeal(), "admitted without a view change: " + o.summary());
    }

    @Test
    void withoutThePreVoteTheSameCutChurns() {
        SwitchCutScenario.Outcome o = SwitchCutScenario.run(1, false, CUT_TICKS);
        System.out.println("pre-vote off: " + o.summary());
        assertTrue(o.viewChangesAfterCut() > 10, "the cut switch takes the ring down again and again: " + o.summary());
    }
}
