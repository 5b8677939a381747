package io.ringworld.kernel;

/**
 * A view number: the ballot of view change. Views are totally ordered by {@code (epoch,
 * coordinator)}, so two coordinators never pick the same view. {@link #NONE} is below every view
 * a coordinator can pick (a fresh server has promised nothing).
 */
public record View(long epoch, int coordinator) implements Comparable<View> {
    /** Below every real view. */
    public static final View NONE = new View(0, -1);
    /** The view a cluster boots in (installed by the static configuration). */
    public static final View INITIAL = new View(1, 0);

    public View {
        if (epoch < 0) {
            throw new IllegalArgumentException("view epoch must be >= 0, got " + epoch);
        }
    }

    @Override
    public int compareTo(View other) {
        int byEpoch = Long.compare(epoch, other.epoch);
        return byEpoch != 0 ? byEpoch : Integer.compare(coordinator, other.coordinator);
    }

    public boolean isAfter(View other) {
        return compareTo(other) > 0;
    }

    public boolean isBefore(View other) {
        return compareTo(other) < 0;
    }

    /**
     * The smallest view above {@code seen} that coordinator {@code self} owns, outside the boot
     * epoch: that belongs to {@link #INITIAL}, which no Seal ever promised (a switch that
     * restarted knows nothing, and must not pick it). Smallest, not the next epoch: the spec's
     * StartViewChange picks so, and with three switches "the next epoch" ordered two concurrent
     * view changes otherwise than the spec did (conformance finding F13).
     */
    public static View nextFor(View seen, int self) {
        if (seen.epoch <= INITIAL.epoch) {
            return new View(INITIAL.epoch + 1, self);
        }
        return self > seen.coordinator ? new View(seen.epoch, self) : new View(seen.epoch + 1, self);
    }

    // Written out (same values as the generated ones): views are compared on every step.
    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof View v && v.epoch == epoch && v.coordinator == coordinator);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(epoch) * 31 + coordinator;
    }

    @Override
    public String toString() {
        return "v" + epoch + "." + coordinator;
    }
}
