package io.ringworld.kernel.testhooks;

/**
 * Bugs a test or a fault campaign can switch on to prove that the invariant checks and
 * properties catch them, set through {@link TestHooks}. Production nodes use {@link TestHooks#NONE}.
 */
public enum PlantedBug {
    /** No bug. */
    NONE,
    /** A leader commits an index on the first server acknowledgement instead of a majority. */
    COMMIT_ON_ONE_ACK,
    /**
     * A leader counts acknowledgements, not acknowledging servers: a duplicated WriteAck (the
     * network may deliver any message twice) commits an index one server holds. Caught by the
     * conformance replay's duplicate stutter steps.
     */
    COUNT_DUPLICATE_ACKS,
    /**
     * A view-change coordinator skips phase 1: it does not wait for a majority of seal replies
     * of every replica set and chooses from whatever it has heard (junk elsewhere).
     */
    SKIP_SEAL,
    /**
     * A view-change coordinator ignores the servers' fences (the specs' NoFence): it adopts an
     * entry a switch left behind in an older view wrote after a newer view sealed, at an index
     * the newer view handed out (sw.FenceTest).
     */
    NO_FENCE,
    /** A log server accepts writes of a view below its promised view. */
    IGNORE_PROMISE,
    /** getTail answers with the token's h at once, without waiting for the committed prefix. */
    TAIL_WITHOUT_COMMIT,
    /**
     * getTail and read NotYet answer without confirming with a majority of replica set 0 that no
     * later view sealed their view (the specs' NoTailViewCheck): a switch cut off from a view
     * change answers from a stale token.
     */
    NO_TAIL_VIEW_CHECK,
    /**
     * Trim skips its first round: servers trim at once, before the ring members learned the
     * pending trim, so another switch still sends reads of trimmed indices to the servers, and a
     * replica that missed the trim serves a payload after the trim completed (ReadCommitted).
     */
    TRIM_ONE_ROUND,
    /**
     * A spec/kernel mismatch for conformance tests: a token visit skips FoldCommit, so the
     * token's committed prefix {@code c} never advances (getTail never returns, the spec's
     * {@code c} and the kernel's diverge at the first visit after a commit).
     */
    SKIP_COMMIT_FOLD,
    /**
     * A switch forgets a getTail whose view check confirmed without answering it, once its h is
     * 1 or more: the client waits until it times out. No safety property fails; caught by the
     * conformance replay's end-of-behaviour check (every getTail the spec answered has its kernel
     * answer), which the per-step compare cannot do (it lets the kernel lag by a check's round
     * trip).
     */
    FORGET_CONFIRMED_TAIL,
    /**
     * A leader's hole timer junk-fills one expired hole per tick, not every hole of the token
     * visit whose timer expired. No safety property fails (a hole is filled a tick later); the
     * fill-latency bound HoleFilledInTime catches it (TLA+ FillHole fills a visit's holes in one
     * step, finding F11).
     */
    FILL_ONE_HOLE_PER_TICK,
    /**
     * A switch answers Trimmed for a read below its pending trim point, before that trim is done
     * (it must answer Retry: the trim may still be in round 1, and a later read may get the
     * payload). Caught by trace validation (a read answered Trimmed must be below a done trim) and,
     * when a later read of the index gets the payload, by ReadCommitted (campaign probes).
     */
    EAGER_TRIMMED,
    /**
     * ChooseEntries starts the new view right above the committed prefix, ignoring the indices
     * the seal replies showed: the new view would hand out indices the old one already assigned.
     * Caught by the coordinator's own assertion ChooseAboveSeen.
     */
    START_AT_COMMITTED,
    /**
     * A coordinator installs once its rewrites are on a majority, without waiting for the fence
     * (specs README, Findings 4). Caught by the coordinator's own assertion InstallNeedsQuorum.
     */
    INSTALL_WITHOUT_FENCE,
    /**
     * A trim is done as soon as one replica set has a majority of acks (a quorum of one set taken
     * for all, the specs' QuorumOneSet in the trim). Caught by Trims' assertion TrimDoneNeedsQuorum.
     */
    TRIM_DONE_ON_ONE_SET,
    /**
     * A switch redirects a read of a committed index to the servers without looking at its
     * pending trim point (it must answer ReadRetry: the servers may be trimming). Caught by
     * Queries' assertion RedirectAboveTrim.
     */
    REDIRECT_BELOW_PENDING_TRIM,
    /**
     * Written after the simulator's steering work (issue 17) to test that work, not tuned for:
     * a log server's seal reply leaves out its highest entry (an off-by-one in the loop over its
     * entries), so a coordinator may choose junk for an index a majority holds.
     */
    SEAL_REPLY_SKIPS_HIGHEST,
    /**
     * Written after the steering work (issue 17): after a view change, the first ring member
     * mints the new view's token one index low ({@code start - 2}), so the new view hands out an
     * index the view change already rewrote or that is committed. (As first written it also
     * minted the boot token low, which the switch's own check caught at boot, in every seed
     * with no fault: the boot view is exempt so that only a view change shows it.)
     */
    MINT_ONE_LOW,
    /**
     * Written after the steering work (issue 17): a log server acknowledges a write before it is
     * durable (the fsync bug): a crash that loses the write can lose an acknowledged append.
     */
    ACK_BEFORE_PERSIST,
    /**
     * Issue 19 (the specs' UnknownAsEmpty): a coordinator counts an index a server reported
     * unknown (damaged or wiped) as one that server never held, so it may choose junk for a
     * committed index whose only other copy is on a server outside its seal replies.
     */
    UNKNOWN_AS_EMPTY,
    /**
     * Issue 19 (the specs' AckBeforeRelearn): a damaged or wiped server acknowledges writes,
     * seals, fences and trims before it has relearned its set's promise.
     */
    ACK_BEFORE_RELEARN,
    /**
     * Issue 19 (the specs' SealFirstPage): a coordinator counts a server's paged seal reply on
     * its first page, as if it were the whole reply: the entries on later pages are chosen as junk.
     */
    SEAL_FIRST_PAGE,
    /**
     * Issue 21 (log servers keep only the newest payloads in their heaps; the specs'
     * DamageAsAbsent): an entry that fails its checksum when read back from disk is treated as
     * absent, not unknown, and the server goes on vouching: its seal reply leaves a committed
     * entry out, and a coordinator may fill the index with junk.
     */
    DAMAGE_READ_AS_ABSENT,
    /**
     * Issue 19 (the specs' AdmitLeads): a switch admitted without a view change (AdmitSwitch)
     * leads indices in that view: the leader map is taken over {@code ring ++ joined}, so an
     * index handed out before the admission gets a second leader, which junk-fills it over the
     * first one's write in the same view (UniqueAssignment, CommittedStable).
     */
    ADMIT_LEADS,
    /**
     * Issue 22 (found by the real-cluster campaign, seed 7 under load): a server that relearned in
     * an earlier life and restarts with indices still unknown does not ask the switches for the
     * committed prefix again. Its repair copies nothing until the next view change's Seal, which a
     * stable ring never sends, so committed entries stay on one server of three (a host's check
     * that every acknowledged append is on a majority of its set; no kernel invariant sees it).
     */
    FORGET_COMMITTED_AT_RESTART
}
