/**
 * Invariant checks, always on. {@link io.ringworld.kernel.invariant.Invariant} lists the names of
 * docs/protocol-names.md. Node-local invariants (a commit needs a majority bitmap, a server never
 * accepts a view below its promise, a client's tails never decrease, a switch never hands out an
 * index twice) are checked inside each role's step. Global ones (UniqueAssignment across nodes,
 * OneTokenPerView, CommitNeedsMajority against what servers acknowledged, Agreement,
 * CommittedStable, ReadCommitted, TailCoversCompleted, TailMonotonic across clients) are checked by
 * {@link io.ringworld.kernel.invariant.ClusterInvariants}, which a host feeds the effects of every
 * step. Contract: a violation throws {@link io.ringworld.kernel.invariant.InvariantViolation}
 * naming the invariant; checks never change protocol state.
 */
package io.ringworld.kernel.invariant;
