package io.ringworld.runtime.sim;

/**
 * Faults aimed at the protocol's windows (FaultKind.WINDOW). The host sees, from a switch's
 * status after each step, that a view change started, chose its entries (its rewrites and fence
 * are going out) or installed, or that a trim started; with the plan's chance it then schedules
 * one fault a few ticks later: a crash, pause or isolation of that switch, a rival view change
 * (another switch's clock bursts, so it suspects), or a crash or pause elsewhere. Random Poisson
 * faults land in these windows only by luck: a view change lasts a few ticks of a 2,000-tick run.
 *
 * <p>Only the stream of ticks and deliveries the nodes see changes; nothing inside the kernel.
 */
final class WindowNemesis {
    /** An aimed fault lands within this many ticks of its window. */
    private static final int DELAY_TICKS_MAX = 12;

    private final Nemesis nemesis;
    private final FaultTarget cluster;
    private final Scheduler scheduler;
    private final FaultPlan plan;
    private final SimRandom random;

    WindowNemesis(Nemesis nemesis, FaultTarget cluster, Scheduler scheduler, FaultPlan plan) {
        this.nemesis = nemesis;
        this.cluster = cluster;
        this.scheduler = scheduler;
        this.plan = plan;
        this.random = nemesis.steer().derive("window");
    }

    /** Switch {@code node} entered {@code window}: maybe aim a fault at it. */
    void onWindow(ProtocolWindow window, int node) {
        double chance = plan.steering().windowChance();
        if (chance <= 0 || !nemesis.faultPhase() || !random.chance(chance)) {
            return;
        }
        AimedFault action = AimedFault.values()[random.nextInt(AimedFault.values().length)];
        long delay = random.nextLong(0, DELAY_TICKS_MAX * Simulation.TICK_MICROS);
        scheduler.schedule(scheduler.now() + delay, new Event.Aimed(action, node));
    }

    /** An aimed fault is due. */
    void fire(AimedFault action, int node) {
        if (!nemesis.faultPhase()) {
            return;
        }
        Topology t = cluster.topology();
        boolean injected = switch (action) {
            case CRASH_SWITCH -> nemesis.crashSwitch(node, random);
            case PAUSE_SWITCH -> nemesis.pause(node);
            case ISOLATE_SWITCH, CUT_FROM_RING -> isolate(node, action == AimedFault.CUT_FROM_RING);
            case RIVAL_TICK_BURST -> nemesis.tickBurst(other(node));
            case PAUSE_OTHER_SWITCH -> nemesis.pause(other(node));
            case CRASH_SERVER -> nemesis.crashServer(random.nextInt(t.serverCount()), random);
            case PAUSE_SERVER -> nemesis.pause(t.serverNode(random.nextInt(t.serverCount())));
        };
        if (injected) {
            scheduler.countFault(FaultKind.WINDOW);
            scheduler.traceLine("aimed " + action + " at " + t.name(node));
        }
    }

    private boolean isolate(int node, boolean fromRingOnly) {
        if (!cluster.isUp(node)) {
            return false;
        }
        nemesis.isolate(node, fromRingOnly, random.nextLong(10, 150) * Simulation.TICK_MICROS);
        return true;
    }

    /** Another switch than {@code node} (itself on a ring of one). */
    private int other(int node) {
        int switches = cluster.topology().switchCount();
        return switches == 1 ? node : (node + 1 + random.nextInt(switches - 1)) % switches;
    }
}
