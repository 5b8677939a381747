package io.ringworld.runtime.sim;

import io.ringworld.kernel.sw.SwitchStatus;

/**
 * Sees the protocol's windows ({@link ProtocolWindow}) in the status of each switch after its
 * steps, by comparing it with the status after its last step: a view change begun or chosen, a
 * trim's round 1 begun, a trim done. (A view installed is seen by the cluster, which counts them.)
 */
final class WindowWatch {
    /** Where a window goes: {@code (window, switch node, detail)}. */
    interface Sink {
        void window(ProtocolWindow window, int node, long detail);
    }

    private final Sink sink;
    private final boolean[] wasCoordinating;
    private final long[] lastCoordinatorStart;
    private final int[] lastStartedTrims;
    private final long[] lastTrimDone;

    WindowWatch(int switchCount, Sink sink) {
        this.sink = sink;
        wasCoordinating = new boolean[switchCount];
        lastCoordinatorStart = new long[switchCount];
        lastStartedTrims = new int[switchCount];
        lastTrimDone = new long[switchCount];
    }

    /** Switch {@code node} stepped and now shows {@code status}. */
    void stepped(int node, SwitchStatus status) {
        if (status.coordinating() && !wasCoordinating[node]) {
            sink.window(ProtocolWindow.VIEW_CHANGE_STARTED, node, 0);
        }
        if (status.coordinating() && status.coordinatorStart() > 0 && lastCoordinatorStart[node] <= 0) {
            sink.window(ProtocolWindow.VIEW_CHANGE_CHOSEN, node, status.coordinatorStart());
        }
        wasCoordinating[node] = status.coordinating();
        lastCoordinatorStart[node] = status.coordinatorStart();
        int started = 0;
        long prefix = 0;
        for (SwitchStatus.OpenTrim t : status.openTrims()) {
            if (t.started()) {
                started++;
                prefix = t.prefix();
            }
        }
        if (started > lastStartedTrims[node]) {
            sink.window(ProtocolWindow.TRIM_STARTED, node, prefix);
        }
        lastStartedTrims[node] = started;
        if (status.trimDone() > lastTrimDone[node] && lastTrimDone[node] > 0) {
            sink.window(ProtocolWindow.TRIM_DONE, node, status.trimDone());
        }
        lastTrimDone[node] = status.trimDone();
    }

    /** Switch {@code node} crashed: its next life starts with nothing open. */
    void crashed(int node) {
        wasCoordinating[node] = false;
        lastCoordinatorStart[node] = -1;
        lastStartedTrims[node] = 0;
        lastTrimDone[node] = 0;
    }
}
