package io.ringworld.runtime.bench;

/**
 * Counters summed over every node of a cluster at one moment (their metrics endpoints): what a
 * run's start and end subtract to say what the nodes did during its measured seconds. A field is
 * -1 (or NaN) where a node did not report it.
 *
 * @param frames         frames sent ({@code ringworld_frames_out_total})
 * @param messages       kernel messages sent ({@code ringworld_messages_out_total})
 * @param cpuSeconds     CPU time of the node processes ({@code process_cpu_time_ns_total})
 * @param jitSeconds     time the JIT compilers spent compiling, summed over their threads
 *                       ({@code jvm_compilation_time_ms_total}: the JVM's estimate, elapsed
 *                       time, so on a busy machine more than the CPU they got)
 * @param gcPauseSeconds garbage-collection pauses ({@code jvm_gc_pause_seconds_sum}, every collector)
 */
public record NodeTotals(long frames, long messages, double cpuSeconds, double jitSeconds, double gcPauseSeconds) {
    /** Nothing known. */
    public static final NodeTotals UNKNOWN = new NodeTotals(-1, -1, Double.NaN, Double.NaN, Double.NaN);
}
