/**
 * Issue 6, part 2 (kernel to spec): trace validation of simulator runs by TLC.
 *
 * <p>Contract: the traces come from the project's own deterministic simulator, not from a host
 * written for the tests. {@link io.ringworld.conformance.trace.SimulatorTraces} runs the runtime's
 * {@code Simulation} for a seed in a config kept inside RingWorld.tla (2 switches and 1 replica
 * set as Trace.cfg, appends and getTails, no reads or trims, stable disks, a fixed fault plan with
 * loss, duplication, reordering, delay, partitions, clock drift, switch and server crashes), with a
 * {@link io.ringworld.conformance.trace.SpecEventRecorder} set as the simulator's
 * {@code StepObserver}. The recorder turns each kernel step (input, effects, the node's state after
 * it) and each crash, restart and recovery into the RingWorld action it performed, in spec ids, and
 * cuts the trace at its caps or at a documented spec/kernel difference (a prefix of a behaviour is
 * a behaviour). All spec knowledge lives here: the runtime's hook knows nothing of TLA+.
 *
 * <p>getTail: a switch queueing a GetTailRequest is GetTailStart(g, x) (each arrival of a client's
 * request, resends included, is a spec getTail g of its own, numbered 1, 2, ... per trace; TailOps
 * is raised to them); the token visit that gives it its h is the SequenceBatch already recorded; a
 * view check that finds a higher promise and seals the switch is ViewCheckReply(x, s); the kernel's
 * answer (after its view check, steps after the visit at which the spec answers) is the trace-only
 * event GetTailReply(g, x, tail), which RingWorldTrace.tla matches against the spec's getTail g and
 * which pins the returned tail: a wrong answer is rejected, naming the event.
 *
 * <p>{@link io.ringworld.conformance.trace.TlcTraceChecker} writes each trace as a module
 * {@code Trace_<seed>.tla} extending specs/tla/RingWorldTrace.tla, with Trace.cfg's constants raised
 * to what the trace uses (payloads, indices, views, crashes), and runs TLC in its own JVM. A trace is
 * accepted only when TLC reports the expected violation of {@code TraceNotAccepted} (a behaviour
 * matched every event); otherwise a diagnostic run names the event and the variable or action that
 * could not be matched. {@link io.ringworld.conformance.trace.TraceValidationTest} validates 110
 * seeds ({@code -Dseed=S -Dtrace.seeds=1} replays one);
 * {@link io.ringworld.conformance.trace.TraceValidationPlantedBugTest} shows that planted kernel bugs
 * (COMMIT_ON_ONE_ACK, SKIP_COMMIT_FOLD, TAIL_WITHOUT_COMMIT) and a tampered trace are rejected,
 * naming the event and the variable.
 */
package io.ringworld.conformance.trace;
