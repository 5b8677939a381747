package io.ringworld.kernel.harness;

import io.ringworld.kernel.testhooks.TestHooks;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.Config;
import io.ringworld.kernel.Effect;
import io.ringworld.kernel.EffectHandler;
import io.ringworld.kernel.Effects;
import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.client.Client;
import io.ringworld.kernel.client.ClientInput;
import io.ringworld.kernel.Result;
import io.ringworld.kernel.invariant.ClusterInvariants;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.DurableRecord;
import io.ringworld.kernel.server.InMemoryDurableState;
import io.ringworld.kernel.server.LogServer;
import io.ringworld.kernel.server.ServerInput;
import io.ringworld.kernel.sw.Switch;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A small in-memory cluster for unit and property tests: a network of messages with a delivery
 * time each, a global tick counter, simulated disks, and one seeded {@link Random} that decides
 * delays, loss, duplication and reordering. Every step of every node goes through
 * {@link ClusterInvariants}. Not the full simulator (that is the runtime module).
 */
public final class TestCluster {
    /** Fault knobs. */
    public static final class Faults {
        public double lossProbability;
        public double duplicateProbability;
        public boolean reorder = true;
        public int messageDelayMaxTicks = 2;
        public int persistDelayMaxTicks = 1;

        public static Faults none() {
            Faults f = new Faults();
            f.reorder = false;
            return f;
        }

        public static Faults lossy(double loss, double dup) {
            Faults f = new Faults();
            f.lossProbability = loss;
            f.duplicateProbability = dup;
            return f;
        }
    }

    private record InFlight(NodeId to, Message message) {
    }

    private record PendingPersist(long persistId, List<io.ringworld.kernel.DurableRecord> records, long dueTick) {
    }

    public final Config config;
    /** Planted bugs every node of this cluster runs with ({@link TestHooks#NONE} normally). */
    public final TestHooks hooks;
    public final long seed;
    public final Random random;
    public final Faults faults;
    public final ClusterInvariants invariants;
    private final Switch[] switches;
    private final LogServer[][] servers;
    private final InMemoryDurableState[][] disks;
    private final ArrayList<ArrayList<PendingPersist>> persists = new ArrayList<>();
    private final Client[] clients;
    private final long[] nextRequestId;
    private final HashMap<Long, ArrayList<InFlight>> network = new HashMap<>();
    private final ArrayList<Effect.Outcome> outcomes = new ArrayList<>();
    /** requestId -> what the op was, for tests. */
    public final Map<String, String> opKinds = new HashMap<>();
    private long tick;
    private long incarnations;
    /** A cut in the network: which (from, to, message) to hold back instead of sending. */
    @FunctionalInterface
    public interface Cut {
        boolean holds(NodeId from, NodeId to, Message m);
    }

    /** Messages matching this are held back instead of sent; see {@link #releaseHeld}. */
    public Cut hold = (from, to, m) -> false;
    private final ArrayList<InFlight> held = new ArrayList<>();
    private long delivered;
    private final StringBuilder trace;

    public TestCluster(Config config, long seed, Faults faults, int clientCount, boolean keepTrace) {
        this(config, TestHooks.NONE, seed, faults, clientCount, keepTrace);
    }

    public TestCluster(Config config, TestHooks hooks, long seed, Faults faults, int clientCount, boolean keepTrace) {
        this.config = config;
        this.hooks = hooks;
        this.seed = seed;
        this.random = new Random(seed);
        this.faults = faults;
        this.invariants = new ClusterInvariants(config);
        this.trace = keepTrace ? new StringBuilder() : null;
        switches = new Switch[config.switchCount()];
        servers = new LogServer[config.replicaSetCount()][config.membersPerSet()];
        disks = new InMemoryDurableState[config.replicaSetCount()][config.membersPerSet()];
        for (int set = 0; set < config.replicaSetCount(); set++) {
            for (int m = 0; m < config.membersPerSet(); m++) {
                disks[set][m] = new InMemoryDurableState();
                servers[set][m] = new LogServer(new ServerId(set, m), config, disks[set][m], hooks);
                persists.add(new ArrayList<>());
            }
        }
        clients = new Client[clientCount];
        nextRequestId = new long[clientCount];
        for (int c = 0; c < clientCount; c++) {
            clients[c] = new Client(new ClientId(c), config);
        }
        for (int k = 0; k < switches.length; k++) {
            switches[k] = Switch.booting(new SwitchId(k), config, hooks);
            apply(switches[k].id(), switches[k].start());
        }
    }

    // ------------------------------------------------------------------ client operations

    /** Starts an append; returns its request id. */
    public long append(int client, String payload, int via) {
        long id = ++nextRequestId[client];
        opKinds.put(client + "#" + id, "append " + payload);
        apply(clients[client].id(), clients[client].step(new ClientInput.Append(id, Payload.ofString(payload),
                new SwitchId(via))));
        return id;
    }

    public long read(int client, long index, int via) {
        long id = ++nextRequestId[client];
        opKinds.put(client + "#" + id, "read " + index);
        apply(clients[client].id(), clients[client].step(new ClientInput.Read(id, index, new SwitchId(via))));
        return id;
    }

    public long getTail(int client, int via) {
        long id = ++nextRequestId[client];
        opKinds.put(client + "#" + id, "getTail");
        apply(clients[client].id(), clients[client].step(new ClientInput.GetTail(id, new SwitchId(via))));
        return id;
    }

    public long trim(int client, long prefix, int via) {
        long id = ++nextRequestId[client];
        opKinds.put(client + "#" + id, "trim " + prefix);
        apply(clients[client].id(), clients[client].step(new ClientInput.Trim(id, prefix, new SwitchId(via))));
        return id;
    }

    /** The outcome of a client's request, or null if it has not finished. */
    public Result outcome(int client, long requestId) {
        for (Effect.Outcome o : outcomes) {
            if (o.client().index() == client && o.requestId() == requestId) {
                return o.result();
            }
        }
        return null;
    }

    public List<Effect.Outcome> outcomes() {
        return Collections.unmodifiableList(outcomes);
    }

    // ------------------------------------------------------------------ faults

    public void crashSwitch(int k) {
        switches[k] = null;
        log("crash switch" + k);
    }

    public void restartSwitch(int k) {
        switches[k] = Switch.restarted(new SwitchId(k), config, ++incarnations, hooks);
        log("restart switch" + k);
        apply(switches[k].id(), switches[k].start());
    }

    public boolean switchUp(int k) {
        return switches[k] != null;
    }

    /** Crash: volatile state and every unconfirmed persist are lost. */
    public void crashServer(int set, int member) {
        servers[set][member] = null;
        persists.get(set * config.membersPerSet() + member).clear();
        log("crash server" + set + "." + member);
    }

    public void recoverServer(int set, int member) {
        servers[set][member] = new LogServer(new ServerId(set, member), config, disks[set][member].copy(), hooks);
        log("recover server" + set + "." + member);
    }

    public boolean serverUp(int set, int member) {
        return servers[set][member] != null;
    }

    // ------------------------------------------------------------------ running

    /** Advances one tick: delivers due messages (shuffled if reordering), completes due persists, ticks every node. */
    public void runTick() {
        tick++;
        ArrayList<InFlight> due = network.remove(tick);
        if (due != null) {
            if (faults.reorder) {
                Collections.shuffle(due, random);
            }
            for (InFlight f : due) {
                deliver(f);
            }
        }
        for (int set = 0; set < servers.length; set++) {
            for (int m = 0; m < servers[set].length; m++) {
                completePersists(set, m);
            }
        }
        for (Switch s : switches) {
            if (s != null) {
                apply(s.id(), s.tick());
            }
        }
        for (LogServer[] set : servers) {
            for (LogServer s : set) {
                if (s != null) {
                    apply(s.id(), s.step(ServerInput.Tick.INSTANCE));
                }
            }
        }
        for (Client c : clients) {
            apply(c.id(), c.step(ClientInput.Tick.INSTANCE));
        }
    }

    public void run(int ticks) {
        for (int k = 0; k < ticks; k++) {
            runTick();
        }
    }

    /** Runs until every client operation has an outcome (or {@code maxTicks} pass); returns true if quiet. */
    public boolean runUntilClientsIdle(int maxTicks) {
        for (int k = 0; k < maxTicks; k++) {
            if (clientsIdle()) {
                return true;
            }
            runTick();
        }
        return clientsIdle();
    }

    public boolean clientsIdle() {
        for (Client c : clients) {
            if (c.status().openOperations() > 0) {
                return false;
            }
        }
        return true;
    }

    private void deliver(InFlight f) {
        delivered++;
        NodeId to = f.to();
        if (to instanceof SwitchId s) {
            Switch target = switches[s.index()];
            if (target != null) {
                apply(s, target.deliver(f.message()));
            }
        } else if (to instanceof ServerId s) {
            LogServer target = servers[s.replicaSet()][s.member()];
            if (target != null) {
                apply(s, target.deliver(f.message()));
            }
        } else if (to instanceof ClientId c) {
            apply(c, clients[c.index()].deliver(f.message()));
        }
    }

    private void completePersists(int set, int member) {
        ArrayList<PendingPersist> queue = persists.get(set * config.membersPerSet() + member);
        long confirm = -1;
        while (!queue.isEmpty() && queue.get(0).dueTick() <= tick) {
            PendingPersist p = queue.remove(0);
            disks[set][member].apply(p.records());
            confirm = p.persistId();
        }
        if (confirm >= 0 && servers[set][member] != null) {
            apply(servers[set][member].id(), servers[set][member].step(new ServerInput.PersistDone(confirm)));
        }
    }

    /** Applies effects a test obtained outside a normal step (for example a forced suspicion). */
    public void inject(NodeId node, Effects effects) {
        apply(node, effects);
    }

    private void apply(NodeId node, Effects effects) {
        invariants.afterStep(node, effects);
        effects.dispatch(node, effectHandler);
    }

    /** The test host's side of every effect: its lossy network, its slow disks, the outcomes. */
    private final EffectHandler effectHandler = new EffectHandler() {
        @Override
        public void onSend(NodeId from, NodeId to, Message message) {
            send(from, to, message);
        }

        @Override
        public void onPersist(NodeId from, long persistId, List<DurableRecord> records) {
            ServerId id = (ServerId) from;
            ArrayList<PendingPersist> queue = persists.get(id.replicaSet() * config.membersPerSet() + id.member());
            long due = tick + random.nextInt(faults.persistDelayMaxTicks + 1);
            if (!queue.isEmpty()) {
                due = Math.max(due, queue.get(queue.size() - 1).dueTick());
            }
            queue.add(new PendingPersist(persistId, records, due));
        }

        @Override
        public void onOutcome(NodeId from, long requestId, Result result) {
            outcomes.add(new Effect.Outcome((ClientId) from, requestId, result));
            if (trace != null) {
                log(from + "#" + requestId + " -> " + result);
            }
        }
    };

    private void send(NodeId from, NodeId to, Message message) {
        if (trace != null) {
            trace.append(tick).append(' ').append(from).append("->").append(to).append(' ')
                    .append(message).append('\n');
        }
        if (hold.holds(from, to, message)) {
            held.add(new InFlight(to, message));
            return;
        }
        if (random.nextDouble() < faults.lossProbability) {
            return;
        }
        enqueue(to, message);
        if (random.nextDouble() < faults.duplicateProbability) {
            enqueue(to, message);
        }
    }

    /** Sends the held messages that match {@code which} now (delivered next tick); drops the others. */
    public int releaseHeld(java.util.function.Predicate<Message> which) {
        int released = 0;
        for (InFlight f : held) {
            if (which.test(f.message())) {
                network.computeIfAbsent(tick + 1, k -> new ArrayList<>()).add(f);
                released++;
            }
        }
        held.clear();
        return released;
    }

    private void enqueue(NodeId to, Message message) {
        long at = tick + 1 + random.nextInt(faults.messageDelayMaxTicks);
        network.computeIfAbsent(at, k -> new ArrayList<>()).add(new InFlight(to, message));
    }

    private void log(String line) {
        if (trace != null) {
            trace.append(tick).append(' ').append(line).append('\n');
        }
    }

    // ------------------------------------------------------------------ observers

    public Switch switchAt(int k) {
        return switches[k];
    }

    public LogServer server(int set, int member) {
        return servers[set][member];
    }

    public InMemoryDurableState disk(int set, int member) {
        return disks[set][member];
    }

    public long tick() {
        return tick;
    }

    public long delivered() {
        return delivered;
    }

    public String trace() {
        return trace == null ? "" : trace.toString();
    }

    public int clientCount() {
        return clients.length;
    }
}
