package io.ringworld.checker.gen;

import io.ringworld.checker.history.History;
import io.ringworld.checker.history.HistoryBuilder;
import io.ringworld.checker.history.LogValue;
import io.ringworld.checker.history.Op;
import io.ringworld.checker.history.OpType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded generator of linearizable shared-log histories: runs a sequential SharedLog (with junk
 * appearing at random moments), gives op i the linearization point 10 i + 5, and an interval
 * around it of random width (the concurrency); some ops crash (:info, taking effect or not), some
 * appends fail, some reads time out. {@link #render} assigns processes the Jepsen way (one open
 * op per process; a crashed process is replaced by a fresh one).
 */
public final class RandomLogHistory {
    /**
     * @param operations  how many operations
     * @param widthMax    interval half-width, in linearization steps (0: sequential)
     * @param junkRate    chance that a junk slot appears before an op
     * @param crashRate   chance that an op ends :info (or stays pending)
     * @param failRate    chance that an append fails (:lost) or a read times out
     * @param readRate    share of reads; the rest is appends, tails and trims
     * @param trimRate    share of trims
     */
    public record Params(int operations, double widthMax, double junkRate, double crashRate, double failRate,
                         double readRate, double trimRate) {
        public static Params small(int operations) {
            return new Params(operations, 2.5, 0.2, 0.15, 0.1, 0.35, 0.1);
        }

        public static Params bench(int operations) {
            return new Params(operations, 4, 0.01, 0.01, 0.01, 0.45, 0.001);
        }
    }

    private RandomLogHistory() {
    }

    public static History generate(long seed, Params params) {
        return render(plan(new SplittableRandom(seed), params));
    }

    /** A linearizable plan. */
    public static List<PlannedOp> plan(SplittableRandom random, Params p) {
        List<Object> log = new ArrayList<>();
        Object junk = new Object();
        long trim = 0;
        List<PlannedOp> plan = new ArrayList<>(p.operations());
        for (int i = 0; i < p.operations(); i++) {
            if (random.nextDouble() < p.junkRate()) {
                log.add(junk);
            }
            double at = 10.0 * i + 5;
            double invokeAt = at - random.nextDouble() * 10 * p.widthMax();
            double completeAt = at + random.nextDouble() * 10 * p.widthMax();
            boolean crash = random.nextDouble() < p.crashRate();
            boolean fail = random.nextDouble() < p.failRate();
            boolean takesEffect = !crash || random.nextBoolean();
            double kind = random.nextDouble();
            PlannedOp op;
            if (kind < p.readRate()) {
                op = read(random, log, junk, trim, invokeAt, completeAt, fail);
            } else if (kind < p.readRate() + p.trimRate()) {
                op = trim(random, log.size(), trim, invokeAt, completeAt, fail);
                if (fail) {
                    takesEffect = false;
                }
                if (takesEffect) {
                    trim = Math.max(trim, op.position);
                }
            } else if (kind < p.readRate() + p.trimRate() + 0.15) {
                op = new PlannedOp("tail", OpType.OK, invokeAt, completeAt);
                op.tail = log.size() - 1;
            } else {
                op = new PlannedOp("append", OpType.OK, invokeAt, completeAt);
                op.payload = "a" + i;
                if (fail && !crash) {
                    op.outcome = OpType.FAIL;
                    op.error = "lost";
                    takesEffect = false;
                }
                if (takesEffect) {
                    op.position = log.size();
                    log.add(op.payload);
                }
            }
            if (crash) {
                crash(op, random);
            }
            plan.add(op);
        }
        return plan;
    }

    /** A read of a position near the live part of the log, answered by the sequential log. */
    private static PlannedOp read(SplittableRandom random, List<Object> log, Object junk, long trim, double invokeAt,
                                  double completeAt, boolean timeout) {
        long lo = Math.max(0, trim - 2);
        long pos = lo + random.nextInt((int) Math.min(Integer.MAX_VALUE - 2, log.size() - lo + 2));
        PlannedOp op = new PlannedOp("read", OpType.OK, invokeAt, completeAt);
        op.position = pos;
        if (timeout) {
            op.outcome = OpType.FAIL;
            op.error = "timeout";
        } else if (pos < trim) {
            op.outcome = OpType.FAIL;
            op.error = "trimmed";
        } else if (pos >= log.size()) {
            op.outcome = OpType.FAIL;
            op.error = "not-yet";
        } else if (log.get((int) pos) == junk) {
            op.junk = true;
        } else {
            op.payload = log.get((int) pos);
        }
        return op;
    }

    /** A trim to a position between just below the trim point and the log's length. */
    private static PlannedOp trim(SplittableRandom random, int length, long trim, double invokeAt, double completeAt,
                                  boolean busy) {
        PlannedOp op = new PlannedOp("trim", OpType.OK, invokeAt, completeAt);
        long lo = Math.max(0, trim - 1);
        op.position = lo + random.nextInt((int) Math.min(Integer.MAX_VALUE - 2, length - lo + 1));
        if (busy) {
            op.outcome = OpType.FAIL;
            op.error = "busy";
        }
        return op;
    }

    private static void crash(PlannedOp op, SplittableRandom random) {
        op.outcome = OpType.INFO;
        op.error = "crashed";
        if ("read".equals(op.f)) {
            op.payload = null;
            op.junk = false;
        }
        if (random.nextInt(4) == 0) {
            op.completeAt = Double.POSITIVE_INFINITY;
        }
    }

    /** Turns a plan into a history: sorts invocations and completions by time, assigns processes. */
    public static History render(List<PlannedOp> plan) {
        int n = plan.size();
        long[] events = new long[2 * n];
        double[] times = new double[2 * n];
        Integer[] order = new Integer[2 * n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            times[count] = plan.get(i).invokeAt;
            events[count++] = 2L * i;
            if (!plan.get(i).pending()) {
                times[count] = plan.get(i).completeAt;
                events[count++] = 2L * i + 1;
            }
        }
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        final double[] t = times;
        final long[] ev = events;
        Arrays.sort(order, 0, count, (a, b) -> t[a] != t[b] ? Double.compare(t[a], t[b]) : Long.compare(ev[a], ev[b]));
        return emit(plan, order, count, events, times);
    }

    private static History emit(List<PlannedOp> plan, Integer[] order, int count, long[] events, double[] times) {
        HistoryBuilder b = new HistoryBuilder(count);
        long[] processOf = new long[plan.size()];
        ArrayDeque<Long> free = new ArrayDeque<>();
        long nextProcess = 0;
        for (int k = 0; k < count; k++) {
            int e = order[k];
            int i = (int) (events[e] >> 1);
            PlannedOp op = plan.get(i);
            long timeNanos = (long) (times[e] * 1000);
            if ((events[e] & 1) == 0) {
                processOf[i] = free.isEmpty() ? nextProcess++ : free.pollFirst();
                b.add(Op.of(OpType.INVOKE, op.f, processOf[i], timeNanos, invokeValue(op)));
            } else {
                b.add(Op.of(op.outcome, op.f, processOf[i], timeNanos, completionValue(op), op.error));
                if (op.outcome != OpType.INFO) {
                    free.addLast(processOf[i]);
                }
            }
        }
        return b.build();
    }

    private static LogValue invokeValue(PlannedOp op) {
        switch (op.f) {
            case "append": return LogValue.payload(op.payload);
            case "tail": return null;
            default: return LogValue.position(op.position);
        }
    }

    private static LogValue completionValue(PlannedOp op) {
        if (op.outcome != OpType.OK) {
            return invokeValue(op);
        }
        switch (op.f) {
            case "append": return LogValue.appended(op.payload, op.position);
            case "tail": return LogValue.tailOf(op.tail);
            case "read": return op.junk ? LogValue.junkAt(op.position) : LogValue.read(op.position, op.payload);
            default: return LogValue.position(op.position);
        }
    }
}
