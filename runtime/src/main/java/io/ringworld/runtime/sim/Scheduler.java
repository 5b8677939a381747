package io.ringworld.runtime.sim;

/**
 * What the network and the nemesis may ask of the simulated cluster's event loop: the time, a
 * future event, a fault counted in the run's statistics, a line in the trace. Narrow on purpose:
 * neither sees the run (workload, phases, verdict) nor the nodes.
 */
interface Scheduler {
    /** Simulated time now, in microseconds. */
    long now();

    /** {@code event} happens at {@code atMicros} (not before now). */
    void schedule(long atMicros, Event event);

    /** One fault of {@code kind} was injected. */
    void countFault(FaultKind kind);

    /** A line of the run's event trace (kept only if the trace is on). */
    void traceLine(String text);
}
