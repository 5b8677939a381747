package io.ringworld.runtime.sim;

/**
 * The faults the nemesis may inject into the simulated cluster: crash and bring back nodes, cut
 * and heal links. Node numbers are the {@link Topology}'s.
 */
interface FaultTarget {
    Topology topology();

    boolean isUp(int node);

    /** A server crashes: its unsynced writes are lost (a prefix may survive, the last one torn). */
    void crashServer(int node);

    void recoverServer(int node);

    /**
     * Issue 19: server {@code node}, down, loses its disk ({@code wipe}) or finds some entries
     * damaged; it relearns when it recovers. Returns what was done, for the history.
     */
    String damageDisk(int node, boolean wipe, SimRandom r);

    /** True if server {@code node} is relearning or holds indices it cannot vouch for (the specs' Damaged). */
    boolean serverDamaged(int node);

    void crashSwitch(int node);

    void restartSwitch(int node);

    /** Messages from {@code from} to {@code to} are dropped until as many {@link #uncut}s. */
    void cut(int from, int to);

    void uncut(int from, int to);

    /**
     * Node {@code node} stops for {@code micros}: it sees no ticks and no deliveries (they wait
     * and arrive when it resumes); on resume its clock jumps by the missed ticks if
     * {@code catchUp}. False if it is down or paused already.
     */
    boolean pause(int node, long micros, boolean catchUp);

    /** Node {@code node}'s clock runs {@code speedup} times too fast for {@code micros}; false if down or bursting. */
    boolean tickBurst(int node, int speedup, long micros);

    /** What the host sees of server {@code node} now (its last life's, if it is down). */
    io.ringworld.kernel.server.ServerStatus serverStatus(int node);

    /** What the host sees of switch {@code node} now. */
    io.ringworld.kernel.sw.SwitchStatus switchStatus(int node);
}
