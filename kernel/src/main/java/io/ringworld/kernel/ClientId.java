package io.ringworld.kernel;

/** Client number {@code index}. */
public record ClientId(int index) implements NodeId {
    public ClientId {
        if (index < 0) {
            throw new IllegalArgumentException("client index must be >= 0, got " + index);
        }
    }

    // Written out (same values as the generated ones): ids are compared on every step.
    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof ClientId c && c.index == index);
    }

    @Override
    public int hashCode() {
        return index;
    }

    @Override
    public String toString() {
        return "client" + index;
    }
}
