package io.ringworld.runtime.cli;

import io.ringworld.client.RingWorldClient;
import io.ringworld.net.ClusterFile;
import io.ringworld.runtime.bench.BenchReport;
import io.ringworld.runtime.bench.BenchRunner;
import io.ringworld.runtime.bench.RunResult;
import io.ringworld.runtime.bench.Workload;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.HdrHistogram.HistogramLogWriter;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ringworld bench}: workloads against a running cluster ({@code --cluster FILE}) or one the
 * bench starts and stops itself ({@code --start}): pipelined appends, one-at-a-time appends,
 * reads of committed entries, the paper's 25/75 mix, getTail; for each window given; HdrHistogram
 * percentiles, a progress line, and a results folder (CSV, HdrHistogram log, PNG plots).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Workloads against a real cluster: latency percentiles, operations/s, a results folder with CSV, "
                + "HdrHistogram log and PNG plots.")
final class BenchCommand implements Callable<Integer> {
    static final class Target {
        @Option(names = "--cluster", required = true, description = "The cluster file of a running cluster.")
        Path clusterFile;
        @Option(names = "--start", required = true, description = "Start a local cluster of node processes for the bench, and stop it after.")
        boolean start;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;
    @Option(names = "--switches", defaultValue = "3", description = "With --start: switches (default ${DEFAULT-VALUE}).")
    int switches;
    @Option(names = "--replica-sets", defaultValue = "1", description = "With --start: replica sets (default ${DEFAULT-VALUE}).")
    int replicaSets;
    @Option(names = "--client", defaultValue = "cli", description = "With --cluster and one client: the client entry (default ${DEFAULT-VALUE}).")
    String client;
    @Option(names = "--clients", defaultValue = "1", description = "Clients, each its own connection set (default ${DEFAULT-VALUE}).")
    int clients;
    @Option(names = "--workload", split = ",", defaultValue = "append,append-one",
            description = "Among append, append-one, read, mix, tail (default ${DEFAULT-VALUE}).")
    List<String> workloads;
    @Option(names = "--window", split = ",", defaultValue = "64",
            description = "Outstanding operations per client; a list runs each (append-one is always 1) (default ${DEFAULT-VALUE}).")
    List<Integer> windows;
    @Option(names = "--payload-bytes", defaultValue = "1024", description = "Bytes per append (default ${DEFAULT-VALUE}).")
    int payloadBytes;
    @Option(names = "--seconds", defaultValue = "10", description = "Measured seconds per run (default ${DEFAULT-VALUE}).")
    int seconds;
    @Option(names = "--warmup-seconds", defaultValue = "3", description = "Unmeasured seconds before each run (default ${DEFAULT-VALUE}).")
    int warmupSeconds;
    @Option(names = "--jit-warmup-seconds", defaultValue = "15", description = "Pipelined appends, unmeasured, before the first "
            + "run: a cluster of JVMs that just started runs its compilers for seconds, on the cores the bench measures "
            + "(default ${DEFAULT-VALUE}).")
    int jitWarmupSeconds;
    @Option(names = "--fill", defaultValue = "2000", description = "Entries appended before a read workload when none were (default ${DEFAULT-VALUE}).")
    int fill;
    @Option(names = "--seed", description = "Seed of the payload bytes and the reads' choices (default: random, printed).")
    Long seed;
    @Option(names = "--out", description = "Results folder (default bench-results/DATE-TIME).")
    Path out;
    @Option(names = "--page-cache", description = "UNSAFE, with --start only: the nodes acknowledge writes once written, before "
            + "the fsync (what a log acknowledging from the page cache measures); every figure is marked PAGE-CACHE.")
    boolean pageCache;
    @Option(names = "--node-jvm-option", description = "With --start: a JVM option of every node process, repeatable; {node} "
            + "becomes the node's name (a profile: --node-jvm-option=-XX:StartFlightRecording=filename=/tmp/{node}.jfr).")
    List<String> nodeJvmOptions = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintStream err = System.err;
        List<Workload> chosen = new ArrayList<>();
        try {
            for (String w : workloads) {
                chosen.add(Workload.parse(w.strip()));
            }
        } catch (IllegalArgumentException e) {
            err.println("bench: --workload: " + e.getMessage());
            return 2;
        }
        if (payloadBytes < 1 || payloadBytes > (1 << 20) - 64 || seconds < 1 || warmupSeconds < 0 || clients < 1 || clients > 64
                || windows.stream().anyMatch(w -> w < 1 || w > 65_536) || fill < 1 || jitWarmupSeconds < 0) {
            err.println("bench: --payload-bytes 1..1048512, --window 1..65536, --clients 1..64, --seconds >= 1, --warmup-seconds >= 0,"
                    + " --fill >= 1, --jit-warmup-seconds >= 0");
            return 2;
        }
        if ((pageCache || !nodeJvmOptions.isEmpty()) && !target.start) {
            err.println("bench: --page-cache and --node-jvm-option need --start (they are modes of the nodes the bench starts)");
            return 2;
        }
        long s = seed != null ? seed : new java.security.SecureRandom().nextLong();
        Path results = out != null ? out : Path.of("bench-results", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        System.out.println("bench: seed " + s + " (--seed " + s + " replays the payload and the reads' choices); results in " + results);
        try (BenchCluster cluster = target.start ? BenchCluster.start(switches, replicaSets, clients, pageCache, nodeJvmOptions)
                : BenchCluster.existing(ClusterFile.read(target.clusterFile))) {
            List<RingWorldClient> connected = cluster.connect(clients, clients == 1 ? client : null);
            try {
                return run(chosen, connected, s, results, cluster::totals);
            } finally {
                for (RingWorldClient c : connected) {
                    c.close();
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("bench: " + e.getMessage());
            return 2;
        }
    }

    private int run(List<Workload> chosen, List<RingWorldClient> connected, long s, Path results,
            java.util.function.Supplier<io.ringworld.runtime.bench.NodeTotals> totals) throws Exception {
        Files.createDirectories(results);
        List<Long> readable = new ArrayList<>();
        BenchRunner runner = new BenchRunner(connected, windows.get(windows.size() - 1), payloadBytes, s, readable, System.err);
        runner.countWith(totals);
        String durability = pageCache ? BenchReport.PAGE_CACHE : BenchReport.DURABILITY;
        runner.awaitAppends(90);
        if (jitWarmupSeconds > 0) {
            System.err.println("bench: " + jitWarmupSeconds + " s of pipelined appends to warm the JVMs up (unmeasured)");
            runner.warmUp(windows.get(windows.size() - 1), jitWarmupSeconds);
        }
        List<RunResult> runs = new ArrayList<>();
        try (PrintStream hlog = new PrintStream(Files.newOutputStream(results.resolve("latency.hlog")), true, "UTF-8")) {
            HistogramLogWriter log = new HistogramLogWriter(hlog);
            log.outputComment("RingWorld bench, seed " + s + ", durability " + durability);
            log.outputLogFormatVersion();
            log.outputLegend();
            for (Workload w : chosen) {
                if (w.reads() && readable.isEmpty()) {
                    System.err.println("bench: appending " + fill + " entries for " + w.cliName + " to read");
                    runner.fill(fill);
                }
                for (int window : w == Workload.APPEND_ONE ? List.of(1) : windows) {
                    runs.add(runner.run(w, window, warmupSeconds, seconds, log));
                }
            }
        }
        BenchReport.printTable(runs, durability, System.out);
        BenchReport.write(runs, durability, results);
        System.out.println("results: " + results.resolve("summary.csv") + ", latency.hlog, latency-vs-throughput.png, "
                + "throughput-over-time.png");
        return runs.stream().allMatch(r -> r.ok() > 0) ? 0 : 1;
    }
}
