package io.ringworld.runtime.campaign;

import io.ringworld.runtime.sim.FaultKind;
import io.ringworld.runtime.sim.RunResult;
import io.ringworld.runtime.sim.SimConfig;
import io.ringworld.runtime.sim.Simulation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs many seeds of the simulator, in parallel across host threads (each seed is one
 * single-threaded simulation, so the threads never share state), and gathers the results in seed
 * order so the report is the same whatever the thread count.
 */
public final class Campaign {
    private final SimConfig config;
    private final int threads;

    public Campaign(SimConfig config, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.config = config;
        this.threads = threads;
    }

    /** Runs seeds {@code from .. from+count-1}; {@code progress} sees each result as it finishes. */
    public Summary run(long fromSeed, int count, Consumer<RunResult> progress) {
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "campaign");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<RunResult>> futures = new ArrayList<>(count);
            for (int k = 0; k < count; k++) {
                long seed = fromSeed + k;
                futures.add(pool.submit(() -> {
                    RunResult result = Simulation.run(seed, config, null);
                    progress.accept(result);
                    return result;
                }));
            }
            Summary summary = new Summary();
            for (Future<RunResult> f : futures) {
                summary.add(f.get());
            }
            summary.wallNanos = System.nanoTime() - started;
            return summary;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("campaign interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a simulation crashed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** The totals of a campaign. */
    public static final class Summary {
        public final List<RunResult> failures = new ArrayList<>();
        public final long[] faultsByKind = new long[FaultKind.values().length];
        public long runs;
        public long ops;
        public long messages;
        public long events;
        public long viewChanges;
        public long simulatedMicros;
        public long wallNanos;

        void add(RunResult r) {
            runs++;
            ops += r.opsCompleted();
            messages += r.messages();
            events += r.events();
            viewChanges += r.viewChanges();
            simulatedMicros += r.simulatedMicros();
            r.faultsInjected().forEach((kind, n) -> faultsByKind[kind.ordinal()] += n);
            if (!r.passed()) {
                failures.add(r);
            }
        }

        public boolean allPassed() {
            return failures.isEmpty();
        }
    }
}
