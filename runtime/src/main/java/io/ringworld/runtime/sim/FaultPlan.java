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
        double burstRatePerTick,
        Steering steering) {

    /**
     * The rates of the steering kinds (issue 17): pauses, tick bursts and shaped partitions per tick,
     * the chance that a protocol window (a view change started, chosen or installed, a trim
     * started) draws an aimed fault, the chance that a restart replays its earlier life's
     * messages, and the chance that a window sends the clients probing.
     */
    public record Steering(double pauseRatePerTick, double tickBurstRatePerTick, double shapedPartitionRatePerTick,
            double windowChance, double staleLifeChance, double probeChance, double diskFaultRatePerTick) {
        public static final Steering NONE = new Steering(0, 0, 0, 0, 0, 0, 0);

        /** Steering without disk faults (the kinds before issue 19). */
        public Steering(double pauseRatePerTick, double tickBurstRatePerTick, double shapedPartitionRatePerTick,
                double windowChance, double staleLifeChance, double probeChance) {
            this(pauseRatePerTick, tickBurstRatePerTick, shapedPartitionRatePerTick, windowChance, staleLifeChance,
                    probeChance, 0);
        }
    }

    public FaultPlan {
        enabled = Set.copyOf(enabled);
        if (steering == null) {
            throw new IllegalArgumentException("steering must not be null (Steering.NONE: none)");
        }
    }

    /** A plan of the classic kinds only (no steering). */
    public FaultPlan(Set<FaultKind> enabled, double lossRate, double duplicationRate, double reorderRate,
            double delayRate, double partitionRatePerTick, double serverCrashRatePerTick, double switchCrashRatePerTick,
            double maxClockDrift, double burstRatePerTick) {
        this(enabled, lossRate, duplicationRate, reorderRate, delayRate, partitionRatePerTick, serverCrashRatePerTick,
                switchCrashRatePerTick, maxClockDrift, burstRatePerTick, Steering.NONE);
    }

    public boolean has(FaultKind kind) {
        return enabled.contains(kind);
    }

    /** No faults at all: the baseline for liveness and benchmarks. */
    public static FaultPlan none() {
        return new FaultPlan(EnumSet.noneOf(FaultKind.class), 0, 0, 0, 0, 0, 0, 0, 0, 0, Steering.NONE);
    }

    /** The plan of a run of {@code seed}: the config's fixed plan, or one drawn from the seed's "plan" stream. */
    static FaultPlan forRun(long seed, SimConfig config) {
        return config.faultPlan() != null ? config.faultPlan()
                : draw(new SimRandom(seed).derive("plan"), config.allowedFaults(), config.swarm());
    }

    /**
     * Draws a plan from {@code random}: each allowed kind is on with probability 3/4 (all of them
     * when {@code swarm} is false), with a rate drawn in its range.
     */
    public static FaultPlan draw(SimRandom random, Set<FaultKind> allowed, boolean swarm) {
        // The steering kinds draw from a stream of their own: a plan of the classic kinds is the
        // one it was before they existed, so classic campaigns replay their old seeds exactly.
        SimRandom steer = random.derive("steer");
        EnumSet<FaultKind> on = EnumSet.noneOf(FaultKind.class);
        for (FaultKind kind : FaultKind.CLASSIC_ORDER) {
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
                on.contains(FaultKind.LOAD_BURST) ? rate.get(FaultKind.LOAD_BURST) : 0,
                drawSteering(steer, allowed, swarm, on));
    }

    private static Steering drawSteering(SimRandom random, Set<FaultKind> allowed, boolean swarm,
            EnumSet<FaultKind> on) {
        for (FaultKind kind : FaultKind.values()) {
            if (!kind.classic() && !FaultKind.DISK.contains(kind) && allowed.contains(kind)
                    && (!swarm || random.nextInt(4) != 0)) {
                on.add(kind);
            }
        }
        // The disk kinds draw from a stream of their own: the other kinds' plans stay as they were.
        SimRandom disk = random.derive("disk");
        for (FaultKind kind : FaultKind.DISK) {
            if (allowed.contains(kind) && (!swarm || disk.nextInt(4) != 0)) {
                on.add(kind);
            }
        }
        double diskRate = logUniform(disk, 0.0002, 0.002);
        double pause = logUniform(random, 0.0005, 0.004);
        double tickBurst = logUniform(random, 0.0003, 0.003);
        double shaped = logUniform(random, 0.0005, 0.004);
        double window = 0.15 + 0.85 * random.nextDouble();
        double staleLife = 0.3 + 0.7 * random.nextDouble();
        double probe = 0.2 + 0.8 * random.nextDouble();
        return new Steering(on.contains(FaultKind.PAUSE) ? pause : 0,
                on.contains(FaultKind.TICK_BURST) ? tickBurst : 0,
                on.contains(FaultKind.SHAPED_PARTITION) ? shaped : 0,
                on.contains(FaultKind.WINDOW) ? window : 0,
                on.contains(FaultKind.STALE_LIFE) ? staleLife : 0,
                on.contains(FaultKind.PROBE) ? probe : 0,
                on.contains(FaultKind.DISK_WIPE) || on.contains(FaultKind.DISK_CORRUPT) ? diskRate : 0);
    }

    /** The plan as a failing seed prints it: every kind switched on, with its rate. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        for (FaultKind kind : FaultKind.values()) {
            if (has(kind)) {
                b.append(b.length() == 0 ? "" : ", ").append(kind.cliName());
                double rate = rateOf(kind);
                if (rate > 0) {
                    b.append(String.format(java.util.Locale.ROOT, "=%.3g", rate));
                }
            }
        }
        return b.length() == 0 ? "no faults" : b.toString();
    }

    private double rateOf(FaultKind kind) {
        return switch (kind) {
            case LOSS -> lossRate;
            case DUPLICATION -> duplicationRate;
            case REORDER -> reorderRate;
            case DELAY -> delayRate;
            case PARTITION, ASYMMETRIC_PARTITION -> partitionRatePerTick;
            case SERVER_CRASH -> serverCrashRatePerTick;
            case SWITCH_CRASH -> switchCrashRatePerTick;
            case CLOCK_DRIFT -> maxClockDrift;
            case LOAD_BURST -> burstRatePerTick;
            case PAUSE -> steering.pauseRatePerTick();
            case TICK_BURST -> steering.tickBurstRatePerTick();
            case WINDOW -> steering.windowChance();
            case STALE_LIFE -> steering.staleLifeChance();
            case PROBE -> steering.probeChance();
            case SHAPED_PARTITION -> steering.shapedPartitionRatePerTick();
            case DISK_WIPE, DISK_CORRUPT -> steering.diskFaultRatePerTick();
        };
    }

    private static double logUniform(SimRandom random, double lo, double hi) {
        return Math.exp(Math.log(lo) + random.nextDouble() * (Math.log(hi) - Math.log(lo)));
    }
}
