package io.ringworld.runtime.sim;

/** What a fault aimed at a protocol window does (see {@link WindowNemesis}). */
enum AimedFault {
    /** The switch of the window crashes (and restarts later). */
    CRASH_SWITCH,
    /** The switch of the window pauses. */
    PAUSE_SWITCH,
    /** The switch of the window is cut off from every other node of the cluster for a while. */
    ISOLATE_SWITCH,
    /** The switch of the window is cut off from the other switches, not from the servers. */
    CUT_FROM_RING,
    /** Another switch's clock runs fast: it suspects and starts a rival view change. */
    RIVAL_TICK_BURST,
    /** Another switch pauses. */
    PAUSE_OTHER_SWITCH,
    /** A random server crashes (only while the rest of its replica set is up). */
    CRASH_SERVER,
    /** A random server pauses. */
    PAUSE_SERVER
}
