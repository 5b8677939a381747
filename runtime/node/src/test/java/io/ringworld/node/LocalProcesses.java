package io.ringworld.node;

import io.ringworld.net.ClusterFile;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real cluster for tests: a cluster file on free loopback ports, initialised, and every member
 * started as its own JVM process ({@link NodeMain}) with its output in {@code logs/NAME.log}.
 * {@link #close} kills whatever is still running, so no process outlives the test, pass or fail.
 */
final class LocalProcesses implements AutoCloseable {
    final Path dir;
    final Path clusterFile;
    final ClusterFile cluster;
    private final Map<String, Process> processes = new LinkedHashMap<>();

    LocalProcesses(Path dir, int switches, int replicaSets, List<String> clients) throws Exception {
        this.dir = dir;
        this.clusterFile = dir.resolve("cluster.yaml");
        StringBuilder y = new StringBuilder();
        y.append("cluster:\n  id: ").append(UUID.randomUUID()).append("\n  keyFile: keys/cluster.key\n  tickMillis: 5\n");
        y.append("timeouts:\n  clientAppendTimeoutMillis: 5000\n  clientReadTimeoutMillis: 5000\n")
                .append("  clientGetTailTimeoutMillis: 5000\n  clientTrimTimeoutMillis: 5000\n");
        y.append("switches:\n");
        for (int k = 0; k < switches; k++) {
            y.append("  - {name: sw").append(k).append(", address: 127.0.0.1:").append(freePort())
                    .append(", dataDir: data/sw").append(k).append(", metricsAddress: 127.0.0.1:").append(freePort()).append("}\n");
        }
        y.append("replicaSets:\n");
        for (int r = 0; r < replicaSets; r++) {
            y.append("  - servers:\n");
            for (int m = 0; m < 3; m++) {
                y.append("      - {name: s").append(r).append('-').append(m).append(", address: 127.0.0.1:").append(freePort())
                        .append(", dataDir: data/s").append(r).append('-').append(m)
                        .append(", metricsAddress: 127.0.0.1:").append(freePort()).append("}\n");
            }
        }
        y.append("clients:\n");
        for (int c = 0; c < clients.size(); c++) {
            y.append("  - {name: ").append(clients.get(c)).append(", index: ").append(c + 1)
                    .append(", keyFile: keys/").append(clients.get(c)).append(".key}\n");
        }
        Files.writeString(clusterFile, y.toString());
        this.cluster = ClusterFile.read(clusterFile);
        ClusterInit.initialise(cluster);
        Files.createDirectories(dir.resolve("logs"));
        // a test JVM stopped from outside (Ctrl-C, a surefire timeout) still takes its nodes with it
        Runtime.getRuntime().addShutdownHook(new Thread(() -> processes.values().forEach(Process::destroyForcibly)));
    }

    private final java.util.Set<Integer> portsTaken = new java.util.HashSet<>();

    /** A port the system calls free, and not one this cluster took already (the system may offer one twice). */
    private int freePort() throws IOException {
        while (true) {
            try (ServerSocket s = new ServerSocket(0)) {
                if (portsTaken.add(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            }
        }
    }

    /** Starts every member. */
    void startAll() throws IOException {
        for (ClusterFile.Member m : cluster.members()) {
            start(m.name());
        }
    }

    /** Starts member {@code name} as a process of its own (appending to its log). */
    void start(String name) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                NodeMain.class.getName(), "node", "--cluster", clusterFile.toString(), "--id", name);
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("logs").resolve(name + ".log").toFile()));
        processes.put(name, pb.start());
    }

    /** SIGKILL: the process dies at once, its unforced writes with it. */
    void kill(String name) throws InterruptedException {
        Process p = processes.get(name);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM, then the exit code (a graceful stop exits 0). */
    int stop(String name) throws InterruptedException {
        Process p = processes.get(name);
        p.destroy();
        if (!p.waitFor(15, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    boolean alive(String name) {
        Process p = processes.get(name);
        return p != null && p.isAlive();
    }

    /** The member's Prometheus metrics, scraped over HTTP. */
    String metrics(String name) throws Exception {
        java.net.InetSocketAddress a = cluster.member(name).metricsAddress();
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + a.getPort() + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    String log(String name) throws IOException {
        return Files.readString(dir.resolve("logs").resolve(name + ".log"));
    }

    @Override
    public void close() {
        List<Process> all = new ArrayList<>(processes.values());
        all.forEach(Process::destroyForcibly);
        for (Process p : all) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
