package io.ringworld.kernel.invariant;

/**
 * The invariants of docs/protocol-names.md: first those the TLA+ specs check, with exactly their
 * names; then the kernel's own assertions where the protocol is hardest (view change, trims,
 * reads), each a local condition the specs state as a guard of the action it protects.
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
    TailMonotonic,
    /**
     * No view adopts an entry that a later view's fence declared never committed: once a view's
     * fence {@code (w, start)} is on a majority of every replica set, a payload written at an
     * index {@code >= start} in a view below {@code w} is never written again in a view above
     * {@code w} (the specs' {@code Valid} in Choose; checked from the outside, on ghost state).
     */
    FencedNeverAdopted,

    // ---- kernel assertions (the spec's guards, checked where the kernel decides)

    /** ChooseEntries: a coordinator chooses only with seal replies from a majority of every replica set. */
    ChooseNeedsSealQuorum,
    /**
     * ChooseEntries: the new view starts above every index a seal reply, a switch or the committed
     * prefix showed, and at or above the highest fence's start; rewrites start above the
     * committed prefix and end below the start.
     */
    ChooseAboveSeen,
    /** InstallView: a coordinator installs only when the fence and every rewrite are on a majority of every replica set. */
    InstallNeedsQuorum,
    /** Trim: a trim is done only after its round 1 and with acks of a majority of every replica set in its round-2 view. */
    TrimDoneNeedsQuorum,
    /** ReadRequest: a switch redirects a read to the servers only while active, at or above its pending trim point. */
    RedirectAboveTrim,
    /**
     * FillHole: when a token visit's hole timer expires, every hole of that visit is filled in the
     * same tick (the specs' HoleMarks): no hole waits longer than {@code holeTimeoutTicks}.
     */
    HoleFilledInTime;

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
