package io.ringworld.runtime.bench;

import java.util.Locale;

/** What a bench run asks of the cluster. */
public enum Workload {
    /** Appends, each client keeping a window of them outstanding. */
    APPEND("append", "pipelined appends"),
    /** Appends, each client one at a time. */
    APPEND_ONE("append-one", "appends one at a time"),
    /** Reads of committed entries (written before the run), each client a window outstanding. */
    READ("read", "reads of committed entries"),
    /** The paper's mix: 25% appends, 75% reads of committed entries. */
    MIX("mix", "25% appends, 75% reads"),
    /** getTail, each client a window outstanding. */
    TAIL("tail", "getTail");

    public final String cliName;
    public final String description;

    Workload(String cliName, String description) {
        this.cliName = cliName;
        this.description = description;
    }

    /** The workload named {@code name} on the command line; an error listing the names otherwise. */
    public static Workload parse(String name) {
        for (Workload w : values()) {
            if (w.cliName.equals(name.toLowerCase(Locale.ROOT))) {
                return w;
            }
        }
        StringBuilder names = new StringBuilder();
        for (Workload w : values()) {
            names.append(names.length() == 0 ? "" : ", ").append(w.cliName);
        }
        throw new IllegalArgumentException("no workload '" + name + "' (one of " + names + ")");
    }

    /** Whether this workload needs committed entries to read. */
    public boolean reads() {
        return this == READ || this == MIX;
    }
}
