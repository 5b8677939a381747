package io.ringworld.checker.history;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable Jepsen history: ops in order, and their pairing into {@link Operation}s.
 * Pairing follows Jepsen: each client process has at most one open invocation; a completion closes
 * its process's open invocation and must name the same {@code :f}. Nemesis ops are kept (so
 * writing gives them back) but are not paired and no checker looks at them.
 */
public final class History {
    private final List<Op> ops;
    private final long[] lines;
    private final List<Operation> operations;

    private History(List<Op> ops, long[] lines) {
        this.ops = ops;
        this.lines = lines;
        this.operations = Collections.unmodifiableList(pair(ops, lines));
    }

    /** A history of in-memory ops (their index is set to their position); line of op i is i + 1. */
    public static History of(List<Op> ops) {
        return of(ops, null);
    }

    /**
     * A history whose op i came from line {@code lines[i]} of a file (null: line i + 1).
     *
     * @throws HistoryFormatException if the ops do not pair up
     */
    public static History of(List<Op> ops, long[] lines) {
        List<Op> indexed = new ArrayList<>(ops.size());
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            indexed.add(op.index() == i ? op : op.withIndex(i));
        }
        return new History(Collections.unmodifiableList(indexed), lines);
    }

    public List<Op> ops() {
        return ops;
    }

    public int size() {
        return ops.size();
    }

    /** Client operations (nemesis excluded), in order of invocation. */
    public List<Operation> operations() {
        return operations;
    }

    /** The 1-based source line of the op at history index i. */
    public long lineOf(long index) {
        return lines == null ? index + 1 : lines[(int) index];
    }

    /** The sub-history of ops with index in [from, to] (inclusive), e.g. a verdict's window. */
    public List<Op> slice(long from, long to) {
        int a = (int) Math.max(0, from);
        int b = (int) Math.min(ops.size() - 1, to);
        return a > b ? List.of() : ops.subList(a, b + 1);
    }

    private static List<Operation> pair(List<Op> ops, long[] lines) {
        Map<Long, Integer> open = new HashMap<>();
        List<Op> invokes = new ArrayList<>();
        List<Op> completions = new ArrayList<>();
        List<HistoryFormatException.Problem> problems = new ArrayList<>();
        for (Op op : ops) {
            if (op.isNemesis()) {
                continue;
            }
            long line = lines == null ? op.index() + 1 : lines[(int) op.index()];
            Integer openId = open.get(op.process());
            if (op.type() == OpType.INVOKE) {
                if (openId != null) {
                    problems.add(new HistoryFormatException.Problem(line, ":process", "process " + op.process()
                        + " invoked :" + op.f() + " while its :" + invokes.get(openId).f() + " invoked at line "
                        + (lines == null ? invokes.get(openId).index() + 1 : lines[(int) invokes.get(openId).index()])
                        + " is still open"));
                    continue;
                }
                open.put(op.process(), invokes.size());
                invokes.add(op);
                completions.add(null);
            } else if (openId == null) {
                problems.add(new HistoryFormatException.Problem(line, ":process", ":" + op.type().keyword()
                    + " for process " + op.process() + " which has no open invocation"));
            } else if (!invokes.get(openId).f().equals(op.f())) {
                problems.add(new HistoryFormatException.Problem(line, ":f", ":" + op.type().keyword() + " of :" + op.f()
                    + " completes an invocation of :" + invokes.get(openId).f()));
            } else {
                completions.set(openId, op);
                open.remove(op.process());
            }
        }
        if (!problems.isEmpty()) {
            throw new HistoryFormatException(problems);
        }
        List<Operation> result = new ArrayList<>(invokes.size());
        for (int i = 0; i < invokes.size(); i++) {
            result.add(new Operation(i, invokes.get(i), completions.get(i)));
        }
        return result;
    }
}
