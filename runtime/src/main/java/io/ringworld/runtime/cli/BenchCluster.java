package io.ringworld.runtime.cli;

import io.ringworld.client.RingWorldClient;
import io.ringworld.net.ClusterFile;
import io.ringworld.node.ClusterInit;
import io.ringworld.node.LocalCluster;
import io.ringworld.runtime.bench.NodeTotals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The bench's cluster: one that runs already (its file), or a local one the bench starts in a
 * temporary folder (node processes on free loopback ports, one client entry per bench client) and
 * stops when it closes (SIGTERM, then SIGKILL for a node that does not stop; a shutdown hook too).
 */
final class BenchCluster implements AutoCloseable {
    private final ClusterFile cluster;
    private final List<Process> processes = new ArrayList<>();
    private final Path dir;

    private BenchCluster(ClusterFile cluster, Path dir) {
        this.cluster = cluster;
        this.dir = dir;
    }

    /**
     * Every member's counters summed ({@link NodeTotals}), one scrape of each member's metrics
     * endpoint; {@link NodeTotals#UNKNOWN} if a member did not answer or has no metrics address.
     */
    NodeTotals totals() {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .connectTimeout(java.time.Duration.ofSeconds(2)).build();
        double[] sum = new double[METRICS.length];
        for (ClusterFile.Member m : cluster.members()) {
            if (m.metricsAddress() == null) {
                return NodeTotals.UNKNOWN;
            }
            try {
                String text = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://"
                        + m.metricsAddress().getHostString() + ":" + m.metricsAddress().getPort() + "/metrics"))
                        .timeout(java.time.Duration.ofSeconds(2)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                double[] one = sums(text);
                for (int k = 0; k < sum.length; k++) {
                    if (one[k] < 0) {
                        return NodeTotals.UNKNOWN;
                    }
                    sum[k] += one[k];
                }
            } catch (java.io.IOException | NumberFormatException e) {
                return NodeTotals.UNKNOWN;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return NodeTotals.UNKNOWN;
            }
        }
        return new NodeTotals((long) sum[0], (long) sum[1], sum[2] / 1e9, sum[3] / 1e3, sum[4]);
    }

    /** The Prometheus series {@link #totals} sums, in {@link NodeTotals}' order (cpu in ns, JIT in ms). */
    static final String[] METRICS = {"ringworld_frames_out_total", "ringworld_messages_out_total",
        "process_cpu_time_ns_total", "jvm_compilation_time_ms_total", "jvm_gc_pause_seconds_sum"};

    /**
     * Each of {@link #METRICS} summed over its series in one scrape's text (a metric with tags has
     * one line per tag set: every collector's pauses); -1 where a metric has no line, except the
     * GC pauses, which have none until the first collection (0).
     */
    static double[] sums(String scrape) {
        double[] out = {-1, -1, -1, -1, 0};
        for (String line : scrape.split("\n")) {
            for (int k = 0; k < METRICS.length; k++) {
                if (line.startsWith(METRICS[k] + " ") || line.startsWith(METRICS[k] + "{")) {
                    out[k] = Math.max(out[k], 0) + Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        return out;
    }

    static BenchCluster existing(ClusterFile cluster) {
        return new BenchCluster(cluster, null);
    }

    static BenchCluster start(int switches, int replicaSets, int clients, boolean pageCacheAcks, List<String> nodeJvmOptions)
            throws Exception {
        if (switches < 1 || switches > 16 || replicaSets < 1 || replicaSets > 16) {
            throw new IllegalArgumentException("--switches and --replica-sets must be within 1..16");
        }
        Path dir = Files.createTempDirectory("ringworld-bench-");
        List<String> names = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            names.add("bench-" + c);
        }
        Path file = dir.resolve("cluster.yaml");
        Files.writeString(file, LocalCluster.yaml(switches, replicaSets, names, new LocalCluster.FreePorts()));
        ClusterFile cluster = ClusterFile.read(file);
        ClusterInit.initialise(cluster);
        Files.createDirectories(dir.resolve("logs"));
        BenchCluster b = new BenchCluster(cluster, dir);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> b.processes.forEach(Process::destroyForcibly)));
        for (ClusterFile.Member m : cluster.members()) {
            List<String> jvm = new ArrayList<>(LocalCluster.BENCH_NODE_JVM);
            for (String o : nodeJvmOptions) {
                jvm.add(o.replace("{node}", m.name())); // e.g. one JFR recording file per node
            }
            if (pageCacheAcks) {
                jvm.add("-D" + io.ringworld.node.NodeHost.PAGE_CACHE_ACKS_PROPERTY + "=true");
            }
            b.processes.add(LocalCluster.start(file, m.name(), dir.resolve("logs").resolve(m.name() + ".log"), jvm, List.of()));
        }
        System.out.println("bench: started " + cluster.members().size() + " node processes in " + dir + " (JVM options "
                + String.join(" ", LocalCluster.BENCH_NODE_JVM) + (nodeJvmOptions.isEmpty() ? "" : " " + String.join(" ", nodeJvmOptions))
                + ")");
        return b;
    }

    /** {@code count} clients: the entry {@code name} if given, else the file's first {@code count} entries; once the log answers. */
    List<RingWorldClient> connect(int count, String name) throws Exception {
        List<ClusterFile.ClientEntry> entries = name != null && dir == null ? List.of(cluster.client(name)) : cluster.clients();
        if (entries.size() < count) {
            throw new IllegalArgumentException(cluster.source() + " names " + entries.size() + " clients; --clients " + count
                    + " needs as many entries");
        }
        List<RingWorldClient> out = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            out.add(RingWorldClient.connect(cluster, entries.get(c).name()));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            try {
                out.get(0).getTail().get(5, TimeUnit.SECONDS);
                return out;
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    out.forEach(RingWorldClient::close);
                    throw new IllegalStateException("the cluster did not answer a getTail within 90 s"
                            + (dir == null ? "" : "; logs in " + dir.resolve("logs")));
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        if (dir != null) {
            // The servers' segments: about 2 GiB after a bench of a minute at window 1,024, and
            // benches left behind filled this machine's disk once (a later bench's servers then
            // answered DISK_FULL). The logs and the cluster file stay.
            long freed = LocalCluster.deleteTree(dir.resolve("data"));
            System.out.printf("bench: stopped the local cluster; its data (%,d MiB) is deleted, its logs and cluster file stay in %s%n",
                    freed >> 20, dir);
        }
    }
}
