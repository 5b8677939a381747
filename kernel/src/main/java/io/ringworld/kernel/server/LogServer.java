package io.ringworld.kernel.server;

import io.ringworld.kernel.internal.EffectBuffer;
import io.ringworld.kernel.DurableRecord;
import io.ringworld.kernel.Config;
import io.ringworld.kernel.Effect;
import io.ringworld.kernel.Effects;
import io.ringworld.kernel.Entry;
import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.testhooks.PlantedBug;
import io.ringworld.kernel.testhooks.TestHooks;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.invariant.Invariant;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.message.Message.ReadStatus;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The log server role: the logical store {@code index -> (view, payload)}, the promised view,
 * the seal and the trim point.
 *
 * <p><b>Inputs</b> ({@link ServerInput}): {@code Deliver(Write)} (ServerWrite / ServerRewrite),
 * {@code Deliver(Fence)} (ServerRewrite's fence {@code vs}), {@code Deliver(Seal)} (ServerSeal), {@code Deliver(ServerRead)} (ReadRequest/ReadReply),
 * {@code Deliver(ServerTrim)} (Trim), {@code PersistDone(persistId)}, {@code Tick}. Recovery
 * (ServerRecover) is construction from the surviving {@link DurableState}.
 *
 * <p><b>Effects</b>: {@code Send} and {@code Persist}. A step emits at most one Persist, last in
 * its list. Replies that depend on state not yet durable (WriteAck, FenceAck, ServerSealReply, TrimAck) are
 * held inside the server and appear as Sends in the effects of the step that handles the
 * {@code PersistDone} covering them (like etcd raft's msgsAfterAppend). Replies that depend on
 * nothing new (reads, rejections) are sent at once.
 *
 * <p><b>Host order</b>: apply effects in list order; make each Persist durable after every
 * earlier one; then step {@code PersistDone(id)} (it means all ids {@code <= id} are durable).
 * After a crash, discard this object and every unconfirmed Persist, and construct a new server
 * from the durable state. The {@link DurableState} a server is built on must be the live one the
 * host goes on applying its Persists to, not a copy: the server keeps only the newest payloads in
 * its heap ({@code Config.payloadHeapBytesMax}) and reads older ones back from it (a payload
 * missing there is damage: the index becomes unknown and the server relearns).
 */
public final class LogServer implements io.ringworld.kernel.Node<ServerInput> {
    private final ServerId id;
    private final Config config;
    private final TestHooks hooks;
    private final EffectBuffer effects = new EffectBuffer();
    /** The logical store, including writes not yet durable (readers may see them: see onRead). */
    private HeldEntries stored;
    /** Entries found damaged when read back from disk (each made unknown: ServerCorrupt). */
    private long damagedOnRead;
    private View promised;
    /**
     * The incarnation of the coordinator whose Seal, rewrite Write or Fence set {@link #promised},
     * or -1 if unknown (the promise came from a leader's write or survived a crash): a Seal,
     * rewrite or Fence of the promised view from another incarnation is refused, so an amnesic
     * coordinator cannot reuse a ballot.
     */
    private long promisedIncarnation = -1;
    /**
     * The fence (the specs' {@code vs}): the latest view whose coordinator's Fence this server
     * applied, and its start. Reported in every ServerSealReply so a later coordinator ignores
     * older-view entries at or above {@code fenceStart}.
     */
    private View fenceView = View.NONE;
    private long fenceStart = 1;
    /** A Fence waiting for the rewrites of its view below its start (volatile: a crash forgets it, the coordinator resends). */
    private Message.Fence pendingFence;
    private long pendingFenceMissing;
    private long trimPoint;
    private long highestIndex;

    private long persistIssued;
    private long persistConfirmed;
    private List<DurableRecord> stepRecords;
    private final ArrayDeque<Held> held = new ArrayDeque<>();

    private long badInputs;
    private String lastBadInput = "";

    /** Ticks seen (relearn and repair retransmission; no clock). */
    private long now;
    /** The indices this server cannot vouch for (the specs' Unk), unless an entry is held there. */
    private final UnknownIndices unknown = new UnknownIndices();
    /** The specs' dk: damaged or wiped and not yet relearned; it acknowledges nothing. */
    private boolean relearning;
    /** The damage found at this recovery is not yet in a Persist (recorded by the first step). */
    private boolean damageUnrecorded;
    private RelearnRound relearn;
    private long relearnQueries;
    /** The highest committed prefix a switch reported (Seal, RelearnSwitchReply): what repair may copy. */
    private long knownCommitted;
    private final Repairs repairs;
    private long ignoredWhileRelearning;
    /** The tick this server last heard RingAlive of exactly its promised view (pre-vote, issue 19). */
    private long ringAliveTick;
    /** False until the first RingAlive of the promised view: a server that heard none grants. */
    private boolean ringAliveHeard;
    /** The view {@link #ringAliveTick} is about: a later promise makes it stale. */
    private View ringAliveView = View.NONE;
    /** The promised view at the end of the last step, and the tick it was first promised (pre-vote). */
    private View lastPromise;
    private long promisedSinceTick;

    private record Held(long persistId, NodeId to, Message message) {
    }

    /** A brand-new server with empty storage. */
    public LogServer(ServerId id, Config config) {
        this(id, config, DurableState.empty());
    }

    /** ServerRecover: a server rebuilt from its durable state after a crash (or at first boot). */
    public LogServer(ServerId id, Config config, DurableState durable) {
        this(id, config, durable, TestHooks.NONE);
    }

    /** As {@link #LogServer(ServerId, Config, DurableState)}, with test hooks (tests and simulators only). */
    public LogServer(ServerId id, Config config, DurableState durable, TestHooks hooks) {
        this.id = id;
        this.config = config;
        effects.mergeSendsUpTo(config.mergedMessageBytesMax());
        this.hooks = java.util.Objects.requireNonNull(hooks, "hooks");
        this.repairs = new Repairs(id, config);
        onRecover(durable);
    }

    /** ServerRecover: volatile state is gone; only what was persisted survives. */
    private void onRecover(DurableState durable) {
        promised = durable.promisedView();
        fenceView = durable.fenceView();
        fenceStart = durable.fenceStart();
        trimPoint = durable.trimPoint();
        // Trimmed indices were handed out too: a coordinator must never start a view below them.
        highestIndex = Math.max(0, Math.max(durable.highestIndex(), trimPoint - 1));
        stored = new HeldEntries(durable, config.payloadHeapBytesMax());
        for (long i = trimPoint; i <= durable.highestIndex(); i++) {
            Entry e = durable.entry(i);
            if (e != null) {
                stored.put(e, 0); // durable already: beyond the heap's bound it is read back when asked for
            }
        }
        if (!(trimPoint >= 1)) {
            throw Invariant.TypeOK.violation(id + " recovered trimPoint " + trimPoint);
        }
        unknown.addAll(durable.unknownIndices());
        unknown.trimBelow(trimPoint);
        relearning = durable.relearnPending();
        damageUnrecorded = relearning && !unknown.isEmpty();
        if (!relearning && !unknown.isEmpty() && !hooks.planted(PlantedBug.FORGET_COMMITTED_AT_RESTART)) {
            // Relearned in an earlier life with indices still unknown: the committed prefix it had
            // learned died with that life, and repair copies nothing above knownCommitted. Ask the
            // switches again (onTick), as a relearned server does, or the unknown committed
            // entries wait for the next view change's Seal, which a stable ring never sends.
            relearn = new RelearnRound(++relearnQueries, config, id, promised, fenceView, fenceStart, trimPoint);
        }
    }

    /** The one transition. The returned list is reused by the next step (see {@link Effects}). */
    @Override
    public Effects step(ServerInput input) {
        if (input instanceof ServerInput.Deliver d) {
            return deliver(d.message());
        }
        effects.clear();
        stepRecords = null;
        if (input instanceof ServerInput.PersistDone p) {
            onPersistDone(p.persistId());
        } else if (input instanceof ServerInput.Tick) {
            recordDamage();
            onTick();
        } else {
            badInput("unknown input " + input);
        }
        return finishStep();
    }

    /** Shorthand for {@code step(new ServerInput.Deliver(m))}. */
    /** Shorthand for {@code step(ServerInput.Tick.INSTANCE)}. */
    @Override
    public Effects tick() {
        return step(ServerInput.Tick.INSTANCE);
    }

    @Override
    public Effects deliver(Message m) {
        effects.clear();
        stepRecords = null;
        onMessage(m);
        return finishStep();
    }

    /**
     * The first tick of a life that found damage records it (DurableRecord.Damaged): the
     * damaged records may be gone from the files by the next recovery, the damage must not be.
     * It also starts the relearn round. Not on a delivery: a message (malformed, perhaps) changes
     * nothing durable, and until that tick the server writes nothing, so the damage is still on
     * disk for the next recovery.
     */
    private void recordDamage() {
        if (damageUnrecorded) {
            damageUnrecorded = false;
            record(new DurableRecord.Damaged(unknown.ranges()));
        }
        if (relearning && relearn == null) {
            startRelearn();
        }
    }

    /** ServerRelearn, first half: ask the other servers of the set and every switch. */
    private void startRelearn() {
        relearn = new RelearnRound(++relearnQueries, config, id, promised, fenceView, fenceStart, trimPoint);
        sendRelearnQueries(true);
    }

    private void sendRelearnQueries(boolean toServers) {
        Message.RelearnQuery q = new Message.RelearnQuery(relearn.queryId, id);
        if (toServers) {
            for (int m = 0; m < config.membersPerSet(); m++) {
                if (m != id.member() && !relearn.serverReplied(m)) {
                    effects.send(new ServerId(id.replicaSet(), m), q);
                }
            }
        }
        for (int k = 0; k < config.switchCount(); k++) {
            // Relearned: every switch again (each has answered once), for a committed prefix that
            // has moved on since; repair copies only up to it (the specs' ServerRepair reads kc now).
            if (!relearning || !relearn.switchReplied(k)) {
                effects.send(new SwitchId(k), q);
            }
        }
        relearn.lastSentTick = now;
    }

    private void onTick() {
        now++;
        if (relearn != null && now - relearn.lastSentTick >= config.sealRetryTicks()) {
            // Relearning: ask again whoever has not answered. Relearned with unknown indices: ask
            // the switches again for the committed prefix, which tells repair what to copy.
            sendRelearnQueries(relearning);
        }
        if (!relearning && !unknown.isEmpty()) {
            repairs.onTick(now, this::unknownAt, trimPoint, knownCommitted, effects);
        }
    }

    /** The specs' {@code st[i].p = Unk}: in an unknown range and not held since. */
    private boolean unknownAt(long index) {
        return index >= trimPoint && unknown.covers(index) && stored.viewAt(index) == null;
    }

    private Effects finishStep() {
        notePromise();
        if (stepRecords != null) {
            effects.add(new Effect.Persist(persistIssued, stepRecords));
        }
        effects.placeMerged();
        checkLocalInvariants();
        return effects;
    }

    private void onMessage(Message m) {
        if (m instanceof Message.Merged merged) {
            for (Message member : merged.members()) {
                onMessage(member); // each as if it came alone: one spec step each, one Persist for all
            }
        } else if (m instanceof Message.Write w) {
            if (fromConfiguredSwitch(w.from(), m)) {
                onWrite(w);
            }
        } else if (m instanceof Message.Seal s) {
            if (fromConfiguredSwitch(s.coordinator(), m)) {
                onSeal(s);
            }
        } else if (m instanceof Message.SealPage p) {
            if (fromConfiguredSwitch(p.coordinator(), m)) {
                onSealPage(p);
            }
        } else if (m instanceof Message.Fence f) {
            if (fromConfiguredSwitch(f.from(), m)) {
                onFence(f);
            }
        } else if (m instanceof Message.ServerRead r) {
            onRead(r);
        } else if (m instanceof Message.ServerTrim t) {
            if (fromConfiguredSwitch(t.from(), m)) {
                onTrim(t);
            }
        } else if (m instanceof Message.ViewCheck c) {
            if (fromConfiguredSwitch(c.from(), m)) {
                onViewCheck(c);
            }
        } else if (m instanceof Message.RelearnQuery q) {
            onRelearnQuery(q);
        } else if (m instanceof Message.RelearnServerReply r) {
            onRelearnReply(r);
        } else if (m instanceof Message.RelearnSwitchReply r) {
            onRelearnReply(r);
        } else if (m instanceof Message.RepairRead r) {
            onRepairRead(r);
        } else if (m instanceof Message.RepairReply r) {
            onRepairReply(r);
        } else if (m instanceof Message.RingAlive a) {
            if (fromConfiguredSwitch(a.from(), m)) {
                onRingAlive(a);
            }
        } else if (m instanceof Message.PreVote p) {
            if (fromConfiguredSwitch(p.from(), m)) {
                onPreVote(p);
            }
        } else {
            badInput("a log server does not handle " + m.getClass().getSimpleName());
        }
    }

    /**
     * Only switches of the static configuration write, seal, fence, trim and check views: a
     * message naming another sender is malformed (found by the conformance replay's malformed
     * copies: a Write "from switch 64" was stored and acknowledged to no one).
     */
    private boolean fromConfiguredSwitch(SwitchId from, Message m) {
        if (from.index() >= config.switchCount()) {
            badInput(m.getClass().getSimpleName() + " from " + from + ", not a switch of the configuration");
            return false;
        }
        return true;
    }

    /**
     * ServerWrite / ServerRewrite: store {@code (i, v, payload)} iff {@code v >= promisedView};
     * the ack is released once durable. A higher view in a write implies a promise (phase 2
     * implies phase 1), so it is recorded too: with the rewrite's ballot, as a Fence records it,
     * or with an unknown one for a leader's write (a leader is no ballot). A rewrite is judged
     * by its ballot alone, as {@link #onFence} judges a Fence, whichever of them comes first.
     */
    private void onWrite(Message.Write w) {
        if (relearning && !hooks.planted(PlantedBug.ACK_BEFORE_RELEARN)) {
            ignoredWhileRelearning++; // the specs' Vouches(s): a damaged server acknowledges nothing
            return;
        }
        boolean ignorePromise = hooks.planted(PlantedBug.IGNORE_PROMISE);
        if ((w.view().isBefore(promised) && !ignorePromise) || rewriteOfAnotherLife(w)) {
            effects.send(w.from(), new Message.WriteAck(w.view(), w.index(), id, false, promised));
            return;
        }
        if (w.index() < 1) {
            badInput("write of index " + w.index());
            return;
        }
        if (w.view().isAfter(promised)) {
            promised = w.view();
            promisedIncarnation = w.incarnation(); // Write.LEADER (-1) is the unknown ballot
            record(new DurableRecord.Promise(promised));
        }
        if (w.index() >= trimPoint) {
            View held = stored.viewAt(w.index());
            if (held != null && held.equals(w.view())) {
                Entry old = read(w.index());
                if (old == null && relearning) {
                    return; // its copy was damaged on disk: unknown now, and relearning acknowledges nothing
                }
                if (old != null && !old.payload().equals(w.payload())) {
                    throw Invariant.UniqueAssignment.violation(id + " got two payloads for index " + w.index()
                            + " in " + w.view() + ": " + old.payload() + " then " + w.payload());
                }
                held = stored.viewAt(w.index()); // (planted DAMAGE_READ_AS_ABSENT: the damaged copy is gone)
            }
            // Only a newer entry is stored. A resend of the one held is not persisted again: its
            // ack still waits for the first persist (replyAfterPersist), and a disk write per
            // resend lets resends outrun the disk (acks ever later, so ever more resends).
            if (held == null || held.isBefore(w.view())) {
                Entry e = new Entry(w.index(), w.view(), w.payload());
                highestIndex = Math.max(highestIndex, w.index());
                store(e);
                rewriteArrived(w, true);
            }
        }
        Message.WriteAck ack = new Message.WriteAck(w.view(), w.index(), id, true, promised);
        if (hooks.planted(PlantedBug.ACK_BEFORE_PERSIST)) {
            effects.send(w.from(), ack);
        } else {
            replyAfterPersist(w.from(), ack);
        }
    }

    /**
     * A coordinator's rewrite of the promised view from another life than the one this server
     * promised it to (the ballot is reused by an amnesic coordinator): refused, as such a Fence.
     */
    private boolean rewriteOfAnotherLife(Message.Write w) {
        return w.incarnation() != Message.Write.LEADER && w.view().equals(promised)
                && promisedIncarnation >= 0 && w.incarnation() != promisedIncarnation;
    }

    /**
     * ServerSeal: promise {@code seal.view} and report the entries above the coordinator's
     * committed prefix; the reply is released once the promise is durable. The reply is the first
     * page ({@link #sealPage}); the coordinator asks for the others.
     */
    private void onSeal(Message.Seal s) {
        if (relearning && !hooks.planted(PlantedBug.ACK_BEFORE_RELEARN)) {
            ignoredWhileRelearning++; // the specs' Vouches(s): a damaged server acknowledges nothing
            return;
        }
        boolean sameBallot = s.view().equals(promised) && s.incarnation() == promisedIncarnation;
        if (s.view().isBefore(promised) || (s.view().equals(promised) && !sameBallot)) {
            effects.send(s.coordinator(), new Message.ServerSealReply(s.view(), id, false, promised,
                    highestIndex, trimPoint, List.of(), s.incarnation()));
            return;
        }
        long from = Math.max(s.committedPrefix() + 1, trimPoint);
        Page page = page(from);
        if (page == null) {
            return; // an entry of the reply was damaged on disk: unknown now, relearning
        }
        if (s.view().isAfter(promised)) {
            promised = s.view();
            promisedIncarnation = s.incarnation();
            record(new DurableRecord.Promise(promised));
        }
        knownCommitted = Math.max(knownCommitted, s.committedPrefix());
        replyAfterPersist(s.coordinator(), sealReply(s.view(), s.incarnation(), Message.ServerSealReply.FIRST_PAGE,
                page, unknownFrom(from)));
    }

    /**
     * ServerSealPage: the next page of the reply to the coordinator's ballot, only while this
     * server is promised to exactly that ballot: since the promise it accepted nothing of a lower
     * view, and nothing of this one (its rewrites follow the choice), so every page reads the
     * state the promise fixed. Anything else (a higher promise, another life's ballot, or a
     * recovery that forgot whose ballot it was) ends the paging: the refusal names the promise.
     */
    private void onSealPage(Message.SealPage p) {
        if (relearning) {
            ignoredWhileRelearning++; // no Seal was answered in this state either
            return;
        }
        if (!p.view().equals(promised) || p.incarnation() != promisedIncarnation) {
            effects.send(p.coordinator(), new Message.ServerSealReply(p.view(), id, false, promised,
                    highestIndex, trimPoint, List.of(), p.incarnation()));
            return;
        }
        long from = Math.max(p.from(), trimPoint);
        Page page = page(from);
        if (page == null) {
            return; // an entry of the page was damaged on disk: unknown now, relearning
        }
        replyAfterPersist(p.coordinator(), sealReply(p.view(), p.incarnation(), p.from(), page, unknownFrom(from)));
    }

    /**
     * One page of a seal reply: the entries held from {@code from} on, the lowest first, at most
     * {@code sealPageEntriesMax} and {@code sealPageBytesMax} (at least one entry: the page always
     * advances), and where the next page starts (the specs' {@code SealPage}: {@code nx} is 0 when
     * no entry is held above the page).
     */
    private Page page(long from) {
        ArrayList<Entry> page = new ArrayList<>();
        long last = hooks.planted(PlantedBug.SEAL_REPLY_SKIPS_HIGHEST) ? highestIndex - 1 : highestIndex;
        long bytes = 0;
        long next = Message.ServerSealReply.LAST_PAGE;
        for (long i = from; i <= last; i++) {
            if (stored.viewAt(i) == null) {
                continue;
            }
            Entry e = read(i);
            if (e == null && relearning) {
                return null;
            }
            if (e == null) {
                continue; // (planted DAMAGE_READ_AS_ABSENT)
            }
            long entryBytes = (long) e.payload().size() + Config.SEAL_PAGE_ENTRY_OVERHEAD_BYTES;
            if (!page.isEmpty() && (page.size() == config.sealPageEntriesMax()
                    || bytes + entryBytes > config.sealPageBytesMax())) {
                next = i; // the first entry of the next page
                break;
            }
            page.add(e);
            bytes += entryBytes;
        }
        return new Page(page, next);
    }

    /** A seal reply's entries and where the next page starts ({@link Message.ServerSealReply#LAST_PAGE} if none). */
    private record Page(List<Entry> entries, long next) {
    }

    private Message.ServerSealReply sealReply(View view, long incarnation, long pageFrom, Page page,
                                              List<IndexRange> unknownRanges) {
        return new Message.ServerSealReply(view, id, true, promised, highestIndex, trimPoint, page.entries(), fenceView,
                fenceStart, incarnation, unknownRanges, pageFrom, page.next());
    }

    /**
     * ServerRewrite's fence: store {@code (view, start)} iff {@code view >= promisedView} (as a
     * write; for the promised view, not from another life of its coordinator than the one that
     * sealed us: one ballot, one life), raise the promise, ack once durable. A fence of a view
     * not above the stored one changes nothing (a retransmission) but is acked again.
     */
    private void onFence(Message.Fence f) {
        if (relearning && !hooks.planted(PlantedBug.ACK_BEFORE_RELEARN)) {
            ignoredWhileRelearning++; // the specs' Vouches(s): a damaged server acknowledges nothing
            return;
        }
        boolean otherLife = f.view().equals(promised) && promisedIncarnation >= 0
                && f.incarnation() != promisedIncarnation;
        if (f.view().isBefore(promised) || otherLife) {
            effects.send(f.from(), new Message.FenceAck(f.view(), id, false, promised));
            return;
        }
        if (f.start() < 1) {
            badInput("fence with start " + f.start());
            return;
        }
        if (f.view().isAfter(promised)) {
            promised = f.view();
            promisedIncarnation = f.incarnation();
            record(new DurableRecord.Promise(promised));
        }
        if (f.view().isAfter(fenceView)) {
            long missing = missingRewrites(f);
            if (missing > 0) {
                // The specs' ServerRewrite stores the rewrites and the fence in one step: a fence
                // without the rewrites below its start let a later coordinator (which reads only
                // the highest fence) adopt an entry a lower fence rules out (FencedNeverAdopted,
                // campaign seed 399 at 5967b88). It waits, unacknowledged, for the last rewrite.
                pendingFence = f;
                pendingFenceMissing = missing;
                return;
            }
            applyFence(f);
        }
        replyAfterPersist(f.from(), new Message.FenceAck(f.view(), id, true, promised));
    }

    private void applyFence(Message.Fence f) {
        fenceView = f.view();
        fenceStart = f.start();
        record(new DurableRecord.Fence(fenceView, fenceStart));
        if (pendingFence != null && !pendingFence.view().isAfter(fenceView)) {
            pendingFence = null;
        }
    }

    /**
     * The indices of this server's set in {@code [rewriteFrom, start)} (at or above its trim
     * point) it holds no entry of the fence's view (or later) for: the rewrites still to come.
     */
    private long missingRewrites(Message.Fence f) {
        long missing = 0;
        long sets = config.replicaSetCount();
        for (long i = Math.max(f.rewriteFrom(), trimPoint); i < f.start(); i++) {
            if (Math.floorMod(i, sets) != id.replicaSet()) {
                continue;
            }
            View held = stored.viewAt(i);
            if (held == null || held.isBefore(f.view())) {
                missing++;
            }
        }
        return missing;
    }

    /** A rewrite of the pending fence's ballot filled index {@code i}: apply the fence once none is missing. */
    private void rewriteArrived(Message.Write w, boolean wasMissing) {
        Message.Fence f = pendingFence;
        if (f == null || !wasMissing || !w.view().equals(f.view()) || w.incarnation() != f.incarnation()
                || w.index() < f.rewriteFrom() || w.index() >= f.start()) {
            return;
        }
        if (--pendingFenceMissing > 0) {
            return;
        }
        pendingFence = null;
        if (!f.view().equals(promised) || !f.view().isAfter(fenceView)) {
            return; // promised a later view since: that view's coordinator rules now
        }
        applyFence(f);
        replyAfterPersist(f.from(), new Message.FenceAck(f.view(), id, true, promised));
    }

    /**
     * ReadRequest / ReadReply: answer from the logical store. Serving a write that is not yet
     * durable is safe: within a view an index has one payload, and readers only ask for
     * committed indices.
     */
    private void onRead(Message.ServerRead r) {
        Entry e = r.index() < trimPoint ? null : read(r.index());
        Message.ServerReadReply reply;
        if (r.index() < trimPoint) {
            reply = new Message.ServerReadReply(r.requestId(), r.index(), id, ReadStatus.TRIMMED, null, null);
        } else if (e == null && unknownAt(r.index())) {
            reply = new Message.ServerReadReply(r.requestId(), r.index(), id, ReadStatus.UNKNOWN, null, null);
        } else if (e == null) {
            reply = new Message.ServerReadReply(r.requestId(), r.index(), id, ReadStatus.MISSING, null, null);
        } else if (r.view().equals(View.NONE) || r.view().equals(e.view())) {
            reply = new Message.ServerReadReply(r.requestId(), r.index(), id, ReadStatus.OK, e.view(), e.payload());
        } else {
            reply = new Message.ServerReadReply(r.requestId(), r.index(), id, ReadStatus.WRONG_VIEW, e.view(), null);
        }
        effects.send(r.client(), reply);
    }

    /**
     * GetTailReturn's view check (ViewConfirmed): report the promised view at once. Reporting a
     * promise not yet durable is conservative: it can only make the switch retry.
     */
    private void onViewCheck(Message.ViewCheck c) {
        if (relearning && !hooks.planted(PlantedBug.ACK_BEFORE_RELEARN)) {
            ignoredWhileRelearning++; // the specs' Vouches(s): a damaged server acknowledges nothing
            return;
        }
        effects.send(c.from(), new Message.ViewCheckReply(c.checkId(), c.view(), id, promised));
    }

    /**
     * Trim (second round): drop every index {@code < prefix}; acknowledged once durable. A trim
     * of a view older than the promised one is refused: a coordinator that sealed this server
     * before the trim arrived may not know the trim, and its view must not see it half-applied.
     */
    private void onTrim(Message.ServerTrim t) {
        if (relearning && !hooks.planted(PlantedBug.ACK_BEFORE_RELEARN)) {
            ignoredWhileRelearning++; // the specs' Vouches(s): a damaged server acknowledges nothing
            return;
        }
        if (t.view().isBefore(promised)) {
            effects.send(t.from(), new Message.TrimAck(t.trimId(), t.prefix(), id, false, promised));
            return;
        }
        if (t.prefix() > trimPoint) {
            for (long i = trimPoint; i < t.prefix() && i <= highestIndex; i++) {
                stored.remove(i);
            }
            trimPoint = t.prefix();
            highestIndex = Math.max(highestIndex, trimPoint - 1);
            unknown.trimBelow(trimPoint);
            record(new DurableRecord.TrimTo(trimPoint));
        }
        replyAfterPersist(t.from(), new Message.TrimAck(t.trimId(), t.prefix(), id, true, promised));
    }

    /**
     * The indices at or above {@code from} this server cannot vouch for, for a seal reply: the
     * unknown ranges without the entries held since (the walk is the one the reply's entries
     * take), the open tail of a wiped disk kept open. A range may span other sets' indices,
     * which a coordinator ignores for this server.
     */
    private List<IndexRange> unknownFrom(long from) {
        List<IndexRange> ranges = unknown.ranges();
        if (ranges.isEmpty()) {
            return List.of();
        }
        ArrayList<IndexRange> out = new ArrayList<>();
        for (IndexRange q : ranges) {
            if (q.last() < from) {
                continue;
            }
            long runStart = -1;
            long walkEnd = Math.min(q.last(), highestIndex);
            for (long i = Math.max(q.first(), from); i <= walkEnd; i++) {
                if (Math.floorMod(i, (long) config.replicaSetCount()) != id.replicaSet()) {
                    continue; // another set's index: this server never holds it, a run goes on across it
                }
                boolean unk = stored.viewAt(i) == null;
                if (unk && runStart < 0) {
                    runStart = i;
                } else if (!unk && runStart >= 0) {
                    out.add(new IndexRange(runStart, i - 1));
                    runStart = -1;
                }
            }
            if (q.last() > highestIndex) {
                long tailFirst = runStart >= 0 ? runStart : Math.max(Math.max(q.first(), from), highestIndex + 1);
                out.add(new IndexRange(tailFirst, q.last()));
            } else if (runStart >= 0) {
                out.add(new IndexRange(runStart, walkEnd));
            }
        }
        return coarsened(out);
    }

    /** At most UnknownIndices.RANGES_MAX ranges: merging neighbours only reports more unknown. */
    private static List<IndexRange> coarsened(ArrayList<IndexRange> ranges) {
        while (ranges.size() > UnknownIndices.RANGES_MAX) {
            int best = 0;
            long bestGap = Long.MAX_VALUE;
            for (int k = 0; k + 1 < ranges.size(); k++) {
                long gap = ranges.get(k + 1).first() - ranges.get(k).last();
                if (gap < bestGap) {
                    bestGap = gap;
                    best = k;
                }
            }
            ranges.set(best, new IndexRange(ranges.get(best).first(), ranges.get(best + 1).last()));
            ranges.remove(best + 1);
        }
        return ranges;
    }

    /**
     * The specs' {@code RingAlive}: the ring of {@code a.view()} tells us its token goes round.
     * Only the promised view's ring counts: a ring of an older view is sealed here, and one of a
     * later view means this server missed the view change (it then grants, as the spec's
     * {@code RingAlive(srv[s].pv)} does; the majority that holds the fence refuses).
     */
    private void onRingAlive(Message.RingAlive a) {
        if (a.view().equals(promised)) {
            ringAliveView = promised;
            ringAliveTick = now;
            ringAliveHeard = true;
        }
    }

    /**
     * StartViewChange's pre-vote ({@code PreVoteGranted}): grant iff this server vouches, has
     * not heard RingAlive of its promised view within ringAliveTimeoutTicks, and promised that
     * view at least ringAliveTimeoutTicks ago (its ring has had time to speak). Changes no state,
     * durable or not: the grant binds no one (a pre-vote is no promise). A relearning server
     * ignores it, as it ignores Seals (the specs' {@code Vouches(s)}).
     */
    private void onPreVote(Message.PreVote p) {
        if (relearning) {
            ignoredWhileRelearning++;
            return;
        }
        // A view promised within ringAliveTimeoutTicks: its view change is under way (or just
        // done) and its ring cannot have told us yet; granting now would start a rival view
        // change (every switch that suspected the same dead ring asks at about the same time).
        // The spec's oracle would grant here (no ring of the new view is alive yet); refusing
        // for a bounded time longer costs only time, never safety (a pre-vote is no promise).
        // Campaigns: rival view changes after one ring failure are fewer.
        boolean young = now - promisedSinceTick < config.ringAliveTimeoutTicks();
        boolean heard = ringAliveHeard && ringAliveView.equals(promised)
                && now - ringAliveTick < config.ringAliveTimeoutTicks();
        effects.send(p.from(), new Message.PreVoteReply(p.round(), id, !heard && !young, promised));
    }

    /** After every step: when the promise changed (pre-vote: a young view is given time to come alive). */
    private void notePromise() {
        if (!promised.equals(lastPromise)) {
            lastPromise = promised;
            promisedSinceTick = now;
        }
    }

    /** Another server relearns: report our promise, fence and trim point (at once, as a view check). */
    private void onRelearnQuery(Message.RelearnQuery q) {
        ServerId from = q.from();
        if (from.replicaSet() != id.replicaSet() || from.member() >= config.membersPerSet() || from.equals(id)) {
            badInput("relearn query from " + from + ", not another server of set " + id.replicaSet());
            return;
        }
        effects.send(from, new Message.RelearnServerReply(q.queryId(), id, !relearning, promised, fenceView,
                fenceStart, trimPoint));
    }

    private void onRelearnReply(Message.RelearnServerReply r) {
        if (relearn != null && relearning && relearn.onServerReply(r)) {
            maybeRelearned();
        }
    }

    private void onRelearnReply(Message.RelearnSwitchReply r) {
        if (relearn == null || !relearn.onSwitchReply(r)) {
            return;
        }
        knownCommitted = Math.max(knownCommitted, r.committedPrefix());
        if (relearning) {
            maybeRelearned();
        }
    }

    /**
     * ServerRelearn, second half: promise the highest view any of them knows (ballot unknown, as
     * after a recovery), take the highest fence and trim point, and acknowledge again. Unknown
     * indices stay unknown (repair copies the committed ones back).
     */
    private void maybeRelearned() {
        if (!relearn.complete()) {
            return;
        }
        if (relearn.promised.isAfter(promised)) {
            promised = relearn.promised;
            record(new DurableRecord.Promise(promised));
        }
        promisedIncarnation = -1;
        if (relearn.fenceView.isAfter(fenceView)) {
            fenceView = relearn.fenceView;
            fenceStart = relearn.fenceStart;
            record(new DurableRecord.Fence(fenceView, fenceStart));
        }
        if (relearn.trimPoint > trimPoint) {
            for (long i = trimPoint; i < relearn.trimPoint && i <= highestIndex; i++) {
                stored.remove(i);
            }
            trimPoint = relearn.trimPoint;
            highestIndex = Math.max(highestIndex, trimPoint - 1);
            unknown.trimBelow(trimPoint);
            record(new DurableRecord.TrimTo(trimPoint));
        }
        record(new DurableRecord.Relearned());
        relearning = false;
        if (unknown.isEmpty()) {
            relearn = null;
        }
    }

    /** Another server repairs an index: our entry, or why there is none. */
    private void onRepairRead(Message.RepairRead r) {
        ServerId from = r.from();
        if (from.replicaSet() != id.replicaSet() || from.member() >= config.membersPerSet() || from.equals(id)) {
            badInput("repair read from " + from + ", not another server of set " + id.replicaSet());
            return;
        }
        Entry e = r.index() < trimPoint ? null : read(r.index());
        Message.RepairReply reply;
        if (r.index() < trimPoint) {
            reply = new Message.RepairReply(r.repairId(), r.index(), id, ReadStatus.TRIMMED, null, null);
        } else if (relearning || (e == null && unknownAt(r.index()))) {
            reply = new Message.RepairReply(r.repairId(), r.index(), id, ReadStatus.UNKNOWN, null, null);
        } else if (e == null) {
            reply = new Message.RepairReply(r.repairId(), r.index(), id, ReadStatus.MISSING, null, null);
        } else {
            reply = new Message.RepairReply(r.repairId(), r.index(), id, ReadStatus.OK, e.view(), e.payload());
        }
        effects.send(from, reply);
    }

    /** ServerRepair: store the copy once a majority of the others vouched, if still unknown here. */
    private void onRepairReply(Message.RepairReply r) {
        Entry copy = repairs.onReply(r, id);
        if (copy != null && unknownAt(copy.index())) {
            highestIndex = Math.max(highestIndex, copy.index());
            store(copy);
        }
    }

    private void onPersistDone(long persistId) {
        if (persistId > persistIssued || persistId < 0) {
            badInput("PersistDone(" + persistId + ") but only " + persistIssued + " persists were issued");
            return;
        }
        persistConfirmed = Math.max(persistConfirmed, persistId);
        stored.persistConfirmed(persistConfirmed);
        while (!held.isEmpty() && held.peekFirst().persistId() <= persistConfirmed) {
            Held h = held.pollFirst();
            effects.send(h.to(), h.message());
        }
    }

    /** Holds {@code e} and persists it in this step's Persist. */
    private void store(Entry e) {
        record(new DurableRecord.PutEntry(e));
        stored.put(e, persistIssued);
    }

    /**
     * The entry at {@code index} with its payload (read back from disk if it left the heap), or
     * null: none held, or its copy on disk was damaged, which this read just found (ServerCorrupt).
     */
    private Entry read(long index) {
        Entry e = stored.load(index);
        if (e != HeldEntries.DAMAGED) {
            return e;
        }
        damageFound(index);
        return null;
    }

    /**
     * The specs' ServerCorrupt, found by a read: a durable entry failed its checksum (or is
     * gone) on disk. The index becomes unknown, never absent: a seal reply that left out a
     * committed entry as absent could let a coordinator choose junk over it (planted bug
     * DAMAGE_READ_AS_ABSENT). As after damage found at recovery, the damage is recorded and the
     * server relearns before it acknowledges anything again.
     */
    private void damageFound(long index) {
        damagedOnRead++;
        stored.remove(index);
        if (hooks.planted(PlantedBug.DAMAGE_READ_AS_ABSENT)) {
            return;
        }
        unknown.add(new IndexRange(index, index));
        record(new DurableRecord.Damaged(unknown.ranges()));
        relearning = true;
        startRelearn();
    }

    private void record(DurableRecord r) {
        if (stepRecords == null) {
            stepRecords = new ArrayList<>(2);
            persistIssued++;
        }
        stepRecords.add(r);
    }

    /** Sends now if everything is durable, else holds the reply until the latest Persist is. */
    private void replyAfterPersist(NodeId to, Message m) {
        if (persistIssued == persistConfirmed) {
            effects.send(to, m);
        } else {
            held.addLast(new Held(persistIssued, to, m));
        }
    }

    private void badInput(String what) {
        badInputs++;
        lastBadInput = what;
    }

    private void checkLocalInvariants() {
        if (!(persistConfirmed <= persistIssued)) {
            throw Invariant.TypeOK.violation(id + " confirmed more persists than issued");
        }
        if (!(trimPoint >= 1)) {
            throw Invariant.TypeOK.violation(id + " trimPoint " + trimPoint);
        }
        if (fenceView.isAfter(promised) || fenceStart < 1) {
            throw Invariant.TypeOK.violation(id + " fence " + fenceView + "@" + fenceStart + " above promise " + promised);
        }
    }

    @Override
    public ServerId id() {
        return id;
    }

    /** A snapshot of this server's state for hosts, tests and operators: a value, not a view. */
    public ServerStatus status() {
        return new ServerStatus(id, promised, promisedIncarnation, fenceView, fenceStart, trimPoint, highestIndex,
                held.size(), badInputs, lastBadInput, relearning,
                relearning && relearn != null ? relearn.waitingFor() : "", unknownFrom(trimPoint),
                ignoredWhileRelearning, repairs.repaired(), stored.size(), stored.inHeap(), stored.inHeapBytes(), stored.movedToDisk(),
                damagedOnRead);
    }

    /** The entry at {@code index} in the logical store (durable or not), or null. */
    public Entry entry(long index) {
        return index < trimPoint ? null : stored.loadQuietly(index);
    }
}
