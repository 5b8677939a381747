package io.ringworld.runtime.sim;

import io.ringworld.kernel.message.Message;

/**
 * The simulated network: every message gets a random delay, and, where the run's fault plan says
 * so, is lost, duplicated, reordered (an extra random delay lets later messages overtake it) or
 * delayed for long. Cut links (partitions) drop messages until they heal. Messages a node sends to
 * itself are never faulted.
 */
final class Network {
    private static final long BASE_DELAY_MIN_MICROS = 10;
    private static final long BASE_DELAY_MAX_MICROS = 60;

    private final Scheduler scheduler;
    private final FaultPlan plan;
    private final SimRandom random;
    private final long thinkMicrosMax;
    /** How many active partitions cut the link from -> to. */
    private final int[][] cuts;
    /** With STALE_LIFE: per node, the last messages it sent or was sent, to replay after it restarts. */
    private final java.util.ArrayDeque<Event.Deliver>[] recent;
    private static final int RECENT_MAX = 8;

    Network(Scheduler scheduler, int nodes, FaultPlan plan, SimRandom random, long thinkMicrosMax) {
        this.scheduler = scheduler;
        this.plan = plan;
        this.random = random;
        this.thinkMicrosMax = thinkMicrosMax;
        this.cuts = new int[nodes][nodes];
        @SuppressWarnings("unchecked")
        java.util.ArrayDeque<Event.Deliver>[] r = plan.steering().staleLifeChance() > 0
                ? new java.util.ArrayDeque[nodes] : null;
        this.recent = r;
    }

    private void remember(int node, Event.Deliver d) {
        if (recent[node] == null) {
            recent[node] = new java.util.ArrayDeque<>(RECENT_MAX);
        }
        if (recent[node].size() == RECENT_MAX) {
            recent[node].poll();
        }
        recent[node].add(d);
    }

    /**
     * STALE_LIFE: node {@code node} came back; some messages of its earlier life (sent by it, or
     * to it) are still in flight and arrive now, late (the network may delay and duplicate any
     * message).
     */
    void replayEarlierLife(int node) {
        if (recent == null || recent[node] == null || !random.chance(plan.steering().staleLifeChance())) {
            return;
        }
        int replayed = 0;
        for (Event.Deliver d : recent[node]) {
            if (random.nextInt(2) == 0 && cuts[d.from()][d.to()] == 0) {
                scheduler.schedule(scheduler.now() + random.nextLong(10, 3_000), d);
                replayed++;
            }
        }
        if (replayed > 0) {
            scheduler.countFault(FaultKind.STALE_LIFE);
            scheduler.traceLine("stale-life " + node + " replays " + replayed);
        }
    }

    /** A host-installed filter (SimHost): a message it accepts is dropped. Null: none. */
    private java.util.function.Predicate<Message> dropFilter;

    void dropWhere(java.util.function.Predicate<Message> filter) {
        this.dropFilter = filter;
    }

    void send(int from, int to, Message message) {
        long now = scheduler.now();
        if (dropFilter != null && dropFilter.test(message)) {
            return;
        }
        if (from == to) {
            // Loopback still takes time: a ring of one passes the token to itself, and a zero
            // delay would spin it forever at one instant.
            scheduler.schedule(now + BASE_DELAY_MIN_MICROS, new Event.Deliver(to, from, message));
            return;
        }
        if (cuts[from][to] > 0) {
            return;
        }
        if (plan.lossRate() > 0 && random.chance(plan.lossRate())) {
            scheduler.countFault(FaultKind.LOSS);
            return;
        }
        long delay = random.nextLong(BASE_DELAY_MIN_MICROS, BASE_DELAY_MAX_MICROS);
        if (recent != null) {
            Event.Deliver d = new Event.Deliver(to, from, message);
            remember(from, d);
            remember(to, d);
        }
        if (plan.reorderRate() > 0 && random.chance(plan.reorderRate())) {
            scheduler.countFault(FaultKind.REORDER);
            delay += random.nextLong(50, 400);
        }
        if (plan.delayRate() > 0 && random.chance(plan.delayRate())) {
            scheduler.countFault(FaultKind.DELAY);
            delay += random.nextLong(1_000, 8_000);
        }
        scheduler.schedule(now + delay, new Event.Deliver(to, from, message));
        if (plan.duplicationRate() > 0 && random.chance(plan.duplicationRate())) {
            scheduler.countFault(FaultKind.DUPLICATION);
            scheduler.schedule(now + delay + random.nextLong(0, 300), new Event.Deliver(to, from, message));
        }
    }

    void cut(int from, int to) {
        cuts[from][to]++;
    }

    void uncut(int from, int to) {
        cuts[from][to]--;
    }

    /** A client's pause between two operations. */
    long thinkTimeMicros() {
        return random.nextLong(0, thinkMicrosMax);
    }
}
