package io.ringworld.runtime.sim;

import io.ringworld.checker.log.LogChecker;
import io.ringworld.checker.report.Verdict;
import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.Config;
import io.ringworld.kernel.EffectHandler;
import io.ringworld.kernel.Effects;
import io.ringworld.kernel.Node;
import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.client.Client;
import io.ringworld.kernel.client.ClientInput;
import io.ringworld.kernel.invariant.ClusterInvariants;
import io.ringworld.kernel.invariant.InvariantViolation;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.server.DurableState;
import io.ringworld.kernel.server.LogServer;
import io.ringworld.kernel.server.ServerInput;
import io.ringworld.kernel.sw.Switch;
import io.ringworld.kernel.sw.SwitchInput;
import io.ringworld.kernel.sw.SwitchStatus;
import io.ringworld.kernel.testhooks.TestHooks;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A whole RingWorld cluster in one thread: the kernel's switches, log servers and clients, a
 * simulated network and disks, a nemesis, and a discrete-event loop over simulated time
 * (microseconds). Every random choice derives from one root seed, so a run replays exactly.
 *
 * <p>A run has three phases ({@link Phase}): the workload runs while faults are injected; then
 * faults stop, everything heals and every client must get an append committed within a bound
 * (liveness); then every acknowledged append is read back. At the end the history goes to the
 * linearizability checker. Kernel invariants are checked after every step of every node.
 *
 * <p>A {@link StepObserver} may watch every kernel step and fault of a run; with none (the
 * default) the hot path is unchanged.
 */
public final class Simulation {
    /** One tick of a node's clock, in simulated microseconds (before drift). */
    static final long TICK_MICROS = 100;
    /** Simulated time the fault phase may last. */
    static final long FAULT_PHASE_MAX_MICROS = 2_000 * TICK_MICROS;
    /** After healing, every client must get an append committed within this (the liveness bound). */
    static final long LIVENESS_BOUND_MICROS = 3_000 * TICK_MICROS;
    /** Simulated time the read-back may take. */
    static final long READ_BACK_MAX_MICROS = 4_000 * TICK_MICROS;
    /** A run that processes more events than this is stuck in a loop of zero-time work. */
    static final long EVENTS_MAX = 40_000_000;

    final SimConfig config;
    final long seed;
    final Config kernelConfig;
    /** The planted bug of the run, handed to every node the simulator builds. */
    private final TestHooks hooks;
    final FaultPlan plan;
    final Trace trace;
    final EventQueue<Event> queue = new EventQueue<>();
    final Topology topology;
    final Workload workload;
    final Nemesis nemesis;
    final Network network;
    private final ClusterInvariants invariants;
    /** Sees every step and fault, or null (then no input object is built for it). */
    private StepObserver observer;

    final Switch[] switches;
    final LogServer[] servers;
    final SimDisk[] disks;
    final Client[] clients;
    final boolean[] up;
    final long[] incarnation;
    final long[] tickPeriodMicros;

    private final List<String> violations = new ArrayList<>();
    private final Map<FaultKind, Long> faultCounts = new EnumMap<>(FaultKind.class);
    private long now;
    private long events;
    private long messages;
    private long viewChanges;
    private View highestView = View.INITIAL;
    private Phase phase = Phase.FAULTS;
    /** Scripted mode (SimHost): no workload, no nemesis, no phases; outcomes are kept for the caller. */
    private boolean scripted;
    private final Map<Long, io.ringworld.kernel.Result> scriptedOutcomes = new java.util.HashMap<>();
    /** Set when a client operation completed: only then can a phase be complete. */
    private boolean workloadChanged;

    Simulation(long seed, SimConfig config, PrintStream traceOut) {
        this.seed = seed;
        this.config = config;
        SimRandom root = new SimRandom(seed);
        this.plan = config.faultPlan() != null ? config.faultPlan()
                : FaultPlan.draw(root.derive("plan"), config.allowedFaults(), config.swarm());
        this.kernelConfig = Config.builder(config.switchCount(), config.replicaSetCount())
                .pendingRequestsMax(16)
                .build();
        this.hooks = TestHooks.planting(config.plantedBug());
        this.trace = new Trace(config.traceMode(), traceOut);
        this.topology = new Topology(config.switchCount(), config.replicaSetCount(), kernelConfig.membersPerSet(),
                config.clientCount() + 1);
        this.invariants = new ClusterInvariants(kernelConfig);
        this.workload = new Workload(config, root.derive("workload"));
        this.network = new Network(this, plan, root.derive("network"));
        this.nemesis = new Nemesis(this, plan, root.derive("nemesis"));
        int nodes = topology.nodeCount();
        switches = new Switch[config.switchCount()];
        servers = new LogServer[topology.serverCount()];
        disks = new SimDisk[topology.serverCount()];
        clients = new Client[config.clientCount() + 1];
        up = new boolean[nodes];
        incarnation = new long[nodes];
        tickPeriodMicros = new long[nodes];
        SimRandom drift = root.derive("drift");
        for (int n = 0; n < nodes; n++) {
            double factor = 1 + (drift.nextDouble() * 2 - 1) * plan.maxClockDrift();
            tickPeriodMicros[n] = Math.max(1, Math.round(TICK_MICROS * factor));
        }
        SimRandom diskRandom = root.derive("disk");
        for (int s = 0; s < servers.length; s++) {
            disks[s] = new SimDisk(diskRandom.derive("disk" + s), config.diskModel());
        }
    }

    /** Runs one seed to the end and checks it. {@code traceOut} receives the trace in PRINT mode. */
    public static RunResult run(long seed, SimConfig config, PrintStream traceOut) {
        return new Simulation(seed, config, traceOut).runToEnd();
    }

    /**
     * Runs one seed with {@code observer} watching every kernel step and fault (null: none). The
     * run is the one {@link #run(long, SimConfig, PrintStream)} makes of the seed.
     */
    public static RunResult run(long seed, SimConfig config, PrintStream traceOut, StepObserver observer) {
        Simulation sim = new Simulation(seed, config, traceOut);
        sim.observer = observer;
        return sim.runToEnd();
    }

    RunResult runToEnd() {
        boot();
        loop();
        if (violations.isEmpty()) {
            violations.addAll(workload.violations());
        }
        if (violations.isEmpty()) {
            checkHistory();
        }
        return new RunResult(seed, plan, List.copyOf(violations), workload.history(), Map.copyOf(faultCounts),
                viewChanges, workload.opsCompleted(), messages, events, now,
                trace.enabled() ? trace.hash() : 0);
    }

    /** Boots a cluster for {@link SimHost}: nothing runs until the host asks. */
    static Simulation scripted(long seed, SimConfig config) {
        Simulation sim = new Simulation(seed, config, null);
        sim.scripted = true;
        sim.boot();
        return sim;
    }

    /** Scripted mode: client {@code client} takes {@code op} now. */
    void invoke(int client, ClientInput op) {
        apply(topology.clientNode(client), step(clients[client], op));
    }

    /** Scripted mode: the outcome of request {@code requestId}, once it arrived (removed when taken). */
    io.ringworld.kernel.Result takeOutcome(long requestId) {
        return scriptedOutcomes.remove(requestId);
    }

    /**
     * Scripted mode: processes events until {@code done} holds or simulated time passes
     * {@code untilMicros}; returns whether {@code done} held. Kernel invariant violations throw.
     */
    boolean runUntil(java.util.function.BooleanSupplier done, long untilMicros) {
        while (!done.getAsBoolean()) {
            if (queue.isEmpty() || queue.peekTime() > untilMicros) {
                now = Math.max(now, untilMicros);
                return false;
            }
            now = queue.peekTime();
            Event event = queue.pop();
            events++;
            dispatch(event);
        }
        return true;
    }

    long viewChanges() {
        return viewChanges;
    }

    long messages() {
        return messages;
    }

    private void boot() {
        for (int k = 0; k < switches.length; k++) {
            switches[k] = Switch.booting(new SwitchId(k), kernelConfig, hooks);
            up[k] = true;
            scheduleTick(k);
        }
        for (int s = 0; s < servers.length; s++) {
            int node = topology.serverNode(s);
            servers[s] = new LogServer(topology.serverId(s), kernelConfig, DurableState.empty(), hooks);
            up[node] = true;
            scheduleTick(node);
        }
        for (int c = 0; c < clients.length; c++) {
            int node = topology.clientNode(c);
            clients[c] = new Client(new ClientId(c), kernelConfig);
            up[node] = true;
            scheduleTick(node);
        }
        for (int k = 0; k < switches.length; k++) {
            apply(k, step(switches[k], SwitchInput.Start.INSTANCE));
        }
        if (scripted) {
            return;
        }
        for (int lane = 0; lane < workload.laneCount(); lane++) {
            queue.push(lane * 7L, new Event.LaneNext(lane));
        }
        nemesis.scheduleAll();
        workloadChanged = true;
        queue.push(FAULT_PHASE_MAX_MICROS, new Event.PhaseDeadline(Phase.FAULTS));
    }

    private void loop() {
        while (phase != Phase.DONE && violations.isEmpty() && !queue.isEmpty()) {
            now = queue.peekTime();
            Event event = queue.pop();
            if (++events > EVENTS_MAX) {
                violations.add("runaway: more than " + EVENTS_MAX + " events by t=" + now + "us");
                break;
            }
            try {
                dispatch(event);
            } catch (InvariantViolation e) {
                violations.add("kernel invariant " + e.invariant().name() + " at t=" + now + "us: " + e.getMessage());
            }
            if (workloadChanged && phase != Phase.DONE) {
                workloadChanged = false;
                if (workload.phaseComplete()) {
                    advancePhase();
                }
            }
        }
    }

    private void dispatch(Event event) {
        if (event instanceof Event.Deliver d) {
            deliver(d);
        } else if (event instanceof Event.Tick t) {
            tick(t);
        } else if (event instanceof Event.Synced s) {
            synced(s);
        } else if (event instanceof Event.LaneNext l) {
            laneNext(l.lane());
        } else if (event instanceof Event.FaultDue f) {
            nemesis.fire(f.kind());
        } else if (event instanceof Event.Restart r) {
            nemesis.restart(r.node());
        } else if (event instanceof Event.Heal h) {
            nemesis.heal(h.partitionId());
        } else if (event instanceof Event.PhaseDeadline p) {
            phaseDeadline(p.phase());
        } else {
            throw new IllegalStateException("unknown event " + event);
        }
    }

    // ------------------------------------------------------------------ phases

    private void phaseDeadline(Phase deadline) {
        if (deadline != phase) {
            return;
        }
        switch (phase) {
            case FAULTS -> advancePhase();
            case LIVENESS -> violations.add("liveness: after faults stopped and everything healed at t="
                    + (now - LIVENESS_BOUND_MICROS) + "us, not every client got an append committed within "
                    + LIVENESS_BOUND_MICROS / TICK_MICROS + " ticks");
            case READ_BACK -> violations.add("read-back of acknowledged appends did not finish within "
                    + READ_BACK_MAX_MICROS / TICK_MICROS + " ticks");
            default -> {
            }
        }
    }

    private void advancePhase() {
        Phase next = Phase.values()[phase.ordinal() + 1];
        traceLine("phase " + next);
        if (phase == Phase.FAULTS) {
            nemesis.stopAndHealAll();
        }
        phase = next;
        workload.startPhase(next);
        if (next == Phase.LIVENESS) {
            queue.push(now + LIVENESS_BOUND_MICROS, new Event.PhaseDeadline(Phase.LIVENESS));
        } else if (next == Phase.READ_BACK) {
            queue.push(now + READ_BACK_MAX_MICROS, new Event.PhaseDeadline(Phase.READ_BACK));
        }
        if (next != Phase.DONE) {
            for (int lane = 0; lane < workload.laneCount(); lane++) {
                laneNext(lane);
            }
            workloadChanged = true;
        }
    }

    Phase phase() {
        return phase;
    }

    // ------------------------------------------------------------------ inputs to nodes

    private void deliver(Event.Deliver d) {
        int to = d.to();
        if (!up[to]) {
            return;
        }
        messages++;
        if (trace.enabled()) {
            traceLine(topology.name(d.from()) + "->" + topology.name(to) + " " + d.message());
        }
        Message m = d.message();
        switch (topology.kind(to)) {
            case SWITCH -> apply(to, observer == null ? switches[to].deliver(m)
                    : step(switches[to], new SwitchInput.Deliver(m)));
            case SERVER -> apply(to, observer == null ? servers[topology.serverIndex(to)].deliver(m)
                    : step(servers[topology.serverIndex(to)], new ServerInput.Deliver(m)));
            case CLIENT -> apply(to, step(clients[topology.clientIndex(to)], new ClientInput.Deliver(m)));
        }
    }

    private void tick(Event.Tick t) {
        int node = t.node();
        if (!up[node] || incarnation[node] != t.incarnation()) {
            return;
        }
        switch (topology.kind(node)) {
            case SWITCH -> apply(node, step(switches[node], SwitchInput.Tick.INSTANCE));
            case SERVER -> apply(node, step(servers[topology.serverIndex(node)], ServerInput.Tick.INSTANCE));
            case CLIENT -> apply(node, step(clients[topology.clientIndex(node)], ClientInput.Tick.INSTANCE));
        }
        scheduleTick(node);
    }

    void scheduleTick(int node) {
        queue.push(now + tickPeriodMicros[node], new Event.Tick(node, incarnation[node]));
    }

    private void synced(Event.Synced s) {
        int node = s.node();
        if (!up[node] || incarnation[node] != s.incarnation()) {
            return;
        }
        int server = topology.serverIndex(node);
        disks[server].synced(s.persistId());
        if (trace.enabled()) {
            traceLine(topology.name(node) + " synced " + s.persistId());
        }
        apply(node, step(servers[server], new ServerInput.PersistDone(s.persistId())));
    }

    private void laneNext(int lane) {
        ClientInput op = workload.next(lane, now);
        if (op == null) {
            return;
        }
        int node = topology.clientNode(lane);
        if (trace.enabled()) {
            traceLine(topology.name(node) + " invokes " + op);
        }
        apply(node, step(clients[lane], op));
    }

    /** A burst of appends through the burst client, to overflow pending queues (Busy). */
    void burst(int count) {
        int client = workload.burstClient();
        int node = topology.clientNode(client);
        for (int k = 0; k < count; k++) {
            apply(node, step(clients[client], workload.burstAppend(now)));
        }
    }

    // ------------------------------------------------------------------ steps (and the observer)

    /** One kernel step of any role; the observer, if any, sees it (or the invariant it broke). */
    private <I> Effects step(Node<I> node, I input) {
        if (observer == null) {
            return node.step(input);
        }
        Effects effects;
        try {
            effects = node.step(input);
        } catch (InvariantViolation e) {
            observer.stepFailed(node, input, e);
            throw e;
        }
        observer.stepped(node, input, effects);
        return effects;
    }

    // ------------------------------------------------------------------ effects

    /** The kernel node at simulator number {@code node}. */
    private Node<?> nodeAt(int node) {
        return switch (topology.kind(node)) {
            case SWITCH -> switches[node];
            case SERVER -> servers[topology.serverIndex(node)];
            case CLIENT -> clients[topology.clientIndex(node)];
        };
    }

    /** After every step of every node: the cluster's invariants, then the effects in order. */
    void apply(int node, Effects effects) {
        Node<?> n = nodeAt(node);
        invariants.afterStep(n.id(), effects);
        if (n instanceof Switch sw) {
            noteInstall(node, sw);
        }
        effects.dispatch(n.id(), effectHandler);
    }

    private void noteInstall(int node, Switch sw) {
        SwitchStatus status = sw.status();
        View view = status.view();
        if (view.compareTo(highestView) > 0 && status.projection() != null && status.projection().view().equals(view)) {
            highestView = view;
            viewChanges++;
            traceLine("view " + view + " installed at " + topology.name(node));
        }
    }

    /** The simulated host's side of every effect: the network, the disks, the workload. */
    private final EffectHandler effectHandler = new EffectHandler() {
        @Override
        public void onSend(NodeId from, NodeId to, Message message) {
            network.send(topology.node(from), topology.node(to), message);
        }

        @Override
        public void onPersist(NodeId from, long persistId, List<io.ringworld.kernel.DurableRecord> records) {
            int node = topology.node(from);
            long dueMicros = disks[topology.serverIndex(node)].persist(now, persistId, records);
            queue.push(dueMicros, new Event.Synced(node, incarnation[node], persistId));
        }

        @Override
        public void onOutcome(NodeId from, long requestId, io.ringworld.kernel.Result result) {
            outcome(topology.node(from), requestId, result);
        }
    };

    private void outcome(int node, long requestId, io.ringworld.kernel.Result result) {
        if (trace.enabled()) {
            traceLine(topology.name(node) + " outcome " + requestId + " " + result);
        }
        if (scripted) {
            scriptedOutcomes.put(requestId, result);
            return;
        }
        workloadChanged = true;
        int lane = workload.complete(topology.clientIndex(node), requestId, result, now);
        if (lane >= 0) {
            queue.push(now + 1 + network.thinkTimeMicros(), new Event.LaneNext(lane));
        }
    }

    // ------------------------------------------------------------------ for the nemesis

    void countFault(FaultKind kind) {
        faultCounts.merge(kind, 1L, Long::sum);
    }

    long now() {
        return now;
    }

    void traceLine(String text) {
        if (trace.enabled()) {
            trace.line(now, text);
        }
    }

    /** A server crashes: unsynced writes are lost (a prefix may survive, the last one torn). */
    void crashServer(int node) {
        int server = topology.serverIndex(node);
        up[node] = false;
        incarnation[node]++;
        String lost = disks[server].crash();
        workload.nemesis("crash-server", topology.name(node), now);
        traceLine("crash " + topology.name(node) + " " + lost);
        if (observer != null) {
            observer.crashed(topology.serverId(server));
        }
    }

    void recoverServer(int node) {
        int server = topology.serverIndex(node);
        ServerId id = topology.serverId(server);
        servers[server] = new LogServer(id, kernelConfig, disks[server].recover(), hooks);
        up[node] = true;
        workload.nemesis("recover-server", topology.name(node), now);
        traceLine("recover " + topology.name(node));
        if (observer != null) {
            observer.serverRecovered(servers[server]);
        }
        scheduleTick(node);
    }

    void crashSwitch(int node) {
        up[node] = false;
        incarnation[node]++;
        workload.nemesis("crash-switch", topology.name(node), now);
        traceLine("crash " + topology.name(node));
        if (observer != null) {
            observer.crashed(switches[node].id());
        }
    }

    void restartSwitch(int node) {
        switches[node] = Switch.restarted(new SwitchId(node), kernelConfig, incarnation[node], hooks);
        up[node] = true;
        workload.nemesis("restart-switch", topology.name(node), now);
        traceLine("restart " + topology.name(node));
        if (observer != null) {
            observer.switchRestarted(switches[node]);
        }
        apply(node, step(switches[node], SwitchInput.Start.INSTANCE));
        scheduleTick(node);
    }

    // ------------------------------------------------------------------ the verdict

    private void checkHistory() {
        Verdict verdict = LogChecker.check(workload.history());
        if (verdict.validity() != io.ringworld.checker.report.Validity.VALID) {
            violations.add("history not linearizable (" + verdict.validity() + "): " + verdict.reason());
        }
    }
}
