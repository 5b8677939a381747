package io.ringworld.checker.wgl;

import io.ringworld.checker.history.History;
import io.ringworld.checker.history.HistoryFormatException;
import io.ringworld.checker.history.LogValue;
import io.ringworld.checker.history.OpType;
import io.ringworld.checker.history.Operation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SharedLog as a deterministic sequential specification. Junk may appear at any moment; the model
 * adds it lazily, just before the first operation that needs the log longer (an append at a
 * higher position, a tail, a read of junk). Delaying junk never hurts: it only keeps the log
 * shorter, which is what not-yet reads and tails prefer. Each slot's payload is known up front
 * (ok appends returned it; a read of an :info append's payload reveals its position), so a slot
 * that some append owns may never become junk, and the state is just (length, trim point).
 */
final class SharedLogModel implements Model {
    @Override
    public String name() {
        return "log";
    }

    /** The log's length (slots, payload or junk) and trim point (positions below it are trimmed). */
    record LogState(long length, long trim) {
    }

    @Override
    public Spec compile(History history, List<Operation> partition) {
        return new Compiled(history, partition);
    }

    private static final class Compiled implements Spec {
        private final List<Operation> kept = new ArrayList<>();
        /** By operation id: ops that can never take effect with the result they returned. */
        private final boolean[] impossible;
        /** By operation id: the position of each append whose position is known, else NONE. */
        private final long[] appendPosition;
        private long[] owned;

        Compiled(History history, List<Operation> ops) {
            impossible = new boolean[history.operations().size()];
            appendPosition = new long[history.operations().size()];
            Arrays.fill(appendPosition, LogValue.NONE);
            Map<Object, Operation> appendOf = new HashMap<>();
            for (Operation op : ops) {
                validate(history, op);
                if ("append".equals(op.f())) {
                    appendOf.put(op.invoke().logValue().payload(), op);
                }
            }
            Map<Long, Operation> owner = new HashMap<>();
            for (Operation op : ops) {
                if ("append".equals(op.f()) && op.outcome() == OpType.OK) {
                    long p = op.logValue().position();
                    appendPosition[op.id()] = p;
                    if (owner.putIfAbsent(p, op) != null) {
                        impossible[op.id()] = true;
                    }
                }
            }
            // Payload reads first: they reveal where :info appends went, which junk reads must respect.
            for (Operation op : ops) {
                if ("read".equals(op.f()) && op.outcome() == OpType.OK && !op.logValue().junk()) {
                    checkRead(op, appendOf, owner);
                }
            }
            for (Operation op : ops) {
                if ("read".equals(op.f()) && op.outcome() == OpType.OK && op.logValue().junk()) {
                    checkRead(op, appendOf, owner);
                }
            }
            owned = owner.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
            for (Operation op : ops) {
                if (constrains(op)) {
                    kept.add(op);
                }
            }
        }

        private void checkRead(Operation read, Map<Object, Operation> appendOf, Map<Long, Operation> owner) {
            LogValue v = read.logValue();
            Operation holder = owner.get(v.position());
            if (v.junk()) {
                if (holder != null) {
                    impossible[read.id()] = true;
                }
                return;
            }
            Operation append = appendOf.get(v.payload());
            if (append == null || append.outcome() == OpType.FAIL) {
                impossible[read.id()] = true;
                return;
            }
            long known = appendPosition[append.id()];
            if (known == LogValue.NONE) {
                appendPosition[append.id()] = v.position();
                known = v.position();
                if (holder == null) {
                    owner.put(known, append);
                    holder = append;
                } else {
                    impossible[append.id()] = true;
                }
            }
            if (known != v.position() || holder != append) {
                impossible[read.id()] = true;
            }
        }

        private boolean constrains(Operation op) {
            switch (op.f()) {
                case "append": return op.outcome() != OpType.FAIL && appendPosition[op.id()] != LogValue.NONE;
                case "read":
                    if (op.outcome() == OpType.OK) {
                        return true;
                    }
                    return op.outcome() == OpType.FAIL
                        && ("not-yet".equals(op.errorName()) || "trimmed".equals(op.errorName()));
                case "tail": return op.outcome() == OpType.OK;
                default: return op.outcome() != OpType.FAIL;
            }
        }

        @Override
        public List<Operation> operations() {
            return kept;
        }

        @Override
        public boolean required(Operation op) {
            return op.outcome() != OpType.INFO;
        }

        @Override
        public Object initialState() {
            return new LogState(0, 0);
        }

        @Override
        public Object step(Object state, Operation op) {
            if (impossible[op.id()]) {
                return null;
            }
            LogState s = (LogState) state;
            switch (op.f()) {
                case "append": return growTo(s, appendPosition[op.id()], 1);
                case "read": return read(s, op);
                case "tail": return growTo(s, op.logValue().tail() + 1, 0);
                default:
                    long q = op.invoke().logValue().position();
                    return q > s.trim() ? new LogState(s.length(), q) : s;
            }
        }

        private Object read(LogState s, Operation op) {
            long p = op.invoke().logValue().position();
            if (op.outcome() == OpType.FAIL) {
                boolean trimmed = p < s.trim();
                boolean wantTrimmed = "trimmed".equals(op.errorName());
                return trimmed == wantTrimmed && (trimmed || p >= s.length()) ? s : null;
            }
            if (p < s.trim()) {
                return null;
            }
            if (op.logValue().junk()) {
                return p < s.length() ? s : growTo(s, p + 1, 0);
            }
            return p < s.length() ? s : null;
        }

        /** Pads junk up to `length`, then adds `extra` slots (an append); null if that cannot be. */
        private Object growTo(LogState s, long length, int extra) {
            if (s.length() > length) {
                return null;
            }
            if (s.length() < length && ownedWithin(s.length(), length)) {
                return null;
            }
            return new LogState(length + extra, s.trim());
        }

        private boolean ownedWithin(long from, long to) {
            int i = Arrays.binarySearch(owned, from);
            int at = i >= 0 ? i : -i - 1;
            return at < owned.length && owned[at] < to;
        }

        private static void validate(History history, Operation op) {
            boolean ok;
            switch (op.f()) {
                case "append":
                    ok = op.invoke().logValue() != null && op.invoke().logValue().payload() != null
                        && (op.outcome() != OpType.OK || op.logValue().hasPosition());
                    break;
                case "read":
                    ok = op.invoke().logValue() != null && op.invoke().logValue().hasPosition()
                        && (op.outcome() != OpType.OK || op.logValue().junk() || op.logValue().payload() != null);
                    break;
                case "tail":
                    ok = op.outcome() != OpType.OK || (op.logValue() != null && op.logValue().hasTail());
                    break;
                case "trim":
                    ok = op.invoke().logValue() != null && op.invoke().logValue().hasPosition();
                    break;
                default:
                    throw new HistoryFormatException(history.lineOf(op.start()), ":f",
                        "the shared-log model has no :" + op.f() + " (expected :append :read :tail :trim)");
            }
            if (!ok) {
                throw new HistoryFormatException(history.lineOf(op.lastIndex()), ":value",
                    "malformed :" + op.f() + " value");
            }
        }
    }
}
