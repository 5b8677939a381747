package io.ringworld.runtime.sim;

import io.ringworld.kernel.Payload;
import io.ringworld.kernel.testhooks.PlantedBug;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.client.ClientInput;
import io.ringworld.kernel.Result;
import io.ringworld.kernel.message.Message;
import java.util.EnumSet;
import java.util.function.Predicate;

/**
 * The simulator as a scripted host: a cluster that runs only when asked, for scenario tests (the
 * host conformance suite) and for users who want to drive the kernel by hand. No workload, no
 * nemesis; faults are what the caller does. Deterministic for a given seed and call sequence.
 */
public final class SimHost {
    private final SimCluster sim;
    private final long[] nextRequestId;
    /** Outcomes that arrived and were not taken yet, by client and request id ({@link #key}). */
    private final java.util.Map<Long, Result> outcomes = new java.util.HashMap<>();

    /** A cluster of {@code switches} switches and {@code replicaSets} sets of 3 servers, with 4 clients. */
    public SimHost(long seed, int switches, int replicaSets) {
        this(seed, switches, replicaSets, PlantedBug.NONE);
    }

    public SimHost(long seed, int switches, int replicaSets, PlantedBug bug) {
        this(seed, new SimConfig(switches, replicaSets, 4, 0, EnumSet.noneOf(FaultKind.class), false, bug,
                Boolean.getBoolean("simhost.trace") ? SimConfig.TraceMode.PRINT : SimConfig.TraceMode.OFF));
    }

    /**
     * As {@link #SimHost(long, int, int)}, the switches on {@code dataplane} (P4: ringworld.p4 on
     * the interpreter with the kernel as its agent; a difference between them is an error).
     */
    public SimHost(long seed, int switches, int replicaSets, SimConfig.Dataplane dataplane) {
        this(seed, new SimConfig(switches, replicaSets, 4, 0, EnumSet.noneOf(FaultKind.class), false, PlantedBug.NONE,
                Boolean.getBoolean("simhost.trace") ? SimConfig.TraceMode.PRINT : SimConfig.TraceMode.OFF)
                .withDataplane(dataplane));
    }

    /** As {@link #SimHost(long, int, int)}, every node running {@code kernel} (its sizes are the cluster's). */
    public SimHost(long seed, io.ringworld.kernel.Config kernel) {
        this(seed, new SimConfig(kernel.switchCount(), kernel.replicaSetCount(), 4, 0, EnumSet.noneOf(FaultKind.class),
                false, PlantedBug.NONE,
                Boolean.getBoolean("simhost.trace") ? SimConfig.TraceMode.PRINT : SimConfig.TraceMode.OFF)
                .withKernelConfig(kernel));
    }

    private SimHost(long seed, SimConfig config) {
        // -Dsimhost.trace=true prints the event trace (a scenario that fails, replayed).
        this.sim = new SimCluster(seed, config, FaultPlan.forRun(seed, config),
                Boolean.getBoolean("simhost.trace") ? System.out : null, new SimCluster.Listener() {
            @Override
            public void outcome(int client, long requestId, Result result) {
                outcomes.put(key(client, requestId), result);
            }

            @Override
            public void nodeFault(String op, String node) {
                // The caller injected it: nothing to record.
            }
        });
        sim.boot();
        this.nextRequestId = new long[config.clientCount() + 1];
    }

    /** Runs {@code op} on {@code client} and the cluster until its outcome; null if none within {@code ticks}. */
    public Result call(int client, java.util.function.LongFunction<ClientInput> op, long ticks) {
        long requestId = ++nextRequestId[client];
        sim.invoke(client, op.apply(requestId));
        Result[] out = new Result[1];
        // Keyed by client too: request ids are per client, and submit lets two clients' operations overlap.
        sim.runUntil(() -> (out[0] = outcomes.remove(key(client, requestId))) != null,
                sim.now() + ticks * Simulation.TICK_MICROS);
        return out[0];
    }

    private static long key(int client, long requestId) {
        return ((long) client << 40) ^ requestId;
    }

    /** Starts {@code op} on {@code client} without running the cluster; its outcome is kept until {@link #call} collects it or never. */
    public long submit(int client, java.util.function.LongFunction<ClientInput> op) {
        long requestId = ++nextRequestId[client];
        sim.invoke(client, op.apply(requestId));
        return requestId;
    }

    public Result append(int client, String payload, int via) {
        return call(client, id -> new ClientInput.Append(id, Payload.ofString(payload), new SwitchId(via)), 1_000);
    }

    public Result read(int client, long index, int via) {
        return call(client, id -> new ClientInput.Read(id, index, new SwitchId(via)), 1_000);
    }

    public Result tail(int client, int via) {
        return call(client, id -> new ClientInput.GetTail(id, new SwitchId(via)), 1_000);
    }

    public Result trim(int client, long prefix, int via) {
        return call(client, id -> new ClientInput.Trim(id, prefix, new SwitchId(via)), 1_000);
    }

    /** Simulated time, in microseconds ({@link Simulation#TICK_MICROS} a tick). */
    public long nowMicros() {
        return sim.now();
    }

    /** Lets simulated time pass. */
    public void runTicks(long ticks) {
        sim.runUntil(() -> false, sim.now() + ticks * Simulation.TICK_MICROS);
    }

    public void crashSwitch(int k) {
        sim.crashSwitch(k);
    }

    public void restartSwitch(int k) {
        sim.restartSwitch(k);
    }

    public void crashServer(int replicaSet, int member) {
        sim.crashServer(sim.topology.serverNode(replicaSet * 3 + member));
    }

    /** Issue 19: the server, down, loses its disk; it recovers knowing it lost its state. */
    public void wipeServer(int replicaSet, int member) {
        sim.damageDisk(sim.topology.serverNode(replicaSet * 3 + member), true, null);
    }

    /**
     * A broken host, for the host suite's own tests: the server, down, loses its disk and comes
     * back as a brand-new server that does not know it lost anything.
     */
    public void wipeServerForgettingIt(int replicaSet, int member) {
        sim.wipeDiskAsNew(sim.topology.serverNode(replicaSet * 3 + member));
    }

    public void recoverServer(int replicaSet, int member) {
        sim.recoverServer(sim.topology.serverNode(replicaSet * 3 + member));
    }

    /** Drops every message {@code filter} accepts until {@link #stopDropping()}. */
    public void dropWhere(Predicate<Message> filter) {
        sim.network.dropWhere(filter);
    }

    public void stopDropping() {
        sim.network.dropWhere(null);
    }

    /**
     * Cuts switch {@code k} off from every other switch, both ways (issue 19's SwitchCut): it still
     * reaches the servers and the clients. {@link #healSwitch} undoes it.
     */
    public void cutSwitchFromSwitches(int k) {
        for (int other = 0; other < sim.kernelConfig.switchCount(); other++) {
            if (other != k) {
                sim.cut(k, other);
                sim.cut(other, k);
            }
        }
    }

    public void healSwitch(int k) {
        for (int other = 0; other < sim.kernelConfig.switchCount(); other++) {
            if (other != k) {
                sim.uncut(k, other);
                sim.uncut(other, k);
            }
        }
    }

    /** A snapshot of server {@code member} of {@code replicaSet} (relearning, unknown indices, repairs). */
    public io.ringworld.kernel.server.ServerStatus serverStatus(int replicaSet, int member) {
        return sim.serverStatus(sim.topology.serverNode(replicaSet * 3 + member));
    }

    /**
     * The campaign's majority check on this cluster's servers: which of {@code acknowledged} are
     * held by fewer than a majority of their replica set, or null (every one is).
     */
    public String shortOfAMajority(Iterable<Long> acknowledged) {
        return Simulation.shortOfAMajority(acknowledged, sim::holders, sim.kernelConfig.majority(),
                sim.kernelConfig.membersPerSet());
    }

    /** A snapshot of switch {@code k} (its view, ring, pre-vote refusals). */
    public io.ringworld.kernel.sw.SwitchStatus switchStatus(int k) {
        return sim.switchStatus(k);
    }

    /** Views installed after the boot view so far. */
    public long viewChanges() {
        return sim.viewChanges();
    }

    public long messages() {
        return sim.messages();
    }
}
