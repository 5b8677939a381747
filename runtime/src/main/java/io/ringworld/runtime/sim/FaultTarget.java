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

    void crashSwitch(int node);

    void restartSwitch(int node);

    /** Messages from {@code from} to {@code to} are dropped until as many {@link #uncut}s. */
    void cut(int from, int to);

    void uncut(int from, int to);
}
