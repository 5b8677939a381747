package io.ringworld.runtime.sim;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Which faults a run injects and how often: swarm testing (Groce et al.). Each seed switches on a
 * random subset of the allowed kinds with random rates, because a run with every fault at once
 * hides the bugs that need one fault to happen often and another not at all.
 *
 * <p>Rates are per message (network faults) or per simulated tick (node faults).
 */
public record FaultPlan(
        Set<FaultKind> enabled,
        double lossRate,
        double duplicationRate,
        double reorderRate,
        double delayRate,
        double partitionRatePerTick,
        double serverCrashRatePerTick,
        double switchCrashRatePerTick,
        double maxClockDrift,
        double burstRatePerTick) {

    public FaultPlan {
        enabled = Set.copyOf(enabled);
    }

    public boolean has(FaultKind kind) {
        return enabled.contains(kind);
    }

    /** No faults at all: the baseline for liveness and benchmarks. */
    public static FaultPlan none() {
        return new FaultPlan(EnumSet.noneOf(FaultKind.class), 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /**
     * Draws a plan from {@code random}: each allowed kind is on with probability 3/4 (all of them
     * when {@code swarm} is false), with a rate drawn log-uniformly in its range.
     */
    /** The plan of a run of {@code seed}: the config's fixed plan, or one drawn from the seed's "plan" stream. */
    static FaultPlan forRun(long seed, SimConfig config) {
        return config.faultPlan() != null ? config.faultPlan()
                : draw(new SimRandom(seed).derive("plan"), config.allowedFaults(), config.swarm());
    }

    public static FaultPlan draw(SimRandom random, Set<FaultKind> allowed, boolean swarm) {
        EnumSet<FaultKind> on = EnumSet.noneOf(FaultKind.class);
        for (FaultKind kind : FaultKind.values()) {
            boolean pick = allowed.contains(kind) && (!swarm || random.nextInt(4) != 0);
            if (pick) {
                on.add(kind);
            }
        }
        Map<FaultKind, Double> rate = new EnumMap<>(FaultKind.class);
        rate.put(FaultKind.LOSS, logUniform(random, 0.001, 0.05));
        rate.put(FaultKind.DUPLICATION, logUniform(random, 0.001, 0.05));
        rate.put(FaultKind.REORDER, logUniform(random, 0.01, 0.3));
        rate.put(FaultKind.DELAY, logUniform(random, 0.001, 0.02));
        rate.put(FaultKind.PARTITION, logUniform(random, 0.0005, 0.004));
        rate.put(FaultKind.SERVER_CRASH, logUniform(random, 0.0003, 0.003));
        rate.put(FaultKind.SWITCH_CRASH, logUniform(random, 0.0002, 0.002));
        rate.put(FaultKind.CLOCK_DRIFT, logUniform(random, 0.01, 0.3));
        rate.put(FaultKind.LOAD_BURST, logUniform(random, 0.001, 0.01));
        return new FaultPlan(on,
                on.contains(FaultKind.LOSS) ? rate.get(FaultKind.LOSS) : 0,
                on.contains(FaultKind.DUPLICATION) ? rate.get(FaultKind.DUPLICATION) : 0,
                on.contains(FaultKind.REORDER) ? rate.get(FaultKind.REORDER) : 0,
                on.contains(FaultKind.DELAY) ? rate.get(FaultKind.DELAY) : 0,
                on.contains(FaultKind.PARTITION) || on.contains(FaultKind.ASYMMETRIC_PARTITION)
                        ? rate.get(FaultKind.PARTITION) : 0,
                on.contains(FaultKind.SERVER_CRASH) ? rate.get(FaultKind.SERVER_CRASH) : 0,
                on.contains(FaultKind.SWITCH_CRASH) ? rate.get(FaultKind.SWITCH_CRASH) : 0,
                on.contains(FaultKind.CLOCK_DRIFT) ? rate.get(FaultKind.CLOCK_DRIFT) : 0,
                on.contains(FaultKind.LOAD_BURST) ? rate.get(FaultKind.LOAD_BURST) : 0);
    }

    private static double logUniform(SimRandom random, double lo, double hi) {
        return Math.exp(Math.log(lo) + random.nextDouble() * (Math.log(hi) - Math.log(lo)));
    }
}
