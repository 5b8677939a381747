package io.ringworld.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code ringworld scenario switch-cut}: exit 0 when the bound holds, 1 when it churns, 2 on bad arguments. */
class ScenarioCommandTest {
    @Test
    void theSwitchCutHoldsItsBoundWithThePreVoteAndChurnsWithout() {
        CliRun on = CliRun.of("scenario", "switch-cut", "--ticks", "5000");
        assertEquals(0, on.exit(), on.out());
        assertTrue(on.out().startsWith("pre-vote on: switch 2 cut off from the ring"), on.out());
        assertTrue(on.out().contains("bound (at most 2 view changes, every append through the ring committed, the cut"
                + " switch back after the heal): held"), on.out());
        CliRun off = CliRun.of("scenario", "switch-cut", "--ticks", "5000", "--no-pre-vote");
        assertEquals(1, off.exit(), off.out());
        assertTrue(off.out().contains("NOT held"), off.out());
        assertEquals(2, CliRun.of("scenario", "no-such-scenario").exit());
    }
}
