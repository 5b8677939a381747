package io.ringworld.kernel.invariant;

/**
 * Thrown when a step breaks an invariant. The message starts with the invariant's name, so a
 * failing run says at once which property of the specs the kernel broke.
 */
public final class InvariantViolation extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Invariant invariant;

    public InvariantViolation(Invariant invariant, String detail) {
        super(invariant.name() + " violated: " + detail);
        this.invariant = invariant;
    }

    public Invariant invariant() {
        return invariant;
    }
}
