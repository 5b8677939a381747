package io.ringworld.kernel;

/** Switch number {@code index} of the static configuration, {@code 0 <= index < switchCount}. */
public record SwitchId(int index) implements NodeId, Comparable<SwitchId> {
    public SwitchId {
        if (index < 0) {
            throw new IllegalArgumentException("switch index must be >= 0, got " + index);
        }
    }

    @Override
    public int compareTo(SwitchId other) {
        return Integer.compare(index, other.index);
    }

    // Written out (same values as the generated ones): ids are compared on every step.
    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof SwitchId s && s.index == index);
    }

    @Override
    public int hashCode() {
        return index;
    }

    @Override
    public String toString() {
        return "switch" + index;
    }
}
