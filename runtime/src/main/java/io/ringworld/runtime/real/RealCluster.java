package io.ringworld.runtime.real;

import io.ringworld.net.ClusterFile;
import io.ringworld.node.ClusterInit;
import io.ringworld.node.LocalCluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run's cluster of real node processes in the run's folder: each node on its own address
 * (127.0.0.10 on inside the campaign's network namespace, free ports on 127.0.0.1 without one),
 * its test control and metrics on 127.0.0.1 (so no cut reaches them), its log in {@code logs/}.
 * Every node pid is written to {@code pids}, so a later start finds what an interrupted run left.
 */
final class RealCluster implements AutoCloseable {
    /** The JVM options of campaign nodes: small heaps, the C1 compiler only (six JVMs start on two cores). */
    static final List<String> NODE_JVM = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    /** Servers' segments in a campaign: small, so a run needs new ones (a full disk then refuses them). */
    static final long SEGMENT_BYTES = 1 << 20;

    final Path dir;
    final Path clusterFile;
    final ClusterFile cluster;
    final List<String> names = new ArrayList<>();
    final List<String> switches = new ArrayList<>();
    /** Servers by replica set. */
    final List<List<String>> replicaSets = new ArrayList<>();
    private final Map<String, Process> processes = new LinkedHashMap<>();
    /** Set by {@link #close}: a run stopped by Ctrl-C may still try to restart a node, and must not leave it behind. */
    private boolean closed;
    private final Map<String, ClusterFile.Member> members = new LinkedHashMap<>();
    private final Map<String, List<String>> nodeArgs = new LinkedHashMap<>();
    private final Map<String, List<String>> jvmArgs = new LinkedHashMap<>();
    private final Map<String, Integer> controlPorts = new LinkedHashMap<>();
    /** Every port this run takes on 127.0.0.1 (nodes, metrics, controls, proxies), none given twice. */
    final LocalCluster.FreePorts free = new LocalCluster.FreePorts();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    RealCluster(Path dir, int switchCount, int replicaSetCount, List<String> clients, boolean ownNamespace,
            Map<String, Path> dataDirs) throws Exception {
        this.dir = dir;
        Files.createDirectories(dir.resolve("logs"));
        switches.addAll(switchNames(switchCount));
        replicaSets.addAll(replicaSetNames(replicaSetCount));
        names.addAll(switches);
        replicaSets.forEach(names::addAll);
        LocalCluster.Addresses at = new LocalCluster.Addresses() {
            @Override
            public String node(int n) throws IOException {
                return ownNamespace ? nodeIp(n) + ":7000" : "127.0.0.1:" + free.port();
            }

            @Override
            public String metrics(int n) throws IOException {
                return "127.0.0.1:" + (ownNamespace ? 7100 + n : free.port());
            }
        };
        String yaml = LocalCluster.yaml(switchCount, replicaSetCount, clients, at);
        for (Map.Entry<String, Path> d : dataDirs.entrySet()) { // a server whose data lives on a disk of its own
            yaml = yaml.replace("dataDir: data/" + d.getKey() + ",", "dataDir: " + d.getValue() + ",");
        }
        clusterFile = dir.resolve("cluster.yaml");
        Files.writeString(clusterFile, yaml);
        cluster = ClusterFile.read(clusterFile);
        for (ClusterFile.Member m : cluster.members()) {
            members.put(m.name(), m);
        }
        ClusterInit.initialise(cluster);
        for (int n = 0; n < names.size(); n++) {
            controlPorts.put(names.get(n), ownNamespace ? 7200 + n : free.port());
        }
    }

    /** The switches' names, as the cluster file gives them: {@code sw0..}. */
    static List<String> switchNames(int switchCount) {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < switchCount; k++) {
            out.add("sw" + k);
        }
        return out;
    }

    /** The servers' names by replica set, as the cluster file gives them: {@code sR-M}. */
    static List<List<String>> replicaSetNames(int replicaSetCount) {
        List<List<String>> out = new ArrayList<>();
        for (int r = 0; r < replicaSetCount; r++) {
            out.add(List.of("s" + r + "-0", "s" + r + "-1", "s" + r + "-2"));
        }
        return out;
    }

    /** The address of node number {@code n} inside the campaign's namespace. */
    static String nodeIp(int n) {
        return "127.0.0." + (10 + n);
    }

    private ClusterFile.Member member(String name) {
        ClusterFile.Member m = members.get(name);
        if (m == null) {
            throw new IllegalArgumentException("no node " + name + " in " + clusterFile);
        }
        return m;
    }

    String ip(String name) {
        return member(name).address().getHostString();
    }

    /** Where node {@code name} listens, resolved (the cluster file keeps addresses unresolved). */
    InetSocketAddress address(String name) {
        InetSocketAddress a = member(name).address();
        return new InetSocketAddress(a.getHostString(), a.getPort());
    }

    boolean isServer(String name) {
        return name.startsWith("s") && !name.startsWith("sw");
    }

    /** The replica set {@code name} serves in, -1 for a switch. */
    int replicaSetOf(String name) {
        for (int r = 0; r < replicaSets.size(); r++) {
            if (replicaSets.get(r).contains(name)) {
                return r;
            }
        }
        return -1;
    }

    Path dataDir(String name) {
        return member(name).dataDir();
    }

    /** Sets what node {@code name} is started with (before its first start). */
    void configure(String name, List<String> jvm, List<String> args) {
        jvmArgs.put(name, List.copyOf(jvm));
        List<String> all = new ArrayList<>(List.of("--test-control", "127.0.0.1:" + controlPorts.get(name)));
        all.addAll(args);
        nodeArgs.put(name, all);
    }

    /** Starts node {@code name} (again), and records its pid. */
    synchronized void start(String name) throws IOException {
        if (closed) {
            throw new IOException("the cluster in " + dir + " is closed; not starting " + name);
        }
        List<String> jvm = new ArrayList<>(NODE_JVM);
        jvm.addAll(jvmArgs.getOrDefault(name, List.of()));
        Process p = LocalCluster.start(clusterFile, name, dir.resolve("logs").resolve(name + ".log"), jvm,
                nodeArgs.getOrDefault(name, List.of("--test-control", "127.0.0.1:" + controlPorts.get(name))));
        processes.put(name, p);
        Files.writeString(dir.resolve("pids"), p.pid() + " " + name + "\n", java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    void startAll() throws IOException {
        for (String n : names) {
            start(n);
        }
    }

    synchronized Process process(String name) {
        return processes.get(name);
    }

    /** SIGKILL; returns once the process is gone. */
    void kill(String name) throws InterruptedException {
        Process p = process(name);
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
            p.waitFor();
        }
    }

    /** The lines of node {@code name}'s log so far (every life of it), or none if it has none yet. */
    List<String> logLines(String name) throws IOException {
        Path log = dir.resolve("logs").resolve(name + ".log");
        return Files.exists(log) ? Files.readAllLines(log, java.nio.charset.StandardCharsets.ISO_8859_1) : List.of();
    }

    /** SIGSTOP or SIGCONT of node {@code name}. */
    void signal(String name, String signal) {
        OsCommand.run("kill", "-" + signal, Long.toString(process(name).pid()));
    }

    /** The process state letter of {@code /proc/PID/stat} ({@code T}: stopped), or "gone". */
    String processState(String name) {
        Process p = process(name);
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        } catch (IOException | RuntimeException e) {
            return "gone";
        }
    }

    /** POSTs {@code body} to node {@code name}'s test control at {@code path}; returns its answer. */
    String control(String name, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + controlPorts.get(name) + path))
                .timeout(Duration.ofSeconds(3));
        HttpRequest r = body == null ? b.GET().build() : b.POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> a = http.send(r, HttpResponse.BodyHandlers.ofString());
        if (a.statusCode() != 200) {
            throw new IOException(name + path + ": " + a.statusCode() + " " + a.body().strip());
        }
        return a.body().strip();
    }

    /** Node {@code name}'s status line, or null if its control does not answer. */
    String status(String name) {
        try {
            return control(name, "/status", null);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Waits until every node's control answers; false after {@code millis}. */
    boolean awaitUp(List<String> which, long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        for (String n : which) {
            while (status(n) == null) {
                if (System.nanoTime() > end || !process(n).isAlive()) {
                    return false;
                }
                Thread.sleep(100);
            }
        }
        return true;
    }

    /** Node {@code name}'s Prometheus metrics, or why not. */
    String metrics(String name) {
        InetSocketAddress m = member(name).metricsAddress();
        try {
            HttpResponse<String> a = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.getPort() + "/metrics"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return a.body();
        } catch (IOException e) {
            return "# no metrics: " + e + "\n";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "# interrupted\n";
        }
    }

    /** SIGCONT then SIGKILL of every node (a paused JVM cannot take a SIGTERM). */
    @Override
    public synchronized void close() {
        closed = true;
        for (Map.Entry<String, Process> e : processes.entrySet()) {
            Process p = e.getValue();
            if (p.isAlive()) {
                try {
                    OsCommand.run("kill", "-CONT", Long.toString(p.pid()));
                } catch (Exception ignored) {
                    // it may have exited meanwhile
                }
                p.destroyForcibly();
            }
        }
        for (Process p : processes.values()) {
            try {
                p.waitFor();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
