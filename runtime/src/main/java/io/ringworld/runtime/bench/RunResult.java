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
 */
public record RunResult(Workload workload, int clients, int window, int payloadBytes, double seconds, Histogram latencyNanos,
        List<Long> opsPerSecondSeries, long ok, long failed, long unknown) {

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
