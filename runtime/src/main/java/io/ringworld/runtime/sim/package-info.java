/**
 * The deterministic simulator: a whole RingWorld cluster (the kernel's switches, log servers and
 * clients) in one thread, over simulated time, with a simulated network, disks and nemesis.
 *
 * <p>Contract: {@link io.ringworld.runtime.sim.Simulation#run} is a pure function of its seed and
 * {@link io.ringworld.runtime.sim.SimConfig}; every random choice derives from the seed through
 * {@link io.ringworld.runtime.sim.SimRandom}. Each run ends with the checks of
 * {@link io.ringworld.runtime.sim.RunResult}: kernel invariants after every step, a linearizable
 * history, every acknowledged append read back after healing, and liveness after faults stop.
 */
package io.ringworld.runtime.sim;
