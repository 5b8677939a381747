package io.ringworld.kernel.sw;

import io.ringworld.kernel.internal.EffectBuffer;
import io.ringworld.kernel.Config;
import io.ringworld.kernel.Effects;
import io.ringworld.kernel.Projection;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.invariant.Invariant;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.testhooks.TestHooks;

/**
 * The switch role (a ToR switch: data plane plus CPU agent): sequencing with the token,
 * replication leadership, reads and getTail, trim, failure detection and view change.
 *
 * <p><b>Construction</b>: {@link #booting} for a switch of the boot configuration (it installs
 * {@code config.initialProjection()}), {@link #restarted} for a switch that lost all its state
 * (SwitchRestart: it knows only the static configuration and rejoins through a later view
 * change). Either way, the first input must be {@link SwitchInput.Start}.
 *
 * <p><b>Inputs</b> ({@link SwitchInput}) and their handlers (TLA+ action in parentheses):
 * <ul>
 *   <li>{@code Start}: {@code onInstall} of the boot projection (InstallView, MintToken) or
 *       {@code onRestart} (SwitchRestart);</li>
 *   <li>{@code Deliver(AppendRequest)}: {@code onClientAppend} (ClientAppend); an
 *       {@code AppendRequests} is its members, one ClientAppend each, in order;</li>
 *   <li>{@code Deliver(Token)}: {@code onToken} (SequenceBatch, PassToken, FoldCommit,
 *       DropStaleToken, GetTailStart, GetTailReturn);</li>
 *   <li>{@code Deliver(TokenAck)}: {@code onTokenAck} (TokenAck);</li>
 *   <li>{@code Deliver(Assign)}: {@code onAssign} (LeaderReplicate);</li>
 *   <li>{@code Deliver(WriteAck)}: {@code onWriteAck} (LeaderCommit, and the coordinator's
 *       ServerRewrite acks);</li>
 *   <li>{@code Deliver(ReadRequest)}: {@code onRead} (ReadRequest);</li>
 *   <li>{@code Deliver(GetTailRequest)}: {@code onGetTail} (GetTailStart);</li>
 *   <li>{@code Deliver(ViewCheckReply)}: {@code onViewCheckReply} (GetTailReturn's ViewConfirmed);</li>
 *   <li>{@code Deliver(TrimRequest)}, {@code Deliver(TrimAck)}: {@code onTrim}, {@code onTrimAck} (Trim);</li>
 *   <li>{@code Deliver(Seal)}: {@code onSeal} (SwitchSeal);</li>
 *   <li>{@code Deliver(ServerSealReply | SwitchSealReply)}: {@code onSealReply} (ChooseEntries);</li>
 *   <li>{@code Deliver(FenceAck)}: {@code onFenceAck} (the coordinator's ServerRewrite acks of the
 *       fence; InstallView once the fence and every rewrite are on a majority of every set);</li>
 *   <li>{@code Deliver(Install)}: {@code onInstall} (InstallView, MintToken);</li>
 *   <li>{@code Deliver(Join)}: {@code onJoin} (JoinRequest's answer: with the pre-vote the first ring
 *       member records the switch and admits it at its next token visit, AdmitSwitch; a view
 *       change adds it back otherwise);</li>
 *   <li>{@code Suspect}: {@code suspect} (StartViewChange on a failure reported from outside,
 *       after the pre-vote);</li>
 *   <li>{@code Deliver(PreVoteReply)}: {@code onPreVoteReply} (StartViewChange's pre-vote,
 *       {@code PreVoteGranted}; a refused one announces Join: JoinRequest);</li>
 *   <li>{@code Tick}: {@code onTick}: token retransmission (PassToken), {@code onHoleTimeout}
 *       (FillHole), write retransmission, {@code onSuspect} (StartViewChange), Seal, rewrite
 *       and Fence retransmission, Join announcements.</li>
 * </ul>
 *
 * <p><b>Failure detection</b>: the token never rests (a switch passes it on at once), so the
 * token and its TokenAck are the heartbeats between ring neighbours: a successor that does not
 * acknowledge within {@code suspectTimeoutTicks}, or no token within
 * {@code tokenLossTimeoutTicks}, starts a view change (StartViewChange), once a majority of
 * replica set 0 grants its pre-vote (issue 19: they have not heard recently that the token goes
 * round, which the first ring member tells them with RingAlive at its visits).
 *
 * <p><b>Effects</b>: only {@code Effect.Send}. Messages a switch sends to itself (the token on
 * a ring of one, for example) are ordinary sends the host delivers like any other.
 *
 * <p><b>Host order</b>: apply the effects of a step in list order before the next step of this
 * switch; the list is reused by the next step. Loss, duplication and reordering of any message
 * are tolerated. On a crash, discard the object; on restart build {@link #restarted}.
 */
public final class Switch implements io.ringworld.kernel.Node<SwitchInput> {
    final SwitchId id;
    final Config config;
    /** Planted bugs (tests only); {@link TestHooks#NONE} in production. */
    final TestHooks hooks;
    final EffectBuffer effects = new EffectBuffer();
    /** Local clock in ticks. */
    long now;

    /** The highest view this switch promised (sealed to) or installed. */
    View view = View.NONE;
    /** The installed projection, or null (restarted and not yet added back, or left out). */
    Projection projection;
    /** True while promised to a view above the installed one: no sequencing, no replication. */
    boolean sealed;
    /** Highest view seen in any message (or promised); a new coordinator picks above it. */
    View maxViewSeen = View.NONE;
    /** Highest token h ever seen (reported to coordinators). */
    long highestSeenH;
    /** The global committed prefix this switch knows (from tokens and installs). */
    long knownCommitted;
    /** The lowest index written at the installed view (below it, the committed view is unknown). */
    long rewriteFrom = 1;
    /**
     * The switches admitted to the installed view (AdmitSwitch, the specs' {@code jn}) as far as
     * this switch knows: from its Install if it was admitted, then from the tokens it visits. The
     * token goes round {@code ring ++ joined}; only the view's ring leads replication.
     */
    java.util.List<SwitchId> joined = java.util.List.of();

    final Sequencing sequencing = new Sequencing(this);
    final Replication replication = new Replication(this);
    final Queries queries = new Queries(this);
    final ViewChange viewChange = new ViewChange(this);
    final Trims trims = new Trims(this);
    /** Replication's answer to "do I lead this index and did it commit?", for Queries (made once). */
    private final java.util.function.LongPredicate leaderCommitted = replication::isCommitted;

    /** Server ids by [replica set][member] and each set's replica list: built once, sent often. */
    final ServerId[][] serverIds;
    final java.util.List<ServerId>[] replicaLists;

    private final Projection bootProjection;
    /** Which life of this switch this is: 0 at boot, a host-chosen fresh value after each restart. */
    final long incarnation;
    private boolean started;
    long badInputs;
    String lastBadInput = "";

    private Switch(SwitchId id, Config config, TestHooks hooks, Projection bootProjection, long incarnation) {
        if (id.index() >= config.switchCount()) {
            throw new IllegalArgumentException(id + " is not in a configuration of " + config.switchCount() + " switches");
        }
        this.id = id;
        this.config = config;
        effects.mergeSendsUpTo(config.mergedMessageBytesMax());
        this.hooks = java.util.Objects.requireNonNull(hooks, "hooks");
        this.bootProjection = bootProjection;
        this.incarnation = incarnation;
        this.serverIds = new ServerId[config.replicaSetCount()][config.membersPerSet()];
        @SuppressWarnings("unchecked")
        java.util.List<ServerId>[] lists = new java.util.List[config.replicaSetCount()];
        for (int set = 0; set < serverIds.length; set++) {
            for (int m = 0; m < serverIds[set].length; m++) {
                serverIds[set][m] = new ServerId(set, m);
            }
            lists[set] = java.util.List.of(serverIds[set]);
        }
        this.replicaLists = lists;
    }

    /** A switch of the boot configuration: on Start it installs {@code config.initialProjection()}. */
    public static Switch booting(SwitchId id, Config config) {
        return booting(id, config, TestHooks.NONE);
    }

    /** As {@link #booting(SwitchId, Config)}, with test hooks (tests and simulators only). */
    public static Switch booting(SwitchId id, Config config, TestHooks hooks) {
        return new Switch(id, config, hooks, config.initialProjection(), 0);
    }

    /** A switch that boots into {@code projection} (for hosts and tests with a custom boot view). */
    public static Switch bootingInto(SwitchId id, Config config, Projection projection) {
        return new Switch(id, config, TestHooks.NONE, projection, 0);
    }

    /**
     * SwitchRestart: a switch with no state at all; it rejoins through a later view change.
     * {@code incarnation} must differ from every earlier life of this switch id (booting is 0):
     * a restart counter or a seeded random long. It is the only thing that lets the switch
     * refuse a duplicated Install addressed to its previous life (the kernel has no randomness).
     */
    public static Switch restarted(SwitchId id, Config config, long incarnation) {
        return restarted(id, config, incarnation, TestHooks.NONE);
    }

    /** As {@link #restarted(SwitchId, Config, long)}, with test hooks (tests and simulators only). */
    public static Switch restarted(SwitchId id, Config config, long incarnation, TestHooks hooks) {
        if (incarnation == 0) {
            throw new IllegalArgumentException("incarnation 0 is the boot life; a restarted switch needs a fresh one");
        }
        return new Switch(id, config, hooks, null, incarnation);
    }

    /** The one transition. The returned list is reused by the next step (see {@link Effects}). */
    @Override
    public Effects step(SwitchInput input) {
        if (input instanceof SwitchInput.Deliver d) {
            return deliver(d.message());
        }
        effects.clear();
        if (input instanceof SwitchInput.Tick) {
            if (started) {
                onTick();
            }
        } else if (input instanceof SwitchInput.Start) {
            onStart();
        } else if (input instanceof SwitchInput.Suspect suspect) {
            if (started) {
                viewChange.suspect(suspect.reason(), trims.points());
            } else {
                badInput("Suspect before Start");
            }
        } else {
            badInput("unknown input " + input);
        }
        effects.placeMerged();
        checkLocalInvariants();
        return effects;
    }

    /** Shorthand for {@code step(new SwitchInput.Deliver(m))}. */
    @Override
    public Effects deliver(Message m) {
        effects.clear();
        if (!started) {
            badInput("message before Start: " + m.getClass().getSimpleName());
        } else {
            onMessage(m);
        }
        effects.placeMerged();
        checkLocalInvariants();
        return effects;
    }

    /** Shorthand for {@code step(SwitchInput.Tick.INSTANCE)}. */
    @Override
    public Effects tick() {
        return step(SwitchInput.Tick.INSTANCE);
    }

    /** Shorthand for {@code step(SwitchInput.Start.INSTANCE)}. */
    public Effects start() {
        return step(SwitchInput.Start.INSTANCE);
    }

    private void onStart() {
        if (started) {
            badInput("Start twice");
            return;
        }
        started = true;
        if (bootProjection != null && bootProjection.contains(id)) {
            install(InstallDecision.boot(bootProjection));
        } else {
            viewChange.onRestart();
        }
    }

    private void onMessage(Message m) {
        if (m instanceof Message.Merged merged) {
            for (Message member : merged.members()) {
                onMessage(member); // each as if it came alone: one spec step each, back to back
            }
        } else if (m instanceof Message.Token t) {
            onToken(t);
        } else if (m instanceof Message.TokenAck a) {
            sequencing.onTokenAck(a);
        } else if (m instanceof Message.AppendRequest r) {
            sequencing.onClientAppend(r, queries.waitingCount() + trims.openCount());
        } else if (m instanceof Message.Assign a) {
            replication.onAssign(a);
        } else if (m instanceof Message.WriteAck a) {
            if (!viewChange.onRewriteAck(a)) {
                outranked(replication.onWriteAck(a));
            }
        } else if (m instanceof Message.ReadRequest r) {
            queries.onRead(r, trims.points(), trims.openCount(), leaderCommitted);
        } else if (m instanceof Message.GetTailRequest g) {
            queries.onGetTail(g, trims.openCount() + sequencing.pendingCount());
        } else if (m instanceof Message.TrimRequest t) {
            trims.onTrim(t, queries.waitingCount() + trims.openCount() + sequencing.pendingCount(), knownCommitted);
        } else if (m instanceof Message.TrimAck a) {
            outranked(trims.onTrimAck(a));
        } else if (m instanceof Message.ViewCheckReply r) {
            outranked(queries.onViewCheckReply(r, trims.points(), sequencing.dedupEpoch()));
        } else if (m instanceof Message.Seal s) {
            viewChange.onSeal(s, trims.points());
        } else if (m instanceof Message.ServerSealReply r) {
            viewChange.onSealReply(r);
        } else if (m instanceof Message.SwitchSealReply r) {
            viewChange.onSealReply(r);
        } else if (m instanceof Message.FenceAck a) {
            viewChange.onFenceAck(a);
        } else if (m instanceof Message.Install i) {
            viewChange.onInstall(i);
        } else if (m instanceof Message.Join j) {
            viewChange.onJoin(j, trims.points());
        } else if (m instanceof Message.RelearnQuery q) {
            onRelearnQuery(q);
        } else if (m instanceof Message.PreVoteReply r) {
            viewChange.onPreVoteReply(r, trims.points());
        } else {
            badInput("a switch does not handle " + m.getClass().getSimpleName());
        }
    }

    /**
     * A token visit: SequenceBatch (Sequencing hands out indices, Replication leads them),
     * FoldCommit, then each handler's part of the visit and PassToken. The visit is written here,
     * in one place, so no handler calls another.
     */
    private void onToken(Message.Token t) {
        noteView(t.view());
        if (!sequencing.accept(t)) {
            return;
        }
        learnJoined(t.joined());
        viewChange.preVote.onTokenVisit();
        long h = t.h();
        long batch = sequencing.batchSize(t);
        for (long k = 0; k < batch; k++) {
            Message.AppendRequest r = sequencing.nextInBatch();
            h++;
            replication.assign(h, r.client(), r.requestId(), r.payload());
        }
        if (batch > 0) {
            sequencing.assignedUpTo(h);
        }
        Sequencing.Fold fold = sequencing.foldCommit(t, h, replication.commitIndex());
        highestSeenH = Math.max(highestSeenH, h);
        knownCommitted = Math.max(knownCommitted, fold.c());
        replication.onTokenSeen(h);
        trims.onTokenVisit(t, t.hop() + 1, knownCommitted);
        queries.onTokenVisit(h, fold.c(), leaderCommitted, trims.openCount(), sequencing.dedupEpoch());
        // AdmitSwitch: at the first member, the switch that asked joins the token's ring here,
        // with the trim points this visit knows (its Install carries them).
        java.util.List<SwitchId> passJoined = viewChange.admitAtVisit(t.joined(), trims.points());
        learnJoined(passJoined);
        sequencing.passToken(t, h, fold, trims.points(), passJoined);
    }

    /** A token (or this visit's admission) showed switches admitted to the view: take the longer list. */
    private void learnJoined(java.util.List<SwitchId> seen) {
        if (seen.size() <= joined.size()) {
            return;
        }
        joined = seen;
        if (hooks.planted(io.ringworld.kernel.testhooks.PlantedBug.ADMIT_LEADS)) {
            replication.reset(leaderProjection()); // the planted bug: the leader map moves
        }
    }

    /**
     * The projection replication leads by: the view's ring, whatever the admissions (a joiner
     * leads nothing in this view: moving the leader of an index handed out gives it two writers).
     * Planted bug ADMIT_LEADS (the specs' AdmitLeads) takes {@code ring ++ joined}.
     */
    private Projection leaderProjection() {
        if (joined.isEmpty() || !hooks.planted(io.ringworld.kernel.testhooks.PlantedBug.ADMIT_LEADS)) {
            return projection;
        }
        java.util.List<SwitchId> all = new java.util.ArrayList<>(projection.ring());
        all.addAll(joined);
        return new Projection(projection.view(), all, projection.replicaSetCount(), projection.start());
    }

    /** Switches the token visits in a round: the view's ring and the switches admitted to it. */
    int ringAllSize() {
        return projection.ring().size() + joined.size();
    }

    /** A promise to {@code v} (SwitchSeal, or StartViewChange as its coordinator): stop sequencing. */
    void promise(View v) {
        view = v;
        noteView(v);
        sealed = true;
        sequencing.onSealed();
    }

    /** InstallView: the view change's decision, applied to this switch and every handler, then MintToken. */
    void install(InstallDecision d) {
        Projection p = d.projection();
        view = p.view();
        noteView(p.view());
        projection = p;
        joined = d.joined();
        sealed = false;
        viewChange.onViewInstalled(d);
        rewriteFrom = d.rewriteFrom();
        highestSeenH = Math.max(highestSeenH, p.start() - 1);
        knownCommitted = Math.max(knownCommitted, p.start() - 1);
        replication.reset(leaderProjection());
        sequencing.onInstalled();
        queries.onViewInstalled();
        trims.onViewInstalled(p, d.trims());
        if (p.first().equals(id)) {
            viewChange.preVote.onViewInstalled();
            sequencing.mint(p, trims.points());
        }
    }

    /** An Install left this switch out of the ring: no role in {@code v}; it asks to be added back. */
    void leaveRing(View v, TrimPoints learned) {
        view = v;
        projection = null;
        joined = java.util.List.of();
        sealed = false;
        replication.clear();
        trims.learn(learned);
    }

    /** A server or check refused this switch naming a later view ({@code promised}; null: none). */
    private void outranked(View promised) {
        if (promised != null) {
            viewChange.onOutranked(promised);
        }
    }

    /** Spreads the timeouts of different switches so they rarely start view changes together. */
    long staggerTicks() {
        return 3L * id.index();
    }

    private void onTick() {
        now++;
        String suspicion = sequencing.onTick();
        if (suspicion != null) {
            viewChange.suspect(suspicion, trims.points());
        }
        replication.onTick();
        queries.onTick();
        trims.onTick();
        viewChange.onTick(trims.points());
    }

    /** True if a view is installed and not sealed: the switch sequences and replicates. */
    boolean active() {
        return projection != null && !sealed;
    }

    void noteView(View v) {
        if (v.isAfter(maxViewSeen)) {
            maxViewSeen = v;
        }
    }

    void badInput(String what) {
        badInputs++;
        lastBadInput = what;
    }

    private void checkLocalInvariants() {
        if (!(sequencing.dedupClients() <= config.dedupClientsMax())) {
            throw Invariant.TypeOK.violation(id + " remembers " + sequencing.dedupClients() + " clients, above dedupClientsMax");
        }
        if (!(sequencing.pendingCount() <= config.pendingRequestsMax())) {
            throw Invariant.TypeOK.violation(id + " pending queue over pendingRequestsMax");
        }
        if (!(knownCommitted <= highestSeenH || projection == null)) {
            throw Invariant.TypeOK.violation(id + " knows committed prefix " + knownCommitted + " above the highest h " + highestSeenH);
        }
        if (projection != null) {
            if (projection.view().isAfter(view)) {
                throw Invariant.TypeOK.violation(id + " installed a view above its promise");
            }
        }
        replication.checkLocalInvariants();
    }

    // ------------------------------------------------------------------ observers (read-only)

    @Override
    public SwitchId id() {
        return id;
    }

    /**
     * What this switch's status map holds for {@code index} as its leader in the installed view,
     * or null if it leads no view or not that index (for hosts that keep a copy of the map, as
     * the P4 data plane's agent does). Read-only.
     */
    public LeaderSlot leaderSlot(long index) {
        return replication.slot(index);
    }

    /** Appends queued for the next token visit (as {@link SwitchStatus#pendingAppends}, without a snapshot). */
    public int pendingAppends() {
        return sequencing.pendingCount();
    }

    /**
     * How many queued appends make ClientAppend answer Busy now: {@code pendingRequestsMax} less
     * the reads and trims waiting (may be 0 or less). For hosts that admit appends themselves.
     */
    public int appendsQueuedMax() {
        return config.pendingRequestsMax() - (queries.waitingCount() + trims.openCount());
    }

    /**
     * Whether a token visit of the installed view, were one accepted now, would send nothing but
     * its TokenAck, the batch's Assigns (with this leader's Writes of its own indices), the pass
     * and, if {@link #ringAliveAtTokenVisit}, RingAlive to replica set 0: the switch is active
     * and in the ring, and no read, getTail, trim or admission waits on a visit. For hosts whose
     * data plane passes such tokens itself (the P4 switch's agent). Read-only.
     */
    public boolean tokenVisitQuiet() {
        return active() && projection.contains(id) && joined.isEmpty() && trims.openCount() == 0
                && !queries.waitsOnVisit() && !viewChange.admitsAtVisit();
    }

    /** Whether a token visit now would send RingAlive to replica set 0 (the first member, none sent within ringAliveTicks). Read-only. */
    public boolean ringAliveAtTokenVisit() {
        return active() && viewChange.preVote.tellsRingAliveAtVisit();
    }

    /** The last token hop this switch visited in the installed view (-1 before the first). Read-only. */
    public long lastTokenHop() {
        return sequencing.lastHopProcessed();
    }

    /**
     * The dedup window this switch holds for {@code client} in its current dedup epoch, or null
     * (for hosts that keep a copy, as the P4 data plane's agent does). Read-only.
     */
    public DedupWindow dedupWindow(io.ringworld.kernel.ClientId client) {
        return sequencing.window(client);
    }

    /**
     * A snapshot of this switch's state for hosts, tests and operators (etcd raft's Status): a
     * value, never a view into the switch. It allocates; hosts call it for diagnostics, not per step.
     */
    public SwitchStatus status() {
        return new SwitchStatus(id, incarnation, view, projection, active(), viewChange.coordinating(),
                seenView(), rewriteFrom, viewChange.coordinatorStart(), viewChange.coordinatorRewriteFrom(),
                replication.commitIndex(), knownCommitted, highestSeenH, trims.points().done(), trims.points().pending(),
                projection == null ? 0 : replication.expectedCount(), trims.snapshot(), sequencing.pendingCount(),
                sequencing.dedupEpoch(), sequencing.dedupClients(), now, badInputs, lastBadInput,
                viewChange.waitingFor(), viewChange.preVote.refusedRounds(), viewChange.preVote.waitingFor(),
                projection == null ? java.util.List.of() : joined);
    }

    /**
     * ServerRelearn's read of this switch: the highest view it knows of (a coordinator promises
     * its own view first, so that is covered) and its committed prefix (what the server may
     * repair). A seal reply the damaged server sent before its fault can only be counted by a
     * coordinator that knows that view.
     */
    private void onRelearnQuery(Message.RelearnQuery q) {
        if (q.from().replicaSet() >= config.replicaSetCount() || q.from().member() >= config.membersPerSet()) {
            badInput("relearn query from unknown server " + q.from());
            return;
        }
        effects.send(q.from(), new Message.RelearnSwitchReply(q.queryId(), id, seenView(), knownCommitted));
    }

    /** The highest view this switch knows of, its promise or one it heard of: a view change starts above it. */
    View seenView() {
        return maxViewSeen.isAfter(view) ? maxViewSeen : view;
    }

    @Override
    public String toString() {
        return id + "{view=" + view + ", active=" + active() + ", h=" + highestSeenH + ", c=" + knownCommitted + "}";
    }
}
