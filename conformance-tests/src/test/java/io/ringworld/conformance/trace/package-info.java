/**
 * Issue 6, part 2 (kernel to spec): trace validation of simulator runs by TLC.
 *
 * <p>Contract: the traces come from the project's own deterministic simulator, not from a host
 * written for the tests. {@link io.ringworld.conformance.trace.SimulatorTraces} runs the runtime's
 * {@code Simulation} for a seed in a config kept inside RingWorld.tla (default: 2 switches and 1
 * replica set as Trace.cfg, appends and getTails; wide: 3 switches, 2 replica sets, appends, reads,
 * getTails and trims; stable disks, a fixed fault plan with loss, duplication, reordering, delay,
 * partitions, clock drift, switch and server crashes), with a
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
 * <p>Reads and trims ({@link io.ringworld.conformance.trace.ReadTrimEvents}): ReadRequest,
 * the trace-only ReadForward (the kernel's forward to the leader is a message, the spec's is part
 * of ReadRequest) and ReadReply (pinned against what makes the answer correct in the spec's state:
 * a committed payload, Trimmed below a done trim, NotYet beyond the tail at some instant);
 * TrimRequest, ServerTrim, TrimAck and the trace-only TrimExpire.
 *
 * <p>{@link io.ringworld.conformance.trace.TlcTraceChecker} writes traces as a module extending
 * specs/tla/RingWorldTrace.tla (TheLogs: 8 traces per TLC run, see {@link
 * io.ringworld.conformance.trace.TraceBatch}), with Trace.cfg's constants raised to what the traces
 * use, and runs TLC in its own JVM: TLC prints every trace a behaviour matched whole. A trace not
 * printed is checked alone: accepted only when TLC reports the expected violation of
 * {@code TraceNotAccepted} (a behaviour matched every event); otherwise a diagnostic run names the
 * event and the variable or action that could not be matched.
 * {@link io.ringworld.conformance.trace.TraceValidationTest} validates 110 default and 40 wide seeds
 * ({@code -Dseed=S -Dtrace.seeds=1} replays one);
 * {@link io.ringworld.conformance.trace.TraceValidationPlantedBugTest} shows that planted kernel bugs
 * (COMMIT_ON_ONE_ACK, SKIP_COMMIT_FOLD, TAIL_WITHOUT_COMMIT; wide: TRIM_ONE_ROUND, EAGER_TRIMMED)
 * and a tampered trace are rejected, naming the event and the variable.
 */
package io.ringworld.conformance.trace;
