package io.ringworld.kernel.server;

import io.ringworld.kernel.DurableRecord;
import io.ringworld.kernel.Entry;
import io.ringworld.kernel.View;
import java.util.HashMap;
import java.util.List;

/**
 * A durable state held in memory: what a simulated disk or a test keeps. No I/O; a host with a
 * real disk implements {@link DurableState} itself (or replays its file into one of these).
 */
public final class InMemoryDurableState implements DurableState {
    private final HashMap<Long, Entry> entries = new HashMap<>();
    private View promised = View.NONE;
    private View fenceView = View.NONE;
    private long fenceStart = 1;
    private long trimPoint = 1;
    private long highestIndex;
    private final UnknownIndices unknown = new UnknownIndices();
    private boolean relearnPending;

    /** An empty store (a server created by cluster initialisation: nothing to remember). */
    public InMemoryDurableState() {
    }

    /**
     * The store of a server whose directory is empty in an initialised cluster: it lost its
     * state, so every index is unknown and it must relearn (docs/design.md).
     */
    public static InMemoryDurableState lostState() {
        InMemoryDurableState s = new InMemoryDurableState();
        s.markUnknown(new IndexRange(1, Long.MAX_VALUE));
        return s;
    }

    /**
     * A host's recovery found the records that held {@code range} damaged: their entries are
     * gone and the indices unknown, and the server must relearn before it acknowledges.
     */
    public void markUnknown(IndexRange range) {
        for (long i = Math.max(range.first(), trimPoint); i <= Math.min(range.last(), highestIndex); i++) {
            entries.remove(i);
        }
        unknown.add(range);
        unknown.trimBelow(trimPoint);
        relearnPending = true;
    }

    /** Applies the records of one Persist effect, in order. */
    public void apply(List<DurableRecord> records) {
        for (DurableRecord r : records) {
            apply(r);
        }
    }

    public void apply(DurableRecord r) {
        if (r instanceof DurableRecord.PutEntry p) {
            long i = p.entry().index();
            if (i >= trimPoint) {
                entries.put(i, p.entry());
                highestIndex = Math.max(highestIndex, i);
            }
        } else if (r instanceof DurableRecord.Promise p) {
            if (p.view().isAfter(promised)) {
                promised = p.view();
            }
        } else if (r instanceof DurableRecord.Fence f) {
            if (f.view().isAfter(fenceView)) {
                fenceView = f.view();
                fenceStart = f.start();
            }
        } else if (r instanceof DurableRecord.TrimTo t) {
            if (t.prefix() > trimPoint) {
                for (long i = trimPoint; i < t.prefix() && i <= highestIndex; i++) {
                    entries.remove(i);
                }
                trimPoint = t.prefix();
                unknown.trimBelow(trimPoint);
            }
        } else if (r instanceof DurableRecord.Damaged d) {
            unknown.addAll(d.unknown());
            unknown.trimBelow(trimPoint);
            relearnPending = true;
        } else if (r instanceof DurableRecord.Relearned) {
            relearnPending = false;
        }
    }

    /** An independent copy (for example, the disk as it was at a crash). */
    public InMemoryDurableState copy() {
        InMemoryDurableState c = new InMemoryDurableState();
        c.entries.putAll(entries);
        c.promised = promised;
        c.fenceView = fenceView;
        c.fenceStart = fenceStart;
        c.trimPoint = trimPoint;
        c.highestIndex = highestIndex;
        c.unknown.addAll(unknown.ranges());
        c.relearnPending = relearnPending;
        return c;
    }

    @Override
    public View promisedView() {
        return promised;
    }

    @Override
    public View fenceView() {
        return fenceView;
    }

    @Override
    public long fenceStart() {
        return fenceStart;
    }

    @Override
    public long trimPoint() {
        return trimPoint;
    }

    @Override
    public long highestIndex() {
        return highestIndex;
    }

    @Override
    public Entry entry(long index) {
        return index < trimPoint ? null : entries.get(index);
    }

    @Override
    public java.util.List<IndexRange> unknownIndices() {
        return unknown.ranges();
    }

    @Override
    public boolean relearnPending() {
        return relearnPending;
    }

    /** Number of entries stored. */
    public int size() {
        return entries.size();
    }
}
