package io.ringworld.runtime.sim;

import io.ringworld.kernel.message.Message;

/** What the simulator's event queue holds. Node numbers are dense: switches, then servers, then clients. */
sealed interface Event {

    /** {@code message} from node {@code from} reaches node {@code to}. */
    record Deliver(int to, int from, Message message) implements Event {
    }

    /** One tick of node {@code node}'s local clock, for the life {@code incarnation} of that node. */
    record Tick(int node, long incarnation) implements Event {
    }

    /** Server {@code node}'s disk has made every persist up to {@code persistId} durable. */
    record Synced(int node, long incarnation, long persistId) implements Event {
    }

    /** Client lane {@code lane} issues its next operation. */
    record LaneNext(int lane) implements Event {
    }

    /** The next fault of kind {@code kind} is due. */
    record FaultDue(FaultKind kind) implements Event {
    }

    /** A crashed node comes back. */
    record Restart(int node) implements Event {
    }

    /** A partition or link cut heals. */
    record Heal(int partitionId) implements Event {
    }

    /** A paused node (life {@code incarnation}) goes on. */
    record Resume(int node, long incarnation) implements Event {
    }

    /** Node {@code node}'s clock (life {@code incarnation}) runs at its own rate again after a tick burst. */
    record TickBurstEnd(int node, long incarnation) implements Event {
    }

    /** A fault aimed at a protocol window is due: {@code action} on node {@code node}. */
    record Aimed(AimedFault action, int node) implements Event {
    }

    /** A step of the disk window (issue 19; see {@code Nemesis.aimDiskFault}). */
    record DiskWindow(int server, int lagging, int cut, int stage) implements Event {
    }

    /** The run moves to its next phase (see {@link Phase}). */
    record PhaseDeadline(Phase phase) implements Event {
    }
}
