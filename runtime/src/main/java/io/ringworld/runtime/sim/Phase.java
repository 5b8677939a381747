package io.ringworld.runtime.sim;

/** The phases of one run, in order. */
enum Phase {
    /** Clients run their workload while faults are injected. */
    FAULTS,
    /** Faults stopped and healed: every client must get one append committed within a bound. */
    LIVENESS,
    /** Every acknowledged append is read back. */
    READ_BACK,
    /** The run is over. */
    DONE
}
