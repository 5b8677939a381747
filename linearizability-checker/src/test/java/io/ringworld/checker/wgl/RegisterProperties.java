package io.ringworld.checker.wgl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ringworld.checker.Seeds;
import io.ringworld.checker.history.History;
import io.ringworld.checker.history.HistoryBuilder;
import io.ringworld.checker.history.HistoryWriter;
import io.ringworld.checker.history.Op;
import io.ringworld.checker.history.OpType;
import io.ringworld.checker.history.Operation;
import io.ringworld.checker.report.Verdict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;

/**
 * WGL with the register and kv models agrees with a brute-force enumeration of orders on random
 * small histories of reads, writes and cas with random concurrency and crashes (some reads lie).
 */
class RegisterProperties {
    @Provide
    Arbitrary<Long> seeds() {
        return Seeds.arbitrary();
    }

    @Property(tries = 5_000, shrinking = ShrinkingMode.OFF)
    void wglAgreesWithBruteForceOnRegisters(@ForAll("seeds") long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        boolean kv = random.nextBoolean();
        History h = randomHistory(random, kv);
        boolean expected = kv ? bruteKv(h) : brute(h.operations(), false);
        Verdict v = WglChecker.check(h, kv ? Models.kv() : Models.register(), Budget.DEFAULT);
        Statistics.label("verdict").collect(expected);
        assertEquals(expected, v.isValid(), Seeds.replay(seed) + "\n" + HistoryWriter.toEdn(h));
    }

    /** A sequential register run, intervals around linearization points, crashes, and lies. */
    private static History randomHistory(SplittableRandom random, boolean kv) {
        int n = 1 + random.nextInt(7);
        long[] value = new long[2];
        List<double[]> events = new ArrayList<>();
        List<Op[]> ops = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int key = kv ? random.nextInt(2) : 0;
            int kind = random.nextInt(3);
            Object in;
            Object out;
            if (kind == 0) {
                long read = random.nextInt(8) == 0 ? random.nextInt(4) : value[key];
                in = wrap(kv, key, null);
                out = wrap(kv, key, read == 0 ? null : read);
            } else if (kind == 1) {
                value[key] = 1 + random.nextInt(3);
                in = out = wrap(kv, key, value[key]);
            } else {
                long old = random.nextInt(3) == 0 ? random.nextInt(4) : value[key];
                long next = 1 + random.nextInt(3);
                List<Object> cas = Arrays.asList(old == 0 ? null : old, next);
                in = out = wrap(kv, key, cas);
                if (old != value[key]) {
                    continue;
                }
                value[key] = next;
            }
            String f = kind == 0 ? "read" : kind == 1 ? "write" : "cas";
            boolean crash = kind != 0 && random.nextInt(6) == 0;
            double at = 10 * i + 5;
            ops.add(new Op[] {Op.of(OpType.INVOKE, f, i, 0, in),
                Op.of(crash ? OpType.INFO : OpType.OK, f, i, 0, out)});
            events.add(new double[] {at - random.nextDouble() * 25, ops.size() - 1, 0});
            events.add(new double[] {at + random.nextDouble() * 25, ops.size() - 1, 1});
        }
        events.sort((a, b) -> Double.compare(a[0], b[0]));
        HistoryBuilder b = new HistoryBuilder();
        for (double[] e : events) {
            b.add(ops.get((int) e[1])[(int) e[2]]);
        }
        return b.build();
    }

    private static Object wrap(boolean kv, int key, Object v) {
        return kv ? Arrays.asList((long) key, v) : v;
    }

    private static boolean bruteKv(History h) {
        for (long key = 0; key < 2; key++) {
            List<Operation> ops = new ArrayList<>();
            for (Operation op : h.operations()) {
                if (((List<?>) op.invoke().value()).get(0).equals(key)) {
                    ops.add(op);
                }
            }
            if (!brute(ops, true)) {
                return false;
            }
        }
        return true;
    }

    /** Any order respecting real time in which every ok op (and any subset of info ops) fits a register. */
    private static boolean brute(List<Operation> ops, boolean kv) {
        return search(ops, new boolean[ops.size()], null, kv);
    }

    private static boolean search(List<Operation> ops, boolean[] done, Object state, boolean kv) {
        boolean finished = true;
        for (int i = 0; i < ops.size(); i++) {
            finished &= done[i] || ops.get(i).outcome() != OpType.OK;
        }
        if (finished) {
            return true;
        }
        for (int i = 0; i < ops.size(); i++) {
            if (done[i] || !minimal(ops, done, i)) {
                continue;
            }
            Operation op = ops.get(i);
            Object in = kv ? ((List<?>) op.invoke().value()).get(1) : op.invoke().value();
            Object out = kv ? ((List<?>) op.completion().value()).get(1) : op.completion().value();
            Object next;
            if (op.f().equals("read")) {
                next = Objects.equals(state, out) ? state : FAIL;
            } else if (op.f().equals("write")) {
                next = in;
            } else {
                List<?> cas = (List<?>) in;
                next = Objects.equals(state, cas.get(0)) ? cas.get(1) : FAIL;
            }
            if (next != FAIL) {
                done[i] = true;
                boolean ok = search(ops, done, next, kv);
                done[i] = false;
                if (ok) {
                    return true;
                }
            }
        }
        return false;
    }

    private static final Object FAIL = new Object();

    private static boolean minimal(List<Operation> ops, boolean[] done, int i) {
        for (int j = 0; j < ops.size(); j++) {
            if (!done[j] && ops.get(j).end() < ops.get(i).start()) {
                return false;
            }
        }
        return true;
    }
}
