package io.ringworld.runtime.cli;

import io.ringworld.client.RingWorldClient;
import io.ringworld.net.ClusterFile;
import io.ringworld.node.ClusterInit;
import io.ringworld.node.LocalCluster;

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
     * Frames every member has sent so far: the sum of their {@code ringworld_frames_out_total}
     * (each member's metrics endpoint), or -1 if a member did not answer (frames then go uncounted).
     */
    long framesSent() {
        return sentTotal("ringworld_frames_out_total");
    }

    /** Kernel messages every member has sent so far ({@code ringworld_messages_out_total}), or -1. */
    long messagesSent() {
        return sentTotal("ringworld_messages_out_total");
    }

    /** The sum over the members of counter {@code metric}, or -1 if a member did not answer. */
    private long sentTotal(String metric) {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .connectTimeout(java.time.Duration.ofSeconds(2)).build();
        long sum = 0;
        for (ClusterFile.Member m : cluster.members()) {
            if (m.metricsAddress() == null) {
                return -1;
            }
            try {
                String text = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://"
                        + m.metricsAddress().getHostString() + ":" + m.metricsAddress().getPort() + "/metrics"))
                        .timeout(java.time.Duration.ofSeconds(2)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                long frames = -1;
                for (String line : text.split("\n")) {
                    if (line.startsWith(metric + " ") || line.startsWith(metric + "{")) {
                        frames = (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    }
                }
                if (frames < 0) {
                    return -1;
                }
                sum += frames;
            } catch (java.io.IOException | NumberFormatException e) {
                return -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
        return sum;
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
            long freed = deleteTree(dir.resolve("data"));
            System.out.printf("bench: stopped the local cluster; its data (%,d MiB) is deleted, its logs and cluster file stay in %s%n",
                    freed >> 20, dir);
        }
    }

    /** Deletes {@code root} and everything under it; returns the bytes the files held (0 if it is gone). */
    static long deleteTree(Path root) {
        if (!Files.exists(root)) {
            return 0;
        }
        long[] bytes = {0};
        try (java.util.stream.Stream<Path> walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    if (Files.isRegularFile(p)) {
                        bytes[0] += Files.size(p);
                    }
                    Files.delete(p);
                } catch (java.io.IOException e) {
                    System.err.println("bench: could not delete " + p + ": " + e.getMessage());
                }
            });
        } catch (java.io.IOException e) {
            System.err.println("bench: could not delete " + root + ": " + e.getMessage());
        }
        return bytes[0];
    }
}
