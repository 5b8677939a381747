package io.ringworld.storage;

import io.ringworld.kernel.View;

/** The contents of one state-file slot: the promise, the fence and the trim point, with the slot's sequence. */
record StateImage(long sequence, View promised, View fenceView, long fenceStart, long trimPoint) {
    static final StateImage INITIAL = new StateImage(0, View.NONE, View.NONE, 1, 1);

    StateImage next(View promised, View fenceView, long fenceStart, long trimPoint) {
        return new StateImage(sequence + 1, promised, fenceView, fenceStart, trimPoint);
    }
}
