package io.ringworld.checker.history;

import clojure.lang.Keyword;
import java.util.Map;

/**
 * One line of a Jepsen history: an invocation or a completion.
 *
 * @param index   position in the history (0-based; Jepsen's {@code :index})
 * @param type    {@code :invoke :ok :fail :info}
 * @param f       the operation's keyword name without the colon, e.g. {@code "append"}
 * @param process the client process, or {@link #NEMESIS}
 * @param timeNanos {@code :time} in nanoseconds, or {@link #NO_TIME}
 * @param value   {@link LogValue} for shared-log operations, otherwise the EDN value as read
 *                (Long, String, Keyword, java.util.List, java.util.Map, null ...)
 * @param error   {@code :error} (usually a {@link Keyword}), or null
 * @param extra   other keys of the op map, kept so that writing gives back what was read; may be empty
 */
public record Op(long index, OpType type, String f, long process, long timeNanos, Object value,
                 Object error, Map<Object, Object> extra) {
    /** The process of nemesis operations ({@code :process :nemesis}); the checkers ignore them. */
    public static final long NEMESIS = Long.MIN_VALUE;
    /** An op without {@code :time}. */
    public static final long NO_TIME = Long.MIN_VALUE;

    public Op {
        if (type == null || f == null) {
            throw new IllegalArgumentException("an op needs a type and an f");
        }
        extra = extra == null ? Map.of() : extra;
    }

    public static Op of(OpType type, String f, long process, long timeNanos, Object value) {
        return new Op(-1, type, f, process, timeNanos, value, null, Map.of());
    }

    public static Op of(OpType type, String f, long process, long timeNanos, Object value, String error) {
        return new Op(-1, type, f, process, timeNanos, value, error == null ? null : Keyword.intern(error), Map.of());
    }

    public boolean isNemesis() {
        return process == NEMESIS;
    }

    /** The error's keyword name ({@code "not-yet"}), its string form for other values, or null. */
    public String errorName() {
        if (error == null) {
            return null;
        }
        return error instanceof Keyword k ? k.getName() : String.valueOf(error);
    }

    /** The value as a {@link LogValue}, or null if it is not one. */
    public LogValue logValue() {
        return value instanceof LogValue v ? v : null;
    }

    public Op withIndex(long newIndex) {
        return new Op(newIndex, type, f, process, timeNanos, value, error, extra);
    }
}
