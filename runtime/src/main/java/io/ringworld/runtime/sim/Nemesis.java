package io.ringworld.runtime.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Injects the node and link faults of a run's {@link FaultPlan}: crashes and restarts of servers
 * and switches, symmetric and asymmetric partitions that heal, and load bursts. Each kind fires
 * as a Poisson process at its plan rate while the run is in its fault phase. Every fault is also
 * recorded in the history as a nemesis op.
 *
 * <p>During the fault phase a server crashes only while the rest of its replica set is up, so a
 * crash alone never stops progress; partitions may (safety must hold regardless).
 */
final class Nemesis {
    private final Simulation sim;
    private final FaultPlan plan;
    private final SimRandom random;
    private final Map<Integer, List<int[]>> partitions = new HashMap<>();
    private int nextPartitionId;

    Nemesis(Simulation sim, FaultPlan plan, SimRandom random) {
        this.sim = sim;
        this.plan = plan;
        this.random = random;
    }

    void scheduleAll() {
        if (plan.has(FaultKind.CLOCK_DRIFT)) {
            sim.countFault(FaultKind.CLOCK_DRIFT);
        }
        for (FaultKind kind : new FaultKind[] {FaultKind.PARTITION, FaultKind.ASYMMETRIC_PARTITION,
                FaultKind.SERVER_CRASH, FaultKind.SWITCH_CRASH, FaultKind.LOAD_BURST}) {
            if (plan.has(kind)) {
                scheduleNext(kind);
            }
        }
    }

    private double ratePerTick(FaultKind kind) {
        return switch (kind) {
            case PARTITION, ASYMMETRIC_PARTITION -> plan.partitionRatePerTick();
            case SERVER_CRASH -> plan.serverCrashRatePerTick();
            case SWITCH_CRASH -> plan.switchCrashRatePerTick();
            case LOAD_BURST -> plan.burstRatePerTick();
            default -> 0;
        };
    }

    private void scheduleNext(FaultKind kind) {
        double rate = ratePerTick(kind);
        if (rate <= 0) {
            return;
        }
        double ticks = -Math.log(1 - random.nextDouble()) / rate;
        long due = sim.now() + 1 + (long) (ticks * Simulation.TICK_MICROS);
        sim.queue.push(due, new Event.FaultDue(kind));
    }

    void fire(FaultKind kind) {
        if (sim.phase() != Phase.FAULTS) {
            return;
        }
        boolean injected = switch (kind) {
            case SERVER_CRASH -> crashServer();
            case SWITCH_CRASH -> crashSwitch();
            case PARTITION -> partition();
            case ASYMMETRIC_PARTITION -> cutLink();
            case LOAD_BURST -> burst();
            default -> false;
        };
        if (injected) {
            sim.countFault(kind);
        }
        scheduleNext(kind);
    }

    private boolean crashServer() {
        Topology t = sim.topology;
        int server = random.nextInt(t.serverCount());
        int node = t.serverNode(server);
        int set = t.replicaSetOfServer(server);
        for (int other = 0; other < t.serverCount(); other++) {
            if (t.replicaSetOfServer(other) == set && !sim.up[t.serverNode(other)]) {
                return false;
            }
        }
        sim.crashServer(node);
        sim.queue.push(sim.now() + random.nextLong(1_000, 8_000), new Event.Restart(node));
        return true;
    }

    private boolean crashSwitch() {
        Topology t = sim.topology;
        int node = random.nextInt(t.switchCount());
        int upCount = 0;
        for (int k = 0; k < t.switchCount(); k++) {
            upCount += sim.up[k] ? 1 : 0;
        }
        if (!sim.up[node] || upCount <= 1) {
            return false;
        }
        sim.crashSwitch(node);
        sim.queue.push(sim.now() + random.nextLong(2_000, 15_000), new Event.Restart(node));
        return true;
    }

    void restart(int node) {
        if (sim.up[node]) {
            return;
        }
        if (sim.topology.kind(node) == Topology.Kind.SERVER) {
            sim.recoverServer(node);
        } else {
            sim.restartSwitch(node);
        }
    }

    /** Splits switches and servers into two random non-empty groups, cut both ways. */
    private boolean partition() {
        int nodes = sim.topology.clusterNodeCount();
        boolean[] side = new boolean[nodes];
        int inA = 0;
        for (int n = 0; n < nodes; n++) {
            side[n] = random.nextInt(2) == 0;
            inA += side[n] ? 1 : 0;
        }
        if (inA == 0 || inA == nodes) {
            return false;
        }
        List<int[]> links = new ArrayList<>();
        StringBuilder groupA = new StringBuilder();
        for (int a = 0; a < nodes; a++) {
            if (side[a]) {
                groupA.append(groupA.length() == 0 ? "" : " ").append(sim.topology.name(a));
            }
            for (int b = 0; b < nodes; b++) {
                if (side[a] != side[b]) {
                    links.add(new int[] {a, b});
                }
            }
        }
        open(links, "partition", "[" + groupA + "] | rest");
        return true;
    }

    /** Cuts one direction of one link. */
    private boolean cutLink() {
        int nodes = sim.topology.clusterNodeCount();
        int a = random.nextInt(nodes);
        int b = random.nextInt(nodes);
        if (a == b) {
            return false;
        }
        open(List.of(new int[] {a, b}), "cut-link", sim.topology.name(a) + "->" + sim.topology.name(b));
        return true;
    }

    private void open(List<int[]> links, String f, String what) {
        int id = nextPartitionId++;
        for (int[] link : links) {
            sim.network.cut(link[0], link[1]);
        }
        partitions.put(id, links);
        sim.workload.nemesis(f, what, sim.now());
        sim.traceLine(f + " " + what);
        sim.queue.push(sim.now() + random.nextLong(1_000, 15_000), new Event.Heal(id));
    }

    void heal(int partitionId) {
        List<int[]> links = partitions.remove(partitionId);
        if (links == null) {
            return;
        }
        for (int[] link : links) {
            sim.network.uncut(link[0], link[1]);
        }
        sim.workload.nemesis("heal", "partition " + partitionId, sim.now());
        sim.traceLine("heal " + partitionId);
    }

    private boolean burst() {
        int count = 17 + random.nextInt(16);
        sim.workload.nemesis("burst", count + " appends", sim.now());
        sim.traceLine("burst " + count);
        sim.burst(count);
        return true;
    }

    /** End of the fault phase: heal every partition and bring every crashed node back. */
    void stopAndHealAll() {
        for (Integer id : new ArrayList<>(new java.util.TreeSet<>(partitions.keySet()))) {
            heal(id);
        }
        for (int node = 0; node < sim.topology.clusterNodeCount(); node++) {
            restart(node);
        }
    }
}
