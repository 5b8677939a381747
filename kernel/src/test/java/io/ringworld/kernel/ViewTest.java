package io.ringworld.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** View numbers: the ballots of view change, ordered by (epoch, coordinator). */
class ViewTest {
    @Test
    void nextForIsTheSmallestViewAboveTheSeenOneThatTheCoordinatorOwns() {
        View seen = new View(3, 1);
        assertEquals(new View(3, 2), View.nextFor(seen, 2), "a higher coordinator: the same epoch");
        assertEquals(new View(4, 1), View.nextFor(seen, 1), "the seen view's own coordinator: the next epoch");
        assertEquals(new View(4, 0), View.nextFor(seen, 0), "a lower coordinator: the next epoch");
        for (int self = 0; self < 4; self++) {
            View next = View.nextFor(seen, self);
            assertTrue(next.isAfter(seen) && next.coordinator() == self, "above what was seen, owned by " + self);
            for (View between = seen; !between.equals(next); between = new View(between.epoch() + (between.coordinator() == 3 ? 1 : 0),
                    (between.coordinator() + 1) % 4)) {
                assertTrue(between.equals(seen) || between.coordinator() != self, "skipped " + between + " that " + self + " owns");
            }
        }
    }

    @Test
    void theBootEpochBelongsToTheBootViewAlone() {
        // No Seal ever promised the boot view: a switch that restarted and saw nothing must not
        // pick it, nor a view beside it in its epoch.
        assertEquals(new View(2, 0), View.nextFor(View.NONE, 0));
        assertEquals(new View(2, 1), View.nextFor(View.NONE, 1));
        assertEquals(new View(2, 1), View.nextFor(View.INITIAL, 1), "not v1.1");
        assertEquals(new View(2, 0), View.nextFor(View.INITIAL, 0));
    }
}
