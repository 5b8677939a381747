package io.ringworld.checker.history;

/**
 * The {@code :value} of a shared-log operation ({@code :append :read :tail :trim}), decoded from the
 * EDN map {@code {:payload .. :position .. :junk true :tail ..}}. Absent numbers are {@link #NONE}.
 * Payloads are strings or numbers (any EDN scalar); they are unique within a history.
 *
 * @param payload  the appended or read payload, or null
 * @param position a log position (starting at 0), or NONE
 * @param junk     true for a read that found a junk slot
 * @param tail     the highest position returned by a tail (-1 when empty), or NONE
 */
public record LogValue(Object payload, long position, boolean junk, long tail) {
    /** Marks an absent number. */
    public static final long NONE = Long.MIN_VALUE;

    public static LogValue payload(Object payload) {
        return new LogValue(payload, NONE, false, NONE);
    }

    public static LogValue appended(Object payload, long position) {
        return new LogValue(payload, position, false, NONE);
    }

    public static LogValue position(long position) {
        return new LogValue(null, position, false, NONE);
    }

    public static LogValue read(long position, Object payload) {
        return new LogValue(payload, position, false, NONE);
    }

    public static LogValue junkAt(long position) {
        return new LogValue(null, position, true, NONE);
    }

    public static LogValue tailOf(long tail) {
        return new LogValue(null, NONE, false, tail);
    }

    public boolean hasPosition() {
        return position != NONE;
    }

    public boolean hasTail() {
        return tail != NONE;
    }
}
