package io.ringworld.storage;

import io.ringworld.kernel.server.IndexRange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Index-range lists as the store keeps its unknown indices: sorted, disjoint, not adjacent (the
 * kernel's UnknownIndices keeps the same shape). Pure functions.
 */
final class Ranges {
    /**
     * At most this many ranges are recorded in the state file (the kernel's own bound): past it
     * the two closest are merged, which only makes more indices unknown.
     */
    static final int RECORDED_MAX = 64;

    private Ranges() {
    }

    /** The union of {@code a} and {@code b}, sorted and merged (overlapping or adjacent ranges join). */
    static List<IndexRange> union(List<IndexRange> a, List<IndexRange> b) {
        List<IndexRange> all = new ArrayList<>(a.size() + b.size());
        all.addAll(a);
        all.addAll(b);
        all.sort(Comparator.comparingLong(IndexRange::first));
        List<IndexRange> out = new ArrayList<>(all.size());
        for (IndexRange r : all) {
            IndexRange last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && (last.last() == Long.MAX_VALUE || r.first() <= last.last() + 1)) {
                out.set(out.size() - 1, new IndexRange(last.first(), Math.max(last.last(), r.last())));
            } else {
                out.add(r);
            }
        }
        return out;
    }

    /** {@code ranges} without the indices below {@code trimPoint}. */
    static List<IndexRange> trimBelow(List<IndexRange> ranges, long trimPoint) {
        List<IndexRange> out = new ArrayList<>(ranges.size());
        for (IndexRange r : ranges) {
            if (r.last() >= trimPoint) {
                out.add(r.first() >= trimPoint ? r : new IndexRange(trimPoint, r.last()));
            }
        }
        return out;
    }

    /** {@code ranges} (sorted, disjoint) with the closest neighbours merged until at most {@code max} are left. */
    static List<IndexRange> bound(List<IndexRange> ranges, int max) {
        List<IndexRange> out = new ArrayList<>(ranges);
        while (out.size() > max) {
            int best = 0;
            long bestGap = Long.MAX_VALUE;
            for (int k = 0; k + 1 < out.size(); k++) {
                long gap = out.get(k + 1).first() - out.get(k).last();
                if (gap < bestGap) {
                    bestGap = gap;
                    best = k;
                }
            }
            out.set(best, new IndexRange(out.get(best).first(), out.get(best + 1).last()));
            out.remove(best + 1);
        }
        return out;
    }

    /** True if every index of {@code r} lies in some range of {@code ranges} (sorted, merged). */
    static boolean covers(List<IndexRange> ranges, IndexRange r) {
        for (IndexRange q : ranges) {
            if (q.first() <= r.first() && r.last() <= q.last()) {
                return true;
            }
        }
        return false;
    }
}
