package io.ringworld.runtime.bench;

import io.ringworld.client.IndeterminateException;
import io.ringworld.client.RingWorldClient;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.Recorder;

/**
 * Runs one workload: a driver thread per client keeps its window of operations outstanding (each
 * completion frees a slot), for the warm-up and then the measured seconds. Latencies of successful
 * operations go to an HdrHistogram {@link Recorder}; each measured second its interval histogram
 * is written to the run's log and counted into the series; a progress line says where the run is.
 * Operations still outstanding when the time is up complete unmeasured.
 */
public final class BenchRunner {
    private static final long LATENCY_NANOS_MAX = TimeUnit.SECONDS.toNanos(60);

    private final List<RingWorldClient> clients;
    private final int window;
    private final byte[] payload;
    private final long seed;
    private final PrintStream progress;
    /** Indices acknowledged so far (reads pick among them); appends add theirs. */
    private final List<Long> readable;

    public BenchRunner(List<RingWorldClient> clients, int window, int payloadBytes, long seed, List<Long> readable,
            PrintStream progress) {
        this.clients = List.copyOf(clients);
        this.window = window;
        this.payload = new byte[payloadBytes];
        new Random(seed).nextBytes(payload);
        this.seed = seed;
        this.readable = readable;
        this.progress = progress;
    }

    /**
     * Waits until an append is acknowledged (up to {@code seconds}): a cluster of JVMs that just
     * started may change views once, and a run must not measure that.
     */
    public void awaitAppends(int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            try {
                long index = clients.get(0).append(payload).get(10, TimeUnit.SECONDS);
                synchronized (readable) {
                    readable.add(index);
                }
                return;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                progress.println("bench: the cluster does not take appends yet (" + e.getCause() + ")");
            }
        }
        throw new IllegalStateException("no append was acknowledged within " + seconds + " s");
    }

    /** Appends {@code count} entries (pipelined) so that reads have committed entries to read. */
    public void fill(int count) throws InterruptedException {
        Semaphore slots = new Semaphore(window);
        ConcurrentLinkedQueue<Long> got = new ConcurrentLinkedQueue<>();
        for (int k = 0; k < count; k++) {
            slots.acquire();
            clients.get(k % clients.size()).append(payload).whenComplete((index, e) -> {
                if (e == null) {
                    got.add(index);
                }
                slots.release();
            });
        }
        slots.acquire(window);
        synchronized (readable) {
            readable.addAll(got);
        }
    }

    /** Pipelined appends for {@code seconds}, measured by nothing: the JIT compilers' warm-up. */
    public void warmUp(int windowPerClient, int seconds) throws InterruptedException {
        run(Workload.APPEND, windowPerClient, seconds, 0, null);
    }

    /** The cluster's nodes' counters now (their metrics), or null: nothing is counted per run then. */
    private java.util.function.Supplier<NodeTotals> totals;

    /**
     * Reads the nodes' counters with {@code totals} at each measured run's start and end: the
     * frames and messages they sent per operation, their CPU, JIT and GC seconds.
     */
    public void countWith(java.util.function.Supplier<NodeTotals> totals) {
        this.totals = totals;
    }

    private NodeTotals read() {
        return totals == null ? NodeTotals.UNKNOWN : totals.get();
    }

    private static double perOp(long before, long after, long ops) {
        return before >= 0 && after >= before && ops > 0 ? (double) (after - before) / ops : Double.NaN;
    }

    public RunResult run(Workload workload, int windowPerClient, int warmupSeconds, int seconds, HistogramLogWriter log)
            throws InterruptedException {
        if (workload.reads() && readable.isEmpty()) {
            throw new IllegalStateException(workload.cliName + " needs committed entries to read: none were acknowledged");
        }
        Recorder recorder = new Recorder(LATENCY_NANOS_MAX, 3);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong unknown = new AtomicLong();
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> drivers = new ArrayList<>();
        List<Semaphore> windows = new ArrayList<>();
        for (int c = 0; c < clients.size(); c++) {
            Semaphore slots = new Semaphore(windowPerClient);
            windows.add(slots);
            RingWorldClient client = clients.get(c);
            Random random = new Random(seed * 31 + c);
            Thread t = new Thread(() -> drive(workload, client, random, slots, stop, measuring, recorder, ok, failed, unknown),
                    "bench-" + workload.cliName + "-" + c);
            t.setDaemon(true);
            drivers.add(t);
            t.start();
        }
        long busyBefore = busyRetries();
        tick(workload, warmupSeconds, 0, null, null, null, null);
        recorder.getIntervalHistogram(); // the warm-up's latencies: dropped
        ok.set(0);
        failed.set(0);
        unknown.set(0);
        measuring.set(true);
        Histogram total = new Histogram(LATENCY_NANOS_MAX, 3);
        List<Long> series = new ArrayList<>();
        NodeTotals before = read();
        long start = System.nanoTime();
        tick(workload, seconds, warmupSeconds, recorder, total, series, log);
        double measuredSeconds = (System.nanoTime() - start) / 1e9;
        measuring.set(false);
        long okCount = ok.get();
        NodeTotals after = read();
        double framesPerOp = perOp(before.frames(), after.frames(), okCount);
        double messagesPerOp = perOp(before.messages(), after.messages(), okCount);
        long failedCount = failed.get();
        long unknownCount = unknown.get();
        stop.set(true);
        for (int c = 0; c < drivers.size(); c++) {
            drivers.get(c).join();
            windows.get(c).tryAcquire(windowPerClient, 30, TimeUnit.SECONDS); // the last ones in flight
        }
        progress.println();
        long busy = busyRetries() - busyBefore;
        if (busy > 0) { // the switches' queues were full: the client backed off and sent again (not failures)
            progress.printf("%s: %,d operations answered Busy and sent again after a back-off%n", workload.cliName, busy);
        }
        return new RunResult(workload, clients.size(), windowPerClient, payload.length, measuredSeconds, total, series,
                okCount, failedCount, unknownCount, framesPerOp, messagesPerOp,
                after.cpuSeconds() - before.cpuSeconds(), after.jitSeconds() - before.jitSeconds(),
                after.gcPauseSeconds() - before.gcPauseSeconds());
    }

    /**
     * Sleeps {@code seconds} one second at a time, printing the progress line; when measuring
     * ({@code recorder} not null) takes each second's interval histogram into {@code total}, the
     * series and the log.
     */
    private void tick(Workload workload, int seconds, int offset, Recorder recorder, Histogram total, List<Long> series,
            HistogramLogWriter log) throws InterruptedException {
        long next = System.nanoTime();
        Histogram interval = null;
        for (int s = 1; s <= seconds; s++) {
            next += TimeUnit.SECONDS.toNanos(1);
            TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
            if (recorder == null) {
                progress.printf("\r%-10s warm-up %d/%d s   ", workload.cliName, s, seconds);
                continue;
            }
            interval = recorder.getIntervalHistogram(interval);
            total.add(interval);
            series.add(interval.getTotalCount());
            if (log != null) {
                interval.setTag(workload.cliName);
                log.outputIntervalHistogram(interval);
            }
            progress.printf("\r%-10s %d/%d s  %,10d ops/s  p99 %8.2f ms   ", workload.cliName, s, seconds,
                    interval.getTotalCount(), interval.getValueAtPercentile(99) / 1e6);
        }
    }

    private void drive(Workload workload, RingWorldClient client, Random random, Semaphore slots, AtomicBoolean stop,
            AtomicBoolean measuring, Recorder recorder, AtomicLong ok, AtomicLong failed, AtomicLong unknown) {
        try {
            while (!stop.get()) {
                if (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                boolean counted = measuring.get();
                long began = System.nanoTime();
                boolean append = workload == Workload.APPEND || workload == Workload.APPEND_ONE
                        || (workload == Workload.MIX && random.nextInt(4) == 0);
                CompletableFuture<?> op = append ? client.append(payload)
                        : workload == Workload.TAIL ? client.getTail() : client.read(pick(random));
                op.whenComplete((value, e) -> {
                    long took = System.nanoTime() - began;
                    if (e == null) {
                        if (append) {
                            synchronized (readable) {
                                readable.add((Long) value);
                            }
                        }
                        if (counted && measuring.get()) {
                            recorder.recordValue(Math.min(took, LATENCY_NANOS_MAX));
                            ok.incrementAndGet();
                        }
                    } else if (counted && measuring.get()) {
                        Throwable cause = e instanceof java.util.concurrent.CompletionException ? e.getCause() : e;
                        (cause instanceof IndeterminateException ? unknown : failed).incrementAndGet();
                    }
                    slots.release();
                });
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private long busyRetries() {
        long n = 0;
        for (RingWorldClient c : clients) {
            n += c.busyRetries();
        }
        return n;
    }

    private long pick(Random random) {
        synchronized (readable) {
            return readable.get(random.nextInt(readable.size()));
        }
    }
}
