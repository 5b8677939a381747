package io.ringworld.conformance.trace;

import io.ringworld.kernel.Effect;
import io.ringworld.kernel.Effects;
import io.ringworld.kernel.Entry;
import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.Projection;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.invariant.Invariant;
import io.ringworld.kernel.invariant.InvariantViolation;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.DurableRecord;
import io.ringworld.kernel.server.LogServer;
import io.ringworld.kernel.server.ServerInput;
import io.ringworld.kernel.sw.Switch;
import io.ringworld.kernel.sw.SwitchInput;
import io.ringworld.runtime.sim.RunResult;
import io.ringworld.runtime.sim.StepObserver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the kernel steps of a simulator run (a {@link StepObserver}) into a trace of the
 * RingWorld.tla actions they performed, in spec ids; {@link SimulatorTraces} sets up the run.
 * The kernel carries no labels: each event is inferred from a step's input and effects (which
 * message came in, which went out) and the stepping node's state after the step.
 *
 * <p>Mapping: kernel SwitchId(k) -> spec switch k+1; ServerId(0, m) -> model value S(m+1); kernel
 * View.INITIAL -> 0; a new kernel view coordinated by switch c -> the smallest spec view above
 * every view mapped so far that the spec's Coord assigns to c+1; the n-th payload a switch
 * accepted -> n; junk -> 0; the n-th getTail wait a switch queued -> TailOps element n. No event:
 * loss (the spec's message set keeps every message; the kernel retransmits), TokenAck,
 * retransmissions, duplicates the kernel ignores, view checks that confirm, reads.
 *
 * <p>getTail. GetTailStart(g, x) is a switch queueing a GetTailRequest (not Busy); the kernel
 * keeps one wait per arrival and a client resends to the next switch every few ticks, so each
 * arrival is a spec getTail of its own, except a resend finding the same request still waiting
 * for its h at that switch (the two waits behave as one). Its h is taken at the switch's next
 * SequenceBatch. ViewCheckReply(x, s, v) is a view check's reply sealing the switch with a higher
 * promise (onOutranked). The kernel's answer, GetTailReply(g, x, tail), is a trace-only event:
 * the spec answers inside the visit (c >= h and ViewConfirmed, atomically), the kernel only after
 * a view check a round trip later; RingWorldTrace.tla pins the tail against the spec's getTail g.
 * One more spec/kernel difference is mapped, not cut: a kernel wait that took an h and sees a new
 * view installed restarts (its h must come from the new view), while the spec may have answered it
 * at its visit already, when the view was confirmed there but the kernel had not answered: its
 * check came back outranked, or had not started (a getTail ready while another's check is in
 * flight starts its own at the next visit: seed 16, where the token was lost with a crashed switch
 * before that visit), or its c, the kernel's fold, had not reached h. The recorder then maps the
 * rest of that wait to a fresh spec getTail started at the InstallView ({@link TailEvents#restarts}).
 *
 * <p>One kernel step gives two events: StartViewChange (then the coordinator's own SwitchSeal,
 * which needs no message in the kernel). The first member's Install/Start is InstallView with
 * MintToken; its first SequenceBatch is the delivery of the minted token it passed to itself. ChooseEntries is the
 * coordinator's step that sends the first Fence (or rewrite Write) of a view. ServerRewrite is a
 * server's step that releases its first accepted FenceAck of a view (the fence is durable then):
 * the kernel rewrites index by index and sends the fence apart, the spec rewrites a whole server
 * and stores its fence in one step; both install only once a majority of servers acknowledged
 * the fence.
 *
 * <p>Views are numbered as the spec's StartViewChange numbers them ({@link #spec(View)}): both
 * start the smallest view above the views the switch knows of (finding F13). A switch hears of
 * views without acting on them (an install for an earlier life, a token it drops, a refusal that
 * ends its view change): those are events too ({@link #heardOf}), and a restarted coordinator
 * may start its earlier life's view again (the ballot is view and incarnation in both).
 *
 * <p>Trace.cfg's bounds are raised per trace to what the trace uses ({@link #constants()}: payloads,
 * views, indices, crashes, getTails; never below Trace.cfg's). The trace is cut (a prefix of a
 * behaviour is still a behaviour) at the first event past {@link #MAX_EVENTS} or past the caps
 * below, which keep each TLC run small.
 */
final class SpecEventRecorder implements StepObserver {
    /** Trace.cfg's cluster: 2 switches, 1 replica set of 3 servers (a trace's own cfg may widen it). */
    static final int CFG_SWITCHES = 2;
    static final int MEMBERS = 3;
    /** Trace.cfg's bounds: the constants of a trace that stays inside them. */
    static final int CFG_PAYLOADS = 3;
    static final int CFG_MAX_IDX = 6;
    static final int CFG_MAX_VIEW = 5;
    static final int CFG_MAX_FAULTS = 2;
    static final int CFG_MAX_LOSS = 2;
    /** Caps on a trace's constants (a trace that needs more is cut). */
    static final int CAP_PAYLOADS = 8;
    static final int CAP_IDX = 12;
    static final int CAP_VIEW = 11;
    static final int CAP_FAULTS = 6;
    /** getTail waits (spec TailOps elements) a trace may use. */
    static final int CAP_TAILS = 10;
    /** Read arrivals (spec ReadOps elements) a trace may use. */
    static final int CAP_READS = 16;
    /** Keeps each TLC run short (an idle token pass is an event too; TLC's time per event grows with the trace). */
    static final int MAX_EVENTS = 220;

    final long seed;
    /** The recorded cluster: its switches (spec 1..switches) and replica sets (spec servers S1..S(3 * sets)). */
    final int switches;
    final int replicaSets;
    final List<String> events = new ArrayList<>();
    private final Map<Integer, Long> installStart = new HashMap<>();
    private final Map<Payload, Integer> payloadIds = new HashMap<>();
    /** The getTail events (GetTailStart, ViewCheckReply, GetTailReply). */
    final TailEvents tails;
    /** The read and trim events (ReadRequest, ReadForward, ReadReply, TrimRequest, TrimExpire, ServerTrim, TrimAck). */
    final ReadTrimEvents readsTrims = new ReadTrimEvents(this);
    /** Spec getTail operations used (TailOps = 1..tailOps). */
    int tailOps;
    private final Set<String> once = new HashSet<>();
    /** What each log server stores, as last persisted. */
    private final Map<Long, Entry>[] stored;
    /** What the recorded events use, for {@link #constants()}. */
    private long maxIdxUsed;
    private int maxViewUsed;
    private int coordinatorInstalls;
    /** The highest view each kernel switch knew of after its last step (SeenView; index 0 unused). */
    private final View[] seenBefore;
    /** Whether each kernel switch coordinated a view change after its last step. */
    private final boolean[] coordinatingBefore;
    int crashes;
    boolean cut;
    String cutReason = "";
    /** The message of an InvariantViolation a kernel step threw (the run ends there), or null. */
    String kernelViolation;
    /** The simulator's verdict on the whole run (set by {@link SimulatorTraces#record}). */
    RunResult run;

    @SuppressWarnings("unchecked")
    SpecEventRecorder(long seed, int switches, int replicaSets) {
        this.seed = seed;
        this.switches = switches;
        this.replicaSets = replicaSets;
        this.seenBefore = new View[switches + 1];
        this.coordinatingBefore = new boolean[switches + 1];
        this.tails = new TailEvents(this);
        this.stored = new Map[MEMBERS * replicaSets];
        for (int q = 0; q < stored.length; q++) {
            stored[q] = new HashMap<>();
        }
        installStart.put(0, 1L);                              // the boot view: ring 1..N, start 1
    }

    /** The spec model value of a kernel server: S1..S3 (replica set 0), S4..S6 (set 1). */
    static String server(ServerId s) {
        return "S" + (MEMBERS * s.replicaSet() + s.member() + 1);
    }

    private static int flat(ServerId s) {
        return MEMBERS * s.replicaSet() + s.member();
    }

    private static String range(String prefix, int from, int to) {
        StringBuilder b = new StringBuilder("{");
        for (int k = from; k <= to; k++) {
            b.append(k > from ? ", " : "").append(prefix).append(k);
        }
        return b.append('}').toString();
    }

    boolean hasViewChange() {
        return coordinatorInstalls > 0;
    }

    /**
     * The constants of this trace's TLC model that differ from Trace.cfg's: Payloads, MaxIdx,
     * MaxView and MaxFaults as the trace uses them (at least Trace.cfg's), MaxLoss at least one
     * per coordinator install (RingWorldTrace's LateSealReply loses one seal reply at most there),
     * TailOps = 1..n for a trace with n getTails (Trace.cfg's {} otherwise).
     */
    Map<String, String> constants() {
        StringBuilder payloads = new StringBuilder("{");
        for (int p = 1; p <= Math.max(CFG_PAYLOADS, payloadIds.size()); p++) {
            payloads.append(p > 1 ? ", " : "").append(p);
        }
        Map<String, String> c = new LinkedHashMap<>();
        c.put("Payloads", payloads.append('}').toString());
        c.put("MaxIdx", String.valueOf(Math.max(Math.max(CFG_MAX_IDX, maxIdxUsed),
                Math.max(readsTrims.maxReadIdx, readsTrims.maxTrimPrefix - 1))));
        c.put("MaxView", String.valueOf(Math.max(CFG_MAX_VIEW, maxViewUsed)));
        c.put("MaxFaults", String.valueOf(Math.max(CFG_MAX_FAULTS, crashes)));
        c.put("MaxLoss", String.valueOf(Math.max(CFG_MAX_LOSS, coordinatorInstalls)));
        if (switches != CFG_SWITCHES) {
            c.put("NumSwitches", String.valueOf(switches));
            c.put("CrashSwitches", range("", 1, switches));
        }
        if (replicaSets == 2) {
            c.put("NumRS", "2");
            c.put("RS1", range("S", MEMBERS + 1, 2 * MEMBERS));
            c.put("CrashServers", range("S", 1, 2 * MEMBERS));
        }
        if (readsTrims.readOps > 0) {
            c.put("ReadOps", range("", 1, readsTrims.readOps));
        }
        if (readsTrims.maxTrimPrefix > 1) {
            c.put("MaxTrims", String.valueOf(readsTrims.maxTrimPrefix - 1));
        }
        if (tailOps > 0) {
            StringBuilder tails = new StringBuilder("{");
            for (int g = 1; g <= tailOps; g++) {
                tails.append(g > 1 ? ", " : "").append(g);
            }
            c.put("TailOps", tails.append('}').toString());
        }
        return c;
    }

    // ------------------------------------------------------------------ faults

    @Override
    public void crashed(NodeId node) {
        if (node instanceof SwitchId s) {
            tails.crashed(s.index() + 1);
            readsTrims.forget(s.index() + 1);
            emit("SwitchCrash", "x", s.index() + 1);
        } else if (node instanceof ServerId s) {
            emit("ServerCrash", "s", server(s));
        }
    }

    @Override
    public void switchRestarted(Switch node) {
        seenBefore[node.id().index() + 1] = View.NONE;
        coordinatingBefore[node.id().index() + 1] = false;
        emit("SwitchRestart", "x", node.id().index() + 1);
    }

    @Override
    public void serverRecovered(LogServer node) {
        emit("ServerRecover", "s", server(node.id()));
    }

    @Override
    public <I> void stepFailed(io.ringworld.kernel.Node<I> node, I input, InvariantViolation e) {
        // The kernel's always-on check stopped a step after its state changed. A WriteAck that
        // trips CommitNeedsMajority was a commit (Replication.commit checks first thing): record
        // that LeaderCommit, so the spec judges it too; the run ends here.
        kernelViolation = e.getMessage();
        if (node.id() instanceof SwitchId s && input instanceof SwitchInput.Deliver d
                && e.invariant() == Invariant.CommitNeedsMajority) {
            Message.WriteAck a = trippingAck(d.message(), e);
            if (a != null) {
                emit("LeaderCommit", "x", s.index() + 1, "v", spec(a.view()), "i", a.index(),
                        "s", server(a.from()), "commit", true);
            }
        }
        cutAt("kernel invariant violation: " + e.getMessage());
    }

    /**
     * The ack whose commit tripped the check: the one delivered, or the member of a merged one
     * whose index the violation names (Replication.commit names it; the members before it were
     * steps the run ends without recording).
     */
    private static Message.WriteAck trippingAck(Message in, InvariantViolation e) {
        if (in instanceof Message.WriteAck a) {
            return a;
        }
        if (in instanceof Message.WriteAcks acks) {
            for (Message.WriteAck a : acks.members()) {
                if (e.getMessage().contains(" committed index " + a.index() + " ")) {
                    return a;
                }
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ switch steps

    @Override
    public void switchStepped(Switch s, SwitchInput input, Effects effects) {
        int x = s.id().index() + 1;
        boolean activeBefore = tails.stepped(x, s.status().active());
        if (cut) {
            return;
        }
        Message in = input instanceof SwitchInput.Deliver d ? d.message() : null;
        List<Message> sent = new ArrayList<>();
        for (Effect e : effects) {
            if (e instanceof Effect.Send send) {
                addMembers(sent, send.message());
            }
        }
        heardOf(s, x, in instanceof Message.Merged merged ? merged.members().get(0) : in);
        startViewChange(s, x, sent);
        if (in instanceof Message.AppendRequest r) {
            clientAppend(x, r, sent);
        } else if (in instanceof Message.AppendRequests requests) {
            for (Message.AppendRequest r : requests.members()) { // their ClientAppend steps, back to back
                clientAppend(x, r, sent);
            }
        } else if (in instanceof Message.GetTailRequest g) {
            tails.start(x, g, sent);
        } else if (in instanceof Message.ViewCheckReply r) {
            tails.viewCheckReply(s, x, r, activeBefore);
        } else if (in instanceof Message.WriteAck a) {
            leaderCommit(s, x, a, sent);
        } else if (in instanceof Message.WriteAcks acks) {
            // Its members' LeaderCommit steps, back to back; a copy of an ack already counted is none.
            java.util.Set<Long> counted = new java.util.HashSet<>();
            for (Message.WriteAck a : acks.members()) {
                if (counted.add(a.index())) {
                    leaderCommit(s, x, a, sent);
                }
            }
        } else if (in instanceof Message.Seal seal) {
            if (sent.stream().anyMatch(m -> m instanceof Message.SwitchSealReply r && r.accepted())
                    && once.add("ss " + x + " " + s.status().incarnation() + " " + seal.view())) {
                emit("SwitchSeal", "x", x, "v", spec(seal.view()));
            }
        }
        chooseAndInstall(s, x, sent);
        sequenceBatches(s, x, in, sent);
        tails.replies(x, effects);
        replicate(x, sent);
        readsTrims.switchStepped(s, x, in, sent, effects);
    }

    /** {@code m}, or a merged message's members: each is one message of the specs. */
    private static void addMembers(List<Message> out, Message m) {
        if (m instanceof Message.Merged merged) {
            out.addAll(merged.members());
        } else {
            out.add(m);
        }
    }

    /** A client's outcome: the answer of a read (ReadReply; the other operations' answers are switch events). */
    @Override
    public void clientStepped(io.ringworld.kernel.client.Client node, io.ringworld.kernel.client.ClientInput input,
            Effects effects) {
        if (cut) {
            return;
        }
        for (Effect e : effects) {
            if (e instanceof Effect.Outcome o) {
                readsTrims.clientOutcome(o.client(), o.requestId(), o.result());
            }
        }
    }

    /**
     * The steps in which a switch hears of a view without acting on it (finding F13; the spec's
     * ev): an Install for an earlier life (InstallIgnored), a token a restarted switch drops
     * (DropStaleToken), a refusal that ends its view change (AbandonViewChange, naming the
     * promise it learned). Its next view change starts above what it heard of.
     */
    private void heardOf(Switch s, int x, Message in) {
        // The spec's SeenView is at least 0 (an idle coordination counts as view 0): the boot view.
        View before = seenBefore[x] == null || View.INITIAL.isAfter(seenBefore[x]) ? View.INITIAL : seenBefore[x];
        boolean wasCoordinating = coordinatingBefore[x];
        seenBefore[x] = s.status().seenView();
        coordinatingBefore[x] = s.status().coordinating();
        if (in instanceof Message.Install inst) {
            int position = inst.projection().positionOf(s.id());
            View v = inst.projection().view();
            if (position >= 0 && inst.incarnations().get(position) != s.status().incarnation() && v.isAfter(before)) {
                emit("InstallIgnored", "x", x, "v", spec(v));
            }
        } else if (in instanceof Message.Token t && s.status().projection() == null && t.view().isAfter(before)) {
            emit("DropStaleToken", "x", x, "v", spec(t.view()));
        } else if (wasCoordinating && !s.status().coordinating() && refusal(in) != null) {
            emit("AbandonViewChange", "x", x, "v", spec(s.status().view()), "learn", spec(refusal(in)));
        }
    }

    /** The promise a refusal of a coordinator's Seal, rewrite or fence names, or null. */
    private static View refusal(Message m) {
        if (m instanceof Message.ServerSealReply r && !r.accepted()) {
            return r.promised();
        } else if (m instanceof Message.SwitchSealReply r && !r.accepted()) {
            return r.promised();
        } else if (m instanceof Message.WriteAck r && !r.accepted()) {
            return r.promised();
        } else if (m instanceof Message.FenceAck r && !r.accepted()) {
            return r.promised();
        }
        return null;
    }

    /** StartViewChange: the first Seal of a view a life of a switch sends (and the coordinator's own SwitchSeal). */
    private void startViewChange(Switch s, int x, List<Message> sent) {
        for (Message m : sent) {
            if (m instanceof Message.Seal seal && once.add("svc " + seal.view() + " " + seal.incarnation())) {
                emit("StartViewChange", "x", x, "v", spec(seal.view()));
                once.add("ss " + x + " " + s.status().incarnation() + " " + seal.view());
                emit("SwitchSeal", "x", x, "v", spec(seal.view()));
            }
        }
    }

    /** ClientAppend: a request the switch queued (not refused; a duplicate of a payload is no event). */
    private void clientAppend(int x, Message.AppendRequest r, List<Message> sent) {
        boolean refused = sent.stream().anyMatch(m -> m instanceof Message.Busy b && b.requestId() == r.requestId()
                || m instanceof Message.AppendStale a && a.requestId() == r.requestId());
        if (!refused && !payloadIds.containsKey(r.payload())) {
            payloadIds.put(r.payload(), payloadIds.size() + 1);
            emit("ClientAppend", "x", x, "p", payloadIds.get(r.payload()));
        }
    }

    /** LeaderCommit: an accepted ack of the switch's active view at or above the view's start. */
    private void leaderCommit(Switch s, int x, Message.WriteAck a, List<Message> sent) {
        if (!a.accepted() || !s.status().active() || !s.status().view().equals(a.view()) || !installStart.containsKey(spec(a.view()))
                || a.index() < installStart.get(spec(a.view()))) {
            return;
        }
        String server = server(a.from());
        if (once.contains("fill " + a.view() + " " + a.index())) {  // a junk commit answers no client: not pinned
            emit("LeaderCommit", "x", x, "v", spec(a.view()), "i", a.index(), "s", server);
        } else {
            boolean commit = sent.stream().anyMatch(m -> m instanceof Message.AppendReply r && r.index() == a.index());
            emit("LeaderCommit", "x", x, "v", spec(a.view()), "i", a.index(), "s", server, "commit", commit);
        }
    }

    /** ChooseEntries (first Fence, rewrite Write or Install of a view), the coordinator's install, a member's InstallView. */
    private void chooseAndInstall(Switch s, int x, List<Message> sent) {
        for (Message m : sent) {
            // A rewrite Write names its coordinator's incarnation, a leader's names none.
            View v = m instanceof Message.Write w && w.incarnation() != Message.Write.LEADER ? w.view()
                    : m instanceof Message.Fence f ? f.view()
                    : m instanceof Message.Install inst ? inst.projection().view() : null;
            if (v != null && once.add("choose " + v + " " + s.status().incarnation())) {
                emit("ChooseEntries", "x", x, "v", spec(v));
            }
        }
        for (Message m : sent) {
            if (m instanceof Message.Install inst) {
                coordinatorInstall(x, inst.projection());
            }
        }
        // InstallView as a member: the switch's view moved to a new one in this step.
        if (s.status().active() && !s.status().view().equals(View.INITIAL)
                && once.add("member " + x + " " + s.status().incarnation() + " " + s.status().view())) {
            if (s.status().view().coordinator() == x - 1) {        // a ring of the coordinator alone sends no Install
                coordinatorInstall(x, s.status().projection());
            }
            long mint = s.status().projection().first().equals(s.id()) ? s.status().projection().start() - 1 : -1;
            emit("InstallView", "x", x, "v", spec(s.status().view()), "role", "member", "mint", mint);
            tails.installed(x);
            readsTrims.forgetReads(x);
        }
    }

    /**
     * SequenceBatch: a token pass (view, hop) sent for the first time, in the visit of a token that
     * came in. The minted token (hop 0) is MintToken's, passed by the minter to itself: its
     * delivery is the minter's first visit.
     */
    private void sequenceBatches(Switch s, int x, Message in, List<Message> sent) {
        for (Message m : sent) {
            if (m instanceof Message.Token o && o.hop() > 0 && once.add("tok " + o.view() + " " + o.hop())) {
                long h = in instanceof Message.Token t ? t.h() : -1;
                if (h < 0) {
                    throw new IllegalStateException("seed " + seed + ": token pass without a visit: " + o);
                }
                emit("SequenceBatch", "x", x, "v", spec(o.view()), "h", h, "r", o.h() - h, "c", o.c());
                tails.visited(x);
            }
        }
    }

    /**
     * LeaderReplicate (an Assign arrived) and FillHole (junk): the first Write of (view, index)
     * at or above the view's start. One hole timer junk-fills every index one token visit, or
     * several, showed the leader: one FillHole event, named by the highest index, with the set.
     */
    private void replicate(int x, List<Message> sent) {
        // A non-junk Write in a step that passes the token is an index the sequencer leads
        // itself, accepted inside SequenceBatch (no Assign, no LeaderReplicate in the spec).
        boolean visit = sent.stream().anyMatch(m -> m instanceof Message.Token);
        java.util.SortedSet<Long> junk = new java.util.TreeSet<>();
        View junkView = null;
        for (Message m : sent) {
            if (visit && m instanceof Message.Write w0 && !w0.payload().isJunk()) {
                once.add("wr " + w0.view() + " " + w0.index());
                continue;
            }
            if (m instanceof Message.Write w && installStart.containsKey(spec(w.view()))
                    && w.index() >= installStart.get(spec(w.view())) && once.add("wr " + w.view() + " " + w.index())) {
                if (w.payload().isJunk()) {
                    once.add("fill " + w.view() + " " + w.index());
                    junk.add(w.index());
                    junkView = w.view();
                } else {
                    emit("LeaderReplicate", "x", x, "v", spec(w.view()), "i", w.index(), "p", payload(w.payload()));
                }
            }
        }
        if (!junk.isEmpty()) {
            StringBuilder f = new StringBuilder("{");
            for (long i : junk) {
                f.append(f.length() > 1 ? ", " : "").append(i);
            }
            emit("FillHole", "x", x, "v", spec(junkView), "i", junk.last(), "f", f.append('}').toString());
        }
    }

    private static final java.util.regex.Pattern FILLS_MANY =
            java.util.regex.Pattern.compile("^\\[a \\|-> \"FillHole\".*f \\|-> \\{[^},]*,");

    /** A FillHole event whose set f has two indices or more. */
    static boolean fillsMany(String event) {
        return FILLS_MANY.matcher(event).find();
    }

    /**
     * The coordinator's InstallView (the ServerRewrite events of a majority, one per server that
     * acknowledged the fence, came before it: see the class comment).
     */
    private void coordinatorInstall(int x, Projection p) {
        View view = p.view();
        long start = p.start();
        if (!once.add("install " + view)) {
            return;
        }
        int v = spec(view);
        installStart.put(v, start);
        StringBuilder ring = new StringBuilder("{");
        for (SwitchId member : p.ring()) {
            ring.append(ring.length() > 1 ? ", " : "").append(member.index() + 1);
        }
        emit("InstallView", "x", x, "v", v, "role", "coordinator", "ring", ring.append('}').toString(),
                "start", start);
    }

    // ------------------------------------------------------------------ server steps

    /**
     * ServerSeal: a Seal that raised the promise (the reply waits for the sync, the promise is
     * made in this step). ServerWrite: a leader's Write (it names no ballot) that stored an entry
     * the server did not hold already (a retransmission is a stutter).
     * ServerRewrite: the first accepted FenceAck of a view the server sends (once its fence is
     * durable: in the PersistDone step, or at once for a fence already durable).
     */
    @Override
    public void serverStepped(LogServer node, ServerInput input, Effects effects) {
        int q = flat(node.id());
        Message in = input instanceof ServerInput.Deliver d ? d.message() : null;
        List<Entry> put = new ArrayList<>();
        boolean promised = false;
        for (Effect e : effects) {
            if (e instanceof Effect.Persist p) {
                for (DurableRecord r : p.records()) {
                    if (r instanceof DurableRecord.PutEntry pe) {
                        put.add(pe.entry());
                    } else if (r instanceof DurableRecord.Promise pr && in instanceof Message.Seal seal
                            && pr.view().equals(seal.view())) {
                        promised = true;
                    }
                }
            }
        }
        String s = server(node.id());
        if (!cut && in instanceof Message.Seal seal && promised && once.add("seal " + s + " " + seal.view())) {
            emit("ServerSeal", "s", s, "v", spec(seal.view()));
        } else if (!cut && (in instanceof Message.Write || in instanceof Message.Writes) && !put.isEmpty()) {
            List<Message> writes = new ArrayList<>();
            addMembers(writes, in);
            java.util.Set<Long> written = new java.util.HashSet<>();
            for (Message m : writes) {
                Message.Write w = (Message.Write) m;
                Entry held = stored[q].get(w.index());
                boolean same = held != null && held.view().equals(w.view()) && held.payload().equals(w.payload());
                boolean putNow = put.stream().anyMatch(e -> e.index() == w.index() && e.view().equals(w.view()));
                // A leader's Write (at or above its view's start); a rewrite's is part of ServerRewrite.
                if (putNow && !same && w.incarnation() == Message.Write.LEADER && written.add(w.index())) {
                    emit("ServerWrite", "s", s, "v", spec(w.view()), "i", w.index(), "p", payload(w.payload()));
                }
            }
        }
        if (!cut && in instanceof Message.ServerTrim st) {
            boolean refused = effects.toList().stream().anyMatch(e -> e instanceof Effect.Send send
                    && send.message() instanceof Message.TrimAck a && !a.accepted());
            readsTrims.serverTrimmed(node.id(), st, !refused);
        }
        for (Effect e : effects) {
            if (!cut && e instanceof Effect.Send send && send.message() instanceof Message.FenceAck a && a.accepted()
                    && once.add("rewrite " + s + " " + a.view())) {
                emit("ServerRewrite", "s", s, "v", spec(a.view()));
            }
        }
        for (Entry e : put) {
            stored[q].put(e.index(), e);
        }
    }

    // ------------------------------------------------------------------ mapping and output

    /**
     * The spec view of kernel view v: the boot view is 0; (epoch e >= 2, coordinator c) is
     * (e - 2) * N + c + 1, the view RingWorld's StartViewChange numbers so (Coord(v) = c + 1).
     * Both pick the smallest view above those they know of, so the order is the kernel's.
     */
    int spec(View v) {
        if (v.equals(View.INITIAL)) {
            return 0;
        }
        if (v.epoch() < 2) {
            throw new IllegalStateException("kernel view " + v + " in the boot epoch");
        }
        return (int) (v.epoch() - 2) * switches + v.coordinator() + 1;
    }

    /** The spec id of a payload: 0 for junk, n for the n-th appended. */
    int payloadOf(Payload p) {
        return payload(p);
    }

    private int payload(Payload p) {
        if (p.isJunk()) {
            return 0;
        }
        Integer id = payloadIds.get(p);
        if (id == null) {
            throw new IllegalStateException("seed " + seed + ": payload " + p + " replicated but never appended");
        }
        return id;
    }

    void cutAt(String reason) {
        if (!cut) {
            cut = true;
            cutReason = reason;
        }
    }

    void emit(String action, Object... kv) {
        if (cut) {
            return;
        }
        Map<String, Object> f = new LinkedHashMap<>();
        for (int n = 0; n < kv.length; n += 2) {
            f.put((String) kv[n], kv[n + 1]);
        }
        String out = outOfBounds(action, f);
        if (out != null) {
            cutAt("event " + (events.size() + 1) + " " + action + " " + f + " " + out);
            return;
        }
        noteUse(action, f);
        StringBuilder b = new StringBuilder("[a |-> \"").append(action).append('"');
        for (Map.Entry<String, Object> e : f.entrySet()) {
            Object val = e.getValue();
            String lit = val instanceof String str && !str.startsWith("S") && !str.startsWith("{") ? "\"" + str + "\""
                    : val instanceof Boolean bo ? (bo ? "TRUE" : "FALSE") : String.valueOf(val);
            b.append(", ").append(e.getKey()).append(" |-> ").append(lit);
        }
        events.add(b.append(']').toString());
    }

    /** Why event {@code f} would leave the caps, or null. */
    private String outOfBounds(String action, Map<String, Object> f) {
        if (events.size() >= MAX_EVENTS) {
            return "is past " + MAX_EVENTS + " events";
        }
        if (f.get("v") instanceof Integer v && v > CAP_VIEW) {
            return "is past " + CAP_VIEW + " views";
        }
        if (f.get("i") instanceof Long i && i < 1 || highestIndex(f) > CAP_IDX) {
            return "is past index " + CAP_IDX;
        }
        if (action.equals("ClientAppend") && (Integer) f.get("p") > CAP_PAYLOADS) {
            return "is past " + CAP_PAYLOADS + " payloads";
        }
        if (action.equals("GetTailStart") && (Integer) f.get("g") > CAP_TAILS) {
            return "is past " + CAP_TAILS + " getTails";
        }
        if (f.get("r") instanceof Integer r && r > CAP_READS) {
            return "is past " + CAP_READS + " reads";
        }
        if (action.startsWith("Trim") && f.get("p") instanceof Long p && p > CAP_IDX + 1) {
            return "is past index " + CAP_IDX;
        }
        if (action.endsWith("Crash") && crashes + 1 > CAP_FAULTS) {
            return "is past " + CAP_FAULTS + " crashes";
        }
        return null;
    }

    /** The highest index event {@code f} names: i, h + r, an install's start - 1, a mint. */
    private static long highestIndex(Map<String, Object> f) {
        long hi = 0;
        if (f.get("i") instanceof Long i) {
            hi = i;
        }
        if (f.get("h") instanceof Long h) {
            hi = Math.max(hi, h + (Long) f.get("r"));
        }
        if (f.get("start") instanceof Long st) {
            hi = Math.max(hi, st - 1);
        }
        if (f.get("mint") instanceof Long mint) {
            hi = Math.max(hi, mint);
        }
        return hi;
    }

    /** The view RingWorld's StartViewChange(x) starts: the smallest x coordinates above what x and the live servers promised. */
    private void noteUse(String action, Map<String, Object> f) {
        maxIdxUsed = Math.max(maxIdxUsed, highestIndex(f));
        if (f.get("v") instanceof Integer v) {
            maxViewUsed = Math.max(maxViewUsed, v);
        }
        if (action.endsWith("Crash")) {
            crashes++;
        }
        if (action.equals("GetTailStart")) {
            tailOps++;
        }
        if ("coordinator".equals(f.get("role"))) {
            coordinatorInstalls++;
        }
    }
}
