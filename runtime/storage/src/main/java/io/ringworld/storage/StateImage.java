package io.ringworld.storage;

import io.ringworld.kernel.View;
import io.ringworld.kernel.server.IndexRange;
import java.util.List;

/**
 * The contents of one state-file slot, with the slot's sequence: the promise, the fence, the trim
 * point, the indices recorded unknown ({@code DurableRecord.Damaged}, merged, trimmed) and whether a
 * relearn is pending (a Damaged not yet followed by a {@code DurableRecord.Relearned}).
 */
record StateImage(long sequence, View promised, View fenceView, long fenceStart, long trimPoint,
                  List<IndexRange> damaged, boolean relearnPending) {
    static final StateImage INITIAL = new StateImage(0, View.NONE, View.NONE, 1, 1, List.of(), false);

    StateImage {
        damaged = List.copyOf(damaged);
    }

    StateImage next(View promised, View fenceView, long fenceStart, long trimPoint, List<IndexRange> damaged,
                    boolean relearnPending) {
        return new StateImage(sequence + 1, promised, fenceView, fenceStart, trimPoint, damaged, relearnPending);
    }

    /** The first image of a new store: nothing to remember (cluster initialisation). */
    static StateImage fresh() {
        return INITIAL.next(View.NONE, View.NONE, 1, 1, List.of(), false);
    }

    /** The first image of a store that lost its state: every index unknown, relearn pending. */
    static StateImage lost() {
        return INITIAL.next(View.NONE, View.NONE, 1, 1, List.of(new IndexRange(1, Long.MAX_VALUE)), true);
    }
}
