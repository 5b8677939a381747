package io.ringworld.checker.oracle;

import io.ringworld.checker.history.History;
import io.ringworld.checker.history.LogValue;
import io.ringworld.checker.history.OpType;
import io.ringworld.checker.history.Operation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The test oracle: enumerates every linearization order of a tiny shared-log history against the
 * plain sequential SharedLog, inserting any number of junk slots before every operation. Shares no
 * code with the checkers (only the history model). Exponential: histories of at most ~8 operations.
 */
public final class BruteForce {
    private static final Object JUNK = new Object() {
        @Override
        public String toString() {
            return "JUNK";
        }
    };
    private static final Object NOT_YET = new Object();
    private static final Object TRIMMED = new Object();

    private final List<Operation> ops = new ArrayList<>();
    private final boolean[] required;
    private final long[] precedesMask;
    private final int lengthMax;
    private final Set<List<Object>> failed = new HashSet<>();

    private BruteForce(History history) {
        for (Operation op : history.operations()) {
            if (kept(op)) {
                ops.add(op);
            }
        }
        if (ops.size() > 16) {
            throw new IllegalArgumentException("brute force is for tiny histories, got " + ops.size());
        }
        required = new boolean[ops.size()];
        precedesMask = new long[ops.size()];
        long referenced = 0;
        for (int i = 0; i < ops.size(); i++) {
            Operation op = ops.get(i);
            required[i] = op.outcome() != OpType.INFO;
            for (int j = 0; j < ops.size(); j++) {
                if (ops.get(j).end() < op.start()) {
                    precedesMask[i] |= 1L << j;
                }
            }
            LogValue v = op.logValue();
            if (v != null) {
                referenced = Math.max(referenced, Math.max(v.position(), v.tail()) + 1);
            }
        }
        lengthMax = (int) referenced + 1;
    }

    /** Whether some order of the history's operations satisfies the sequential SharedLog. */
    public static boolean linearizable(History history) {
        BruteForce b = new BruteForce(history);
        return b.search(0L, new ArrayList<>(), 0);
    }

    private static boolean kept(Operation op) {
        switch (op.f()) {
            case "append":
            case "trim":
                return op.outcome() != OpType.FAIL;
            case "read":
                return op.outcome() == OpType.OK || (op.outcome() == OpType.FAIL
                    && ("not-yet".equals(op.errorName()) || "trimmed".equals(op.errorName())));
            case "tail":
                return op.outcome() == OpType.OK;
            default:
                throw new IllegalArgumentException("not a log op: " + op.f());
        }
    }

    private boolean search(long done, List<Object> log, long trim) {
        boolean finished = true;
        for (int i = 0; i < ops.size(); i++) {
            finished &= !required[i] || (done & (1L << i)) != 0;
        }
        if (finished) {
            return true;
        }
        List<Object> key = List.of(done, List.copyOf(log), trim);
        if (failed.contains(key)) {
            return false;
        }
        for (int i = 0; i < ops.size(); i++) {
            if ((done & (1L << i)) != 0 || (precedesMask[i] & ~done) != 0) {
                continue;
            }
            for (int junk = 0; junk == 0 || log.size() + junk <= lengthMax; junk++) {
                List<Object> next = new ArrayList<>(log);
                for (int k = 0; k < junk; k++) {
                    next.add(JUNK);
                }
                long[] trimAfter = {trim};
                if (apply(ops.get(i), next, trimAfter) && search(done | (1L << i), next, trimAfter[0])) {
                    return true;
                }
            }
        }
        failed.add(key);
        return false;
    }

    /** Runs op on the sequential log; true if its result is the one the history recorded. */
    private static boolean apply(Operation op, List<Object> log, long[] trim) {
        LogValue v = op.logValue();
        switch (op.f()) {
            case "append":
                long position = log.size();
                log.add(op.invoke().logValue().payload());
                return op.outcome() == OpType.INFO || position == v.position();
            case "trim":
                trim[0] = Math.max(trim[0], op.invoke().logValue().position());
                return true;
            case "tail":
                return log.size() - 1 == v.tail();
            default:
                long p = op.invoke().logValue().position();
                Object result = p < trim[0] ? TRIMMED : p >= log.size() ? NOT_YET : log.get((int) p);
                if (op.outcome() == OpType.FAIL) {
                    return result == (op.errorName().equals("trimmed") ? TRIMMED : NOT_YET);
                }
                return v.junk() ? result == JUNK : Objects.equals(result, v.payload());
        }
    }
}
