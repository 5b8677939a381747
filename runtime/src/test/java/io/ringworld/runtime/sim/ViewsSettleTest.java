package io.ringworld.runtime.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The campaign's bounded {@code ViewsSettle} (issue 19, item 3): after every fault healed, at
 * most {@code SETTLE_VIEW_CHANGES_MAX} view changes, and every switch ends active in one view.
 * The check is a violation of the run; it can fail (below), and real runs pass it.
 */
class ViewsSettleTest {
    private static final String[] ONE_VIEW = {"v7.2", "v7.2", "v7.2"};
    private static final boolean[] ALL_ACTIVE = {true, true, true};

    @Test
    void churnAfterTheHealIsAViolation() {
        String why = Simulation.unsettled(Simulation.SETTLE_VIEW_CHANGES_MAX + 1, Simulation.SETTLE_VIEW_CHANGES_MAX,
                ONE_VIEW, ALL_ACTIVE);
        assertTrue(why != null && why.contains("view changes after everything healed"), why);
        assertNull(Simulation.unsettled(Simulation.SETTLE_VIEW_CHANGES_MAX, Simulation.SETTLE_VIEW_CHANGES_MAX,
                ONE_VIEW, ALL_ACTIVE));
    }

    @Test
    void aSwitchLeftOutOrInAnotherViewAtTheEndIsAViolation() {
        String out = Simulation.unsettled(0, 4, ONE_VIEW, new boolean[] {true, false, true});
        assertTrue(out != null && out.contains("switch1 is not active"), out);
        String other = Simulation.unsettled(0, 4, new String[] {"v7.2", "v7.2", "v6.1"}, ALL_ACTIVE);
        assertTrue(other != null && other.contains("switch2 is active in v6.1"), other);
    }

    @Test
    void realRunsSettle() {
        SimConfig config = SimConfig.defaults();
        for (long seed : List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L)) {
            RunResult r = Simulation.run(seed, config, null);
            assertEquals(List.of(), r.violations(), "seed " + seed);
        }
    }
}
