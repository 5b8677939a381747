package io.ringworld.runtime.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

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
    private final Scheduler scheduler;
    private final FaultTarget cluster;
    /** Records a fault in the run's history ({@code f}, {@code what}), as a nemesis op. */
    private final BiConsumer<String, String> history;
    /** True while the run is in its fault phase: faults fire only then. */
    private final BooleanSupplier faultPhase;
    /** Sends a burst of that many appends through the run's burst client. */
    private final IntConsumer burst;
    private final FaultPlan plan;
    private final SimRandom random;
    /** The steering kinds' own stream: with them off, a plan's classic faults are drawn as before. */
    private final SimRandom steer;
    private final Map<Integer, List<int[]>> partitions = new HashMap<>();
    private int nextPartitionId;

    Nemesis(Scheduler scheduler, FaultTarget cluster, BiConsumer<String, String> history, BooleanSupplier faultPhase,
            IntConsumer burst, FaultPlan plan, SimRandom random) {
        this.scheduler = scheduler;
        this.cluster = cluster;
        this.history = history;
        this.faultPhase = faultPhase;
        this.burst = burst;
        this.plan = plan;
        this.random = random;
        this.steer = random.derive("steer");
    }

    void scheduleAll() {
        if (plan.has(FaultKind.CLOCK_DRIFT)) {
            scheduler.countFault(FaultKind.CLOCK_DRIFT);
        }
        for (FaultKind kind : new FaultKind[] {FaultKind.PARTITION, FaultKind.ASYMMETRIC_PARTITION,
                FaultKind.SERVER_CRASH, FaultKind.SWITCH_CRASH, FaultKind.LOAD_BURST, FaultKind.PAUSE,
                FaultKind.TICK_BURST, FaultKind.SHAPED_PARTITION, FaultKind.DISK_WIPE, FaultKind.DISK_CORRUPT}) {
            if (plan.has(kind)) {
                scheduleNext(kind);
            }
        }
    }

    /** The stream the steering kinds draw from. */
    SimRandom steer() {
        return steer;
    }

    boolean faultPhase() {
        return faultPhase.getAsBoolean();
    }

    private double ratePerTick(FaultKind kind) {
        return switch (kind) {
            case PARTITION, ASYMMETRIC_PARTITION -> plan.partitionRatePerTick();
            case SERVER_CRASH -> plan.serverCrashRatePerTick();
            case SWITCH_CRASH -> plan.switchCrashRatePerTick();
            case LOAD_BURST -> plan.burstRatePerTick();
            case PAUSE -> plan.steering().pauseRatePerTick();
            case TICK_BURST -> plan.steering().tickBurstRatePerTick();
            case SHAPED_PARTITION -> plan.steering().shapedPartitionRatePerTick();
            case DISK_WIPE, DISK_CORRUPT -> plan.steering().diskFaultRatePerTick();
            default -> 0;
        };
    }

    private void scheduleNext(FaultKind kind) {
        double rate = ratePerTick(kind);
        if (rate <= 0) {
            return;
        }
        SimRandom r = kind.classic() ? random : steer;
        double ticks = -Math.log(1 - r.nextDouble()) / rate;
        long due = scheduler.now() + 1 + (long) (ticks * Simulation.TICK_MICROS);
        scheduler.schedule(due, new Event.FaultDue(kind));
    }

    void fire(FaultKind kind) {
        if (!faultPhase.getAsBoolean()) {
            return;
        }
        boolean injected = switch (kind) {
            case SERVER_CRASH -> crashServer();
            case SWITCH_CRASH -> crashSwitch();
            case PARTITION -> partition();
            case ASYMMETRIC_PARTITION -> cutLink();
            case LOAD_BURST -> burst();
            case PAUSE -> pause(steer.nextInt(cluster.topology().clusterNodeCount()));
            case TICK_BURST -> tickBurst(steer.nextInt(cluster.topology().switchCount()));
            case SHAPED_PARTITION -> shapedPartition();
            case DISK_WIPE, DISK_CORRUPT -> diskFault(kind == FaultKind.DISK_WIPE);
            default -> false;
        };
        boolean countsItself = kind == FaultKind.SERVER_CRASH || kind == FaultKind.SWITCH_CRASH
                || kind == FaultKind.PAUSE || kind == FaultKind.TICK_BURST;
        if (injected && !countsItself) {
            scheduler.countFault(kind);
        }
        scheduleNext(kind);
    }

    private boolean crashServer() {
        return crashServer(random.nextInt(cluster.topology().serverCount()), random);
    }

    /** Crashes server number {@code server} if the rest of its replica set is up; it recovers later. */
    boolean crashServer(int server, SimRandom r) {
        Topology t = cluster.topology();
        int node = t.serverNode(server);
        int set = t.replicaSetOfServer(server);
        for (int other = 0; other < t.serverCount(); other++) {
            if (t.replicaSetOfServer(other) == set && !cluster.isUp(t.serverNode(other))) {
                return false;
            }
        }
        cluster.crashServer(node);
        scheduler.countFault(FaultKind.SERVER_CRASH);
        scheduler.schedule(scheduler.now() + r.nextLong(1_000, 8_000), new Event.Restart(node));
        return true;
    }

    /**
     * Issue 19: a server crashes and comes back with a wiped or partly corrupt disk, if every
     * other server of its set is up and none is damaged (the fault model: a 3-server set
     * survives one damaged member; the specs' DiskFaultAllowed). It recovers later and relearns.
     */
    private boolean diskFault(boolean wipe) {
        int server = steer.nextInt(cluster.topology().serverCount());
        if (!diskFaultAllowed(server)) {
            return false;
        }
        if (steer.nextInt(2) == 0) {
            aimDiskFault(server, wipe);
        } else {
            damage(server, wipe);
        }
        return true;
    }

    /** The specs' DiskFaultAllowed: every server of the set up, no other damaged. */
    private boolean diskFaultAllowed(int server) {
        Topology t = cluster.topology();
        int set = t.replicaSetOfServer(server);
        for (int other = 0; other < t.serverCount(); other++) {
            int otherNode = t.serverNode(other);
            if (t.replicaSetOfServer(other) == set
                    && (!cluster.isUp(otherNode) || (other != server && cluster.serverDamaged(otherNode)))) {
                return false;
            }
        }
        return true;
    }

    /** Crash, damage, and a restart later; returns when the server is back. */
    private long damage(int server, boolean wipe) {
        Topology t = cluster.topology();
        int node = t.serverNode(server);
        cluster.crashServer(node);
        String what = cluster.damageDisk(node, wipe, steer);
        history.accept(wipe ? "disk-wipe" : "disk-corrupt", t.name(node) + " " + what);
        long back = scheduler.now() + steer.nextLong(1_000, 8_000);
        scheduler.schedule(back, new Event.Restart(node));
        return back;
    }

    /**
     * The disk window (issue 19), in three steps. Now: a switch is cut from the ring (not from
     * the servers), and one other server of the set, the lagging one, is cut off: the set commits
     * without it, and a leader resends a write only until a majority has it, so it will lack
     * those entries for good; the cut switch keeps starting view changes with the committed
     * prefix it knew before them, and its seals ask for them. When the lagging server is back,
     * the server is damaged (losing those entries). Once it is back and relearned (the cut
     * switch still answers its relearn query), the third server pauses: the cut switch's next
     * seals get their majority from the damaged server and the lagging one, and must wait.
     * Random faults almost never line these up.
     */
    private void aimDiskFault(int server, boolean wipe) {
        Topology t = cluster.topology();
        int lagging = otherOfSet(server, -1, steer.nextInt(2));
        long lagMicros = steer.nextLong(30, 300) * Simulation.TICK_MICROS;
        long cutMicros = lagMicros + steer.nextLong(2_000, 6_000) * Simulation.TICK_MICROS;
        int cut = steer.nextInt(t.switchCount());
        isolate(cut, true, cutMicros);
        // Cut off, not paused: a paused server gets its writes when it resumes, a cut one never.
        isolate(t.serverNode(lagging), false, lagMicros);
        scheduler.traceLine("disk window: " + t.name(t.serverNode(lagging)) + " lags, then "
                + t.name(t.serverNode(server)) + (wipe ? " is wiped" : " is corrupt"));
        scheduler.schedule(scheduler.now() + lagMicros + 1, new Event.DiskWindow(server, lagging, cut, wipe ? 1 : 2));
    }

    /** The {@code k}-th server (0 or 1) of {@code server}'s set other than it and {@code not}. */
    private int otherOfSet(int server, int not, int k) {
        Topology t = cluster.topology();
        int seen = 0;
        int last = -1;
        for (int other = 0; other < t.serverCount(); other++) {
            if (other != server && other != not && t.replicaSetOfServer(other) == t.replicaSetOfServer(server)) {
                if (seen++ == k) {
                    return other;
                }
                last = other;
            }
        }
        return last;
    }

    /** The disk window's later steps (see {@link #aimDiskFault}): stage 1/2 damage (wipe/corrupt), 3 the pause and the rush. */
    void diskWindow(int server, int lagging, int cut, int stage) {
        if (!faultPhase.getAsBoolean()) {
            return;
        }
        Topology t = cluster.topology();
        if (stage == 3) {
            int third = otherOfSet(server, lagging, 0);
            cluster.pause(t.serverNode(third), steer.nextLong(100, 400) * Simulation.TICK_MICROS, false);
            // The cut switch's clock races: it suspects at once, again and again, with its old prefix.
            tickBurst(cut);
            scheduler.traceLine("disk window: pause " + t.name(t.serverNode(third)) + ", " + t.name(cut) + " hurries");
        } else if (diskFaultAllowed(server)) {
            long back = damage(server, stage == 1);
            scheduler.schedule(back + steer.nextLong(10, 100) * Simulation.TICK_MICROS,
                    new Event.DiskWindow(server, lagging, cut, 3));
        }
    }

    private boolean crashSwitch() {
        return crashSwitch(random.nextInt(cluster.topology().switchCount()), random);
    }

    /** Crashes switch {@code node} if it is up and not the last one up; it restarts later. */
    boolean crashSwitch(int node, SimRandom r) {
        Topology t = cluster.topology();
        int upCount = 0;
        for (int k = 0; k < t.switchCount(); k++) {
            upCount += cluster.isUp(k) ? 1 : 0;
        }
        if (!cluster.isUp(node) || upCount <= 1) {
            return false;
        }
        cluster.crashSwitch(node);
        scheduler.countFault(FaultKind.SWITCH_CRASH);
        scheduler.schedule(scheduler.now() + r.nextLong(2_000, 15_000), new Event.Restart(node));
        return true;
    }

    /** Pauses {@code node} for 5 to 150 ticks; half the time its clock jumps on resume. */
    boolean pause(int node) {
        long micros = steer.nextLong(5, 150) * Simulation.TICK_MICROS;
        boolean injected = cluster.pause(node, micros, steer.nextInt(2) == 0);
        if (injected) {
            scheduler.countFault(FaultKind.PAUSE);
        }
        return injected;
    }

    /** Switch {@code node}'s clock runs 4 to 16 times too fast for 10 to 100 of its ticks. */
    boolean tickBurst(int node) {
        int speedup = 4 << steer.nextInt(3);
        long micros = steer.nextLong(10, 100) * Simulation.TICK_MICROS / speedup;
        boolean injected = cluster.tickBurst(node, speedup, micros);
        if (injected) {
            scheduler.countFault(FaultKind.TICK_BURST);
            history.accept("tick-burst", cluster.topology().name(node) + " x" + speedup);
        }
        return injected;
    }

    private boolean shapedPartition() {
        PartitionShapes.Cut cut = PartitionShapes.draw(cluster.topology(), steer);
        if (cut == null) {
            return false;
        }
        open(cut.links(), "partition", cut.what(), steer.nextLong(1_000, 15_000));
        return true;
    }

    /** Cuts every link between {@code node} and {@code others} (both ways) for {@code micros}. */
    void isolate(int node, boolean switchesOnly, long micros) {
        List<int[]> links = new ArrayList<>();
        int last = switchesOnly ? cluster.topology().switchCount() : cluster.topology().clusterNodeCount();
        for (int other = 0; other < last; other++) {
            if (other != node) {
                links.add(new int[] {node, other});
                links.add(new int[] {other, node});
            }
        }
        open(links, "partition", (switchesOnly ? "cut-from-ring [" : "isolate [") + cluster.topology().name(node) + "]",
                micros);
    }

    void restart(int node) {
        if (cluster.isUp(node)) {
            return;
        }
        if (cluster.topology().kind(node) == Topology.Kind.SERVER) {
            cluster.recoverServer(node);
        } else {
            cluster.restartSwitch(node);
        }
    }

    /** Splits switches and servers into two random non-empty groups, cut both ways. */
    private boolean partition() {
        int nodes = cluster.topology().clusterNodeCount();
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
                groupA.append(groupA.length() == 0 ? "" : " ").append(cluster.topology().name(a));
            }
            for (int b = 0; b < nodes; b++) {
                if (side[a] != side[b]) {
                    links.add(new int[] {a, b});
                }
            }
        }
        open(links, "partition", "[" + groupA + "] | rest", random.nextLong(1_000, 15_000));
        return true;
    }

    /** Cuts one direction of one link. */
    private boolean cutLink() {
        int nodes = cluster.topology().clusterNodeCount();
        int a = random.nextInt(nodes);
        int b = random.nextInt(nodes);
        if (a == b) {
            return false;
        }
        open(List.of(new int[] {a, b}), "cut-link", cluster.topology().name(a) + "->" + cluster.topology().name(b),
                random.nextLong(1_000, 15_000));
        return true;
    }

    private void open(List<int[]> links, String f, String what, long healAfterMicros) {
        int id = nextPartitionId++;
        for (int[] link : links) {
            cluster.cut(link[0], link[1]);
        }
        partitions.put(id, links);
        history.accept(f, what);
        scheduler.traceLine(f + " " + what);
        scheduler.schedule(scheduler.now() + healAfterMicros, new Event.Heal(id));
    }

    void heal(int partitionId) {
        List<int[]> links = partitions.remove(partitionId);
        if (links == null) {
            return;
        }
        for (int[] link : links) {
            cluster.uncut(link[0], link[1]);
        }
        history.accept("heal", "partition " + partitionId);
        scheduler.traceLine("heal " + partitionId);
    }

    private boolean burst() {
        int count = 17 + random.nextInt(16);
        history.accept("burst", count + " appends");
        scheduler.traceLine("burst " + count);
        burst.accept(count);
        return true;
    }

    /** End of the fault phase: heal every partition and bring every crashed node back. */
    void stopAndHealAll() {
        for (Integer id : new ArrayList<>(new java.util.TreeSet<>(partitions.keySet()))) {
            heal(id);
        }
        for (int node = 0; node < cluster.topology().clusterNodeCount(); node++) {
            restart(node);
        }
    }
}
