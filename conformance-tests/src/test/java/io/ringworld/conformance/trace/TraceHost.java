package io.ringworld.conformance.trace;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.Config;
import io.ringworld.kernel.Effect;
import io.ringworld.kernel.Effects;
import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.server.DurableRecord;
import io.ringworld.kernel.server.InMemoryDurableState;
import io.ringworld.kernel.server.LogServer;
import io.ringworld.kernel.server.ServerInput;
import io.ringworld.kernel.sw.Switch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A scripted, seeded host of a small cluster (2 switches, 1 replica set of 3 servers) that
 * records every kernel transition the spec RingWorld.tla names as a trace event (action name and
 * parameters, in spec ids). Faults: message loss, duplication, reordering, switch crash and
 * restart, server crash and recovery; crashes force view changes.
 *
 * WHY a host of its own rather than hooks in the simulator: the events are inferred from each
 * step's input and effects (which message came in, which went out), so the kernel needs no
 * labels; the host keeps inside the trace config's bounds (views, indices, crashes) and cuts the
 * trace where a run would leave them (a prefix of a behaviour is still a behaviour).
 *
 * Mapping: kernel SwitchId(k) -> spec switch k+1; ServerId(0, m) -> model value S(m+1); kernel
 * View.INITIAL -> 0; a new kernel view coordinated by switch c -> the smallest spec view above
 * every view mapped so far that the spec's Coord assigns to c+1; payload "p"+k -> k.
 * Loss of a message is no event: the spec's message set keeps every message (retransmission),
 * TokenAck, retransmissions and ignored duplicates are stutters.
 *
 * Scope (what the traces do not exercise): the host is the only client and sends each append
 * once (no client retries: the spec has one ClientAppend per payload); getTail, read and trim
 * are not issued (TailOps = ReadOps = {}, MaxTrims = 0); a server's Persist is confirmed in the
 * step that issued it, so a server crash loses nothing (the spec's storage is stable; the
 * simulator's unsynced/torn writes are outside the spec); one crash per run, then a restart or
 * recovery. Two kernel steps produce two events: the first member's Install/Start (InstallView
 * with MintToken, then the SequenceBatch of its own visit), StartViewChange (and the
 * coordinator's own SwitchSeal, which needs no message in the kernel).
 */
final class TraceHost {
    static final int SWITCHES = 2;
    static final int PAYLOADS = 3;
    static final int MAX_IDX = 6;
    static final int MAX_VIEW = 5;
    static final int MAX_FAULTS = 2;

    record Packet(NodeId to, Message m) {}

    final long seed;
    final Random rnd;
    final Config config;
    final Switch[] sw = new Switch[SWITCHES];
    final long[] incarnation = new long[SWITCHES];
    final LogServer[] srv = new LogServer[3];
    final InMemoryDurableState[] disk = new InMemoryDurableState[3];
    final List<Packet> net = new ArrayList<>();
    final List<String> events = new ArrayList<>();
    final Map<View, Integer> viewMap = new HashMap<>();
    final Map<Integer, Long> installStart = new HashMap<>();
    final Set<String> once = new HashSet<>();
    int maxMapped = 0;
    /** The entry a server held at the index of the Write being delivered (a rewrite of the same entry is a stutter). */
    private io.ringworld.kernel.Entry held;
    int faults = 0;
    boolean cut = false;
    /** The message of an InvariantViolation a kernel step threw (the run ends there), or null. */
    String kernelViolation;
    String cutReason = "";

    TraceHost(long seed, Config config) {
        this.seed = seed;
        this.rnd = new Random(seed);
        this.config = config;
        viewMap.put(View.INITIAL, 0);
        installStart.put(0, 1L);                              // the boot view: ring 1..N, start 1
    }

    /** Runs the scripted schedule; returns the recorded events (TLA+ records). */
    List<String> run(int steps) {
        for (int m = 0; m < 3; m++) {
            disk[m] = new InMemoryDurableState();
            srv[m] = new LogServer(new ServerId(0, m), config, disk[m]);
        }
        for (int k = 0; k < SWITCHES; k++) {
            sw[k] = Switch.booting(new SwitchId(k), config);
        }
        for (int k = 0; k < SWITCHES; k++) {
            applySwitch(k, null, sw[k].start());
        }
        int nextPayload = 1;
        int crashAt = 40 + rnd.nextInt(120);
        int crashedSwitch = -1, crashedServer = -1;
        boolean serverFaults = rnd.nextBoolean();
        for (int step = 0; step < steps && !cut; step++) {
            if (nextPayload <= PAYLOADS && rnd.nextInt(12) == 0) {
                int k = liveSwitch();
                if (k >= 0) {
                    deliverSwitch(k, new Message.AppendRequest(new ClientId(0), nextPayload,
                            Payload.ofString("p" + nextPayload), incarnation[k]));
                    nextPayload++;
                }
            }
            if (step == crashAt && faults < MAX_FAULTS) {
                if (serverFaults) {
                    crashedServer = rnd.nextInt(3);
                    srv[crashedServer] = null;
                    faults++;
                    emit("ServerCrash", "s", "S" + (crashedServer + 1));
                } else {
                    crashedSwitch = rnd.nextInt(SWITCHES);
                    sw[crashedSwitch] = null;
                    faults++;
                    emit("SwitchCrash", "x", crashedSwitch + 1);
                }
            }
            if (crashedServer >= 0 && step > crashAt + 30 && rnd.nextInt(20) == 0) {
                srv[crashedServer] = new LogServer(new ServerId(0, crashedServer), config, disk[crashedServer]);
                emit("ServerRecover", "s", "S" + (crashedServer + 1));
                crashedServer = -1;
            }
            if (crashedSwitch >= 0 && step > crashAt + 150 && rnd.nextInt(30) == 0) {
                int k = crashedSwitch;
                incarnation[k]++;
                sw[k] = Switch.restarted(new SwitchId(k), config, incarnation[k]);
                emit("SwitchRestart", "x", k + 1);
                crashedSwitch = -1;
                applySwitch(k, null, sw[k].start());
            }
            int roll = rnd.nextInt(10);
            if (roll < 7 && !net.isEmpty()) {
                Packet p = net.remove(rnd.nextInt(net.size()));
                int fate = rnd.nextInt(20);
                if (fate == 0) {
                    continue;                                 // lost: no event
                }
                if (fate == 1) {
                    net.add(p);                               // duplicated
                }
                deliver(p);
            } else {
                for (int k = 0; k < SWITCHES; k++) {
                    if (sw[k] != null && !cut) {
                        applySwitch(k, null, sw[k].tick());
                    }
                }
                for (int m = 0; m < 3; m++) {
                    if (srv[m] != null) {
                        applyServer(m, null, srv[m].step(ServerInput.Tick.INSTANCE));
                    }
                }
            }
        }
        return events;
    }

    private int liveSwitch() {
        int k = rnd.nextInt(SWITCHES);
        return sw[k] != null ? k : (sw[1 - k] != null ? 1 - k : -1);
    }

    private void deliver(Packet p) {
        if (p.to() instanceof SwitchId s) {
            if (sw[s.index()] != null) {
                deliverSwitch(s.index(), p.m());
            }
        } else if (p.to() instanceof ServerId s) {
            if (srv[s.member()] != null) {
                held = p.m() instanceof Message.Write w ? srv[s.member()].entry(w.index()) : null;
                applyServer(s.member(), p.m(), srv[s.member()].deliver(p.m()));
            }
        }
        // messages to clients are swallowed (the host is the client and never retries)
    }

    private void deliverSwitch(int k, Message m) {
        Effects effects;
        try {
            effects = sw[k].deliver(m);
        } catch (io.ringworld.kernel.invariant.InvariantViolation e) {
            // The kernel's always-on check stopped a step after its state changed. A WriteAck
            // that trips CommitNeedsMajority was a commit (Replication.commit checks first
            // thing): record that LeaderCommit, so the spec judges it too, and end the run.
            kernelViolation = e.getMessage();
            if (m instanceof Message.WriteAck a && e.invariant() == io.ringworld.kernel.invariant.Invariant.CommitNeedsMajority) {
                emit("LeaderCommit", "x", k + 1, "v", spec(a.view()), "i", a.index(), "s", "S" + (a.from().member() + 1),
                        "commit", true);
            }
            cut = true;
            cutReason = "kernel invariant violation: " + e.getMessage();
            return;
        }
        applySwitch(k, m, effects);
    }

    // ------------------------------------------------------------------ classification

    private void applySwitch(int k, Message in, Effects effects) {
        List<Effect> out = effects.toList();
        int x = k + 1;
        Switch s = sw[k];
        List<Message> sent = new ArrayList<>();
        for (Effect e : out) {
            if (e instanceof Effect.Send send) {
                sent.add(send.message());
                if (!(send.to() instanceof ClientId)) {
                    net.add(new Packet(send.to(), send.message()));
                }
            }
        }
        // StartViewChange: the first Seal of a view this switch sends.
        for (Message m : sent) {
            if (m instanceof Message.Seal seal && once.add("svc " + seal.view())) {
                emit("StartViewChange", "x", x, "v", spec(seal.view()));
                // the coordinator seals itself without a message (it is a member of its new ring)
                once.add("ss " + x + " " + incarnation[k] + " " + seal.view());
                emit("SwitchSeal", "x", x, "v", spec(seal.view()));
            }
        }
        if (in instanceof Message.AppendRequest r) {
            boolean refused = sent.stream().anyMatch(m -> m instanceof Message.Busy || m instanceof Message.AppendStale);
            if (!refused) {
                emit("ClientAppend", "x", x, "p", (int) r.requestId());
            }
        } else if (in instanceof Message.WriteAck a && a.accepted() && s != null && s.isActive()
                && s.view().equals(a.view()) && installStart.containsKey(spec(a.view()))
                && a.index() >= installStart.get(spec(a.view()))) {
            boolean commit = sent.stream().anyMatch(m -> m instanceof Message.AppendReply r && r.index() == a.index());
            if (once.contains("fill " + a.view() + " " + a.index())) {  // a junk commit answers no client: not pinned
                emit("LeaderCommit", "x", x, "v", spec(a.view()), "i", a.index(), "s", "S" + (a.from().member() + 1));
            } else {
                emit("LeaderCommit", "x", x, "v", spec(a.view()), "i", a.index(), "s", "S" + (a.from().member() + 1),
                        "commit", commit);
            }
        } else if (in instanceof Message.Seal seal) {
            if (sent.stream().anyMatch(m -> m instanceof Message.SwitchSealReply r && r.accepted())
                    && once.add("ss " + x + " " + incarnation[k] + " " + seal.view())) {
                emit("SwitchSeal", "x", x, "v", spec(seal.view()));
            }
        }
        // ChooseEntries: the coordinator's first rewrite Write or Install of its view.
        for (Message m : sent) {
            View v = m instanceof Message.Write w && !installStart.containsKey(specOrNull(w.view())) ? w.view()
                    : m instanceof Message.Install inst ? inst.projection().view() : null;
            if (v != null && once.add("choose " + v)) {
                emit("ChooseEntries", "x", x, "v", spec(v));
            }
        }
        for (Message m : sent) {
            if (m instanceof Message.Install inst) {
                coordinatorInstall(x, inst.projection());
            }
        }
        // InstallView as a member: the switch's view moved to a new one in this step.
        if (s != null && s.isActive() && once.add("member " + x + " " + incarnation[k] + " " + s.view())
                && !s.view().equals(View.INITIAL)) {
            if (s.view().coordinator() == k) {             // a ring of the coordinator alone sends no Install
                coordinatorInstall(x, s.projection());
            }
            long mint = s.projection().first().equals(s.id()) ? s.projection().start() - 1 : -1;
            emit("InstallView", "x", x, "v", spec(s.view()), "role", "member", "mint", mint);
        }
        // SequenceBatch: a token pass (view, hop) sent for the first time; a visit of a token that
        // came in, or the first visit right after MintToken (hop 1; h = start - 1).
        for (Message m : sent) {
            if (m instanceof Message.Token o && once.add("tok " + o.view() + " " + o.hop())) {
                long h = in instanceof Message.Token t ? t.h() : (o.hop() == 1 && s != null ? s.projection().start() - 1 : -1);
                if (h < 0) {
                    throw new IllegalStateException("seed " + seed + ": token pass without a visit: " + o);
                }
                emit("SequenceBatch", "x", x, "v", spec(o.view()), "h", h, "r", o.h() - h, "c", o.c());
            }
        }
        // LeaderReplicate (an Assign arrived, or the sequencer leads the index itself) and
        // FillHole (junk): the first Write of (view, index) at or above the view's start.
        for (Message m : sent) {
            if (m instanceof Message.Write w && installStart.containsKey(specOrNull(w.view()))
                    && w.index() >= installStart.get(specOrNull(w.view())) && once.add("wr " + w.view() + " " + w.index())) {
                if (w.payload().isJunk()) {
                    once.add("fill " + w.view() + " " + w.index());
                    emit("FillHole", "x", x, "v", spec(w.view()), "i", w.index());
                } else {
                    emit("LeaderReplicate", "x", x, "v", spec(w.view()), "i", w.index(), "p", payload(w.payload()));
                }
            }
        }
    }

    /**
     * ServerRewrite of every server that promised the view (the kernel rewrites index by index and
     * installs at a majority per index; the spec rewrites a whole server in one step and installs
     * at a majority of servers: the rewrites are logged where the coordinator installs), then
     * the coordinator's InstallView.
     */
    private void coordinatorInstall(int x, io.ringworld.kernel.Projection p) {
        View view = p.view();
        long start = p.start();
        if (!once.add("install " + view)) {
            return;
        }
        int v = spec(view);
        if (once.add("choose " + view)) {                    // nothing to rewrite: chosen at the install
            emit("ChooseEntries", "x", x, "v", v);
        }
        installStart.put(v, start);
        for (int q = 0; q < 3; q++) {
            if (srv[q] != null && srv[q].promisedView().equals(view)) {
                emit("ServerRewrite", "s", "S" + (q + 1), "v", v);
            }
        }
        StringBuilder ring = new StringBuilder("{");
        for (SwitchId member : p.ring()) {
            ring.append(ring.length() > 1 ? ", " : "").append(member.index() + 1);
        }
        emit("InstallView", "x", x, "v", v, "role", "coordinator", "ring", ring.append('}').toString(),
                "start", start);
    }

    private void applyServer(int q, Message in, Effects effects) {
        List<Effect> out = new ArrayList<>(effects.toList());
        for (int n = 0; n < out.size(); n++) {
            if (out.get(n) instanceof Effect.Persist p) {      // durable at once, then confirmed
                disk[q].apply(p.records());
                out.addAll(srv[q].step(new ServerInput.PersistDone(p.persistId())).toList());
            }
        }
        boolean persistedEntry = false;
        for (Effect e : out) {
            if (e instanceof Effect.Send send) {
                net.add(new Packet(send.to(), send.message()));
            } else if (e instanceof Effect.Persist p) {
                for (DurableRecord r : p.records()) {
                    if (r instanceof DurableRecord.PutEntry) {
                        persistedEntry = true;
                    }
                }
            }
        }
        String s = "S" + (q + 1);
        if (in instanceof Message.Seal seal && out.stream().anyMatch(e -> e instanceof Effect.Send send
                && send.message() instanceof Message.ServerSealReply r && r.accepted())
                && once.add("seal " + s + " " + seal.view())) {
            emit("ServerSeal", "s", s, "v", spec(seal.view()));
        } else if (in instanceof Message.Write w && persistedEntry
                && !(held != null && held.view().equals(w.view()) && held.payload().equals(w.payload()))) {
            Integer v = specOrNull(w.view());
            if (v != null && installStart.containsKey(v) && w.index() >= installStart.get(v)) {
                emit("ServerWrite", "s", s, "v", v, "i", w.index(), "p", payload(w.payload()));
            }
        }
    }

    // ------------------------------------------------------------------ mapping and output

    private Integer specOrNull(View v) {
        return viewMap.get(v);
    }

    private int spec(View v) {
        Integer known = viewMap.get(v);
        if (known != null) {
            return known;
        }
        int c = v.coordinator() + 1;
        int n = maxMapped + 1;
        while (((n - 1) % SWITCHES) + 1 != c) {
            n++;
        }
        viewMap.put(v, n);
        maxMapped = n;
        return n;
    }

    private static int payload(Payload p) {
        if (p.isJunk()) {
            return 0;
        }
        String s = new String(p.bytes(), java.nio.charset.StandardCharsets.UTF_8);
        return Integer.parseInt(s.substring(1));
    }

    private void emit(String action, Object... kv) {
        if (cut) {
            return;
        }
        Map<String, Object> f = new LinkedHashMap<>();
        for (int n = 0; n < kv.length; n += 2) {
            f.put((String) kv[n], kv[n + 1]);
        }
        Object v = f.get("v");
        Object i = f.get("i");
        if (v instanceof Integer vi && vi > MAX_VIEW || i instanceof Long ii && (ii > MAX_IDX || ii < 1)
                || f.get("h") instanceof Long h && (h + (Long) f.get("r")) > MAX_IDX) {
            cut = true;
            cutReason = "event " + (events.size() + 1) + " " + action + " " + f + " leaves the trace config's bounds";
            return;
        }
        StringBuilder b = new StringBuilder("[a |-> \"").append(action).append('"');
        for (Map.Entry<String, Object> e : f.entrySet()) {
            Object val = e.getValue();
            String lit = val instanceof String str && !str.startsWith("S") && !str.startsWith("{") ? "\"" + str + "\""
                    : val instanceof Boolean bo ? (bo ? "TRUE" : "FALSE") : String.valueOf(val);
            b.append(", ").append(e.getKey()).append(" |-> ").append(lit);
        }
        events.add(b.append(']').toString());
    }
}
