package io.ringworld.checker.wgl;

import io.ringworld.checker.history.History;
import io.ringworld.checker.history.Op;
import io.ringworld.checker.history.Operation;
import io.ringworld.checker.history.OpType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;

/**
 * Shrinks a non-linearizable partition to a small set of operations that is non-linearizable on
 * its own: first the shortest prefix (linearizability is prefix-closed, so a binary search over
 * cut points finds it; operations completing after the cut become pending), then, if few enough
 * remain, greedy relaxation: each operation in turn becomes :info (it may or may not take effect,
 * at any time after its invocation), which can only make a history more linearizable; if the
 * violation survives, that operation is not needed to show it. The operations left :ok or :fail
 * are the violation's core.
 */
final class WglExplainer {
    private static final int GREEDY_OPS_MAX = 80;
    private final Model model;
    private final long deadlineNanos;

    WglExplainer(Model model, long deadlineNanos) {
        this.model = model;
        this.deadlineNanos = deadlineNanos;
    }

    /** A smaller set of the partition's operations whose outcomes together are not linearizable. */
    List<Operation> shrink(List<Operation> partition) {
        List<Operation> ops = shortestPrefix(partition);
        if (ops.size() > GREEDY_OPS_MAX) {
            return ops;
        }
        Set<Operation> relaxed = new HashSet<>();
        for (int i = ops.size() - 1; i >= 0 && System.nanoTime() < deadlineNanos; i--) {
            relaxed.add(ops.get(i));
            if (!invalid(ops, Long.MAX_VALUE, relaxed)) {
                relaxed.remove(ops.get(i));
            }
        }
        List<Operation> core = new ArrayList<>();
        for (Operation op : ops) {
            if (!relaxed.contains(op)) {
                core.add(op);
            }
        }
        return core;
    }

    /** The operations of the shortest invalid prefix (ending with the op completing at the cut). */
    private List<Operation> shortestPrefix(List<Operation> ops) {
        long lo = 0;
        long hi = 0;
        for (Operation op : ops) {
            hi = Math.max(hi, op.lastIndex());
        }
        while (lo < hi && System.nanoTime() < deadlineNanos) {
            long mid = (lo + hi) >>> 1;
            if (invalid(ops, mid, Set.of())) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        List<Operation> kept = new ArrayList<>();
        for (Operation op : ops) {
            if (op.start() <= hi) {
                kept.add(op);
            }
        }
        return kept;
    }

    /** Whether the sub-history of `ops`, cut after history index `cut`, is definitely not linearizable. */
    private boolean invalid(List<Operation> ops, long cut, Set<Operation> relaxed) {
        List<Op> lines = new ArrayList<>();
        for (Operation op : ops) {
            if (op.start() <= cut) {
                lines.add(op.invoke());
            }
            Op done = op.completion();
            if (done != null && done.index() <= cut) {
                lines.add(relaxed.contains(op) ? new Op(done.index(), OpType.INFO, done.f(), done.process(),
                    done.timeNanos(), done.value(), null, done.extra()) : done);
            }
        }
        lines.sort((a, b) -> Long.compare(a.index(), b.index()));
        History sub = History.of(lines);
        Model.Spec spec = model.compile(sub, sub.operations());
        return new WglSearch(spec, deadlineNanos, Long.MAX_VALUE).run() == WglSearch.Outcome.NOT_LINEARIZABLE;
    }
}
