package io.ringworld.specs.tool;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The outcome of one TLC run.
 *
 * @param violated null when TLC found nothing; the invariant or property it names ("Refinement"
 *     for the refinement of SharedLog, a liveness property if the model lists just one),
 *     {@link #STOPPED} when the run was stopped at its time limit, else "error: ..."
 * @param trace the counterexample, or null
 */
public record TlcResult(String model, long generated, long distinct, int depth, double seconds, int exitCode,
                        String violated, Path output, ErrorTrace trace) {

    /** The verdict of a run stopped at its time limit (or the gate's timeout) before it finished. */
    public static final String STOPPED = "TIMEOUT";

    public boolean ok() {
        return exitCode == 0 && violated == null;
    }

    /** Stopped at the time limit before the state space (or the simulation) was done. */
    public boolean stopped() {
        return STOPPED.equals(violated);
    }

    public String verdict() {
        if (stopped()) {
            return STOPPED;
        }
        return ok() ? "ok" : "VIOLATION(" + (violated == null ? "exit " + exitCode : violated) + ")";
    }

    public String summaryLine() {
        return String.format(Locale.ROOT, "model=%s distinct=%d depth=%d seconds=%.1f verdict=%s",
                model, distinct, depth, seconds, verdict());
    }
}
