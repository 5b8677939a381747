package io.ringworld.specs.tool;

/**
 * One of TLC's progress lines (once a minute while it searches breadth-first): the depth
 * reached, states generated and distinct, the queue, and the rate TLC measured.
 */
public record TlcProgress(int depth, long generated, long statesPerMinute, long distinct, long queue) {

    /** The progress a line of TLC's output reports, or null if it is not a progress line. */
    public static TlcProgress of(String line) {
        return TlcOutput.progress(line);
    }

    public String describe() {
        return String.format(java.util.Locale.ROOT, "depth %d: %,d states (%,d/s), %,d distinct, %,d on the queue",
                depth, generated, statesPerMinute < 0 ? 0 : statesPerMinute / 60, distinct, queue);
    }
}
