package io.ringworld.checker.history;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a shared-log history in memory, in the order events happened (no EDN text involved): the
 * fast path for the simulator. Each method adds one op; {@link #build()} pairs and validates.
 * Errors are keyword names without the colon: {@code "lost"}, {@code "not-yet"}, {@code "trimmed"}.
 */
public final class HistoryBuilder {
    private final List<Op> ops;

    public HistoryBuilder() {
        this.ops = new ArrayList<>();
    }

    public HistoryBuilder(int expectedOps) {
        this.ops = new ArrayList<>(expectedOps);
    }

    /** Adds any op (e.g. a nemesis op or a register op). */
    public HistoryBuilder add(Op op) {
        ops.add(op.withIndex(ops.size()));
        return this;
    }

    public HistoryBuilder invokeAppend(long process, Object payload, long timeNanos) {
        return add(Op.of(OpType.INVOKE, "append", process, timeNanos, LogValue.payload(payload)));
    }

    public HistoryBuilder okAppend(long process, Object payload, long position, long timeNanos) {
        return add(Op.of(OpType.OK, "append", process, timeNanos, LogValue.appended(payload, position)));
    }

    public HistoryBuilder failAppend(long process, Object payload, String error, long timeNanos) {
        return add(Op.of(OpType.FAIL, "append", process, timeNanos, LogValue.payload(payload), error));
    }

    public HistoryBuilder infoAppend(long process, Object payload, String error, long timeNanos) {
        return add(Op.of(OpType.INFO, "append", process, timeNanos, LogValue.payload(payload), error));
    }

    public HistoryBuilder invokeRead(long process, long position, long timeNanos) {
        return add(Op.of(OpType.INVOKE, "read", process, timeNanos, LogValue.position(position)));
    }

    public HistoryBuilder okRead(long process, long position, Object payload, long timeNanos) {
        return add(Op.of(OpType.OK, "read", process, timeNanos, LogValue.read(position, payload)));
    }

    public HistoryBuilder okReadJunk(long process, long position, long timeNanos) {
        return add(Op.of(OpType.OK, "read", process, timeNanos, LogValue.junkAt(position)));
    }

    /** A failed read; error "not-yet" and "trimmed" constrain the log, others do not. */
    public HistoryBuilder failRead(long process, long position, String error, long timeNanos) {
        return add(Op.of(OpType.FAIL, "read", process, timeNanos, LogValue.position(position), error));
    }

    public HistoryBuilder infoRead(long process, long position, String error, long timeNanos) {
        return add(Op.of(OpType.INFO, "read", process, timeNanos, LogValue.position(position), error));
    }

    public HistoryBuilder invokeTail(long process, long timeNanos) {
        return add(Op.of(OpType.INVOKE, "tail", process, timeNanos, null));
    }

    public HistoryBuilder okTail(long process, long tail, long timeNanos) {
        return add(Op.of(OpType.OK, "tail", process, timeNanos, LogValue.tailOf(tail)));
    }

    public HistoryBuilder invokeTrim(long process, long position, long timeNanos) {
        return add(Op.of(OpType.INVOKE, "trim", process, timeNanos, LogValue.position(position)));
    }

    public HistoryBuilder okTrim(long process, long position, long timeNanos) {
        return add(Op.of(OpType.OK, "trim", process, timeNanos, LogValue.position(position)));
    }

    /** Completes the process's open operation with {@code :info} (outcome unknown), keeping its f. */
    public HistoryBuilder info(long process, String f, Object value, String error, long timeNanos) {
        return add(Op.of(OpType.INFO, f, process, timeNanos, value, error));
    }

    public HistoryBuilder fail(long process, String f, Object value, String error, long timeNanos) {
        return add(Op.of(OpType.FAIL, f, process, timeNanos, value, error));
    }

    public int size() {
        return ops.size();
    }

    /** @throws HistoryFormatException if the ops do not pair up per process */
    public History build() {
        return History.of(ops);
    }
}
