package io.ringworld.runtime.bench;

import java.util.List;

import org.HdrHistogram.Histogram;

/**
 * One measured run: its latency histogram (nanoseconds, successful operations only), the
 * operations completed in each measured second, and the outcomes.
 *
 * @param opsPerSecondSeries completed operations per measured second, in order
 * @param ok                 operations that completed (appends acknowledged, reads answered)
 * @param failed             operations that definitely failed (Busy after the client's retries, junk-filled)
 * @param unknown            appends whose outcome is unknown (timed out; may be in the log)
 * @param framesPerOp        frames every node of the cluster sent during the measured seconds, per
 *                           completed operation (the protocol's messages and the answers), or NaN
 *                           if not counted (a system that is not RingWorld)
 * @param messagesPerOp      the same for the kernel messages those frames carried (a batch frame
 *                           carries several), or NaN
 * @param nodeCpuSeconds     CPU seconds the node processes used during the measured seconds, or NaN
 * @param jitSeconds         how long their JIT compilers were busy (the JVMs' estimate: elapsed time
 *                           summed over compiler threads, so it can exceed the CPU time), or NaN
 * @param gcPauseSeconds     the nodes' garbage-collection pauses during the measured seconds, or NaN
 */
public record RunResult(Workload workload, int clients, int window, int payloadBytes, double seconds, Histogram latencyNanos,
        List<Long> opsPerSecondSeries, long ok, long failed, long unknown, double framesPerOp, double messagesPerOp,
        double nodeCpuSeconds, double jitSeconds, double gcPauseSeconds) {

    /** A run whose frames and messages were not counted. */
    public RunResult(Workload workload, int clients, int window, int payloadBytes, double seconds, Histogram latencyNanos,
            List<Long> opsPerSecondSeries, long ok, long failed, long unknown) {
        this(workload, clients, window, payloadBytes, seconds, latencyNanos, opsPerSecondSeries, ok, failed, unknown, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    public double opsPerSecond() {
        return ok / seconds;
    }

    public double millis(double percentile) {
        return latencyNanos.getValueAtPercentile(percentile) / 1e6;
    }

    public double maxMillis() {
        return latencyNanos.getMaxValue() / 1e6;
    }
}
