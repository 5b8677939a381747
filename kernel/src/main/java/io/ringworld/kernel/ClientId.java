package io.ringworld.kernel;

/** Client number {@code index}. */
public record ClientId(int index) implements NodeId {
    public ClientId {
        if (index < 0) {
            throw new IllegalArgumentException("client index must be >= 0, got " + index);
        }
    }

    @Override
    public String toString() {
        return "client" + index;
    }
}
