package io.ringworld.benchkafka;

import io.ringworld.runtime.bench.BenchReport;
import io.ringworld.runtime.bench.RunResult;
import io.ringworld.runtime.bench.Workload;
import io.ringworld.runtime.cli.RingWorldCli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * RingWorld and Kafka, the same appends in the same run on this machine: {@code ringworld bench
 * --start} (pipelined with a window, then one at a time), then the same on three Kafka brokers
 * (KRaft, one partition of 3 replicas, {@code min.insync.replicas=2}, {@code acks=all},
 * {@code flush.messages=1}), and a side-by-side table with the ratios. Each system's results
 * folder (CSV, HdrHistogram log, plots) is kept under {@code --out}.
 */
@Command(name = "compare-with-kafka", mixinStandardHelpOptions = true,
        description = "The same durable appends on a local RingWorld cluster and on 3 local Kafka brokers, side by side.")
public final class CompareWithKafka implements Callable<Integer> {
    @Option(names = "--payload-bytes", defaultValue = "1024")
    int payloadBytes;
    @Option(names = "--window", defaultValue = "1024", description = "Outstanding appends in the pipelined runs (default ${DEFAULT-VALUE}: issue 21's reference shape, where Kafka's producer fills its batches).")
    int window;
    @Option(names = "--seconds", defaultValue = "10")
    int seconds;
    @Option(names = "--warmup-seconds", defaultValue = "3")
    int warmupSeconds;
    @Option(names = "--kafka-batch-bytes", defaultValue = "1048576", description = "The Kafka producer's batch.size "
            + "(default ${DEFAULT-VALUE}: 1 MiB batches, as in issue 21's reference figures; Kafka's own default is 16384).")
    int kafkaBatchBytes;
    @Option(names = "--jit-warmup-seconds", defaultValue = "15", description = "Unmeasured appends before the first run, "
            + "on both systems (default ${DEFAULT-VALUE}).")
    int jitWarmupSeconds;
    @Option(names = "--kafka-jvm", defaultValue = "kafka", description = "The brokers' JVM options: kafka (default: "
            + "those of Kafka's own start scripts, 1 GiB heap and G1, what a Kafka user runs) or ringworld (the options "
            + "the bench gives RingWorld's nodes: a 1 GiB heap touched at start, G1).")
    String kafkaJvm;
    @Option(names = "--seed", defaultValue = "1")
    long seed;
    @Option(names = "--out", description = "Results folder (default bench-results/kafka-compare-DATE-TIME).")
    Path out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new CompareWithKafka()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (!kafkaJvm.equals("kafka") && !kafkaJvm.equals("ringworld")) {
            System.err.println("compare-with-kafka: --kafka-jvm is kafka or ringworld, not '" + kafkaJvm + "'");
            return 2;
        }
        List<String> brokerJvm = kafkaJvm.equals("kafka") ? KafkaCluster.KAFKA_SCRIPT_JVM
                : io.ringworld.node.LocalCluster.BENCH_NODE_JVM;
        if (payloadBytes < 1 || window < 1 || seconds < 1 || warmupSeconds < 0) {
            System.err.println("compare-with-kafka: --payload-bytes, --window and --seconds must be >= 1, --warmup-seconds >= 0");
            return 2;
        }
        Path results = out != null ? out
                : Path.of("bench-results", "kafka-compare-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        System.out.println("== RingWorld (local cluster: 3 switches, one replica set of 3 servers)");
        int rw = RingWorldCli.commandLine().execute("bench", "--start", "--workload", "append,append-one", "--window",
                Integer.toString(window), "--payload-bytes", Integer.toString(payloadBytes), "--seconds", Integer.toString(seconds),
                "--warmup-seconds", Integer.toString(warmupSeconds), "--jit-warmup-seconds", Integer.toString(jitWarmupSeconds), "--seed", Long.toString(seed), "--out",
                results.resolve("ringworld").toString());
        if (rw != 0) {
            System.err.println("compare-with-kafka: the RingWorld bench failed (exit " + rw + ")");
            return 1;
        }
        System.out.println("== Kafka " + org.apache.kafka.common.utils.AppInfoParser.getVersion()
                + " (3 brokers, KRaft combined mode, one partition of 3 replicas; broker JVMs: " + String.join(" ", brokerJvm) + ")");
        List<RunResult> kafka = new ArrayList<>();
        Path kafkaDir = Files.createTempDirectory("ringworld-kafka-");
        try (KafkaCluster cluster = new KafkaCluster(kafkaDir, brokerJvm)) {
            KafkaBench bench = new KafkaBench(cluster.bootstrap(), payloadBytes, seed, kafkaBatchBytes);
            bench.createTopic("ringworld-bench");
            if (jitWarmupSeconds > 0) { // the brokers' JIT warm-up, as the RingWorld bench did for its nodes
                bench.run("ringworld-bench", Workload.APPEND, window, jitWarmupSeconds, 1);
            }
            kafka.add(bench.run("ringworld-bench", Workload.APPEND, window, warmupSeconds, seconds));
            kafka.add(bench.run("ringworld-bench", Workload.APPEND_ONE, 1, warmupSeconds, seconds));
        }
        System.out.println("(Kafka's folder, with each broker's log: " + kafkaDir + ")");
        BenchReport.printTable(kafka, KafkaBench.DURABILITY, System.out);
        BenchReport.write(kafka, KafkaBench.DURABILITY, results.resolve("kafka"));
        sideBySide(results);
        return 0;
    }

    /** The two summaries, row by row, with RingWorld's throughput and p50 as ratios of Kafka's. */
    private static void sideBySide(Path results) throws Exception {
        Map<String, String[]> rw = rows(results.resolve("ringworld").resolve("summary.csv"));
        Map<String, String[]> kf = rows(results.resolve("kafka").resolve("summary.csv"));
        StringBuilder csv = new StringBuilder("run,ringworld_ops_per_s,ringworld_p50_ms,ringworld_p99_ms,kafka_ops_per_s,kafka_p50_ms,"
                + "kafka_p99_ms,ops_ratio,p50_ratio\n");
        System.out.println("== side by side (same machine, same run; both acknowledge after fsync on a majority)");
        System.out.printf("%-14s %12s %9s %9s | %12s %9s %9s | %9s %9s%n", "run", "RW ops/s", "RW p50", "RW p99", "Kafka ops/s",
                "K p50", "K p99", "ops RW/K", "p50 RW/K");
        for (String run : rw.keySet()) {
            String[] a = rw.get(run);
            String[] b = kf.get(run);
            if (b == null) {
                continue;
            }
            double ops = Double.parseDouble(a[7]) / Double.parseDouble(b[7]);
            double p50 = Double.parseDouble(a[8]) / Double.parseDouble(b[8]);
            System.out.printf("%-14s %,12.0f %9s %9s | %,12.0f %9s %9s | %9.2f %9.2f%n", run, Double.parseDouble(a[7]), a[8], a[10],
                    Double.parseDouble(b[7]), b[8], b[10], ops, p50);
            csv.append(String.join(",", run, a[7], a[8], a[10], b[7], b[8], b[10], String.format(Locale.ROOT, "%.3f", ops),
                    String.format(Locale.ROOT, "%.3f", p50))).append('\n');
        }
        Files.writeString(results.resolve("comparison.csv"), csv);
        System.out.println("results: " + results);
    }

    private static Map<String, String[]> rows(Path summary) throws Exception {
        Map<String, String[]> out = new java.util.LinkedHashMap<>();
        List<String> lines = Files.readAllLines(summary);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            out.put(f[0], f);
        }
        return out;
    }
}
