package io.ringworld.runtime.sim;

import io.ringworld.kernel.Config;
import io.ringworld.kernel.testhooks.PlantedBug;
import java.util.EnumSet;
import java.util.Set;

/**
 * Everything one simulated run depends on besides its seed. Two runs with equal configs and equal
 * seeds are identical, event for event.
 *
 * @param switchCount      switches on the ring
 * @param replicaSetCount  replica sets of 3 log servers
 * @param clientCount      concurrent client processes issuing operations one at a time
 * @param opsPerClient     operations each client issues while faults are on
 * @param allowedFaults    fault kinds a run may switch on
 * @param swarm            each run switches on a random subset of {@code allowedFaults}
 * @param plantedBug       a kernel bug to plant (checker tests); NONE normally
 * @param traceMode        whether to hash and/or print the event trace
 * @param faultPlan        the fault plan of every run, or null (the default) to draw one per seed from
 *                         {@code allowedFaults} and {@code swarm} (which a fixed plan overrides)
 * @param opMix            the operations clients issue while faults are on
 * @param diskModel        what a log server's crash does to the writes it has not synced yet
 * @param thinkMicrosMax   a client pauses a random {@code 0..thinkMicrosMax} between two operations
 * @param kernelConfig     the kernel's settings every node runs with (every timeout, in ticks of
 *                         {@link Simulation#TICK_MICROS}); null: {@link #defaultKernelConfig}.
 *                         Its switch and replica set counts must be this config's.
 */
public record SimConfig(
        int switchCount,
        int replicaSetCount,
        int clientCount,
        int opsPerClient,
        Set<FaultKind> allowedFaults,
        boolean swarm,
        PlantedBug plantedBug,
        TraceMode traceMode,
        FaultPlan faultPlan,
        OpMix opMix,
        DiskModel diskModel,
        long thinkMicrosMax,
        Config kernelConfig,
        Dataplane dataplane) {

    /**
     * What runs the switches: the kernel alone, or ringworld.p4 on the p4 module's interpreter
     * with the kernel as its control-plane agent ({@code io.ringworld.p4.agent.P4Switch}), with
     * or without the planted P4 bug.
     */
    public enum Dataplane {
        KERNEL(null),
        P4(null),
        /** P4 with {@code PlantedP4Bug.ACK_COUNTED_TWICE}; the agent does not stop on a difference. */
        P4_ACK_COUNTED_TWICE(io.ringworld.p4.ringworld.PlantedP4Bug.ACK_COUNTED_TWICE),
        /** P4 with {@code PlantedP4Bug.DUPLICATE_SEQUENCED}; the agent does not stop on a difference. */
        P4_DUPLICATE_SEQUENCED(io.ringworld.p4.ringworld.PlantedP4Bug.DUPLICATE_SEQUENCED);

        private final io.ringworld.p4.ringworld.PlantedP4Bug plantedBug;

        Dataplane(io.ringworld.p4.ringworld.PlantedP4Bug plantedBug) {
            this.plantedBug = plantedBug;
        }

        /** The bug planted in ringworld.p4, or null. */
        public io.ringworld.p4.ringworld.PlantedP4Bug plantedBug() {
            return plantedBug;
        }

        /** P4 with {@code bug} planted, by the bug's name on the command line (ack-counted-twice); null if none is. */
        public static Dataplane withPlantedBug(String cliName) {
            for (Dataplane d : values()) {
                if (d.plantedBug != null && d.plantedBug.cliName().equals(cliName)) {
                    return d;
                }
            }
            return null;
        }
    }

    /** How much of the event trace a run keeps. */
    public enum TraceMode {
        /** Nothing: the fastest, for benchmarks. */
        OFF,
        /** A 64-bit hash of every event line: replay checks compare it. */
        HASH,
        /** The hash, and every event line printed. */
        PRINT
    }

    /** What clients do while faults are on (the liveness and read-back phases are fixed). */
    public enum OpMix {
        /** Appends, reads, getTails and trims. */
        MIXED,
        /** Appends only (models without reads, getTails or trims, e.g. trace validation). */
        APPENDS,
        /**
         * Appends and getTails, one in three operations a getTail (models without reads or trims,
         * e.g. trace validation with getTails).
         */
        APPENDS_AND_TAILS,
        /**
         * Every operation, trims and reads far more often than in {@link #MIXED}: 40% appends,
         * 25% reads, 20% getTails, 15% trims (of a prefix up to the highest index seen), for
         * runs short enough to check whole (e.g. trace validation of reads and trims).
         */
        EVEN
    }

    /** What a log server's crash does to its disk. */
    public enum DiskModel {
        /** Unsynced writes are lost, except a random prefix; the write after it may be torn. */
        LOSSY,
        /**
         * Every write is on stable storage as soon as it is issued (the specs' model): a crash
         * loses only volatile state, such as replies held until a sync. Syncs still take time.
         */
        STABLE
    }

    /** The original eight settings; the rest take their defaults (drawn plans, mixed ops, lossy disks, 300us). */
    public SimConfig(int switchCount, int replicaSetCount, int clientCount, int opsPerClient,
            Set<FaultKind> allowedFaults, boolean swarm, PlantedBug plantedBug, TraceMode traceMode) {
        this(switchCount, replicaSetCount, clientCount, opsPerClient, allowedFaults, swarm, plantedBug, traceMode,
                null, OpMix.MIXED, DiskModel.LOSSY, DEFAULT_THINK_MICROS_MAX, null, Dataplane.KERNEL);
    }

    /**
     * The kernel settings a run uses unless told otherwise: the kernel's defaults with pending
     * queues of 16, so that bursts reach Busy, and seal reply pages of {@value #SEAL_PAGE_ENTRIES}
     * entries, so that the view changes of a run's few hundred entries page their seal replies
     * under the run's faults (a restarted coordinator asks for every entry) as a long log does
     * with the default page of 1,024. Log servers keep {@value #PAYLOAD_HEAP_BYTES} bytes of payload
     * in their heaps (a few entries), so that reads, seal replies and repairs of a run read most entries back from the
     * simulated disk, as a long log's do from its segments.
     */
    public static Config defaultKernelConfig(int switchCount, int replicaSetCount) {
        return Config.builder(switchCount, replicaSetCount).pendingRequestsMax(16)
                .sealPageEntriesMax(SEAL_PAGE_ENTRIES).payloadHeapBytesMax(PAYLOAD_HEAP_BYTES).build();
    }

    /** Payload bytes a log server keeps in its heap in simulated runs (see {@link #defaultKernelConfig}). */
    public static final int PAYLOAD_HEAP_BYTES = 64;

    /** Entries in a seal reply page in simulated runs (see {@link #defaultKernelConfig}). */
    public static final int SEAL_PAGE_ENTRIES = 16;

    /** A client's default pause between operations, at most. */
    public static final long DEFAULT_THINK_MICROS_MAX = 300;

    public SimConfig {
        if (switchCount < 1 || switchCount > 64) {
            throw new IllegalArgumentException("switches must be in 1..64, got " + switchCount);
        }
        if (replicaSetCount < 1 || replicaSetCount > 64) {
            throw new IllegalArgumentException("replica sets must be in 1..64, got " + replicaSetCount);
        }
        if (clientCount < 1 || clientCount > 256) {
            throw new IllegalArgumentException("clients must be in 1..256, got " + clientCount);
        }
        if (opsPerClient < 0 || opsPerClient > 1_000_000) {
            throw new IllegalArgumentException("ops per client must be in 0..1000000, got " + opsPerClient);
        }
        allowedFaults = Set.copyOf(allowedFaults);
        if (plantedBug == null || traceMode == null || opMix == null || diskModel == null || dataplane == null) {
            throw new IllegalArgumentException("plantedBug, traceMode, opMix, diskModel and dataplane must not be null");
        }
        if (thinkMicrosMax < 0 || thinkMicrosMax > 1_000_000_000L) {
            throw new IllegalArgumentException("think time must be in 0..1000000000us, got " + thinkMicrosMax);
        }
        if (kernelConfig == null) {
            kernelConfig = defaultKernelConfig(switchCount, replicaSetCount);
        } else if (kernelConfig.switchCount() != switchCount || kernelConfig.replicaSetCount() != replicaSetCount) {
            throw new IllegalArgumentException("the kernel config is for " + kernelConfig.switchCount() + " switches and "
                    + kernelConfig.replicaSetCount() + " replica sets, the run has " + switchCount + " and "
                    + replicaSetCount);
        }
    }

    /** The embedded default: 3 switches, 2 replica sets, 4 clients, all faults, swarm. */
    public static SimConfig defaults() {
        return new SimConfig(3, 2, 4, 40, FaultKind.parseList("all"), true, PlantedBug.NONE, TraceMode.HASH);
    }

    public SimConfig withTraceMode(TraceMode mode) {
        return new SimConfig(switchCount, replicaSetCount, clientCount, opsPerClient, allowedFaults, swarm,
                plantedBug, mode, faultPlan, opMix, diskModel, thinkMicrosMax, kernelConfig, dataplane);
    }

    public SimConfig withPlantedBug(PlantedBug bug) {
        return new SimConfig(switchCount, replicaSetCount, clientCount, opsPerClient, allowedFaults, swarm,
                bug, traceMode, faultPlan, opMix, diskModel, thinkMicrosMax, kernelConfig, dataplane);
    }

    public SimConfig withFaults(Set<FaultKind> faults, boolean swarmOn) {
        return new SimConfig(switchCount, replicaSetCount, clientCount, opsPerClient, faults, swarmOn,
                plantedBug, traceMode, faultPlan, opMix, diskModel, thinkMicrosMax, kernelConfig, dataplane);
    }

    /** Every run uses {@code plan} (null: draw a plan per seed again). */
    public SimConfig withFaultPlan(FaultPlan plan) {
        return new SimConfig(switchCount, replicaSetCount, clientCount, opsPerClient, allowedFaults, swarm,
                plantedBug, traceMode, plan, opMix, diskModel, thinkMicrosMax, kernelConfig, dataplane);
    }

    public SimConfig withOpMix(OpMix mix) {
        return new SimConfig(switchCount, replicaSetCount, clientCount, opsPerClient, allowedFaults, swarm,
                plantedBug, traceMode, faultPlan, mix, diskModel, thinkMicrosMax, kernelConfig, dataplane);
    }

    public SimConfig withDiskModel(DiskModel model) {
        return new SimConfig(switchCount, replicaSetCount, clientCount, opsPerClient, allowedFaults, swarm,
                plantedBug, traceMode, faultPlan, opMix, model, thinkMicrosMax, kernelConfig, dataplane);
    }

    public SimConfig withThinkMicrosMax(long micros) {
        return new SimConfig(switchCount, replicaSetCount, clientCount, opsPerClient, allowedFaults, swarm,
                plantedBug, traceMode, faultPlan, opMix, diskModel, micros, kernelConfig, dataplane);
    }

    /** The switches run on {@code d}. */
    public SimConfig withDataplane(Dataplane d) {
        return new SimConfig(switchCount, replicaSetCount, clientCount, opsPerClient, allowedFaults, swarm,
                plantedBug, traceMode, faultPlan, opMix, diskModel, thinkMicrosMax, kernelConfig, d);
    }

    /** Every node runs with {@code kernel} (null: {@link #defaultKernelConfig}). */
    public SimConfig withKernelConfig(Config kernel) {
        return new SimConfig(switchCount, replicaSetCount, clientCount, opsPerClient, allowedFaults, swarm,
                plantedBug, traceMode, faultPlan, opMix, diskModel, thinkMicrosMax, kernel, dataplane);
    }
}
