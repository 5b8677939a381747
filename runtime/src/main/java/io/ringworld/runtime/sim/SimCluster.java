package io.ringworld.runtime.sim;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.Config;
import io.ringworld.kernel.DurableRecord;
import io.ringworld.kernel.EffectHandler;
import io.ringworld.kernel.Effects;
import io.ringworld.kernel.Node;
import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.Result;
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
import io.ringworld.kernel.server.ServerStatus;
import io.ringworld.kernel.sw.Switch;
import io.ringworld.p4.agent.P4Switch;
import io.ringworld.kernel.sw.SwitchInput;
import io.ringworld.kernel.sw.SwitchStatus;
import io.ringworld.kernel.testhooks.TestHooks;
import java.io.PrintStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The simulated cluster a run (or a scripted host) drives: the kernel's switches, log servers
 * and clients, the simulated network and disks, and the discrete-event loop over simulated time
 * (microseconds). What any simulated host needs, and nothing of a run: no workload, no nemesis,
 * no phases, no verdict. Client outcomes and node faults go to a {@link Listener}.
 *
 * <p>Every step of every node goes through {@link #apply}: the cluster's invariants, then the
 * effects in order through one {@link EffectHandler} (the host's effects loop, written once).
 */
final class SimCluster implements Scheduler, FaultTarget {
    /** Where client outcomes and node faults go (the run's workload, or a scripted host). */
    interface Listener {
        void outcome(int client, long requestId, Result result);

        /** A crash, recovery or restart the cluster carried out ({@code op} as in a Jepsen history). */
        void nodeFault(String op, String node);

        /** A check of the host's found a violation (the run fails with it). */
        default void hostViolation(String what) {
            throw new IllegalStateException(what);
        }

        /** Switch {@code node} entered {@code window} ({@code detail}: a trim's prefix, else 0). */
        default void protocolWindow(ProtocolWindow window, int node, long detail) {
        }
    }

    final Config kernelConfig;
    /** The switches' kernel config: {@link #kernelConfig}, without merging on a P4 data plane. */
    private final Config switchConfig;
    private final TestHooks hooks;
    private final Listener listener;
    final Trace trace;
    private final EventQueue<Event> queue = new EventQueue<>();
    final Topology topology;
    final Network network;
    private final ClusterInvariants invariants;
    /** Sees every step and fault, or null (then no input object is built for it). */
    StepObserver observer;

    private final Switch[] switches;
    /** The P4 switches hosting {@link #switches} when the switches run ringworld.p4, else null. */
    private final P4Switch[] p4;
    private final SimConfig.Dataplane dataplane;
    private final LogServer[] servers;
    private final SimDisk[] disks;
    private final Client[] clients;
    private final boolean[] up;
    private final long[] incarnation;
    private final long[] tickPeriodMicros;
    /** Per node: while it is paused, the time it resumes; 0 when it runs. */
    private final long[] pausedUntil;
    private final boolean[] catchUpOnResume;
    private final int[] missedTicks;
    /** Per node: the clock runs this many times too fast (a tick burst); 1 normally. */
    private final int[] tickSpeedup;
    private final WindowWatch windows;
    /**
     * Per server, the highest view of each index it acknowledged (an accepted WriteAck says the
     * write is durable): after a crash its disk must still hold it (AckedIsDurable).
     */
    private final List<Map<Long, View>> acked = new java.util.ArrayList<>();

    private final Map<FaultKind, Long> faultCounts = new EnumMap<>(FaultKind.class);
    private long now;
    private long events;
    private long messages;
    private long viewChanges;
    private View highestView = View.INITIAL;

    /**
     * A cluster of {@code config}'s size running {@code config.kernelConfig()}; its random choices
     * (network, clock drift, disks) derive from {@code seed}, its faults of the network and clock
     * from {@code plan}. Nothing runs until {@link #boot}.
     */
    SimCluster(long seed, SimConfig config, FaultPlan plan, PrintStream traceOut, Listener listener) {
        SimRandom root = new SimRandom(seed);
        this.dataplane = config.dataplane();
        this.kernelConfig = config.kernelConfig();
        // A P4 switch's agent compares its kernel's sends with the data plane's one frame at a
        // time, so that kernel must not merge (P4Switch refuses it); servers and clients merge as
        // on a real cluster, and the P4 switch splits what they merged.
        this.switchConfig = dataplane == SimConfig.Dataplane.KERNEL ? kernelConfig
                : kernelConfig.toBuilder().mergedMessageBytesMax(0).build();
        this.hooks = TestHooks.planting(config.plantedBug());
        this.listener = listener;
        this.trace = new Trace(config.traceMode(), traceOut);
        this.topology = new Topology(config.switchCount(), config.replicaSetCount(), kernelConfig.membersPerSet(),
                config.clientCount() + 1);
        this.invariants = new ClusterInvariants(kernelConfig);
        this.network = new Network(this, topology.nodeCount(), plan, root.derive("network"), config.thinkMicrosMax());
        int nodes = topology.nodeCount();
        switches = new Switch[config.switchCount()];
        p4 = dataplane == SimConfig.Dataplane.KERNEL ? null : new P4Switch[config.switchCount()];
        servers = new LogServer[topology.serverCount()];
        disks = new SimDisk[topology.serverCount()];
        clients = new Client[config.clientCount() + 1];
        up = new boolean[nodes];
        incarnation = new long[nodes];
        tickPeriodMicros = new long[nodes];
        pausedUntil = new long[nodes];
        catchUpOnResume = new boolean[nodes];
        missedTicks = new int[nodes];
        tickSpeedup = new int[nodes];
        java.util.Arrays.fill(tickSpeedup, 1);
        windows = new WindowWatch(config.switchCount(), listener::protocolWindow);
        SimRandom drift = root.derive("drift");
        for (int n = 0; n < nodes; n++) {
            double factor = 1 + (drift.nextDouble() * 2 - 1) * plan.maxClockDrift();
            tickPeriodMicros[n] = Math.max(1, Math.round(Simulation.TICK_MICROS * factor));
        }
        for (int k = 0; k < topology.serverCount(); k++) {
            acked.add(new java.util.HashMap<>());
        }
        SimRandom diskRandom = root.derive("disk");
        for (int s = 0; s < servers.length; s++) {
            disks[s] = new SimDisk(diskRandom.derive("disk" + s), config.diskModel());
        }
    }

    /** Builds every node, starts their clocks and starts the switches (the boot view, the first token). */
    void boot() {
        for (int k = 0; k < switches.length; k++) {
            switches[k] = Switch.booting(new SwitchId(k), switchConfig, hooks);
            hostOnP4(k);
            up[k] = true;
            scheduleTick(k);
        }
        for (int s = 0; s < servers.length; s++) {
            int node = topology.serverNode(s);
            servers[s] = new LogServer(topology.serverId(s), kernelConfig, disks[s].recover(), hooks);
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
            apply(k, stepSwitch(k, SwitchInput.Start.INSTANCE));
        }
    }

    /** With a P4 data plane: switch {@code k}'s kernel becomes the agent of a fresh pipeline. */
    private void hostOnP4(int k) {
        if (p4 != null) {
            p4[k] = SimP4.host(switches[k], switchConfig, dataplane, clients.length);
        }
    }

    /** A switch's step on a Start or a Tick: the kernel's, or the P4 switch's around it. */
    private Effects stepSwitch(int k, SwitchInput input) {
        if (p4 == null) {
            return step(switches[k], input);
        }
        // Shown to the observer as its kernel's step (what left the ports as effects).
        return observed(switches[k], input, () -> p4[k].step(input));
    }

    /** A message from node {@code from} reaches switch {@code to}: as a frame, on a P4 switch. */
    private Effects deliverToSwitch(int to, int from, Message m) {
        if (p4 == null) {
            return observer == null ? switches[to].deliver(m) : step(switches[to], new SwitchInput.Deliver(m));
        }
        return observed(switches[to], observer == null ? null : new SwitchInput.Deliver(m), () -> p4[to].deliver(topology.idOf(from), m));
    }


    // ------------------------------------------------------------------ the event loop

    boolean hasEvents() {
        return !queue.isEmpty();
    }

    /** The next event; simulated time moves to it. */
    Event nextEvent() {
        now = queue.peekTime();
        events++;
        return queue.pop();
    }

    /** Handles a node event (a delivery, a tick, a disk sync); false if {@code event} is the run's. */
    boolean handle(Event event) {
        if (event instanceof Event.Deliver d) {
            deliver(d);
        } else if (event instanceof Event.Tick t) {
            tick(t);
        } else if (event instanceof Event.Synced s) {
            synced(s);
        } else if (event instanceof Event.Resume r) {
            resume(r);
        } else if (event instanceof Event.TickBurstEnd b) {
            if (incarnation[b.node()] == b.incarnation()) {
                tickSpeedup[b.node()] = 1;
            }
        } else {
            return false;
        }
        return true;
    }

    /**
     * A scripted host's loop: processes events until {@code done} holds or simulated time passes
     * {@code untilMicros}; returns whether {@code done} held. Kernel invariant violations throw.
     */
    boolean runUntil(BooleanSupplier done, long untilMicros) {
        while (!done.getAsBoolean()) {
            if (queue.isEmpty() || queue.peekTime() > untilMicros) {
                now = Math.max(now, untilMicros);
                return false;
            }
            Event event = nextEvent();
            if (!handle(event)) {
                throw new IllegalStateException("a scripted cluster got the run's event " + event);
            }
        }
        return true;
    }

    @Override
    public long now() {
        return now;
    }

    @Override
    public void schedule(long atMicros, Event event) {
        queue.push(atMicros, event);
    }

    @Override
    public void countFault(FaultKind kind) {
        faultCounts.merge(kind, 1L, Long::sum);
    }

    @Override
    public void traceLine(String text) {
        if (trace.enabled()) {
            trace.line(now, text);
        }
    }

    Map<FaultKind, Long> faultCounts() {
        return Map.copyOf(faultCounts);
    }

    long events() {
        return events;
    }

    long messages() {
        return messages;
    }

    long viewChanges() {
        return viewChanges;
    }

    // ------------------------------------------------------------------ inputs to nodes

    private void deliver(Event.Deliver d) {
        int to = d.to();
        if (!up[to]) {
            return;
        }
        if (pausedUntil[to] != 0) {
            queue.push(pausedUntil[to], d); // it waits in the socket's buffer; pushed in order, after the Resume
            return;
        }
        messages++;
        if (trace.enabled()) {
            traceLine(topology.name(d.from()) + "->" + topology.name(to) + " " + d.message());
        }
        Message m = d.message();
        switch (topology.kind(to)) {
            case SWITCH -> apply(to, deliverToSwitch(to, d.from(), m));
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
        if (pausedUntil[node] != 0) {
            missedTicks[node]++;
            scheduleTick(node);
            return;
        }
        stepTick(node);
        scheduleTick(node);
    }

    private void stepTick(int node) {
        switch (topology.kind(node)) {
            case SWITCH -> apply(node, stepSwitch(node, SwitchInput.Tick.INSTANCE));
            case SERVER -> apply(node, step(servers[topology.serverIndex(node)], ServerInput.Tick.INSTANCE));
            case CLIENT -> apply(node, step(clients[topology.clientIndex(node)], ClientInput.Tick.INSTANCE));
        }
    }

    private void scheduleTick(int node) {
        queue.push(now + Math.max(1, tickPeriodMicros[node] / tickSpeedup[node]), new Event.Tick(node, incarnation[node]));
    }

    private void synced(Event.Synced s) {
        int node = s.node();
        if (!up[node] || incarnation[node] != s.incarnation()) {
            return;
        }
        if (pausedUntil[node] != 0) {
            queue.push(pausedUntil[node], s); // the completion is seen when the process runs again
            return;
        }
        int server = topology.serverIndex(node);
        disks[server].synced(s.persistId());
        if (trace.enabled()) {
            traceLine(topology.name(node) + " synced " + s.persistId());
        }
        apply(node, step(servers[server], new ServerInput.PersistDone(s.persistId())));
    }

    /** Client {@code client} takes {@code op} now (an operation of the workload or of a scripted host). */
    void invoke(int client, ClientInput op) {
        int node = topology.clientNode(client);
        if (trace.enabled()) {
            traceLine(topology.name(node) + " invokes " + op);
        }
        apply(node, step(clients[client], op));
    }

    /** Client {@code client} takes {@code op} now, with no trace line (a burst: its size is traced once). */
    void invokeQuietly(int client, ClientInput op) {
        apply(topology.clientNode(client), step(clients[client], op));
    }

    // ------------------------------------------------------------------ steps (and the observer)

    /** One kernel step of any role; the observer, if any, sees it (or the invariant it broke). */
    private <I> Effects step(Node<I> node, I input) {
        return observer == null ? node.step(input) : observed(node, input, () -> node.step(input));
    }

    /** Runs {@code step}, {@code shown} taking {@code input}; the observer, if any, sees it (or the invariant it broke). */
    private <I> Effects observed(Node<I> shown, I input, java.util.function.Supplier<Effects> step) {
        if (observer == null) {
            return step.get();
        }
        Effects effects;
        try {
            effects = step.get();
        } catch (InvariantViolation e) {
            observer.stepFailed(shown, input, e);
            throw e;
        }
        observer.stepped(shown, input, effects);
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
    private void apply(int node, Effects effects) {
        Node<?> n = nodeAt(node);
        invariants.afterStep(n.id(), effects);
        if (n instanceof Switch sw) {
            noteSwitch(node, sw.status());
        }
        effects.dispatch(n.id(), effectHandler);
    }

    /** What the host sees of a switch after its step: a new view installed, and the other windows (WindowWatch). */
    private void noteSwitch(int node, SwitchStatus status) {
        View view = status.view();
        if (view.compareTo(highestView) > 0 && status.projection() != null && status.projection().view().equals(view)) {
            highestView = view;
            viewChanges++;
            traceLine("view " + view + " installed at " + topology.name(node));
            listener.protocolWindow(ProtocolWindow.VIEW_INSTALLED, node, 0);
        }
        windows.stepped(node, status);
    }

    /** The simulated host's side of every effect: the network, the disks, the listener. */
    private final EffectHandler effectHandler = new EffectHandler() {
        @Override
        public void onSend(NodeId from, NodeId to, Message message) {
            if (message instanceof Message.WriteAck a && a.accepted() && from instanceof ServerId server) {
                noteAcked(server, a);
            } else if (message instanceof Message.WriteAcks acks && from instanceof ServerId server) {
                for (Message.WriteAck a : acks.members()) {
                    if (a.accepted()) {
                        noteAcked(server, a);
                    }
                }
            }
            network.send(topology.node(from), topology.node(to), message);
        }

        @Override
        public void onPersist(NodeId from, long persistId, List<DurableRecord> records) {
            int node = topology.node(from);
            long dueMicros = disks[topology.serverIndex(node)].persist(now, persistId, records);
            queue.push(dueMicros, new Event.Synced(node, incarnation[node], persistId));
        }

        @Override
        public void onOutcome(NodeId from, long requestId, Result result) {
            int node = topology.node(from);
            if (trace.enabled()) {
                traceLine(topology.name(node) + " outcome " + requestId + " " + result);
            }
            listener.outcome(topology.clientIndex(node), requestId, result);
        }
    };

    // ------------------------------------------------------------------ faults (FaultTarget)

    @Override
    public Topology topology() {
        return topology;
    }

    @Override
    public boolean isUp(int node) {
        return up[node];
    }

    @Override
    public void crashServer(int node) {
        int server = topology.serverIndex(node);
        up[node] = false;
        incarnation[node]++;
        clearPerturbation(node);
        String lost = disks[server].crash();
        listener.nodeFault("crash-server", topology.name(node));
        traceLine("crash " + topology.name(node) + " " + lost);
        if (observer != null) {
            observer.crashed(topology.serverId(server));
        }
    }

    @Override
    public String damageDisk(int node, boolean wipe, SimRandom r) {
        int server = topology.serverIndex(node);
        if (up[node]) {
            throw new IllegalStateException("damageDisk of " + topology.name(node) + " while it is up");
        }
        String what;
        if (wipe) {
            what = disks[server].wipe();
            acked.get(server).clear(); // the host destroyed them: AckedIsDurable holds for what is left
        } else {
            java.util.List<Long> hit = disks[server].corrupt(r, 4);
            hit.forEach(acked.get(server)::remove);
            what = "corrupt " + hit;
        }
        listener.nodeFault(wipe ? "disk-wipe" : "disk-corrupt", topology.name(node) + " " + what);
        traceLine((wipe ? "disk-wipe " : "disk-corrupt ") + topology.name(node) + " " + what);
        return what;
    }

    /** A broken host's wipe (see {@link SimDisk#wipeAsNew}): only the host suite's own tests use it. */
    void wipeDiskAsNew(int node) {
        int server = topology.serverIndex(node);
        disks[server].wipeAsNew();
        acked.get(server).clear();
    }

    @Override
    public ServerStatus serverStatus(int node) {
        return servers[topology.serverIndex(node)].status();
    }

    @Override
    public boolean serverDamaged(int node) {
        ServerStatus st = servers[topology.serverIndex(node)].status();
        return st.relearning() || !st.unknown().isEmpty();
    }

    private void noteAcked(ServerId server, Message.WriteAck a) {
        acked.get(topology.serverIndex(topology.node(server))).merge(a.index(), a.view(),
                (before, now) -> now.isAfter(before) ? now : before);
    }

    /**
     * AckedIsDurable, the host's check of storage: every write a server acknowledged is on its
     * disk after a crash (at that view or a later one, or trimmed). A server that acknowledges
     * before its write is durable loses it here, whether or not the protocol later needs it.
     */
    private void checkAckedSurvived(int server, LogServer recovered) {
        ServerStatus status = recovered.status();
        new java.util.TreeMap<>(acked.get(server)).forEach((index, view) -> {
            io.ringworld.kernel.Entry e = recovered.entry(index);
            if (index >= status.trimPoint() && (e == null || e.view().isBefore(view))) {
                listener.hostViolation("AckedIsDurable: " + topology.name(topology.serverNode(server))
                        + " acknowledged index " + index + " in " + view + " but after its crash its disk holds "
                        + (e == null ? "nothing there" : e));
            }
        });
    }

    /** How many servers of {@code index}'s replica set hold an entry there (up or not: a disk is a disk). */
    int holders(long index) {
        int set = (int) Math.floorMod(index, (long) kernelConfig.replicaSetCount());
        int count = 0;
        for (int s = 0; s < servers.length; s++) {
            if (topology.serverId(s).replicaSet() == set && servers[s].entry(index) != null) {
                count++;
            }
        }
        return count;
    }

    @Override
    public void recoverServer(int node) {
        int server = topology.serverIndex(node);
        ServerId id = topology.serverId(server);
        servers[server] = new LogServer(id, kernelConfig, disks[server].recover(), hooks);
        checkAckedSurvived(server, servers[server]);
        up[node] = true;
        listener.nodeFault("recover-server", topology.name(node));
        traceLine("recover " + topology.name(node));
        if (observer != null) {
            observer.serverRecovered(servers[server]);
        }
        scheduleTick(node);
        network.replayEarlierLife(node);
    }

    @Override
    public void crashSwitch(int node) {
        up[node] = false;
        incarnation[node]++;
        clearPerturbation(node);
        windows.crashed(node);
        listener.nodeFault("crash-switch", topology.name(node));
        traceLine("crash " + topology.name(node));
        if (observer != null) {
            observer.crashed(switches[node].id());
        }
    }

    @Override
    public void restartSwitch(int node) {
        switches[node] = Switch.restarted(new SwitchId(node), switchConfig, incarnation[node], hooks);
        hostOnP4(node);
        up[node] = true;
        listener.nodeFault("restart-switch", topology.name(node));
        traceLine("restart " + topology.name(node));
        if (observer != null) {
            observer.switchRestarted(switches[node]);
        }
        apply(node, stepSwitch(node, SwitchInput.Start.INSTANCE));
        scheduleTick(node);
        network.replayEarlierLife(node);
    }

    // ------------------------------------------------------------------ host perturbation (FaultTarget)

    private void clearPerturbation(int node) {
        pausedUntil[node] = 0;
        missedTicks[node] = 0;
        tickSpeedup[node] = 1;
    }

    @Override
    public boolean pause(int node, long micros, boolean catchUp) {
        if (!up[node] || pausedUntil[node] != 0) {
            return false;
        }
        pausedUntil[node] = now + micros;
        catchUpOnResume[node] = catchUp;
        missedTicks[node] = 0;
        traceLine("pause " + topology.name(node) + " " + micros + "us" + (catchUp ? " catch-up" : ""));
        listener.nodeFault("pause", topology.name(node));
        queue.push(pausedUntil[node], new Event.Resume(node, incarnation[node]));
        return true;
    }

    /** A paused node runs again: the missed ticks in one burst if its clock jumps, then what waited. */
    private void resume(Event.Resume r) {
        int node = r.node();
        if (!up[node] || incarnation[node] != r.incarnation() || pausedUntil[node] == 0) {
            return;
        }
        pausedUntil[node] = 0;
        traceLine("resume " + topology.name(node));
        listener.nodeFault("resume", topology.name(node));
        if (catchUpOnResume[node]) {
            for (int k = 0; k < missedTicks[node] && up[node]; k++) {
                stepTick(node);
            }
        }
        missedTicks[node] = 0;
    }

    @Override
    public boolean tickBurst(int node, int speedup, long micros) {
        if (!up[node] || tickSpeedup[node] != 1) {
            return false;
        }
        tickSpeedup[node] = speedup;
        traceLine("tick-burst " + topology.name(node) + " x" + speedup + " " + micros + "us");
        queue.push(now + micros, new Event.TickBurstEnd(node, incarnation[node]));
        return true;
    }

    @Override
    public SwitchStatus switchStatus(int node) {
        return switches[node].status();
    }

    @Override
    public void cut(int from, int to) {
        network.cut(from, to);
    }

    @Override
    public void uncut(int from, int to) {
        network.uncut(from, to);
    }
}
