package io.ringworld.kernel.server;

import io.ringworld.kernel.invariant.Invariant;
import java.util.ArrayList;
import java.util.List;

/**
 * The index ranges a log server cannot vouch for (the specs' {@code Unk}): sorted, disjoint and
 * not adjacent. An index in a range is unknown only while no entry is held there: storing an
 * entry makes it known, so ranges are never split (the caller asks {@link #covers} and checks
 * its entries). Trimming drops what is below the trim point.
 *
 * <p>At most {@link #RANGES_MAX} ranges: past that the two closest are merged, which only makes
 * more indices unknown (a coordinator then waits for more vouching replies, never chooses less
 * safely), and bounds what a seal reply carries.
 */
final class UnknownIndices {
    static final int RANGES_MAX = 64;

    private final ArrayList<IndexRange> ranges = new ArrayList<>();

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    List<IndexRange> ranges() {
        return List.copyOf(ranges);
    }

    void addAll(List<IndexRange> more) {
        for (IndexRange r : more) {
            add(r);
        }
    }

    void add(IndexRange r) {
        long first = r.first();
        long last = r.last();
        ArrayList<IndexRange> out = new ArrayList<>(ranges.size() + 1);
        boolean placed = false;
        for (IndexRange q : ranges) {
            if (q.last() != Long.MAX_VALUE && q.last() + 1 < first) {
                out.add(q); // wholly before, not adjacent
            } else if (last != Long.MAX_VALUE && last + 1 < q.first()) {
                if (!placed) {
                    out.add(new IndexRange(first, last));
                    placed = true;
                }
                out.add(q); // wholly after
            } else {
                first = Math.min(first, q.first()); // overlapping or adjacent: merge
                last = Math.max(last, q.last());
            }
        }
        if (!placed) {
            out.add(new IndexRange(first, last));
        }
        ranges.clear();
        ranges.addAll(out);
        while (ranges.size() > RANGES_MAX) {
            mergeClosest();
        }
        check();
    }

    private void mergeClosest() {
        int best = 0;
        long bestGap = Long.MAX_VALUE;
        for (int k = 0; k + 1 < ranges.size(); k++) {
            long gap = ranges.get(k + 1).first() - ranges.get(k).last();
            if (gap < bestGap) {
                bestGap = gap;
                best = k;
            }
        }
        IndexRange merged = new IndexRange(ranges.get(best).first(), ranges.get(best + 1).last());
        ranges.set(best, merged);
        ranges.remove(best + 1);
    }

    /** Every index below {@code trimPoint} is trimmed: nothing there is unknown any more. */
    void trimBelow(long trimPoint) {
        ArrayList<IndexRange> out = new ArrayList<>(ranges.size());
        for (IndexRange q : ranges) {
            if (q.last() >= trimPoint) {
                out.add(new IndexRange(Math.max(q.first(), trimPoint), q.last()));
            }
        }
        ranges.clear();
        ranges.addAll(out);
    }

    /** True if {@code index} lies in a range (it is unknown unless an entry is held there). */
    boolean covers(long index) {
        for (IndexRange q : ranges) {
            if (q.contains(index)) {
                return true;
            }
            if (q.first() > index) {
                return false;
            }
        }
        return false;
    }

    private void check() {
        for (int k = 0; k + 1 < ranges.size(); k++) {
            IndexRange a = ranges.get(k);
            IndexRange b = ranges.get(k + 1);
            if (!(a.last() != Long.MAX_VALUE && a.last() + 1 < b.first())) {
                throw Invariant.TypeOK.violation("unknown index ranges " + ranges + " not sorted and disjoint");
            }
        }
    }
}
