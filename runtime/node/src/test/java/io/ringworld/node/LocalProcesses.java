package io.ringworld.node;

import io.ringworld.net.ClusterFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        Files.writeString(clusterFile, LocalCluster.yaml(switches, replicaSets, clients, new LocalCluster.FreePorts()));
        this.cluster = ClusterFile.read(clusterFile);
        ClusterInit.initialise(cluster);
        Files.createDirectories(dir.resolve("logs"));
        // a test JVM stopped from outside (Ctrl-C, a surefire timeout) still takes its nodes with it
        Runtime.getRuntime().addShutdownHook(new Thread(() -> processes.values().forEach(Process::destroyForcibly)));
    }

    /** Starts every member. */
    void startAll() throws IOException {
        for (ClusterFile.Member m : cluster.members()) {
            start(m.name());
        }
    }

    /** Starts member {@code name} as a process of its own (appending to its log). */
    void start(String name) throws IOException {
        processes.put(name, LocalCluster.start(clusterFile, name, dir.resolve("logs").resolve(name + ".log"),
                "-Xmx256m", "-XX:+UseSerialGC"));
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
