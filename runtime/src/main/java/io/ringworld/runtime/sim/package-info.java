/**
 * The deterministic simulator: a whole RingWorld cluster (the kernel's switches, log servers and
 * clients) in one thread, over simulated time, with a simulated network, disks and nemesis.
 *
 * <p>Two layers. {@code SimCluster} is the cluster any simulated host needs: the nodes, the
 * {@code Network}, the {@code SimDisk}s and the discrete-event loop, every step of every node
 * through one effects loop and the cluster's invariants. {@link io.ringworld.runtime.sim.Simulation}
 * is one run on it: the {@code Workload}, the {@code Nemesis}, the phases and the verdict.
 * {@link io.ringworld.runtime.sim.SimHost} drives a cluster without a run (scripted scenarios). The
 * network and the nemesis see the cluster only through narrow interfaces ({@code Scheduler}:
 * time, events, fault counts, trace; {@code FaultTarget}: crash, recover, cut, heal). Every kernel
 * setting of a run comes from {@link io.ringworld.runtime.sim.SimConfig#kernelConfig()}.
 *
 * <p>Steering (issue 17): the host sees each switch's status after its steps and reports the
 * protocol's windows ({@code ProtocolWindow}: a view change started, chosen, installed; a trim
 * started or done). {@code WindowNemesis} aims faults at them and the {@code Workload} sends probe
 * scripts (reads and getTails at every switch in ring order); pauses, tick bursts, shaped
 * partitions and an earlier life's messages change only the stream of ticks and deliveries a node
 * sees. Each is a swarm dimension ({@link io.ringworld.runtime.sim.FaultKind}) drawn from a stream
 * of its own, so a plan of the classic kinds draws what it drew before. The host also checks
 * storage: what a server acknowledged is on its disk after a crash ({@code AckedIsDurable}).
 *
 * <p>Contract: {@link io.ringworld.runtime.sim.Simulation#run} is a pure function of its seed and
 * {@link io.ringworld.runtime.sim.SimConfig}; every random choice derives from the seed through
 * {@link io.ringworld.runtime.sim.SimRandom}. Each run ends with the checks of
 * {@link io.ringworld.runtime.sim.RunResult}: kernel invariants after every step, a linearizable
 * history, every acknowledged append read back after healing, and liveness after faults stop.
 *
 * <p>Observation: a {@link io.ringworld.runtime.sim.StepObserver} given to
 * {@link io.ringworld.runtime.sim.Simulation#run(long, SimConfig, java.io.PrintStream, StepObserver)}
 * sees every kernel step (node, input, effects), every step the kernel's own check refused, and
 * every crash, restart and recovery, in run order. It changes nothing in the run (same seed, same
 * run, with or without it); with none set, the simulator makes no calls and builds no objects for
 * it. The hook is generic: what an observer makes of the steps (e.g. trace validation against the
 * TLA+ specs, in conformance-tests) stays outside the runtime.
 *
 * <p>A {@code SimConfig} can keep runs inside a model: a fixed {@code FaultPlan} instead of a swarm
 * draw, an appends-only workload, stable disks (a crash loses no issued write), and a longer client
 * think time. By default every option is off and a seed's run is what it always was.
 */
package io.ringworld.runtime.sim;
