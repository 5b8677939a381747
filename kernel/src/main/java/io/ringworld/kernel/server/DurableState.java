package io.ringworld.kernel.server;

import io.ringworld.kernel.Entry;
import io.ringworld.kernel.View;

/**
 * A log server's stable storage as the kernel sees it on recovery. The host owns it: it applies
 * the records of every {@code Effect.Persist} in order (see {@link InMemoryDurableState#apply})
 * and, after a crash, builds a new {@link LogServer} from what survived.
 */
public interface DurableState {
    /** The highest view promised, {@link View#NONE} if none. */
    View promisedView();

    /** The view of the latest fence applied (the specs' {@code vs.v}), {@link View#NONE} if none. */
    View fenceView();

    /** The start index of {@link #fenceView()} (the specs' {@code vs.start}), 1 if none. */
    long fenceStart();

    /** Every index below this is trimmed (1 if nothing is). */
    long trimPoint();

    /** The highest index stored, 0 if none. */
    long highestIndex();

    /** The entry at {@code index}, or null if absent or trimmed. */
    Entry entry(long index);

    /**
     * The indices this store cannot vouch for: a record found damaged, torn or cut off at
     * recovery may have held them, so they are neither held nor known to be empty. Sorted and
     * disjoint; empty for a store with no damage (and for every in-memory store). {@link #entry}
     * returns null for them: a damaged entry never reaches a client. What the protocol does with
     * them (learning the promise from a majority, repair) is the protocol's next step; today the
     * kernel sees such an index as absent.
     */
    default java.util.List<IndexRange> unknownIndices() {
        return java.util.List.of();
    }

    /** An empty store (a brand-new server). */
    static DurableState empty() {
        return new InMemoryDurableState();
    }
}
