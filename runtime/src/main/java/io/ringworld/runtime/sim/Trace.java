package io.ringworld.runtime.sim;

import java.io.PrintStream;

/**
 * The event trace of a run: a 64-bit FNV-1a hash over every event line, and optionally the lines.
 * Two runs of one seed must produce the same hash; that is the determinism check.
 */
final class Trace {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private final SimConfig.TraceMode mode;
    private final PrintStream out;
    private long hash = FNV_OFFSET;
    private long lines;

    Trace(SimConfig.TraceMode mode, PrintStream out) {
        this.mode = mode;
        this.out = out;
    }

    boolean enabled() {
        return mode != SimConfig.TraceMode.OFF;
    }

    /** Records one event line; callers check {@link #enabled()} first to avoid building the text. */
    void line(long timeMicros, String text) {
        String line = timeMicros + " " + text;
        for (int i = 0; i < line.length(); i++) {
            hash ^= line.charAt(i);
            hash *= FNV_PRIME;
        }
        hash ^= '\n';
        hash *= FNV_PRIME;
        lines++;
        if (mode == SimConfig.TraceMode.PRINT && out != null) {
            out.println(line);
        }
    }

    long hash() {
        return hash;
    }

    long lines() {
        return lines;
    }
}
