package io.ringworld.checker.cli;

import io.ringworld.checker.gen.RandomLogHistory;
import io.ringworld.checker.history.History;
import io.ringworld.checker.history.HistoryReader;
import io.ringworld.checker.history.HistoryWriter;
import io.ringworld.checker.log.LogChecker;
import io.ringworld.checker.report.Verdict;
import io.ringworld.checker.wgl.Budget;
import io.ringworld.checker.wgl.Models;
import io.ringworld.checker.wgl.WglChecker;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;

/**
 * {@code ringworld check --bench}: times the fast checker on a generated history of a million
 * operations (HdrHistogram over several runs, peak heap), the same history through EDN text, and
 * finds the largest history of the same shape WGL checks within 10 s.
 */
final class Bench {
    private static final long WGL_LIMIT_MS = 10_000;
    private final PrintWriter out;
    private final long seed;
    private final int operations;
    private final int runs;
    private final int wglMaxOps;

    Bench(PrintWriter out, long seed, int operations, int runs, int wglMaxOps) {
        this.wglMaxOps = wglMaxOps;
        this.out = out;
        this.seed = seed;
        this.operations = operations;
        this.runs = runs;
    }

    void run() {
        out.println("bench seed " + seed + " (replay: ringworld check --bench --seed " + seed + ")");
        long t0 = System.nanoTime();
        History history = RandomLogHistory.generate(seed, RandomLogHistory.Params.bench(operations));
        long crashed = history.operations().stream()
            .filter(op -> op.outcome() == io.ringworld.checker.history.OpType.INFO).count();
        out.printf("generated %,d operations (%,d ops in history, %,d crashed/:info) in %d ms%n",
            history.operations().size(), history.size(), crashed, ms(t0));
        fast(history);
        viaEdn(history);
        wide();
        out.flush();
        wgl();
        out.flush();
    }

    private void fast(History history) {
        Histogram hist = new Histogram(3_600_000L, 3);
        Verdict verdict = LogChecker.check(history);
        for (int i = 0; i < 2; i++) {
            verdict = LogChecker.check(history); // warm-up: the timed runs measure compiled code
        }
        System.gc();
        long baseline = heapUsed();
        resetPeaks();
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            verdict = LogChecker.check(history);
            hist.recordValue(Math.max(1, ms(t)));
        }
        long peak = heapPeak();
        out.printf("fast checker, %,d ops, %d runs after 3 warm-up: %s; ms p50 %d p90 %d p99 %d max %d%n", history.operations().size(),
            runs, verdict.validity(), hist.getValueAtPercentile(50), hist.getValueAtPercentile(90),
            hist.getValueAtPercentile(99), hist.getMaxValue());
        out.printf("  heap: history alone %d MB; peak during checks %d MB (includes the history and garbage)%n",
            baseline >> 20, peak >> 20);
    }

    /** The fast checker on the "wide" shape WGL gives up on: 24 ops in flight, 5% crashed. */
    private void wide() {
        History h = RandomLogHistory.generate(seed, wideShape(operations));
        LogChecker.check(h);
        long t = System.nanoTime();
        Verdict v = LogChecker.check(h);
        out.printf("fast checker, wide shape, %,d ops: %s in %d ms (one run after one warm-up)%n",
            h.operations().size(), v.validity(), ms(t));
    }

    private static RandomLogHistory.Params wideShape(int size) {
        return new RandomLogHistory.Params(size, 12, 0.05, 0.05, 0.02, 0.45, 0.01);
    }

    private void viaEdn(History history) {
        try {
            Path file = Files.createTempFile("ringworld-bench", ".edn");
            try {
                long t = System.nanoTime();
                HistoryWriter.write(history, file);
                long writeMs = ms(t);
                t = System.nanoTime();
                History read = HistoryReader.read(file);
                long readMs = ms(t);
                t = System.nanoTime();
                Verdict v = LogChecker.check(read);
                out.printf("EDN: wrote %d MB in %d ms; read (clojure.edn) in %d ms; checked in %d ms: %s%n",
                    Files.size(file) >> 20, writeMs, readMs, ms(t), v.validity());
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void wgl() {
        wglSeries("bench shape (about 8 ops in flight)", RandomLogHistory.Params::bench);
        wglSeries("wide (about 24 ops in flight, 5% crashed)",
            Bench::wideShape);
    }

    /** Doubles the history size until WGL needs more than 10 s; prints the largest it finished. */
    private void wglSeries(String shape, java.util.function.IntFunction<RandomLogHistory.Params> params) {
        int largest = 0;
        long largestMs = 0;
        for (int size = 1_000; size <= wglMaxOps; size *= 2) {
            History h = RandomLogHistory.generate(seed, params.apply(size));
            long t = System.nanoTime();
            Verdict v = WglChecker.check(h, Models.sharedLog(), new Budget(WGL_LIMIT_MS, 50_000_000));
            long took = ms(t);
            out.printf("wgl/log %s, %,d ops: %s in %d ms, %,d states%n", shape, size, v.validity(), took,
                v.stats().get("states"));
            out.flush();
            if (v.validity() == io.ringworld.checker.report.Validity.UNKNOWN || took > WGL_LIMIT_MS) {
                break;
            }
            largest = size;
            largestMs = took;
        }
        out.printf("wgl largest within %d s, %s: %,d ops (%d ms)%n", WGL_LIMIT_MS / 1000, shape, largest, largestMs);
    }

    private static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    private static long heapPeak() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
