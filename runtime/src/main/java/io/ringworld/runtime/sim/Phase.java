package io.ringworld.runtime.sim;

/** The phases of one run, in order. */
enum Phase {
    /** Clients run their workload while faults are injected. */
    FAULTS,
    /**
     * Faults stopped and healed: within a bound every client must get an append committed, then a
     * getTail answered, then a read of that append answered (as far as its op mix has them).
     */
    LIVENESS,
    /** Every acknowledged append is read back. */
    READ_BACK,
    /** The run is over. */
    DONE
}
