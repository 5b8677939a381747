package io.ringworld.runtime.sim;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The faults the simulator can inject. Each is switched on per run (swarm testing). */
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
    LOAD_BURST("burst");

    private final String cliName;

    FaultKind(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** Parses a comma-separated list of CLI names, or {@code all} / {@code none}. */
    public static Set<FaultKind> parseList(String text) {
        String trimmed = text.trim().toLowerCase(Locale.ROOT);
        if (trimmed.equals("all")) {
            return EnumSet.allOf(FaultKind.class);
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
        throw new IllegalArgumentException("unknown fault kind '" + name + "' (known: " + known + ", all, none)");
    }
}
