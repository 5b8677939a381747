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
     * The indices this store cannot vouch for (the specs' {@code Unk}): a record found damaged,
     * torn or cut off at recovery may have held them, a wiped directory held anything (an open
     * last range, {@code last = Long.MAX_VALUE}), or a {@code DurableRecord.Damaged} recorded
     * them. Sorted and disjoint. An index in a range where {@link #entry} returns an entry is
     * known again (stored since); a damaged entry itself never reaches a client.
     */
    default java.util.List<IndexRange> unknownIndices() {
        return java.util.List.of();
    }

    /**
     * True if the server must relearn its set's promise before it acknowledges anything: damage
     * or a wipe found at this recovery, or recorded ({@code DurableRecord.Damaged}) and not yet
     * followed by a {@code DurableRecord.Relearned}. By default: any unknown index.
     */
    default boolean relearnPending() {
        return !unknownIndices().isEmpty();
    }

    /** An empty store (a brand-new server). */
    static DurableState empty() {
        return new InMemoryDurableState();
    }
}
