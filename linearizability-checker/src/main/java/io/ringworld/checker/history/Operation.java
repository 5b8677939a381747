package io.ringworld.checker.history;

/**
 * An invocation paired with its completion: the unit the checkers linearize.
 *
 * @param id         dense id, 0.. in order of invocation (client operations only)
 * @param invoke     the {@code :invoke} op
 * @param completion the {@code :ok/:fail/:info} op, or null if the history ends first (then it is
 *                   treated as {@code :info}, as Jepsen does)
 */
public record Operation(int id, Op invoke, Op completion) {
    /** {@link #end()} of an operation that may take effect at any later time. */
    public static final long NEVER = Long.MAX_VALUE;

    /** OK, FAIL or INFO (a pending operation is INFO). */
    public OpType outcome() {
        return completion == null ? OpType.INFO : completion.type();
    }

    public String f() {
        return invoke.f();
    }

    public long process() {
        return invoke.process();
    }

    /** History index of the invocation: the operation took effect after it. */
    public long start() {
        return invoke.index();
    }

    /** History index of the completion, or NEVER for info and pending operations. */
    public long end() {
        return completion == null || completion.type() == OpType.INFO ? NEVER : completion.index();
    }

    /** The value the operation returned (completion's), falling back to the invocation's. */
    public Object value() {
        return completion != null && completion.value() != null ? completion.value() : invoke.value();
    }

    /** The completion's value as a LogValue, else the invocation's, else null. */
    public LogValue logValue() {
        Object v = value();
        return v instanceof LogValue lv ? lv : null;
    }

    /** The completion's error name, or null. */
    public String errorName() {
        return completion == null ? null : completion.errorName();
    }

    /** The last history index that belongs to this operation (for windows). */
    public long lastIndex() {
        return completion == null ? invoke.index() : completion.index();
    }
}
