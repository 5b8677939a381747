package io.ringworld.runtime.sim;

import io.ringworld.kernel.PlantedBug;
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
 */
public record SimConfig(
        int switchCount,
        int replicaSetCount,
        int clientCount,
        int opsPerClient,
        Set<FaultKind> allowedFaults,
        boolean swarm,
        PlantedBug plantedBug,
        TraceMode traceMode) {

    /** How much of the event trace a run keeps. */
    public enum TraceMode {
        /** Nothing: the fastest, for benchmarks. */
        OFF,
        /** A 64-bit hash of every event line: replay checks compare it. */
        HASH,
        /** The hash, and every event line printed. */
        PRINT
    }

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
        if (plantedBug == null || traceMode == null) {
            throw new IllegalArgumentException("plantedBug and traceMode must not be null");
        }
    }

    /** The embedded default: 3 switches, 2 replica sets, 4 clients, all faults, swarm. */
    public static SimConfig defaults() {
        return new SimConfig(3, 2, 4, 40, EnumSet.allOf(FaultKind.class), true, PlantedBug.NONE, TraceMode.HASH);
    }

    public SimConfig withTraceMode(TraceMode mode) {
        return new SimConfig(switchCount, replicaSetCount, clientCount, opsPerClient, allowedFaults, swarm,
                plantedBug, mode);
    }

    public SimConfig withPlantedBug(PlantedBug bug) {
        return new SimConfig(switchCount, replicaSetCount, clientCount, opsPerClient, allowedFaults, swarm,
                bug, traceMode);
    }

    public SimConfig withFaults(Set<FaultKind> faults, boolean swarmOn) {
        return new SimConfig(switchCount, replicaSetCount, clientCount, opsPerClient, faults, swarmOn,
                plantedBug, traceMode);
    }
}
