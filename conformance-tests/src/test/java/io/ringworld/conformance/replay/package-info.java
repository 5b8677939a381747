/**
 * Issue 6 parts 1 and 3: the specs drive the kernel.
 *
 * <p>{@link io.ringworld.conformance.replay.SpecReplayTest}: TLC {@code -simulate} (fixed seeds,
 * {@code -Dseed=S} for one) generates behaviours of RingWorld.tla under
 * specs/tla/RingWorld_replay.cfg; {@link io.ringworld.conformance.replay.KernelReplayer} maps
 * every step (by its {@code action} label) to kernel inputs and compares the kernel's state with
 * the spec's after every step (servers' promise and entries, switches' installed view, promise,
 * ring, start and commit index, append outcomes, the token's h and c). A divergence names the
 * behaviour, the step, the action with its parameters and the variable.
 * {@link io.ringworld.conformance.replay.ReplayCoverageReport} prints the kernel's on* handler
 * branch coverage reached by the replay (JaCoCo, see the module pom).
 *
 * <p>Documented spec/kernel differences (findings; a behaviour that reaches one stops there and is
 * counted, it is not a pass):
 * <ul>
 *   <li>F1: the kernel's new view starts above the highest token h any sealed switch saw (and
 *       junk-fills up to it); the spec's ChooseEntries starts above the highest index held by a
 *       server, so it hands an index out again that the kernel junks. Both are safe; the spec
 *       needs the switches' highest h in its seal replies to match.</li>
 *   <li>F2: the spec's ServerRewrite raises the server's promise even when nothing is chosen;
 *       the kernel sends no rewrite then and leaves an unsealed server's promise lower.</li>
 *   <li>F3: the kernel fixes the new ring when it chooses (the switches that answered by then);
 *       the spec when the coordinator installs.</li>
 *   <li>F4: the kernel's coordinator seals itself in onSuspect; the spec's coordinator keeps
 *       sequencing and replicating in its old view until its own SwitchSeal step. The replayer
 *       defers onSuspect to the first step of that view change; old-view work or an install of
 *       an older view after that stops here, as does a deferred start that picks a later epoch.</li>
 *   <li>F5: the kernel's coordinator abandons its view change once a higher view seals it (or a
 *       server refuses naming one); the spec's coordinator goes on to ChooseEntries.</li>
 *   <li>F6: with nothing to rewrite the kernel's coordinator installs at once when it chooses;
 *       the spec's needs rewrite acks and InstallViewCoord, so a higher seal can come first.</li>
 *   <li>F7: the kernel's mint visit runs at install, so a getTail waiting at the minter is
 *       answered with the new view's start-1 before the spec's first visit takes a later h.</li>
 *   <li>F8: the kernel's getTail view check (ViewCheck/ViewCheckReply) teaches the switch a later
 *       promise and seals it; the spec's ViewConfirmed changes no state.</li>
 *   <li>F10: the spec's Trim is one step; the kernel's takes two token rounds and TrimAcks
 *       (every ring member learns of a trim before any server trims: the linearizability fix of
 *       issue 3). The replayer only starts the kernel's trim (TrimRequest at the switch), so a
 *       read the spec answers Trimmed before the kernel's trim is done stops here. Fix at the
 *       root: the two-round trim in the spec.</li>
 *   <li>F11: FillHole of a self-led index: the kernel's leader accepts an index it assigns to
 *       itself inside the token visit (no Assign message), the spec's leader waits for its own
 *       asg message, so the spec (EagerFill, or a lost asg) may junk-fill it. Also when the
 *       kernel's hole timer fills several holes of one visit together. Fix at the root: the spec's
 *       SequenceBatch accepting self-led indices at once.</li>
 *   <li>F12: restarts. (a) An append sent to a restarted switch by a client that has not heard of
 *       the restart is refused (AppendStale) so that a duplicate of a request its earlier life
 *       sequenced is never sequenced twice; the spec's ClientAppend reaches the new life. (b) The
 *       spec's restarted switch takes the Seal its earlier life sent as coordinator; the kernel's
 *       coordinator seals itself and sends no Seal to itself.</li>
 * </ul>
 * Mapped without findings: LoseMessage of every spec message type (the kernel's copies still in
 * flight are dropped; its timers are far off, so it never retransmits them); duplicates (a spec
 * step that consumes a message the kernel already received gets a copy of it); messages to a
 * crashed node stay in flight for its next life, as in the spec's msgs (tokens at a crashed
 * switch are dropped, as SwitchCrash drops them); FillHole ticks the leader's clock until its
 * hole timer fires; StartViewChange is the Suspect input, or a restarted switch's Join delivered
 * to the switch responsible for it (onJoin); ReadReply ticks the read client until its retries
 * (ReadRetry, next replica, majority read) get the answer; SwitchRestart is Switch.restarted with
 * a fresh incarnation, ServerRecover a new LogServer over the same durable state.
 * An earlier version counted every mismatch after a read, trim, fill, restart or loss step as an
 * untriaged finding (F9-F13); triage turned them into the exact findings above and mappings
 * (no mismatch was a kernel bug).
 * The replay also runs the exhaustive state graph of RingWorld_graph.cfg ({@link StateGraph}):
 * every transition class (pair of consecutive action labels) of the whole reachable graph on
 * its shortest path from the initial state.
 * Equivalences the replayer applies (not findings): the kernel's mint visits the token at once
 * (a later spec SequenceBatch at the minter with new appends is a second visit that assigns the
 * same indices); a self-led index skips the Assign message; the coordinator installs itself in
 * InstallViewCoord; pending appends are a set in the spec (batched in ascending payload order),
 * a FIFO in the kernel (the replayer hands them over in the spec's order at the visit); a
 * coordinator rewrites only above its known committed prefix (the spec rewrites from the trim
 * point: below, the kernel keeps the older view of the same committed payload); the token's c
 * is compared with the kernel's FoldCommit rule (roundMin, closed by the first ring member) run
 * over the spec's commit indices, since the spec's FoldCommit relays c hop by hop.
 */
package io.ringworld.conformance.replay;
