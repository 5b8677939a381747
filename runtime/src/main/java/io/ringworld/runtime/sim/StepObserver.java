package io.ringworld.runtime.sim;

import io.ringworld.kernel.Effects;
import io.ringworld.kernel.Node;
import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.client.Client;
import io.ringworld.kernel.client.ClientInput;
import io.ringworld.kernel.invariant.InvariantViolation;
import io.ringworld.kernel.server.LogServer;
import io.ringworld.kernel.server.ServerInput;
import io.ringworld.kernel.sw.Switch;
import io.ringworld.kernel.sw.SwitchInput;

/**
 * Watches a simulated run one kernel step at a time, for tools that judge runs from outside the
 * simulator (trace validation against the specs, coverage, debugging). Set it with
 * {@link Simulation#run(long, SimConfig, java.io.PrintStream, StepObserver)}; by default a run has
 * none, and then the simulator builds no input objects and makes no calls for it.
 *
 * <p>Calls come in the run's order, on the run's thread, each right after the step it reports and
 * before the simulator acts on the effects (so also before the host-side invariant check). The
 * node objects are the live ones: read their state, never step them. {@code effects} is reused by
 * the node's next step ({@link Effects#toList()} keeps a copy). The observer has no handle on the
 * run's randomness, clock or queue, so a seed gives the same run, and the same calls, with or
 * without it.
 *
 * <p>Faults are reported as they happen: {@link #crashed} (the node lost its volatile state; no
 * step of it follows until it comes back), {@link #switchRestarted} (a new life with no state,
 * before its first step) and {@link #serverRecovered} (rebuilt from what its disk kept). The
 * network's faults (loss, duplication, delay, partitions) are not reported: they show as messages
 * that never arrive or arrive twice. Every method does nothing by default.
 */
public interface StepObserver {

    /**
     * Node {@code node} took {@code input} and produced {@code effects}: the one call the simulator
     * makes per step. By default it hands the step to the role's own method below, so an observer
     * overrides either this (every role alike) or the roles it cares about.
     */
    default <I> void stepped(Node<I> node, I input, Effects effects) {
        if (node instanceof Switch s) {
            switchStepped(s, (SwitchInput) input, effects);
        } else if (node instanceof LogServer s) {
            serverStepped(s, (ServerInput) input, effects);
        } else {
            clientStepped((Client) node, (ClientInput) input, effects);
        }
    }

    /** Switch {@code node} took {@code input} (Start, Deliver or Tick) and produced {@code effects}. */
    default void switchStepped(Switch node, SwitchInput input, Effects effects) {
    }

    /** Log server {@code node} took {@code input} (Deliver, PersistDone or Tick) and produced {@code effects}. */
    default void serverStepped(LogServer node, ServerInput input, Effects effects) {
    }

    /** Client {@code node} took {@code input} (an operation, Deliver or Tick) and produced {@code effects}. */
    default void clientStepped(Client node, ClientInput input, Effects effects) {
    }

    /**
     * The kernel's own check stopped a step of {@code node}: {@code input} left the node in a state
     * that breaks an invariant. The run ends with this violation; the node's state is the one after
     * the failed step.
     */
    default <I> void stepFailed(Node<I> node, I input, InvariantViolation violation) {
    }

    /** Switch or log server {@code node} crashed. */
    default void crashed(NodeId node) {
    }

    /** A crashed switch came back as {@code node}, a new incarnation with no state (its Start step follows). */
    default void switchRestarted(Switch node) {
    }

    /** A crashed log server came back as {@code node}, rebuilt from its disk. */
    default void serverRecovered(LogServer node) {
    }
}
