package io.ringworld.node;

import io.ringworld.net.LoopbackPorts;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * A cluster on one machine, as {@code ringworld cluster start} and the real-cluster tests make
 * it: the cluster file's text, and a member started as a process of its own.
 */
public final class LocalCluster {
    private LocalCluster() {
    }

    /** Where node {@code n} (switches first, then each replica set's servers) listens, and serves its metrics. */
    public interface Addresses {
        String node(int n) throws IOException;

        String metrics(int n) throws IOException;
    }

    /**
     * Free ports on 127.0.0.1 for every address, none given twice, below the system's ephemeral
     * range so that no node's outgoing connection is handed one first ({@link LoopbackPorts}): a
     * cluster of tests or of a benchmark beside whatever else runs here.
     */
    public static final class FreePorts implements Addresses {
        private final LoopbackPorts ports = new LoopbackPorts();

        @Override
        public String node(int n) throws IOException {
            return "127.0.0.1:" + port();
        }

        @Override
        public String metrics(int n) throws IOException {
            return "127.0.0.1:" + port();
        }

        /** A free port not given before by this instance. */
        public int port() throws IOException {
            return ports.next();
        }
    }

    /**
     * A new cluster's file: switches {@code sw0..}, servers {@code sR-M}, the clients named (index
     * 1 on, key files under {@code keys/}), a 5 ms tick and client timeouts of 5 s (longer than the
     * kernel's simulator-tuned 200 ticks: a real cluster has JVM warm-up, GC pauses and fsyncs,
     * and an append that times out is indeterminate).
     */
    public static String yaml(int switches, int replicaSets, List<String> clients, Addresses at) throws IOException {
        StringBuilder y = new StringBuilder();
        y.append("# A local RingWorld cluster. Timeouts in milliseconds; the fields: io.ringworld.net.ClusterFile.\n");
        y.append("cluster:\n  id: ").append(UUID.randomUUID()).append("\n  keyFile: keys/cluster.key\n  tickMillis: 5\n");
        y.append("timeouts:\n  clientAppendTimeoutMillis: 5000\n  clientReadTimeoutMillis: 5000\n")
                .append("  clientGetTailTimeoutMillis: 5000\n  clientTrimTimeoutMillis: 5000\n");
        int n = 0;
        y.append("switches:\n");
        for (int k = 0; k < switches; k++, n++) {
            member(y, "  - ", "sw" + k, at, n);
        }
        y.append("replicaSets:\n");
        for (int r = 0; r < replicaSets; r++) {
            y.append("  - servers:\n");
            for (int m = 0; m < 3; m++, n++) {
                member(y, "      - ", "s" + r + "-" + m, at, n);
            }
        }
        y.append("clients:\n");
        for (int c = 0; c < clients.size(); c++) {
            y.append("  - {name: ").append(clients.get(c)).append(", index: ").append(c + 1)
                    .append(", keyFile: keys/").append(clients.get(c)).append(".key}\n");
        }
        return y.toString();
    }

    private static void member(StringBuilder y, String indent, String name, Addresses at, int n) throws IOException {
        y.append(indent).append("{name: ").append(name).append(", address: ").append(at.node(n))
                .append(", dataDir: data/").append(name).append(", metricsAddress: ").append(at.metrics(n)).append("}\n");
    }

    /**
     * The JVM options {@code ringworld bench --start} gives its nodes (before the user's; a later
     * option wins): a 1 GiB heap, taken and touched at start, and the default collector (G1). The
     * OS zeroing heap pages as a heap grew was 13% of a profile's samples under load; the serial
     * collector's full collections of a log server's heap (it keeps its entries there) were the
     * p99.9 (0.5 to 0.7 s against G1's 0.18 s). Measured: runtime/node/README.md, "Batching".
     */
    public static final List<String> BENCH_NODE_JVM = List.of("-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch");

    /**
     * Deletes {@code root} and everything under it (a stopped cluster's data: GiBs after a bench);
     * returns the bytes its files held, 0 if it is not there. What cannot be deleted is named on
     * stderr and left.
     */
    public static long deleteTree(Path root) {
        if (!java.nio.file.Files.exists(root)) {
            return 0;
        }
        long[] bytes = {0};
        try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    if (java.nio.file.Files.isRegularFile(p)) {
                        bytes[0] += java.nio.file.Files.size(p);
                    }
                    java.nio.file.Files.delete(p);
                } catch (IOException e) {
                    System.err.println("could not delete " + p + ": " + e.getMessage());
                }
            });
        } catch (IOException e) {
            System.err.println("could not delete " + root + ": " + e.getMessage());
        }
        return bytes[0];
    }

    /** Starts member {@code name} as a process of its own on this JVM's class path, its output appended to {@code log}. */
    public static Process start(Path clusterFile, String name, Path log, String... jvmOptions) throws IOException {
        return start(clusterFile, name, log, List.of(jvmOptions), List.of());
    }

    /**
     * {@link #start(Path, String, Path, String...)} with more arguments for the node, e.g. a
     * test's {@code --test-control HOST:PORT}.
     */
    public static Process start(Path clusterFile, String name, Path log, List<String> jvmOptions, List<String> nodeArguments)
            throws IOException {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // A node out of heap exits (a crash, which the protocol's fault model covers) instead of
        // lingering with dead threads: a log server keeps its entries in the kernel's memory, and
        // at -Xmx512m about 400,000 entries of 1 KiB fill it (a long bench at window 1,024 did;
        // the servers stayed up, answering nothing, and the cluster stalled without a view change).
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), NodeMain.class.getName(), "node",
                "--cluster", clusterFile.toAbsolutePath().toString(), "--id", name));
        cmd.addAll(nodeArguments);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return pb.start();
    }
}
