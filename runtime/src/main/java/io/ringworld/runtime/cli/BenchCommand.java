package io.ringworld.runtime.cli;

import io.ringworld.client.IndeterminateException;
import io.ringworld.client.RingWorldClient;
import io.ringworld.net.ClusterFile;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ringworld bench --cluster FILE}: the quick benchmark of a running cluster: durable appends
 * (acknowledged after the fsync that covers them on a majority) pipelined with a window of
 * outstanding requests, then one at a time; HdrHistogram percentiles and appends per second.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Appends against a running cluster: pipelined (a window of outstanding appends) and one at a time; latency percentiles and appends/s.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--cluster", required = true, description = "The cluster file of a running cluster.")
    Path clusterFile;
    @Option(names = "--client", defaultValue = "cli", description = "The client entry to act as (default ${DEFAULT-VALUE}).")
    String client;
    @Option(names = "--payload-bytes", defaultValue = "1024", description = "Bytes per append (default ${DEFAULT-VALUE}).")
    int payloadBytes;
    @Option(names = "--window", defaultValue = "64", description = "Outstanding appends in the pipelined run (default ${DEFAULT-VALUE}).")
    int window;
    @Option(names = "--seconds", defaultValue = "10", description = "Measured seconds per run (default ${DEFAULT-VALUE}).")
    int seconds;
    @Option(names = "--warmup-seconds", defaultValue = "3", description = "Unmeasured seconds before each run (default ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Override
    public Integer call() throws Exception {
        if (payloadBytes < 1 || payloadBytes > (1 << 20) - 64 || window < 1 || window > 65_536 || seconds < 1) {
            System.err.println("bench: --payload-bytes 1..1048512, --window 1..65536, --seconds >= 1");
            return 2;
        }
        try (RingWorldClient c = RingWorldClient.connect(ClusterFile.read(clusterFile), client)) {
            System.out.println("durability: acknowledged after the fsync covering the entry on a majority of its replica set");
            run(c, "pipelined, window " + window, window);
            run(c, "one at a time", 1);
        }
        return 0;
    }

    private void run(RingWorldClient c, String name, int outstanding) throws InterruptedException {
        byte[] payload = new byte[payloadBytes];
        Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        AtomicLong done = new AtomicLong();
        AtomicLong unknown = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Semaphore slots = new Semaphore(outstanding);
        long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmupSeconds);
        long end = warmupEnd + TimeUnit.SECONDS.toNanos(seconds);
        long now;
        while ((now = System.nanoTime()) < end) {
            slots.acquire();
            long start = now;
            boolean measured = start >= warmupEnd;
            CompletableFuture<Long> f = c.append(payload);
            f.whenComplete((index, error) -> {
                long took = System.nanoTime() - start;
                if (measured) {
                    if (error == null) {
                        synchronized (latency) {
                            latency.recordValue(Math.min(took, latency.getHighestTrackableValue()));
                        }
                        done.incrementAndGet();
                    } else if (error.getCause() instanceof IndeterminateException || error instanceof IndeterminateException) {
                        unknown.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                }
                slots.release();
            });
        }
        slots.acquire(outstanding);   // the last ones in flight
        slots.release(outstanding);
        synchronized (latency) {
            System.out.printf("%-22s %,9.0f appends/s  p50 %7.2f ms  p90 %7.2f ms  p99 %7.2f ms  p99.9 %7.2f ms  max %7.2f ms"
                    + "  (%,d ok, %d unknown, %d failed; %d-byte payloads)%n",
                    name, done.get() / (double) seconds, ms(latency, 50), ms(latency, 90), ms(latency, 99), ms(latency, 99.9),
                    latency.getMaxValue() / 1e6, done.get(), unknown.get(), failed.get(), payloadBytes);
        }
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1e6;
    }
}
