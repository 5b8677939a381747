package io.ringworld.kernel;

import java.util.List;
import java.util.Objects;

/**
 * What a view installs: the ring (ordered live switches), the projection of indices onto replica
 * sets ({@code i -> i mod replicaSetCount}) and the start index. Within the view, the leader of
 * index {@code i >= start} is the ring member at position {@code i mod ring.size()}; every index
 * {@code < start} was committed (or filled with junk) by the view change that installed it.
 */
public record Projection(View view, List<SwitchId> ring, int replicaSetCount, long start) {
    public Projection {
        Objects.requireNonNull(view, "view");
        ring = List.copyOf(ring);
        if (ring.isEmpty()) {
            throw new IllegalArgumentException("a projection needs a non-empty ring");
        }
        if (replicaSetCount < 1) {
            throw new IllegalArgumentException("replicaSetCount must be >= 1, got " + replicaSetCount);
        }
        if (start < 1) {
            throw new IllegalArgumentException("start index must be >= 1, got " + start);
        }
        if (ring.stream().distinct().count() != ring.size()) {
            throw new IllegalArgumentException("ring has a duplicate switch: " + ring);
        }
    }

    /** The ring member that leads index {@code i} (replicates it) in this view. */
    public SwitchId leaderOf(long index) {
        return ring.get((int) Math.floorMod(index, (long) ring.size()));
    }

    /** The replica set that stores index {@code i}. */
    public int replicaSetOf(long index) {
        return (int) Math.floorMod(index, (long) replicaSetCount);
    }

    /** Position of {@code s} in the ring, or -1 if it is not a member. */
    public int positionOf(SwitchId s) {
        return ring.indexOf(s);
    }

    public boolean contains(SwitchId s) {
        return ring.contains(s);
    }

    /** The ring member after {@code s} (the token goes there next). */
    public SwitchId successorOf(SwitchId s) {
        int p = positionOf(s);
        if (p < 0) {
            throw new IllegalArgumentException(s + " is not in the ring " + ring);
        }
        return ring.get((p + 1) % ring.size());
    }

    /** The ring member before {@code s} (the token comes from there). */
    public SwitchId predecessorOf(SwitchId s) {
        int p = positionOf(s);
        if (p < 0) {
            throw new IllegalArgumentException(s + " is not in the ring " + ring);
        }
        return ring.get((p - 1 + ring.size()) % ring.size());
    }

    /** The ring member that mints the token of this view. */
    public SwitchId first() {
        return ring.get(0);
    }
}
