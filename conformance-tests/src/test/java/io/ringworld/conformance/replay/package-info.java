/**
 * Issue 6 parts 1 and 3: the specs drive the kernel.
 *
 * <p>{@link io.ringworld.conformance.replay.SpecReplayTest}: TLC {@code -simulate} (fixed seeds,
 * {@code -Dseed=S} for one) generates behaviours of RingWorld.tla under
 * specs/tla/RingWorld_replay.cfg; {@link io.ringworld.conformance.replay.KernelReplayer} maps
 * every step (by its {@code action} label; the view change's in ViewChangeSteps, the client
 * operations' in ClientSteps) to kernel inputs and compares the kernel's state with
 * the spec's after every step (servers' promise and entries, switches' installed view, promise,
 * ring, start and commit index, append outcomes, the token's h and c). A divergence names the
 * behaviour, the step, the action with its parameters and the variable.
 * {@link io.ringworld.conformance.replay.ReplayCoverageReport} prints the kernel's on* handler
 * branch coverage reached by the replay (JaCoCo, see the module pom).
 *
 * <p>Spec/kernel differences found by the replay (findings). Fixed at the root, no longer
 * occurring: F1 (the new view starts above the switches' highest token h: the spec adopted the
 * kernel's rule), F7 (the kernel's first ring member visited the token it minted inside the
 * install step, so a getTail or append arriving between the spec's MintToken and the minter's
 * first SequenceBatch saw a different visit; stopped 676 of 4182 behaviours. Fixed in the kernel:
 * the minter passes the minted token to itself like any pass, and its delivery is the first
 * visit), F10 (the spec's trim was one atomic step; the kernel's takes two token rounds and
 * TrimAcks, so a read the spec answered Trimmed was still served by the kernel: spec, which now
 * models the two rounds, TrimRequest/ServerTrim/TrimAck, with the trim points carried by tokens,
 * seal replies and installs), F14 (the spec relayed the token's c hop by hop, ahead of the
 * kernel's round-minimum FoldCommit, so getTails were answered and trims started earlier: spec,
 * which now folds as the kernel does), F5 (the spec's AbandonViewChange was enabled by any higher promise; the kernel's
 * coordinator learns of one only from a refusal of its own Seal or rewrite, so the spec now
 * requires a message of its view that can still reach the node: spec), F8 (the spec's view check
 * for a getTail now waits for kc >= h; for a read it used the kernel's condition, evaluated at
 * any time, while the kernel checks when the read arrives or at its leader's next token visit,
 * and forwards the read to its leader, where the spec's stayed at the switch asked; stopped 73
 * behaviours: spec, ReadPhases and ReadChecking), F13 (view numbering and knowledge: the kernel
 * took the next epoch above those seen, the spec the smallest view above, so with 3 switches
 * concurrent view changes were ordered otherwise, 31 behaviours: kernel, View.nextFor; the spec
 * started above the live servers' promises, the kernel above the views it heard of in messages,
 * and a restarted coordinator may start its earlier life's view again, 6 behaviours and 8
 * traces: spec, ev/SeenView, InstallIgnored, AbandonViewChange's learn, ballots with the
 * coordinator's incarnation, servers' pi; modelling ballots found two kernel bugs, a restarted
 * coordinator counting replies to its earlier life's Seal and a coordinator abandoning on a
 * refusal naming its own view, fixed with kernel tests), F3 (the ring fixed at choose, late seal replies joining: spec), F4 (the
 * coordinator seals itself at StartViewChange and its own seal reply cannot be lost: spec), F11
 * (self-led indices accepted inside SequenceBatch, and FillHole only of an index a token showed
 * the leader: spec), the rewrite range (from the known committed prefix: spec), and F2 (the
 * promise raised by an empty rewrite: the kernel's new Fence does it), F6 (the kernel's
 * coordinator installs itself when it sends the install; the spec's took its own InstallView
 * step later, and a higher seal could come in between; stopped 103-145 behaviours: spec, whose
 * InstallViewCoord now installs the coordinator and mints, if it is first. F2/F6 proper was
 * fixed in the kernel: with nothing to rewrite its coordinator installed at once and wrote no
 * fence, and TLC showed a later view could then adopt an entry a left-behind switch wrote at an
 * index this view handed out, a linearizability bug; kernel FenceTest), F12 (restarts, stopped
 * 270-410 behaviours: (a) an append addressed to a restarted switch's earlier life is refused,
 * AppendStale, so that a duplicate of a request that life sequenced is never sequenced twice,
 * while the spec's ClientAppend reached the new life: spec, ClientAppendStale, and the replayer's
 * ClientAppend is by a client that heard of the restart from such a refusal; appends in flight
 * to the earlier life must be refused; (b) the spec's restarted switch took the Seal its earlier
 * life sent as coordinator, which the kernel never sends to itself: spec, SwitchSeal), and F15
 * (found once F12 no longer stopped the behaviours first: a getTail waiting at a switch that
 * crashed waited in the spec for that switch's next life, while the kernel's request died with
 * the earlier life and its client retries at the next switch; the compare let the kernel's
 * missing answer pass as lagging, 193 behaviours: spec, SwitchCrash drops the getTail's switch and
 * GetTailRetry asks another, the replayer ticks the client's retry), F11's second part (the
 * kernel's leader starts one hole timer per token visit, for every index the visit showed it
 * that it awaits, so they are junk-filled in one step, and those of earlier visits no later; the
 * spec's FillHole filled one index, and its guard took the highest h of any view, a token visit
 * of this view or not: spec, HoleMarks, FillHole fills every awaited index up to a visit's
 * mark; no behaviour reached it until RingWorld_replay_holes.cfg, whose FillHoles fill two
 * indices, each such step compared with the kernel's set). None of these is open: every
 * mismatch is a divergence and fails the build.
 * <p>Stutter steps ({@link io.ringworld.conformance.replay.StutterSteps}): after every spec step,
 * and around every delivery, the replay's network and clocks do what the spec counts as
 * stuttering, and the kernel is compared with the same spec state again: duplicates (back to
 * back and after the step), malformed copies (an index below 1, a server or switch id outside
 * the configuration; delivered just before the real message, to switches, servers and clients),
 * misrouted copies and replies to a client with no request open, forged copies (a token a
 * switch other than its view's first member "minted" to itself; a WriteAck reaching a ring
 * member that does not lead the index), late copies of messages of views below the recipient's,
 * Joins to switches not responsible for them or within the back-off after a Join-started view
 * change, trims a switch answers without a spec step (known done, or no view), host inputs out
 * of order, and a retransmission tick of every live switch (whatever a timer sends must be a copy
 * of a message sent before). Kernel bugs they found, fixed at the root with kernel tests: a
 * token from a switch other than the predecessor was visited (the real one then dropped as a
 * duplicate); a log server stored and acknowledged a Write (and took a Seal, Fence, ServerTrim,
 * ViewCheck) "from" a switch outside the configuration; a Join from outside it started a view
 * change; a duplicated getTail waiting at a full switch was answered Busy, failing the getTail
 * in progress; a majority read counted a reply from a server outside its replica set; a client
 * reported an AppendReply naming index 0 as Appended(0). Planted COUNT_DUPLICATE_ACKS (a leader
 * counting acknowledgements, not servers) is caught by the back-to-back duplicates.
 *
 * <p>Mapped without findings: LoseMessage of every spec message type (the kernel's copies still in
 * flight are dropped, and so are its retransmissions of them); Busy (the spec's
 * ClientAppendBusy, GetTailBusy and TrimRequestBusy, with the queue bound PendingMax; the
 * replayer hands the switch the appends the spec has pending at it first); SwitchOutranked (the
 * switch's Writes or round-2 trims reach the server, a copy if it had them, and its refusal
 * reaches the switch); AbandonViewChange (the coordinator's Seals, rewrites and fence reach the
 * nodes promised higher and their refusals reach it); ClientAppendStale (a client that has not
 * heard of the restart); GetTailRetry (the tail client's retry timer, ticked until it asks the
 * spec's switch; retries to others are lost); duplicates (a spec
 * step that consumes a message the kernel already received gets a copy of it); messages to a
 * crashed node stay in flight for its next life, as in the spec's msgs (tokens at a crashed
 * switch are dropped, as SwitchCrash drops them); FillHole ticks the leader's clock until its
 * hole timer fills the spec's index, and the kernel must have filled the spec's whole set; ChooseEntries ticks the coordinator until its seal grace ends; StartViewChange
 * is a restarted switch's Join delivered to the switch responsible for it (onJoin), the view-change
 * timeout or patience of a switch not active (ticked until it fires), else the Suspect input;
 * ReadReply ticks the read client until its retries
 * (ReadRetry, next replica, majority read) get the answer; SwitchRestart is Switch.restarted with
 * a fresh incarnation, ServerRecover a new LogServer over the same durable state.
 * An earlier version counted every mismatch after a read, trim, fill, restart or loss step as an
 * untriaged finding (F9-F13); triage turned them into the exact findings above and mappings
 * (no mismatch was a kernel bug).
 * <p>Issue 19, item 3: the pre-vote and AdmitSwitch (RingWorld_replay_join.cfg, PreVote and
 * Rejoin on, Spec19; the replayer's kernel runs with Config.preVote, which is also what makes the
 * kernel admit a joiner: it has no Rejoin switch of its own). Mapped, with the granularity
 * differences each mapping bridges:
 * <ul>
 *   <li>StartViewChange with the pre-vote: the spec's PreVoteGranted is an oracle over the
 *       ring's state (a majority of replica set 0 has not heard from the ring of the view it
 *       promised "recently"); the kernel's servers grant by their clocks (no RingAlive of the
 *       promised view, and the promise no younger, within ringAliveTimeoutTicks). The spec took
 *       the step, so its oracle granted: the replayer lets that much time pass on the live
 *       servers of replica set 0 (their clocks are ticked nowhere else), delivers the switch's
 *       latest PreVote round to them and their PreVoteReplies to it, which start its view change.
 *       RingAlive (the first member's, at its visits) has no spec message and arrives at once.
 *       A pre-vote round open at a switch is asked again with a fresh round id every
 *       sealRetryTicks: a retry of the kernel-only exchange, not a new message (only the latest
 *       round stays in flight).</li>
 *   <li>JoinRequest: no kernel input. The kernel's switch announces its Join when it restarts,
 *       when an Install leaves it out, and when its pre-vote is refused (sealed by a view whose
 *       ring works without it); the spec's JoinRequest is enabled whenever the switch is outside
 *       the ring, also where its pre-vote would be granted, and the kernel then starts a view
 *       change instead (its behaviours are a subset of the spec's: not a finding, the spec's
 *       guard is the weaker). So AdmitSwitch requires the kernel's Join of the joiner's life:
 *       sent already (most), or asked for then: the joiner's patience runs out and its pre-vote
 *       is refused (no time passes on the servers), and a grant there is a divergence.</li>
 *   <li>AdmitSwitch: the spec admits at the round boundary, before the first member's visit
 *       (the token is at it), and installs the joiner in the same step; the kernel admits inside
 *       that visit (Token.joined, the joiner's Install with Install.joined). The Join reaches the
 *       first member at the spec's step (it records the joiner); the spec's next SequenceBatch of
 *       that member is the kernel's visit, and its admission Install reaches the joiner in that
 *       step. Between the two the joiner is not compared (in the generated behaviours only
 *       server steps and the leader's commits come in between). Members' joined lists (spec jn)
 *       are compared as a prefix: the spec updates every member at the admission, which only its
 *       own later visits read; a kernel member learns the list from the token at its visit. A
 *       joiner leads no index in the view: its commit index is not compared (the spec's
 *       LocalCommit is then MaxIdx, the kernel's fold takes nothing from it; the token's c is
 *       compared). Planted ADMIT_LEADS (the spec's AdmitLeads) diverges.</li>
 * </ul>
 * With the pre-vote on, a Join from a switch outside the ring starts no view change, so the
 * stutter steps' Joins within the back-off are only those of ring members.
 * Findings: F17 (kernel, fixed): the spec's first member admits, at one round boundary, every
 * join request it takes; the kernel's recorded one joiner at a time and dropped a second Join
 * until the first was admitted, so its visit admitted one switch and the token skipped the
 * other (RingWorld_replay_join3 with seed 77; ViewChange now admits every
 * recorded joiner at the visit, AdmitSwitchTest). F18 (fixed; RingWorld_replay_join3.cfg, a ring
 * of 3, in the suite since): (a, kernel) an AdmitSwitch between a view's install and its minter's
 * first visit, after another switch's pre-vote let time pass on the servers, found the joiner's
 * kernel pre-vote granted (it started a view change where the spec's switch asks to join): the
 * spec's RingAlive holds from the install, the kernel's first member told replica set 0 only at
 * its visits; it now tells them at the install too (PreVoteTest). (b, kernel) a switch outside
 * every ring whose pre-vote a majority refused naming a later view promised that view, and then
 * ignored its admission to the working one; only a ring member is now outranked by a refusal (the
 * spec's JoinRequest changes no switch state; PreVoteTest). (c, spec) a member that installed the
 * view after an AdmitSwitch started with an empty joined list, so the spec's token skipped the
 * joiner for the whole view where the kernel's member learns the list from the token; the spec's
 * InstallView now takes the joined list of the view's first member (AdmittedSoFar). Two
 * equivalences came with it: a joiner the spec sealed by a later view between its AdmitSwitch and
 * the first member's visit ignores the kernel's Install, sent at that visit (both sealed at the
 * same promise; until the spec's joiner leaves the admitted view its projection is not compared,
 * its promise and SeenView are: KernelReplayer.overtakenView); and a view check a server answered
 * before its promise rose again is answered anew, from the network's copy of the check, when the
 * spec's ViewCheckReply reads the later promise. A joiner's pre-vote at AdmitSwitch takes the
 * refusals naming its own promise first (a refusal naming a later view comes late).
 * The replay also runs the exhaustive state graph of RingWorld_graph.cfg ({@link StateGraph}):
 * every transition class (pair of consecutive action labels) of the whole reachable graph on
 * its shortest path from the initial state.
 * Equivalences the replayer applies (not findings): the kernel's mint visits the token at once
 * (a later spec SequenceBatch at the minter with new appends is a second visit that assigns the
 * same indices); a self-led index skips the Assign message; pending appends are a set in the spec (batched in ascending payload order),
 * a FIFO in the kernel (the replayer hands them over in the spec's order at the visit); a
 * coordinator rewrites only above its known committed prefix, in both; where the two known
 * prefixes differ, below the higher one a side may keep the older view of the same committed
 * payload. The token's c is compared directly: the spec folds it as the kernel does (F14).
 */
package io.ringworld.conformance.replay;
