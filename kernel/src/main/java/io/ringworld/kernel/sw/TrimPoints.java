package io.ringworld.kernel.sw;

import io.ringworld.kernel.invariant.Invariant;

/**
 * The two trim points a switch knows, as one value wherever they travel (the token's
 * {@code trimPending}/{@code trimDone}, a seal reply, an Install, the coordinator, the switch):
 * {@code done}, below which every index is trimmed and a switch answers Trimmed; {@code pending},
 * below which a trim may be in progress and a switch answers ReadRetry, never a redirect. Both
 * only grow, and a done trim is also pending: {@code 1 <= done <= pending}.
 */
record TrimPoints(long pending, long done) {
    /** No trim: every index from 1 is readable. */
    static final TrimPoints NONE = new TrimPoints(1, 1);

    TrimPoints {
        if (!(done >= 1 && pending >= done)) {
            throw Invariant.TypeOK.violation("trim points: pending " + pending + ", done " + done
                    + " (need 1 <= done <= pending)");
        }
    }

    /** What a message says: a pending point below its done point is raised to it. */
    static TrimPoints of(long pending, long done) {
        long d = Math.max(1, done);
        return new TrimPoints(Math.max(pending, d), d);
    }

    /** Both points raised to at least {@code other}'s: what a switch learns never lowers them. */
    TrimPoints merge(TrimPoints other) {
        if (other.pending <= pending && other.done <= done) {
            return this;
        }
        long d = Math.max(done, other.done);
        return new TrimPoints(Math.max(Math.max(pending, other.pending), d), d);
    }

    /** The same done point, pending raised to at least {@code prefix}. */
    TrimPoints pendingAtLeast(long prefix) {
        return prefix <= pending ? this : new TrimPoints(prefix, done);
    }
}
