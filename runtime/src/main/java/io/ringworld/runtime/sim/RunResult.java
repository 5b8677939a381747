package io.ringworld.runtime.sim;

import io.ringworld.checker.history.History;
import java.util.List;
import java.util.Map;

/**
 * What one simulated run found.
 *
 * @param seed             the run's root seed: {@code ringworld campaign --seed <seed>} replays it
 * @param plan             the faults this seed switched on
 * @param violations       every violation, each one line; empty means the run passed
 * @param history          the Jepsen history of the run
 * @param faultsInjected   faults injected, by kind
 * @param viewChanges      views installed after the boot view
 * @param opsCompleted     client operations that completed (ok, fail or info)
 * @param messages         messages delivered (the simulator's unit of work)
 * @param events           events processed
 * @param simulatedMicros  simulated time at the end of the run
 * @param traceHash        hash of the event trace (0 when the trace mode is OFF)
 */
public record RunResult(
        long seed,
        FaultPlan plan,
        List<String> violations,
        History history,
        Map<FaultKind, Long> faultsInjected,
        long viewChanges,
        long opsCompleted,
        long messages,
        long events,
        long simulatedMicros,
        long traceHash) {

    public boolean passed() {
        return violations.isEmpty();
    }

    /** The first violation, the minimal description of what went wrong. */
    public String firstViolation() {
        return violations.isEmpty() ? "" : violations.get(0);
    }
}
