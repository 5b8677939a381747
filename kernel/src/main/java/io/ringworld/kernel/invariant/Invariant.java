package io.ringworld.kernel.invariant;

/**
 * The invariants of docs/protocol-names.md, with exactly the names the TLA+ specs use.
 */
public enum Invariant {
    /** Every variable has a well-formed value (bounds of queues, bitmaps, indices). */
    TypeOK,
    /** No index is assigned twice in one view (and no two payloads are written at one (index, view)). */
    UniqueAssignment,
    /** At most one token per view. */
    OneTokenPerView,
    /** An index is committed only when a majority of its replica set stored it in one view. */
    CommitNeedsMajority,
    /** No two different payloads are ever committed at one index. */
    Agreement,
    /** A committed entry keeps its payload through every later view. */
    CommittedStable,
    /** A read returns the committed payload, junk or Trimmed. */
    ReadCommitted,
    /** getTail returns at least the index of every append completed before it was called. */
    TailCoversCompleted,
    /** getTail never goes backwards. */
    TailMonotonic;

    /** Throws {@link InvariantViolation} naming this invariant unless {@code holds}. */
    public void check(boolean holds, String detail) {
        if (!holds) {
            throw new InvariantViolation(this, detail);
        }
    }

    /** A violation of this invariant, to throw. */
    public InvariantViolation violation(String detail) {
        return new InvariantViolation(this, detail);
    }
}
