package io.ringworld.kernel.server;

import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.View;

/**
 * One snapshot of a log server ({@link LogServer#status()}). A value; it does not change as the
 * server steps on. The entries themselves are read with {@link LogServer#entry(long)}.
 *
 * @param id                  the server
 * @param promisedView        it never again accepts a write of a lower view
 * @param promisedIncarnation the incarnation of the coordinator whose Seal, rewrite Write or Fence
 *                            it promised to, -1 if unknown (a leader's write, a recovery; with
 *                            the view, the ballot)
 * @param fenceView           the fence's view (the specs' {@code vs.v}), {@link View#NONE} if none
 * @param fenceStart          the fence's start index (the specs' {@code vs.start}), 1 if none
 * @param trimPoint           every index below it is trimmed
 * @param highestIndex        the highest index it holds or trimmed
 * @param heldReplies         replies held until a Persist is confirmed
 * @param badInputs           malformed or unexpected inputs counted and ignored
 * @param lastBadInput        the last of those, or empty
 * @param relearning          damaged or wiped and not yet relearned: it acknowledges nothing
 * @param relearnWaitingFor   while relearning, whose answers it still waits for (why it is stalled)
 * @param unknown             the indices it cannot vouch for (damaged or wiped, not stored since)
 * @param ignoredWhileRelearning writes, seals, fences, trims and view checks it ignored relearning
 * @param repaired            entries copied back from the other servers of its set
 * @param entriesHeld         indices it holds an entry of
 * @param entriesInHeap       of those, the entries whose payload is in its heap; the others are
 *                            read back from disk
 * @param payloadHeapBytes    the bytes of those payloads (at most {@code Config.payloadHeapBytesMax()}
 *                            once their persists are confirmed)
 * @param entriesMovedToDisk  payloads dropped from the heap so far (durable, read back when asked for)
 * @param damagedOnRead       entries found damaged when read back from disk (each made unknown)
 */
public record ServerStatus(
        ServerId id,
        View promisedView,
        long promisedIncarnation,
        View fenceView,
        long fenceStart,
        long trimPoint,
        long highestIndex,
        int heldReplies,
        long badInputs,
        String lastBadInput,
        boolean relearning,
        String relearnWaitingFor,
        java.util.List<IndexRange> unknown,
        long ignoredWhileRelearning,
        long repaired,
        long entriesHeld,
        int entriesInHeap,
        long payloadHeapBytes,
        long entriesMovedToDisk,
        long damagedOnRead) {
}
