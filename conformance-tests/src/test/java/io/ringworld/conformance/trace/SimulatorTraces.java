package io.ringworld.conformance.trace;

import io.ringworld.kernel.testhooks.PlantedBug;
import io.ringworld.runtime.sim.FaultKind;
import io.ringworld.runtime.sim.FaultPlan;
import io.ringworld.runtime.sim.SimConfig;
import io.ringworld.runtime.sim.Simulation;

import java.util.EnumSet;

/**
 * The simulator runs whose traces are validated: the runtime's {@link Simulation}, seeded, with
 * a {@link SpecEventRecorder} watching, in a config whose features stay inside RingWorld.tla:
 * <ul>
 *   <li>Trace.cfg's cluster: 2 switches, 1 replica set of 3 servers;</li>
 *   <li>appends and getTails ({@link SimConfig.OpMix#APPENDS_AND_TAILS}: one operation in three a
 *       getTail; Trace.cfg has ReadOps = {}, MaxTrims = 0, and TailOps raised per trace): 2
 *       clients with 3 operations each while faults are on, then each one append more in the
 *       liveness phase; the kernel's client never resends an append (the spec has one ClientAppend
 *       per payload; a duplicated request is dropped by the switch), it resends a getTail to the
 *       next switch every few ticks (each arrival is a spec getTail: see {@link SpecEventRecorder});
 *       the read-back phase's reads are no events; a client pauses up to {@link #THINK_MICROS_MAX}
 *       between operations, which spreads them over the faults;</li>
 *   <li>stable disks ({@link SimConfig.DiskModel#STABLE}): the spec's storage is stable, so a
 *       server crash must not lose unsynced writes or tear one, as the default lossy disk does;</li>
 *   <li>a fixed fault plan ({@link #PLAN}) instead of a swarm draw: loss, duplication, reordering,
 *       delay, partitions and clock drift (none is an event: the spec keeps every message in its
 *       message set), and switch and server crashes often enough that most runs crash within the
 *       recorded prefix (the nemesis restarts or recovers each, and crashes a server only while
 *       the rest of its set is up); no load bursts (their many payloads would end the trace);</li>
 *   <li>the trace is cut where it leaves {@link SpecEventRecorder}'s caps (a prefix of a
 *       behaviour is still a behaviour).</li>
 * </ul>
 * A seed gives one run and one trace: the simulator is deterministic, the recorder draws no
 * randomness. The whole run is the simulator's, with its own checks (kernel invariants,
 * linearizability, read-back, liveness) in {@link SpecEventRecorder#run}.
 */
final class SimulatorTraces {
    /** A client's longest pause between two operations: 60 ticks (the default is 3). */
    static final long THINK_MICROS_MAX = 6_000;

    static final FaultPlan PLAN = new FaultPlan(
            EnumSet.of(FaultKind.LOSS, FaultKind.DUPLICATION, FaultKind.REORDER, FaultKind.DELAY, FaultKind.PARTITION,
                    FaultKind.ASYMMETRIC_PARTITION, FaultKind.SERVER_CRASH, FaultKind.SWITCH_CRASH, FaultKind.CLOCK_DRIFT),
            /* loss */ 0.05, /* duplication */ 0.01, /* reorder */ 0.1, /* delay */ 0.003, /* partition */ 0.01,
            /* server crash per tick */ 0.015, /* switch crash per tick */ 0.04, /* clock drift */ 0.1, /* burst */ 0);

    static final int CLIENTS = 2;
    static final int OPS_PER_CLIENT = 3;

    private SimulatorTraces() {
    }

    /**
     * The simulator's kernel settings without issue 19's pre-vote: the trace spec's models have
     * PreVote = FALSE, and its RingAlive and PreVote messages are no spec action.
     */
    static io.ringworld.kernel.Config specKernelConfig(int switches, int replicaSets) {
        return SimConfig.defaultKernelConfig(switches, replicaSets).toBuilder().preVote(false).build();
    }

    static SimConfig config(PlantedBug bug) {
        return config(bug, CLIENTS, PLAN);
    }

    private static SimConfig config(PlantedBug bug, int clients, FaultPlan plan) {
        return new SimConfig(SpecEventRecorder.CFG_SWITCHES, 1, clients, OPS_PER_CLIENT, EnumSet.noneOf(FaultKind.class),
                false, bug, SimConfig.TraceMode.OFF)
                .withKernelConfig(specKernelConfig(SpecEventRecorder.CFG_SWITCHES, 1))
                .withFaultPlan(plan)
                .withOpMix(SimConfig.OpMix.APPENDS_AND_TAILS)
                .withDiskModel(SimConfig.DiskModel.STABLE)
                .withThinkMicrosMax(THINK_MICROS_MAX);
    }

    /**
     * The hole-timer runs: {@link #PLAN} with a lossy network (3 messages in 10 lost) and 4
     * clients, so that one token visit may hand a leader 2 indices whose Assigns are both lost,
     * which its hole timer then junk-fills in one step (finding F11). Seeds 11 and 54 are the
     * first two that show it; the default runs show none (2 clients batch 2 appends at most).
     */
    static final FaultPlan LOSSY_PLAN = new FaultPlan(PLAN.enabled(), 0.3, PLAN.duplicationRate(), PLAN.reorderRate(),
            PLAN.delayRate(), PLAN.partitionRatePerTick(), PLAN.serverCrashRatePerTick(), PLAN.switchCrashRatePerTick(),
            PLAN.maxClockDrift(), PLAN.burstRatePerTick());
    static final int LOSSY_CLIENTS = 4;

    static SimConfig lossyConfig(PlantedBug bug) {
        return config(bug, LOSSY_CLIENTS, LOSSY_PLAN);
    }

    /** Runs seed {@code seed} of the hole-timer runs ({@link #lossyConfig}) and returns its trace. */
    static SpecEventRecorder recordLossy(long seed, PlantedBug bug) {
        return record(seed, lossyConfig(bug));
    }

    /**
     * The wide runs: the default simulator cluster's shape, 3 switches and 2 replica sets (index
     * i on set i mod 2; seals, fences, installs and trims need a majority of both), under
     * {@link #WIDE_PLAN}, with the same clients doing every kind of operation, reads and trims
     * often ({@link SimConfig.OpMix#EVEN}).
     */
    static final int WIDE_SWITCHES = 3;
    static final int WIDE_REPLICA_SETS = 2;

    /** {@link #PLAN} with crashes less often: the wide cluster has 9 nodes to crash, the default 5. */
    static final FaultPlan WIDE_PLAN = new FaultPlan(PLAN.enabled(), PLAN.lossRate(), PLAN.duplicationRate(),
            PLAN.reorderRate(), PLAN.delayRate(), PLAN.partitionRatePerTick(), 0.006, 0.015, PLAN.maxClockDrift(),
            PLAN.burstRatePerTick());

    static SimConfig wideConfig(PlantedBug bug) {
        return new SimConfig(WIDE_SWITCHES, WIDE_REPLICA_SETS, CLIENTS, OPS_PER_CLIENT, EnumSet.noneOf(FaultKind.class),
                false, bug, SimConfig.TraceMode.OFF)
                .withKernelConfig(specKernelConfig(WIDE_SWITCHES, WIDE_REPLICA_SETS))
                .withFaultPlan(WIDE_PLAN)
                .withOpMix(SimConfig.OpMix.EVEN)
                .withDiskModel(SimConfig.DiskModel.STABLE)
                .withThinkMicrosMax(THINK_MICROS_MAX);
    }

    /** Runs seed {@code seed} of the wide runs ({@link #wideConfig}) and returns its trace. */
    static SpecEventRecorder recordWide(long seed, PlantedBug bug) {
        return record(seed, wideConfig(bug));
    }

    /**
     * Runs seed {@code seed} of the wide runs with P4 switches (ringworld.p4 on the interpreter,
     * the kernel as its agent; a difference between them fails the run) and returns its trace.
     */
    static SpecEventRecorder recordWideP4(long seed) {
        return record(seed, wideConfig(PlantedBug.NONE).withDataplane(SimConfig.Dataplane.P4));
    }

    /** Runs seed {@code seed} to its end and returns its recorded trace. */
    static SpecEventRecorder record(long seed, PlantedBug bug) {
        return record(seed, config(bug));
    }

    private static SpecEventRecorder record(long seed, SimConfig config) {
        SpecEventRecorder recorder = new SpecEventRecorder(seed, config.switchCount(), config.replicaSetCount());
        recorder.run = Simulation.run(seed, config, null, recorder);
        return recorder;
    }
}
