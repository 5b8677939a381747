package io.ringworld.conformance.replay;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.Config;
import io.ringworld.kernel.Entry;
import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.testhooks.PlantedBug;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.client.Client;
import io.ringworld.kernel.client.ClientInput;
import io.ringworld.kernel.Result;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.server.InMemoryDurableState;
import io.ringworld.kernel.server.LogServer;
import io.ringworld.kernel.sw.Switch;
import io.ringworld.kernel.testhooks.TestHooks;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Replays one behaviour of RingWorld.tla (the states TLC wrote, each with its {@code action}
 * label) on the kernel roles, driven directly (no simulator), and after every step compares the
 * kernel's state with the spec's through the abstraction function {@link #compare}. A divergence
 * throws {@link Divergence} naming the behaviour, the step, the action and the variable.
 *
 * <p>Mapping of spec steps to kernel inputs: messages the kernel sends wait in {@link ReplayNetwork#pool}
 * until the spec step that consumes them; exchanges the spec abstracts (TokenAck, ViewCheck /
 * ViewCheckReply, client-bound replies, PersistDone after a Persist) complete at once. Time:
 * retransmissions (token, writes, seals, installs, joins) every {@link #RETRANSMIT_TICKS}, which
 * the stutter ticks after every step exercise (StutterSteps); the timers that stand for spec
 * steps fire only when the replayer ticks a switch for that step: the hole timeout (FillHole),
 * the seal grace (ChooseEntries picks whatever replies have arrived), the view-change timeout
 * and patience (StartViewChange at a switch not active), token loss and suspicion
 * (StartViewChange at an active switch expecting no index; else its Suspect input, as its hole
 * timers would fire first); the client retry (ReadReply ticks the read client). The kernel is
 * observed only through its public read-only accessors.
 *
 * <p>Granularity differences handled here (each is an equivalence, see the report):
 * <ul>
 *   <li>the coordinator installs itself inside its InstallViewCoord (kernel install()); the spec's
 *       member InstallView of the coordinator is a no-op, and the coordinator's switch state is
 *       not compared between the two.</li>
 * </ul>
 * Every mismatch is a {@link Divergence}: the spec/kernel differences found while building this
 * (the findings in package-info) are fixed at the root, none is let through.
 */
final class KernelReplayer {
    static final long FAR = 1_000_000;
    /**
     * The kernel timers that stand for a spec step: the hole timeout (FillHole ticks the
     * leader's clock until its hole timer fires) and the seal grace (ChooseEntries ticks the
     * coordinator until it chooses with the replies the spec's step saw). The stutter ticks (one
     * per step, see StutterSteps) never reach it: a behaviour is shorter.
     */
    static final int SPEC_TIMER_TICKS = 100;
    /**
     * Suspicion and token loss of an active switch, and twice the view-change timeout: beyond
     * every other tick a switch gets between two token visits (stutter ticks, FillHole's).
     */
    static final int SWITCH_TIMEOUT_TICKS = 5 * SPEC_TIMER_TICKS;
    /** Token, write, seal and install retransmission: every second stutter tick resends what is unacked. */
    static final int RETRANSMIT_TICKS = 2;
    /** A read client's retry period: ReadReply ticks the client until its retries get an answer. */
    static final int CLIENT_RETRY_TICKS = 3;
    /** Kernel client ids: append p is client p, getTail g is client TAIL_CLIENT + g. */
    static final long TAIL_CLIENT = 10;
    /** Read r is client READ_CLIENT + r; the k-th trim request is client TRIM_CLIENT + k. */
    static final long READ_CLIENT = 20;
    static final long TRIM_CLIENT = 30;
    /** The reader that finds damaged payloads (ServerCorrupt with DAMAGE_READ_AS_ABSENT planted); its answers are dropped. */
    static final long SCRUB_CLIENT = 40;
    /** Clients (one per ClientAppendStale step) that have not heard of any restart. */
    static final long STALE_CLIENT = 200;
    /** Per switch (spec id), its life: 0 at boot, one more at every restart. */
    final long[] incarnations = new long[8];

    /** A mismatch between the spec and the kernel. */
    static class Divergence extends AssertionError {
        private static final long serialVersionUID = 1L;
        final String variable;
        /** The kernel's own invariant that stopped the step (its assertion tripped), else null. */
        final String kernelInvariant;

        Divergence(String message, String variable) {
            this(message, variable, null);
        }

        Divergence(String message, String variable, String kernelInvariant) {
            super(message);
            this.variable = variable;
            this.kernelInvariant = kernelInvariant;
        }
    }

    record Packet(NodeId to, Message m) {
    }

    final int n;
    final long maxIdx;
    final Config config;
    final TestHooks hooks;
    private final String name;
    final Switch[] sws;
    final boolean[] swUp;
    /** Servers by flat index: replica set r's member m is 3 * r + m (spec a1..a3, then b1..b3). */
    final LogServer[] srvs;
    final InMemoryDurableState[] disks;
    final boolean[] srvUp;
    final Map<Long, Client> clients = new HashMap<>();
    final Map<Long, Result> outcomes = new HashMap<>();
    /** The kernel messages in flight, and every one delivered (ReplayNetwork). */
    final ReplayNetwork net = new ReplayNetwork(this);
    private final ViewChangeSteps vc = new ViewChangeSteps(this);

    /** AdmitSwitch: joiners' Joins the kernel had sent before the spec's step needed them. */
    long joinsSentBefore() {
        return vc.joinsSentBefore;
    }

    /** AdmitSwitch: joiners' Joins asked for at the admission (the joiner's refused pre-vote). */
    long joinsAskedAtAdmission() {
        return vc.joinsAskedAtAdmission;
    }
    /** The client operations' steps: appends, getTails, reads, trims. */
    final ClientSteps clientSteps = new ClientSteps(this);
    private final DiskSteps diskSteps = new DiskSteps(this);
    final Map<Long, View> views = new HashMap<>();
    final Map<View, Long> specViewOf = new HashMap<>();
    /** Per switch (spec id): its clock when a Join made it start a view change in this life, else -1. */
    final long[] joinViewChangeTick;
    final Map<Long, Long> chosenStart = new HashMap<>();
    /** The kernel coordinator's rewriteFrom per spec view (it rewrites only above its known committed prefix). */
    final Map<Long, Long> rewriteFromOf = new HashMap<>();
    /** The spec coordinator's rf per spec view (ChooseEntries label). */
    final Map<Long, Long> specRfOf = new HashMap<>();
    String where = "";
    int steps;
    private final Abstraction abstraction = new Abstraction(this);
    /** Duplicates, malformed and misrouted copies and retransmission ticks after every step. */
    final StutterSteps stutter;

    /**
     * @param replicaSets the model's NumRS (servers a1..a3 are set 0, b1..b3 set 1)
     * @param settings what the model's cfg sets that the kernel has too (ReplaySettings.fromCfg)
     */
    KernelReplayer(String name, int switchCount, int replicaSets, long maxIdx, ReplaySettings settings, PlantedBug bug) {
        this.name = name;
        this.n = switchCount;
        this.maxIdx = maxIdx;
        this.srvs = new LogServer[MEMBERS * replicaSets];
        this.disks = new InMemoryDurableState[srvs.length];
        this.srvUp = new boolean[srvs.length];
        java.util.Arrays.fill(srvUp, true);
        this.config = Config.builder(switchCount, replicaSets)
                .membersPerSet(MEMBERS).pendingRequestsMax(settings.pendingMax())
                .sealPageEntriesMax(settings.sealPageEntriesMax()).dedupClientsMax(settings.dedupClientsMax())
                .statusMapSlotsMax(256)
                // Planted DAMAGE_READ_AS_ABSENT acts on a payload read back from disk: none stays in the heap.
                .payloadHeapBytesMax(bug == PlantedBug.DAMAGE_READ_AS_ABSENT ? 0 : Config.PAYLOAD_HEAP_BYTES_MAX_DEFAULT)
                .tokenRetransmitTicks(RETRANSMIT_TICKS).suspectTimeoutTicks(SWITCH_TIMEOUT_TICKS)
                .tokenLossTimeoutTicks(SWITCH_TIMEOUT_TICKS).holeTimeoutTicks(SPEC_TIMER_TICKS)
                .writeRetryTicks(RETRANSMIT_TICKS).sealRetryTicks(RETRANSMIT_TICKS)
                .sealGraceTicks(SPEC_TIMER_TICKS).viewChangeTimeoutTicks(2 * SPEC_TIMER_TICKS)
                .joinRetryTicks(RETRANSMIT_TICKS).clientAppendTimeoutTicks((int) FAR)
                .clientRetryTicks(CLIENT_RETRY_TICKS).clientReadTimeoutTicks((int) FAR)
                .clientGetTailTimeoutTicks((int) FAR).clientTrimTimeoutTicks((int) FAR)
                // Issue 19: the join models have PreVote (and Rejoin) on, the kernel's pre-vote and
                // AdmitSwitch (one switch: the kernel admits a joiner only with the pre-vote on);
                // every other model has PreVote = FALSE, and every StartViewChange starts at once.
                // A server grants once it has not heard RingAlive for ringAliveTimeoutTicks of its
                // clock, which only the replay of a StartViewChange advances (the spec's oracle says
                // the ring went quiet: ViewChangeSteps.grantPreVote).
                .preVote(settings.preVote()).ringAliveTicks(RETRANSMIT_TICKS)
                .ringAliveTimeoutTicks(SPEC_TIMER_TICKS).build();
        this.hooks = TestHooks.planting(bug);
        this.sws = new Switch[n + 1];
        this.swUp = new boolean[n + 1];
        this.joinViewChangeTick = new long[n + 1];
        java.util.Arrays.fill(joinViewChangeTick, -1);
        this.admittedBy = new int[n + 1];
        this.overtakenView = new long[n + 1];
        this.stutter = new StutterSteps(this);
        for (int x = 1; x <= n; x++) {
            visitTicks.put(x, new java.util.ArrayDeque<>());
        }
    }

    /**
     * AdmitSwitch waiting for its kernel visit, per joiner (spec id): the first member that
     * admitted it in the spec, else 0. The spec admits at the round boundary before the first
     * member's visit (the token is at it), the kernel inside that visit (the joiner's Install and
     * the token's joined list go out with the pass): the two are one kernel step, completed at
     * the first member's next SequenceBatch. Until then the joiner is not compared.
     */
    final int[] admittedBy;

    /**
     * Per joiner (spec id): the spec view whose admission a Seal of a later view overtook, else 0
     * (F18). The spec's AdmitSwitch installs the joiner in its own step (the admission's message is
     * abstracted as a token pass is), so the spec may seal the joiner between AdmitSwitch and the
     * first member's visit; the kernel's Install leaves at that visit, and the joiner, promised
     * to the later view by then, ignores it. Both are sealed at the same promise: the spec's
     * joiner holds the admitted view's projection, which no step of a sealed switch reads, the
     * kernel's its earlier one. While the spec's joiner is still at that view its projection
     * (view, ring, joined list, start, trim points, commit index) is not compared; its promise and
     * the views it knows are.
     */
    final long[] overtakenView;
    long admissionsOvertaken;

    // ------------------------------------------------------------------ driving

    /** Told of every step that replayed with no divergence (SpecReplay lists them). */
    @FunctionalInterface
    interface StepListener {
        /**
         * @param step the step's number, from 1 (the initial state)
         * @param label the spec's {@code action} record of the step
         */
        void replayed(int step, Map<String, Object> label);
    }

    private StepListener stepListener = (step, label) -> { };

    /** Sets the listener; it hears of a step once the kernel matched the spec after it. */
    KernelReplayer onStep(StepListener listener) {
        this.stepListener = listener;
        return this;
    }

    /**
     * Replays the behaviour; a mismatch throws {@link Divergence}. The listener hears of a step
     * after its compare and its stutter steps' compare passed; of the last step only after the
     * end-of-behaviour check too (every answer the spec gave, the kernel gave), which reads the
     * last state, so a divergence there is that step's.
     */
    void replay(List<Map<String, Object>> states) {
        boolean show = show(states);
        Map<String, Object> label = null;
        for (int k = 0; k < states.size(); k++) {
            Map<String, Object> st = states.get(k);
            label = actionLabel(st);
            where = name + " step " + (k + 1) + " (" + labelText(label) + ")";
            if (show) {
                System.out.println("  show " + where + "\n    in flight before: " + net.pool); // -Dreplay.show=b_0_7
            }
            stepAndCompare(label, st);
            prevState = st;
            if (k + 1 < states.size()) {
                stepListener.replayed(k + 1, label);
            }
        }
        where = name + " at its end";
        abstraction.requireAnswered(states.get(states.size() - 1));
        stepListener.replayed(states.size(), label);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> actionLabel(Map<String, Object> state) {
        return (Map<String, Object>) state.get("action");
    }

    private static int shownByAction;

    /**
     * Debugging aid: -Dreplay.show=b_0_7 prints every step of that behaviour with the kernel
     * messages in flight; -Dreplay.show=ReadReply the first 2 behaviours taking that action.
     */
    private boolean show(List<Map<String, Object>> states) {
        String a = System.getProperty("replay.show", "-");
        if (name.endsWith(" " + a)) {
            return true;
        }
        if (!Character.isUpperCase(a.charAt(0))) {
            return false;
        }
        for (Map<String, Object> st : states) {
            if (a.equals(((Map<?, ?>) st.get("action")).get("a"))) {
                return shownByAction++ < 2;
            }
        }
        return false;
    }

    private void stepAndCompare(Map<String, Object> label, Map<String, Object> st) {
        int deliveredMark = net.deliveredCount();
        if (steps >= SPEC_TIMER_TICKS / 2) {
            throw new IllegalStateException(where + ": a behaviour this long lets the stutter ticks reach the hole timeout");
        }
        try {
            step(label, st);
        } catch (io.ringworld.kernel.invariant.InvariantViolation e) {
            if ("LeaderCommit".equals(label.get("a"))) {
                String com = "sw[" + label.get("x") + "].smap[" + label.get("i") + "].com";
                throw new Divergence(where + ": " + com + " spec=" + label.get("commit") + " kernel=committed (kernel invariant: "
                        + e.getMessage() + ")", com, e.invariant().name());
            }
            throw tripped(e);
        }
        steps++;
        compare(st);
        String at = where;
        where = at + " then the stutter steps after it (" + stutter.describe() + ")";
        try {
            stutter.after(deliveredMark);
        } catch (io.ringworld.kernel.invariant.InvariantViolation e) {
            throw tripped(e);
        }
        compare(st);
        where = at;
    }

    /**
     * ServerCorrupt with planted DAMAGE_READ_AS_ABSENT (the spec's DamageAsAbsent), which acts on
     * damage a running server finds when it reads a payload back, not on damage found at a
     * recovery (how the replay takes ServerCorrupt otherwise). This replay's servers keep no
     * payload in their heaps ({@code payloadHeapBytesMax} 0), so the records of I, damaged on disk
     * (by the caller), are found by the next read of each; a read of each index, whose answer to
     * the reader is dropped (the spec has no reader here), finds them now, as the spec's step does.
     * The planted server drops each entry and goes on vouching (the spec's NoEntry); a correct one
     * would make it unknown and relearn (UnkEntry, dk).
     */
    private void damageFoundByReads(int s, List<?> indices) {
        ClientId scrubber = new ClientId((int) SCRUB_CLIENT);
        long foundBefore = srvs[s].status().damagedOnRead();
        for (Object i : indices) {
            io.ringworld.kernel.Effects effects = srvs[s].deliver(new Message.ServerRead(scrubber, num(i), num(i), View.NONE));
            for (io.ringworld.kernel.Effect e : effects.toList()) {
                if (!(e instanceof io.ringworld.kernel.Effect.Send send && send.to().equals(scrubber))) {
                    throw div("srv", "a read of index " + i + " on " + srvs[s].id()
                            + " did more than answer its reader: " + e);
                }
            }
        }
        long found = srvs[s].status().damagedOnRead() - foundBefore;
        if (found != indices.size()) {
            throw div("srv", srvs[s].id() + " found " + found + " of the " + indices.size() + " damaged payloads " + indices
                    + " by reading them back");
        }
    }

    /**
     * The spec's acks name a server, an index and a view, not the leader they answer: with two
     * leaders of one index in one view (planted AdmitLeads: a switch admitted without a view
     * change leads at once) the spec's second leader takes the ack a server sent for the first
     * one's write. A kernel ack goes to its writer; here the server gets this leader's own write of
     * the index (in flight), and its answer, an ack or its own assertion that it got two payloads
     * for one index in one view, is the kernel's step. In a correct protocol one leader writes an
     * index in a view, and an ack the spec takes is always in flight to it.
     *
     * @return true if such a write was delivered (the server acknowledged it)
     */
    private boolean answerOwnWrite(int x, int s, View v, long i) {
        SwitchId leader = sws[x].id();
        try {
            return net.deliverServer(s, m -> m instanceof Message.Write w && w.view().equals(v) && w.index() == i
                    && w.from().equals(leader) && w.incarnation() == Message.Write.LEADER) > 0;
        } catch (io.ringworld.kernel.invariant.InvariantViolation e) {
            throw tripped(e);
        }
    }

    /** The kernel's own assertion stopped the step: a divergence that names the kernel's invariant. */
    private Divergence tripped(io.ringworld.kernel.invariant.InvariantViolation e) {
        return new Divergence(where + ": the kernel reports " + e.getMessage(), "kernel invariant " + e.invariant(),
                e.invariant().name());
    }

    static String labelText(Map<String, Object> label) {
        StringBuilder b = new StringBuilder(String.valueOf(label.get("a")));
        for (Map.Entry<String, Object> e : label.entrySet()) {
            if (!e.getKey().equals("a") && !e.getKey().equals("ch")) {
                b.append(' ').append(e.getKey()).append('=').append(e.getValue());
            }
        }
        return b.toString();
    }

    static long num(Object o) {
        return (Long) o;
    }

    /** The members of each replica set (the spec's RS0 and RS1 have 3 each). */
    static final int MEMBERS = 3;

    /** The flat server index of a spec model value: a1..a3 are 0..2 (set 0), b1..b3 are 3..5 (set 1). */
    static int srvIndex(Object modelValue) {
        String s = (String) modelValue;
        int set = s.charAt(0) - 'a';
        if (set < 0 || set > 1 || s.length() != 2) {
            throw new IllegalArgumentException("not a spec server: " + s);
        }
        return MEMBERS * set + Integer.parseInt(s.substring(1)) - 1;
    }

    /** The kernel id of flat server index k. */
    static ServerId serverId(int k) {
        return new ServerId(k / MEMBERS, k % MEMBERS);
    }

    /** The flat server index of a kernel server id. */
    static int flat(ServerId s) {
        return MEMBERS * s.replicaSet() + s.member();
    }

    View kview(long specV) {
        View v = views.get(specV);
        if (v == null) {
            throw div("view", "spec view " + specV + " has no kernel view (no Seal of it was seen)");
        }
        return v;
    }

    private Map<String, Object> prevState;

    /** FillHole steps replayed, and those that filled more than one index (finding F11). */
    long holeFills;
    long holeFillsOfMany;

    /**
     * FillHole: ticks the leader's clock until its hole timer junk-fills index i (the spec's
     * timeout is arbitrary; the kernel's fires SPEC_TIMER_TICKS after the token visit that showed
     * i). The kernel must fill exactly the spec's set (label f): every index it awaits from that
     * visit and from earlier ones, no index of a later visit; and one visit's indices in one tick
     * (its hole timer), whose visit is the lowest mark of sw[x].hd at or above them (finding F11).
     */
    /** Whether x's status map held junk at index i in the spec's previous state (an earlier FillHole). */
    private boolean filledBefore(int x, long i) {
        List<?> smap = (List<?>) specSwitch(prevState, x).get("smap");
        return i >= 1 && i <= smap.size() && num(((Map<?, ?>) smap.get((int) i - 1)).get("p")) == 0;
    }

    private void fillHole(int x, long i, Object specFilled) {
        View v = sws[x].status().projection() == null ? null : sws[x].status().projection().view();
        java.util.SortedMap<Long, Integer> tickOf = new java.util.TreeMap<>();
        for (int t = 0; t <= SPEC_TIMER_TICKS && !tickOf.containsKey(i) && swUp[x]; t++) {
            int before = net.pool.size();
            net.tick(x);
            for (Packet q : net.pool.subList(before, net.pool.size())) {
                // an index the spec had filled already is a retransmission of its junk Write
                if (q.m() instanceof Message.Write w && w.payload().isJunk() && w.view().equals(v)
                        && !filledBefore(x, w.index())) {
                    tickOf.putIfAbsent(w.index(), t);
                }
            }
        }
        if (!tickOf.containsKey(i)) {
            throw div("sw[" + x + "].smap[" + i + "]", "sw[" + x + "].smap[" + i + "]: the kernel leader has no hole at index "
                    + i + " to fill (its hole timer filled " + tickOf.keySet() + ")");
        }
        java.util.SortedSet<Long> spec = new java.util.TreeSet<>();
        for (Object o : (java.util.Collection<?>) specFilled) {
            spec.add(num(o));
        }
        if (!tickOf.keySet().equals(spec)) {
            throw div("sw[" + x + "].smap", "sw[" + x + "].smap: the kernel's hole timer junk-filled " + tickOf.keySet()
                    + " up to index " + i + "; the spec fills " + spec);
        }
        java.util.TreeSet<Long> marks = new java.util.TreeSet<>();
        for (Object o : (java.util.Collection<?>) specSwitch(prevState, x).get("hd")) {
            marks.add(num(o));
        }
        for (long j : spec) {
            long mark = marks.ceiling(j);
            if (!tickOf.get(j).equals(tickOf.get(mark))) {
                throw div("sw[" + x + "].smap", "sw[" + x + "].smap: the kernel junk-filled index " + j + " and index " + mark
                        + ", shown by one token visit (sw[" + x + "].hd " + marks + "), in different ticks (" + tickOf
                        + "): one visit has one hole timer");
            }
        }
        holeFills++;
        holeFillsOfMany += spec.size() > 1 ? 1 : 0;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> specSwitch(Map<String, Object> st, int x) {
        return ((List<Map<String, Object>>) st.get("sw")).get(x - 1);
    }

    /** LoseMessage: the lost spec message is the one in the previous state's msgs not in this one. */
    @SuppressWarnings("unchecked")
    private void loseMessage(Map<String, Object> l, Map<String, Object> st) {
        List<Object> lost = new ArrayList<>();
        Object before = prevState == null ? null : prevState.get("msgs");
        Object after = st.get("msgs");
        if (before instanceof java.util.Collection<?> b && after instanceof java.util.Collection<?> a) {
            for (Object o : b) {
                if (!a.contains(o)) {
                    lost.add(o);
                }
            }
        }
        Map<String, Object> m = lost.size() == 1 && lost.get(0) instanceof Map<?, ?> mm ? (Map<String, Object>) mm : null;
        boolean known = m != null && m.get("v") instanceof Long sv && views.containsKey(sv);
        View v = known ? kview(num(m.get("v"))) : null; // a lost Seal is the first step of its view change
        if (v == null) {
            throw div("msgs", "LoseMessage of a " + l.get("m") + " message: no single lost message of a known view in msgs");
        }
        if ("ss".equals(m.get("t")) && v.coordinator() == (int) num(m.get("x")) - 1) {
            throw div("msgs", "the spec lost the coordinator's own seal reply; the kernel's coordinator counts itself");
        }
        Predicate<Message> kernelCopies = lostCopies(String.valueOf(m.get("t")), m, v);
        // The kernel's copies of the lost message in flight are dropped, and so are its
        // retransmissions of it: the spec's message set never gets the message back.
        net.lose(kernelCopies);
    }

    /** The kernel messages a lost spec message stands for (a spec message may have many recipients). */
    private Predicate<Message> lostCopies(String t, Map<String, Object> m, View v) {
        long start = chosenStart.getOrDefault(specView(v), 0L);
        switch (t) {
            case "asg":
                return q -> q instanceof Message.Assign as && as.view().equals(v) && as.index() == num(m.get("i"));
            case "wr":
                return q -> q instanceof Message.Write w && w.incarnation() == Message.Write.LEADER && w.view().equals(v)
                        && w.index() == num(m.get("i")) && specPayload(w.payload()) == num(m.get("p"));
            case "ack": {
                ServerId from = serverId(srvIndex(m.get("s")));
                return q -> q instanceof Message.WriteAck w && w.view().equals(v) && w.index() == num(m.get("i"))
                        && w.from().equals(from);
            }
            case "seal": {
                long life = num(m.get("inc"));
                return q -> q instanceof Message.Seal se && se.view().equals(v) && se.incarnation() == life;
            }
            case "sr": {
                ServerId from = serverId(srvIndex(m.get("s")));
                long life = num(m.get("inc"));
                if (m.containsKey("nx")) {
                    // Issue 19: a lost page loses only itself (the one that names the same next page).
                    long nx = num(m.get("nx"));
                    return q -> q instanceof Message.ServerSealReply r && r.view().equals(v) && r.from().equals(from)
                            && r.incarnation() == life && r.nextFrom() == nx;
                }
                return q -> q instanceof Message.ServerSealReply r && r.view().equals(v) && r.from().equals(from)
                        && r.incarnation() == life;
            }
            case "ss": {
                SwitchId from = new SwitchId((int) num(m.get("x")) - 1);
                return q -> q instanceof Message.SwitchSealReply r && r.view().equals(v) && r.from().equals(from);
            }
            case "rw": {
                long life = num(m.get("inc"));
                // the ballot's rewrite Writes and Fence (a leader's Writes name no ballot)
                return q -> q instanceof Message.Write w && w.view().equals(v) && w.incarnation() == life
                        || q instanceof Message.Fence f && f.view().equals(v) && f.incarnation() == life;
            }
            case "ra": {
                ServerId from = serverId(srvIndex(m.get("s")));
                return q -> q instanceof Message.WriteAck w && w.view().equals(v) && w.index() < start && w.from().equals(from)
                        || q instanceof Message.FenceAck f && f.view().equals(v) && f.from().equals(from);
            }
            case "inst":
                return q -> q instanceof Message.Install in && in.projection().view().equals(v);
            case "trim": {
                SwitchId from = new SwitchId((int) num(m.get("x")) - 1);
                long p = num(m.get("p"));
                return q -> q instanceof Message.ServerTrim st && st.view().equals(v) && st.prefix() == p && st.from().equals(from);
            }
            case "tack": {
                // the spec's trim acks are the accepted ones (a refusal is SwitchOutranked, not a message);
                // one trim per trim point runs at a time (the model's bound), so prefix and server name it
                ServerId from = serverId(srvIndex(m.get("s")));
                long p = num(m.get("p"));
                return q -> q instanceof Message.TrimAck ta && ta.accepted() && ta.prefix() == p && ta.from().equals(from);
            }
            default:
                throw div("msgs", "LoseMessage of an unknown spec message type " + t);
        }
    }

    private void step(Map<String, Object> l, Map<String, Object> st) {
        String a = (String) l.get("a");
        switch (a) {
            case "Init" -> init();
            case "ClientAppend" -> clientSteps.clientAppend((int) num(l.get("x")), num(l.get("p")));
            case "ClientAppendStale" -> clientSteps.clientAppendStale((int) num(l.get("x")), num(l.get("p")));
            case "GetTailStart" -> clientSteps.getTailStart(num(l.get("g")), (int) num(l.get("x")));
            case "GetTailRetry" -> clientSteps.getTailRetry(num(l.get("g")), (int) num(l.get("x")));
            case "SequenceBatch" -> {
                int x = (int) num(l.get("x"));
                for (Object g : (List<?>) l.get("getTailReturn")) {
                    clientSteps.tailOfEarlierLife(x, num(g));
                }
                sequenceBatch(x, num(l.get("v")));
            }
            case "ClientAppendBusy" -> clientSteps.clientAppendBusy((int) num(l.get("x")), num(l.get("p")));
            case "GetTailBusy" -> clientSteps.getTailBusy(num(l.get("g")), (int) num(l.get("x")));
            case "DropStaleToken" -> {
                View v = kview(num(l.get("v")));
                int x = (int) num(l.get("x"));
                boolean visits = sws[x].status().active() && v.equals(sws[x].status().view());
                if (net.deliverAll(x, m -> m instanceof Message.Token t && t.view().equals(v)) > 0 && visits) {
                    throw div("sw[" + x + "]", "switch " + x + " visits the token of " + v + " the spec's switch drops as stale");
                }
            }
            case "LeaderReplicate" -> {
                int x = (int) num(l.get("x"));
                View v = kview(num(l.get("v")));
                long i = num(l.get("i"));
                // Self-led indices are accepted inside SequenceBatch in both (no Assign, no step).
                requireDelivered(net.deliverAll(x, m -> m instanceof Message.Assign as && as.view().equals(v) && as.index() == i),
                        "msgs", "no kernel Assign of index " + i + " to switch " + x);
            }
            case "ServerWrite" -> {
                int s = srvIndex(l.get("s"));
                View v = kview(num(l.get("v")));
                long i = num(l.get("i"));
                requireDelivered(net.deliverServer(s, m -> m instanceof Message.Write w && w.view().equals(v) && w.index() == i
                        && w.incarnation() == Message.Write.LEADER),
                        "msgs", "no kernel Write of index " + i + " to server " + l.get("s"));
            }
            case "LeaderCommit" -> {
                int x = (int) num(l.get("x"));
                View v = kview(num(l.get("v")));
                long i = num(l.get("i"));
                int s = srvIndex(l.get("s"));
                ServerId from = serverId(s);
                Predicate<Message> ack = m -> m instanceof Message.WriteAck w && w.view().equals(v)
                        && w.index() == i && w.from().equals(from);
                int acks = net.deliverAll(x, ack);
                if (acks == 0 && answerOwnWrite(x, s, v, i)) {
                    acks = net.deliverAll(x, ack);
                }
                requireDelivered(acks, "msgs", "no kernel WriteAck of index " + i + " from " + from);
            }
            case "StartViewChange" -> vc.startViewChange((int) num(l.get("x")), num(l.get("v")));
            case "ServerSeal" -> {
                View v = kview(num(l.get("v")));
                long life = num(l.get("inc")); // the spec's inc is the kernel's incarnation (restarts counted)
                requireDelivered(net.deliverServer(srvIndex(l.get("s")), m -> m instanceof Message.Seal se && se.view().equals(v)
                        && se.incarnation() == life), "msgs", "no kernel Seal of " + v + " (life " + life + ") to " + l.get("s"));
            }
            case "SwitchSeal" -> {
                int x = (int) num(l.get("x"));
                long sv = num(l.get("v"));
                View v = kview(sv);
                boolean wasCoordinating = sws[x].status().coordinating();
                requireDelivered(net.deliverAll(x, m -> m instanceof Message.Seal se && se.view().equals(v)),
                        "msgs", "no kernel Seal of " + v + " to switch " + x);
                // F5 in the spec: a coordinator sealed by a higher view abandons its own.
                check("co[" + x + "] abandoned", l.get("abandon"), wasCoordinating && !sws[x].status().coordinating());
            }
            case "ViewCheckReply" -> {
                int x = (int) num(l.get("x"));
                ServerId from = serverId(srvIndex(l.get("s")));
                for (long g : clientSteps.tailsWaitingAt(st, x)) {
                    clientSteps.tailOfEarlierLife(x, g);
                }
                // Finding F8 (spec, fixed): the check is an event, at a getTail's visit showing kc >= h
                // or a read's arrival or leader's visit (ReadChecking), as the kernel's.
                View stepView = kview(num(l.get("v")));
                int sIdx = srvIndex(l.get("s"));
                SwitchId checker = new SwitchId(x - 1);
                Message.ViewCheckReply older = net.pool.stream()
                        .filter(p -> p.to().equals(checker) && p.m() instanceof Message.ViewCheckReply r && r.from().equals(from)
                                && stepView.isAfter(r.promised()))
                        .map(p -> (Message.ViewCheckReply) p.m()).findFirst().orElse(null);
                int n;
                if (older != null && srvUp[sIdx] && srvs[sIdx].status().promisedView().equals(stepView)) {
                    // s answered when the check reached it, and its promise rose again before the
                    // spec's step, which reads it now (RingWorld_replay_join3 seed 88): the network's
                    // copy of the check reaches s now, its answer names the spec's view, and the
                    // earlier answer comes late (the switch, sealed to the later view, ignores it).
                    net.apply(srvs[sIdx].id(), srvs[sIdx].deliver(new Message.ViewCheck(older.view(), older.checkId(), checker)));
                    n = net.deliverAll(x, m -> m instanceof Message.ViewCheckReply r && r.from().equals(from)
                            && r.promised().equals(stepView));
                } else {
                    n = net.deliverAll(x, m -> m instanceof Message.ViewCheckReply r && r.from().equals(from));
                }
                if (n == 0) {
                    // The spec reads s's promise when it takes the step; the kernel's s answered when
                    // the check reached it, before its promise rose (a confirming reply, counted, not
                    // asked again). Another server's reply naming the same later view seals the switch
                    // to the same view: the spec's step is the same.
                    View later = kview(num(l.get("v")));
                    n = net.deliverAll(x, m -> m instanceof Message.ViewCheckReply r && r.promised().equals(later));
                }
                requireDelivered(n, "sw[" + x + "].pv", "the spec's ViewCheckReply from " + from + " but switch " + x
                        + " has no view check open (no kernel ViewCheckReply in flight)");
            }
            case "JoinRequest" -> vc.joinRequest((int) num(l.get("x")), num(l.get("inc")));
            case "AdmitSwitch" -> vc.admitSwitch((int) num(l.get("x")), (int) num(l.get("y")), kview(num(l.get("v"))));
            case "SwitchOutranked" -> switchOutranked((int) num(l.get("x")), srvIndex(l.get("s")), kview(num(l.get("from"))));
            case "AbandonViewChange" -> vc.abandonViewChange((int) num(l.get("x")), kview(num(l.get("v"))), kview(num(l.get("learn"))));
            case "InstallIgnored" -> {
                int x = (int) num(l.get("x"));
                View v = kview(num(l.get("v")));
                // An Install addressed to an earlier life of x: ignored, its view heard of (F13).
                requireDelivered(net.deliverAll(x, m -> m instanceof Message.Install in && in.projection().view().equals(v)),
                        "sw[" + x + "].ev", "no kernel Install of " + v + " to switch " + x);
            }
            case "ChooseEntries" -> {
                chosenStart.put(num(l.get("v")), num(l.get("start")));
                specRfOf.put(num(l.get("v")), num(l.get("rf")));
                vc.chooseEntries((int) num(l.get("x")), num(l.get("v")), num(l.get("start")));
                rewriteFromOf.put(num(l.get("v")), ViewChangeSteps.rewriteFrom(sws[(int) num(l.get("x"))]));
            }
            case "ServerRewrite" -> {
                View v = kview(num(l.get("v")));
                long life = num(l.get("inc"));
                int s = srvIndex(l.get("s"));
                // The spec's rewrite message is the kernel's Fence plus its rewrite Writes, each
                // naming the ballot (view and life; a leader's Write names none). Each is judged
                // alone and a higher view records the ballot (spec pi = inc) whichever comes
                // first: the Writes go first when they raise the promise, so that path is replayed.
                java.util.function.Predicate<Message> fence = m -> m instanceof Message.Fence f && f.view().equals(v)
                        && f.incarnation() == life;
                java.util.function.Predicate<Message> writes = m -> m instanceof Message.Write w && w.view().equals(v)
                        && w.incarnation() == life;
                boolean writesFirst = v.isAfter(srvs[s].status().promisedView());
                int n = net.deliverServer(s, writesFirst ? writes : fence);
                n += net.deliverServer(s, writesFirst ? fence : writes);
                requireDelivered(n, "msgs", "no kernel Fence of " + v + " to server " + l.get("s"));
            }
            case "InstallView" -> vc.installView(l);
            case "SwitchCrash" -> {
                int x = (int) num(l.get("x"));
                for (int y = 1; y <= n; y++) {
                    if (admittedBy[y] == x || admittedBy[y] != 0 && y == x) {
                        // Not in the replayed models (their one crash comes before any admission).
                        throw div("sw[" + y + "].view", "switch " + x + " crashed between the spec's AdmitSwitch of " + y
                                + " and the kernel's visit that admits it: the replayer maps no such behaviour");
                    }
                }
                swUp[x] = false;
                // The spec's SwitchCrash drops the tokens at x; every other message to x stays in
                // msgs (its new life may receive it).
                net.pool.removeIf(p -> p.to().equals(new SwitchId(x - 1)) && p.m() instanceof Message.Token);
            }
            case "ServerCrash" -> {
                int s = srvIndex(l.get("s"));
                srvUp[s] = false; // messages to s stay in flight, as in the spec's msgs
            }
            case "ReadRequest" -> {
                int x = (int) num(l.get("x"));
                long r = num(l.get("r"));
                Client c = clientSteps.client(READ_CLIENT + r);
                net.apply(c.id(), c.step(new ClientInput.Read(1, num(l.get("i")), new SwitchId(x - 1))));
                // Forwards between switches now; the servers' part waits for the spec's ReadReply.
                clientSteps.pumpReads(false);
            }
            case "ReadReply" -> clientSteps.readReply(num(l.get("r")), num(l.get("res")));
            case "TrimRequestBusy" -> clientSteps.trimRequestBusy((int) num(l.get("x")), num(l.get("p")));
            case "TrimRequest" -> clientSteps.trimRequest((int) num(l.get("x")), num(l.get("p")));
            case "ServerTrim" -> {
                View v = kview(num(l.get("v")));
                long p = num(l.get("p"));
                SwitchId from = new SwitchId((int) num(l.get("x")) - 1);
                requireDelivered(net.deliverServer(srvIndex(l.get("s")), m -> m instanceof Message.ServerTrim t
                        && t.view().equals(v) && t.prefix() == p && t.from().equals(from)),
                        "msgs", "no kernel ServerTrim(" + p + ", " + v + ") from " + from + " to server " + l.get("s"));
            }
            case "TrimAck" -> {
                ServerId from = serverId(srvIndex(l.get("s")));
                long p = num(l.get("p"));
                requireDelivered(net.deliverAll((int) num(l.get("x")), m -> m instanceof Message.TrimAck ta
                        && ta.from().equals(from) && ta.prefix() == p && ta.accepted()),
                        "msgs", "no kernel TrimAck(" + p + ") from " + from + " to switch " + l.get("x"));
            }
            case "ServerWipe" -> {
                // Issue 19: the directory is gone; the server comes back as an initialised
                // cluster's server with an empty one (every index unknown, relearn pending). The
                // spec's index space ends at MaxIdx, so its wipe makes 1..MaxIdx unknown; the
                // kernel's lostState() has no end, and a coordinator would wait for a vouching
                // majority beyond MaxIdx, where the spec has no index to decide.
                int s = srvIndex(l.get("s"));
                disks[s] = new InMemoryDurableState();
                disks[s].markUnknown(new io.ringworld.kernel.server.IndexRange(1, maxIdx));
                srvs[s] = new LogServer(serverId(s), config, disks[s], hooks);
                srvUp[s] = true;
            }
            case "ServerCorrupt" -> {
                // The records of I fail their checksums on disk.
                int s = srvIndex(l.get("s"));
                for (Object i : (List<?>) l.get("i")) {
                    disks[s].markUnknown(new io.ringworld.kernel.server.IndexRange(num(i), num(i)));
                }
                if (hooks.planted(PlantedBug.DAMAGE_READ_AS_ABSENT)) {
                    damageFoundByReads(s, (List<?>) l.get("i"));
                    return;
                }
                // The host's recovery finds them: the server is rebuilt from the disk with them unknown.
                srvs[s] = new LogServer(serverId(s), config, disks[s], hooks);
                srvUp[s] = true;
            }
            case "ServerSealPage" -> vc.serverSealPage(srvIndex(l.get("s")), num(l.get("v")), num(l.get("inc")),
                    num(l.get("from")));
            case "ServerRelearn" -> diskSteps.relearn(srvIndex(l.get("s")));
            case "ServerRepair" -> diskSteps.repair(srvIndex(l.get("s")), num(l.get("i")));
            case "FillHole" -> fillHole((int) num(l.get("x")), num(l.get("i")), l.get("f"));
            case "LoseMessage" -> loseMessage(l, st);
            case "SwitchRestart" -> {
                int x = (int) num(l.get("x"));
                sws[x] = Switch.restarted(new SwitchId(x - 1), config, ++incarnations[x], hooks);
                swUp[x] = true;
                joinViewChangeTick[x] = -1;
                net.apply(sws[x].id(), sws[x].start());
                clientSteps.refuseEarlierLifeAppends(x);
            }
            case "ServerRecover" -> {
                int s = srvIndex(l.get("s"));
                srvs[s] = new LogServer(serverId(s), config, disks[s], hooks);
                srvUp[s] = true;
            }
            default -> throw div("action", "the replayer does not map spec action " + a);
        }
    }

    private void init() {
        for (int k = 0; k < srvs.length; k++) {
            disks[k] = new InMemoryDurableState();
            srvs[k] = new LogServer(serverId(k), config, disks[k], hooks);
        }
        views.put(0L, View.INITIAL);
        specViewOf.put(View.INITIAL, 0L);
        for (int x = 1; x <= n; x++) {
            sws[x] = Switch.booting(new SwitchId(x - 1), config, hooks);
            swUp[x] = true;
        }
        for (int x = 1; x <= n; x++) {
            net.apply(sws[x].id(), sws[x].start());
        }
    }

    private void sequenceBatch(int x, long sv) {
        View v = kview(sv);
        clientSteps.deliverAppends(x);
        requireDelivered(net.deliverAll(x, m -> m instanceof Message.Token t && t.view().equals(v)),
                "toks", "no kernel token of " + v + " in flight to switch " + x);
        visitTicks.get(x).addLast(sws[x].status().nowTicks());
        for (int y = 1; y <= n; y++) {
            if (admittedBy[y] == x) {
                vc.completeAdmission(x, y, v);
            }
        }
    }

    /** Per switch (spec id): its clock at each token visit whose hole timer may still fire. */
    private final Map<Integer, java.util.ArrayDeque<Long>> visitTicks = new HashMap<>();

    /**
     * Whether one more tick of switch x could fire a hole timer (a FillHole the spec did not
     * take). A visit's timer fires SPEC_TIMER_TICKS after it; FillHole ticks the leader's clock
     * up to the timer it needs, which brings the next visits' timers within a few ticks (their
     * visits were a few stutter ticks later), while the spec may fill them any time later. So
     * the stutter ticks leave such a switch alone (StutterSteps).
     */
    boolean holeTimerDue(int x) {
        java.util.ArrayDeque<Long> visits = visitTicks.get(x);
        long now = sws[x].status().nowTicks();
        if (sws[x].status().expectedIndices() == 0) {
            visits.clear();
            return false;
        }
        while (!visits.isEmpty() && visits.peekFirst() + SPEC_TIMER_TICKS <= now) {
            visits.pollFirst();                       // its timer fired at an earlier tick
        }
        return !visits.isEmpty() && now + 1 >= visits.peekFirst() + SPEC_TIMER_TICKS;
    }


    /**
     * SwitchOutranked: x's Writes and round-2 trims of its view reach server s (a copy, if s had
     * them already), which refuses them naming its higher promise; the refusals reach x.
     */
    private void switchOutranked(int x, int s, View from) {
        SwitchId sx = new SwitchId(x - 1);
        ServerId ss = serverId(s);
        requireDelivered(net.deliverServer(s, m -> m instanceof Message.Write w && w.view().equals(from) && w.from().equals(sx)
                || m instanceof Message.ServerTrim t && t.view().equals(from) && t.from().equals(sx)),
                "msgs", "no kernel Write or ServerTrim of " + from + " from switch " + x + " to server " + ss);
        requireDelivered(net.deliverAll(x, m -> m instanceof Message.WriteAck a && !a.accepted() && a.from().equals(ss)
                || m instanceof Message.TrimAck t && !t.accepted() && t.from().equals(ss)),
                "sw[" + x + "].pv", "server " + ss + " sent switch " + x + " no refusal naming its promise");
    }

    void requireDelivered(int count, String variable, String what) {
        if (count == 0) {
            throw div(variable, what);
        }
    }

    // ------------------------------------------------------------------ abstraction function

    Divergence div(String variable, String what) {
        return new Divergence(where + ": " + what, variable);
    }

    void check(String variable, Object spec, Object kernel) {
        if (!java.util.Objects.equals(spec, kernel)) {
            throw div(variable, variable + " spec=" + spec + " kernel=" + kernel);
        }
    }

    long specView(View v) {
        if (v == null || v.equals(View.NONE)) {
            return -1;
        }
        Long sv = specViewOf.get(v);
        return sv == null ? -100 - v.epoch() : sv;
    }

    static long specPayload(Payload p) {
        return p.isJunk() ? 0 : Long.parseLong(p.asString());
    }

    /**
     * LocalCommit(x) of RingWorldBase over a spec switch record, with the spec's Leader: the
     * view's ring, or with planted AdmitLeads (the twin of the kernel's ADMIT_LEADS, planted in
     * this replay) the ring and the switches admitted to it ({@code RingAll}), as far as the
     * kernel switch has learned them: the spec updates every member's {@code jn} at the
     * admission, a kernel member learns the list from the token at its next visit (its list is a
     * prefix of the spec's, Abstraction), and leads by what it has learned.
     */
    @SuppressWarnings("unchecked")
    long localCommit(Map<String, Object> sx, long self, int joinedLearned) {
        List<Object> ring = new ArrayList<>((List<Object>) sx.get("ring"));
        if (hooks.planted(PlantedBug.ADMIT_LEADS) && sx.get("jn") instanceof List<?> jn) {
            ring.addAll(jn.subList(0, Math.min(jn.size(), joinedLearned)));
        }
        long start = num(sx.get("start"));
        List<Map<String, Object>> smap = (List<Map<String, Object>>) sx.get("smap");
        if (ring.isEmpty()) {
            return start - 1;
        }
        long best = start - 1;
        for (long j = start; j <= maxIdx; j++) {
            long leader = num(ring.get((int) (j % ring.size())));
            if (leader == self && !(Boolean) smap.get((int) j - 1).get("com")) {
                break;
            }
            best = j;
        }
        return best;
    }

    private void compare(Map<String, Object> st) {
        abstraction.compare(st);
    }
}
