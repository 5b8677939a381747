package io.ringworld.runtime.sim;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The faults the simulator can inject and the ways it steers a run towards the protocol's rare
 * paths. Each is switched on per run (swarm testing). The first ten are the classic kinds; the
 * rest (issue 17) aim faults at the protocol's windows, perturb the stream of ticks and
 * deliveries a node sees (BUGGIFY-style: never anything inside the kernel), and probe the log
 * with reads and getTails at the moments that matter.
 */
public enum FaultKind {
    /** A message is dropped by the network. */
    LOSS("loss"),
    /** A message is delivered twice. */
    DUPLICATION("dup"),
    /** Messages between a pair of nodes overtake each other. */
    REORDER("reorder"),
    /** A message takes far longer than usual. */
    DELAY("delay"),
    /** Two groups of nodes cannot talk, both ways, until the partition heals. */
    PARTITION("partition"),
    /** One direction of a link is cut until it heals. */
    ASYMMETRIC_PARTITION("asym-partition"),
    /** A log server crashes (unsynced writes lost, possibly a torn last write) and recovers. */
    SERVER_CRASH("server-crash"),
    /** A switch crashes, losing all its state, and restarts. */
    SWITCH_CRASH("switch-crash"),
    /** Nodes' tick rates drift apart. */
    CLOCK_DRIFT("clock-drift"),
    /** A burst of client load that overflows pending queues (Busy). */
    LOAD_BURST("burst"),
    /**
     * A node stops for a while, as a process under SIGSTOP or a long GC pause: no ticks, no
     * deliveries (they wait, and arrive together when it resumes), and on resume its clock either
     * jumps (the missed ticks in one burst) or just goes on.
     */
    PAUSE("pause"),
    /** A node's clock runs several times too fast for a while: its timeouts fire early. */
    TICK_BURST("tick-burst"),
    /**
     * Partitions take the shapes that split a ring: one node isolated, switches cut from each
     * other but not from the servers, switches cut from the servers, a switch with a minority of
     * every replica set (random halves otherwise).
     */
    SHAPED_PARTITION("shaped-partition"),
    /**
     * Faults aimed at the protocol's windows: when a switch starts a view change, chooses (the
     * rewrite and the fence), installs, or starts a trim, a crash, pause, isolation or clock burst
     * of it or of another node follows within a few ticks.
     */
    WINDOW("window"),
    /** A node restarted soon gets messages of its earlier life, and to it, still in flight. */
    STALE_LIFE("stale-life"),
    /**
     * Clients read and getTail at every switch what was just appended when a view change starts
     * or installs, and the indices just below a trim's prefix when a trim starts.
     */
    PROBE("probe"),
    /**
     * Issue 19: a log server crashes and comes back with an empty data directory (its disk was
     * replaced or wiped): it must relearn before it acknowledges anything. At most one damaged
     * server per replica set at a time (the fault model). Not in {@code all}: {@code --disk-faults}.
     */
    DISK_WIPE("disk-wipe"),
    /**
     * Issue 19: a log server crashes and some of its stored entries fail their checksums on
     * recovery: those indices are unknown, it relearns, and repair copies the committed ones back.
     */
    DISK_CORRUPT("disk-corrupt");

    /** The disk kinds (issue 19): switched on only by name or by {@code --disk-faults}. */
    public static final Set<FaultKind> DISK = java.util.Collections.unmodifiableSet(EnumSet.of(DISK_WIPE, DISK_CORRUPT));

    /** The kinds before issue 17: today's campaigns, the baseline of {@code --bench}. */
    public static final Set<FaultKind> CLASSIC = Set.copyOf(EnumSet.range(LOSS, LOAD_BURST));
    /** {@link #CLASSIC} in declaration order (the order plans draw them in). */
    static final java.util.List<FaultKind> CLASSIC_ORDER = java.util.List.copyOf(EnumSet.range(LOSS, LOAD_BURST));

    private final String cliName;

    FaultKind(String cliName) {
        this.cliName = cliName;
    }

    /** True for the kinds before issue 17 (see {@link #CLASSIC}). */
    public boolean classic() {
        return ordinal() <= LOAD_BURST.ordinal();
    }

    public String cliName() {
        return cliName;
    }

    /** Parses a comma-separated list of CLI names, or {@code all} / {@code classic} / {@code none}. */
    public static Set<FaultKind> parseList(String text) {
        String trimmed = text.trim().toLowerCase(Locale.ROOT);
        if (trimmed.equals("all")) {
            // Without the disk kinds: campaigns of "all" draw the plans they drew before them.
            EnumSet<FaultKind> all = EnumSet.allOf(FaultKind.class);
            all.removeAll(DISK);
            return all;
        }
        if (trimmed.equals("classic")) {
            return EnumSet.copyOf(CLASSIC);
        }
        EnumSet<FaultKind> kinds = EnumSet.noneOf(FaultKind.class);
        if (trimmed.equals("none") || trimmed.isEmpty()) {
            return kinds;
        }
        for (String part : trimmed.split(",")) {
            kinds.add(byCliName(part.trim()));
        }
        return kinds;
    }

    public static FaultKind byCliName(String name) {
        for (FaultKind kind : values()) {
            if (kind.cliName.equals(name)) {
                return kind;
            }
        }
        StringBuilder known = new StringBuilder();
        for (FaultKind kind : values()) {
            known.append(known.length() == 0 ? "" : ", ").append(kind.cliName);
        }
        throw new IllegalArgumentException("unknown fault kind '" + name + "' (known: " + known + ", all, classic, none)");
    }
}
