package io.ringworld.runtime.real;

import io.ringworld.kernel.testhooks.PlantedBug;

import java.nio.file.Path;
import java.util.Set;

/**
 * What every run of a real-cluster campaign does.
 *
 * @param switches        switches on the ring
 * @param replicaSets     replica sets of 3 servers
 * @param faults          the fault kinds the nemesis draws from (those this machine cannot apply already removed)
 * @param faultMillis     how long the fault phase lasts
 * @param clients         client library instances (2 Jepsen processes each)
 * @param opsPerSecond    the workers' operations per second, together (at most)
 * @param plantedBug      a kernel bug planted in every node through its unsafe test hooks
 * @param ackBeforeForce  the planted storage bug: servers acknowledge a write before its fsync
 * @param out             where each run's folder goes
 * @param ownNamespace    the campaign runs in a network namespace of its own (iptables cuts allowed)
 * @param p4Switches      the switches run ringworld.p4 on the p4 module's interpreter, the kernel as its agent
 */
public record RealRunConfig(int switches, int replicaSets, Set<RealFault> faults, long faultMillis, int clients, int opsPerSecond,
                            PlantedBug plantedBug, boolean ackBeforeForce, Path out, boolean ownNamespace,
                            boolean p4Switches) {
    public RealRunConfig {
        faults = Set.copyOf(faults);
        if (opsPerSecond < 1) {
            throw new IllegalArgumentException("the rate must be at least 1 operation per second, got " + opsPerSecond);
        }
        if (switches < 1 || replicaSets < 1 || clients < 1) {
            throw new IllegalArgumentException("a run needs a switch, a replica set and a client");
        }
        if (faultMillis < 2_000) {
            throw new IllegalArgumentException("the fault phase must last at least 2 s, got " + faultMillis + " ms");
        }
    }
}
