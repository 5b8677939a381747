package io.ringworld.kernel.server;

import io.ringworld.kernel.Entry;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.View;
import io.ringworld.kernel.internal.LongMap;
import io.ringworld.kernel.invariant.Invariant;

/**
 * The entries a log server holds (the specs' {@code st} where it is neither empty nor unknown):
 * every held index with its view, and the payloads of the newest of them, at most
 * {@code payloadHeapBytesMax} bytes of payload (and at least the entries not yet durable); the others are read back from the server's {@link DurableState} when a read, a seal
 * reply or a repair asks for them. Without this a server's heap grew with its log until the
 * collector's full pauses (about 1 s at 600,000 entries in 1 GiB) became a bench's p99.9.
 *
 * <p>Only an entry whose Persist is confirmed leaves the heap: before that its durable state
 * may not have it yet. A payload read back that is missing, or of another view than the one
 * held, is {@link #DAMAGED}: the server makes the index unknown (the specs' ServerCorrupt),
 * never absent.
 */
final class HeldEntries {
    /** What {@link #load} returns for a held entry its durable state cannot give back intact. */
    static final Entry DAMAGED = new Entry(1, View.NONE, Payload.ofString("damaged"));

    /**
     * One held index: its view, and its entry while the payload is in the heap (null once it is
     * on disk only). Mutable so that moving a payload to disk touches no map: a put of the same
     * index or a removal marks the slot stale instead.
     */
    private static final class Slot {
        View view;
        Entry entry;
        boolean current = true;

        Slot(Entry e) {
            this.view = e.view();
            this.entry = e;
        }
    }

    private final LongMap<Slot> slots = new LongMap<>(64);
    private final DurableState durable;
    private final long inHeapBytesMax;
    private int inHeap;
    private long inHeapBytes;
    /** Puts in persist order (a ring buffer): the slot and the persist that makes it durable. */
    private Slot[] putSlot = new Slot[64];
    private long[] putPersistId = new long[64];
    private int putHead;
    private int putSize;
    private long persistConfirmed;
    /** The view of the entry last moved to disk: the views of neighbouring entries are one object. */
    private View lastView = View.NONE;
    private long movedToDisk;

    HeldEntries(DurableState durable, long inHeapBytesMax) {
        this.durable = java.util.Objects.requireNonNull(durable, "durable");
        if (!(inHeapBytesMax >= 0)) {
            throw new IllegalArgumentException("payloadHeapBytesMax must be >= 0, got " + inHeapBytesMax);
        }
        this.inHeapBytesMax = inHeapBytesMax;
    }

    /** The view of the entry held at {@code index}, or null if none is held. */
    View viewAt(long index) {
        Slot s = slots.get(index);
        return s == null ? null : s.view;
    }

    /**
     * The entry held at {@code index} with its payload (read back from disk if it left the
     * heap), null if none is held, {@link #DAMAGED} if the durable state cannot give it back.
     */
    Entry load(long index) {
        Slot s = slots.get(index);
        if (s == null || s.entry != null) {
            return s == null ? null : s.entry;
        }
        Entry read = durable.entry(index);
        if (read == null || !read.view().equals(s.view)) {
            return DAMAGED;
        }
        return read;
    }

    /** As {@link #load}, but a damaged entry is null: for status and tests, which change nothing. */
    Entry loadQuietly(long index) {
        Entry e = load(index);
        return e == DAMAGED ? null : e;
    }

    /** Holds {@code e}, made durable by Persist {@code persistId} (0: durable already, at recovery). */
    void put(Entry e, long persistId) {
        Slot slot = new Slot(e);
        forget(slots.put(e.index(), slot));
        inHeap++;
        inHeapBytes += e.payload().size();
        if (putSize == putSlot.length) {
            grow();
        }
        int tail = (putHead + putSize) % putSlot.length;
        putSlot[tail] = slot;
        putPersistId[tail] = persistId;
        putSize++;
        moveToDisk();
    }

    void remove(long index) {
        forget(slots.remove(index));
    }

    private void forget(Slot old) {
        if (old == null) {
            return;
        }
        old.current = false;
        if (old.entry != null) {
            inHeap--;
            inHeapBytes -= old.entry.payload().size();
        }
    }

    /** Every Persist up to {@code persistId} is durable: their entries may leave the heap. */
    void persistConfirmed(long persistId) {
        persistConfirmed = Math.max(persistConfirmed, persistId);
        moveToDisk();
    }

    /**
     * Drops the payloads of the oldest durable puts while more than {@code inHeapBytesMax} bytes
     * are held, and forgets puts whose slot was replaced or removed since (they would pin it).
     */
    private void moveToDisk() {
        while (putSize > 0) {
            Slot s = putSlot[putHead];
            if (s.current && (inHeapBytes <= inHeapBytesMax || putPersistId[putHead] > persistConfirmed)) {
                break;
            }
            putSlot[putHead] = null;
            putHead = (putHead + 1) % putSlot.length;
            putSize--;
            if (s.current) {
                inHeap--;
                inHeapBytes -= s.entry.payload().size();
                s.entry = null;
                if (s.view.equals(lastView)) {
                    s.view = lastView;
                } else {
                    lastView = s.view;
                }
                movedToDisk++;
            }
        }
        if (!(inHeap >= 0 && inHeap <= slots.size() && inHeapBytes >= 0 && (inHeap > 0 || inHeapBytes == 0))) {
            throw Invariant.TypeOK.violation("a log server counts " + inHeap + " payloads (" + inHeapBytes
                    + " bytes) in its heap of " + slots.size() + " entries held");
        }
    }

    private void grow() {
        Slot[] ns = new Slot[putSlot.length * 2];
        long[] np = new long[putSlot.length * 2];
        for (int k = 0; k < putSize; k++) {
            ns[k] = putSlot[(putHead + k) % putSlot.length];
            np[k] = putPersistId[(putHead + k) % putSlot.length];
        }
        putSlot = ns;
        putPersistId = np;
        putHead = 0;
    }

    /** Indices held (with their payload in the heap or on disk). */
    long size() {
        return slots.size();
    }

    /** Payloads in the heap. */
    int inHeap() {
        return inHeap;
    }

    /** Their bytes. */
    long inHeapBytes() {
        return inHeapBytes;
    }

    /** Payloads moved to disk so far (a status counter). */
    long movedToDisk() {
        return movedToDisk;
    }
}
