package io.ringworld.runtime.cli;

import io.ringworld.client.RingWorldClient;
import io.ringworld.net.ClusterFile;
import io.ringworld.net.ClusterFileException;
import io.ringworld.node.ClusterInit;
import io.ringworld.node.LocalCluster;
import io.ringworld.node.NodeMain;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ringworld cluster start|stop|status}: a local cluster for a new user, every node its own
 * process on its own loopback address (127.0.0.x), its data, log and PID file in one folder.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true, description = "Start, inspect and stop a local cluster of node processes.",
        subcommands = {ClusterCommand.Start.class, ClusterCommand.Stop.class, ClusterCommand.Status.class})
final class ClusterCommand implements Runnable {
    static final String CLUSTER_FILE = "cluster.yaml";
    static final int PORT = 7100;
    static final int METRICS_PORT = 7190;

    @Override
    public void run() {
        System.out.println("usage: ringworld cluster start|stop|status --dir DIR");
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Writes DIR/cluster.yaml and initialises the cluster if DIR is new, starts every node, waits until the cluster serves.")
    static final class Start implements Callable<Integer> {
        @Option(names = "--dir", required = true, description = "The cluster's folder.")
        Path dir;
        @Option(names = "--switches", defaultValue = "3", description = "Switches of a new cluster (default ${DEFAULT-VALUE}).")
        int switches;
        @Option(names = "--replica-sets", defaultValue = "2", description = "Replica sets of 3 servers of a new cluster (default ${DEFAULT-VALUE}).")
        int replicaSets;
        @Option(names = "--wait-seconds", defaultValue = "60", description = "How long to wait for the cluster to serve.")
        int waitSeconds;
        @Option(names = "--tls", description = "A new cluster's clients must use TLS: writes a self-signed certificate for "
                + "its addresses into DIR/tls and a tls section into the cluster file.")
        boolean tls;
        @Option(names = "--dataplane", defaultValue = "kernel", paramLabel = "kernel|p4",
                description = "What runs the switches: the kernel, or ringworld.p4 on the p4 module's interpreter with the"
                        + " kernel as its agent (issue 23; a difference between them stops the switch) (default ${DEFAULT-VALUE}).")
        String dataplane;

        @Override
        public Integer call() throws Exception {
            Path file = dir.resolve(CLUSTER_FILE);
            if (!dataplane.equals("kernel") && !dataplane.equals("p4")) {
                System.err.println("cluster start: --dataplane must be kernel or p4, got " + dataplane);
                return 2;
            }
            if (switches < 1 || switches > 64 || replicaSets < 1 || replicaSets > 64) {
                System.err.println("cluster start: --switches and --replica-sets must be within 1..64");
                return 2;
            }
            if (!Files.exists(file)) {
                Files.createDirectories(dir);
                String yaml = clusterYaml(switches, replicaSets);
                Files.writeString(file, yaml);
                if (tls) { // a certificate naming every member's host, as the file says them
                    java.util.Set<String> hosts = new java.util.TreeSet<>();
                    ClusterFile.read(file).members().forEach(m -> hosts.add(m.address().getHostString()));
                    io.ringworld.node.TlsFiles.writeSelfSigned(dir.resolve("tls"), hosts);
                    Files.writeString(file, yaml + io.ringworld.node.TlsFiles.yamlSection("tls"));
                }
                ClusterInit.initialise(ClusterFile.read(file));
                System.out.println("initialised a new cluster in " + dir.toAbsolutePath() + (tls ? " (clients use TLS)" : ""));
            }
            ClusterFile cluster = ClusterFile.read(file);
            Files.createDirectories(dir.resolve("logs"));
            Files.createDirectories(dir.resolve("pids"));
            for (ClusterFile.Member m : cluster.members()) {
                Optional<ProcessHandle> running = pid(dir, m.name());
                if (running.isPresent()) {
                    System.err.println("cluster start: " + m.name() + " is already running (PID " + running.get().pid() + ")");
                    return 1;
                }
                if (!portFree(m.address())) {
                    System.err.println("cluster start: " + m.name() + "'s address " + m.address().getHostString() + ":"
                            + m.address().getPort() + " is taken by another process");
                    return 1;
                }
            }
            for (ClusterFile.Member m : cluster.members()) {
                Process p = LocalCluster.start(file, m.name(), dir.resolve("logs").resolve(m.name() + ".log"),
                        java.util.List.of("-Xmx512m"), java.util.List.of("--dataplane", dataplane));
                Files.writeString(dir.resolve("pids").resolve(m.name() + ".pid"), p.pid() + "\n");
                System.out.printf("%-6s %-18s pid %d%n", m.name(), m.address().getHostString() + ":" + m.address().getPort(), p.pid());
            }
            return awaitServing(cluster, waitSeconds) ? 0 : 1;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stops every node of the cluster in DIR (SIGTERM: a graceful stop).")
    static final class Stop implements Callable<Integer> {
        @Option(names = "--dir", required = true)
        Path dir;

        @Override
        public Integer call() throws Exception {
            ClusterFile cluster = ClusterFile.read(dir.resolve(CLUSTER_FILE));
            int stopped = 0;
            for (ClusterFile.Member m : cluster.members()) {
                Optional<ProcessHandle> p = pid(dir, m.name());
                if (p.isPresent()) {
                    p.get().destroy();
                    try {
                        p.get().onExit().get(20, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.TimeoutException e) {
                        p.get().destroyForcibly();
                        System.err.println(m.name() + ": did not stop within 20 s; killed");
                    }
                    stopped++;
                }
                Files.deleteIfExists(dir.resolve("pids").resolve(m.name() + ".pid"));
            }
            System.out.println("stopped " + stopped + " nodes");
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "A table of the nodes: process, view, ring, committed prefix, tokens/s, appends/s, lag; --watch refreshes it.")
    static final class Status implements Callable<Integer> {
        @Option(names = "--dir", required = true)
        Path dir;
        @Option(names = "--watch", description = "Refresh the table every --interval-seconds until Ctrl-C.")
        boolean watch;
        @Option(names = "--interval-seconds", defaultValue = "1", description = "Seconds between the scrapes a rate is taken over (default ${DEFAULT-VALUE}).")
        int intervalSeconds;

        @Override
        public Integer call() throws Exception {
            if (intervalSeconds < 1 || intervalSeconds > 3600) {
                System.err.println("cluster status: --interval-seconds must be within 1..3600");
                return 2;
            }
            Path file = dir.resolve(CLUSTER_FILE);
            if (!Files.exists(file)) {
                System.err.println("cluster status: no cluster in " + dir + " (" + file + " does not exist)");
                return 2;
            }
            ClusterFile cluster = ClusterFile.read(file);
            java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                    .connectTimeout(java.time.Duration.ofSeconds(1)).build();
            Map<String, Map<String, Double>> previous = scrapeAll(cluster, http);
            long previousNanos = System.nanoTime();
            do {
                Thread.sleep(intervalSeconds * 1000L);
                Map<String, Map<String, Double>> now = scrapeAll(cluster, http);
                double seconds = (System.nanoTime() - previousNanos) / 1e9;
                previousNanos = System.nanoTime();
                java.util.List<StatusTable.Node> nodes = new java.util.ArrayList<>();
                for (ClusterFile.Member m : cluster.members()) {
                    Optional<ProcessHandle> p = pid(dir, m.name());
                    nodes.add(new StatusTable.Node(m.name(), m.id() instanceof io.ringworld.kernel.SwitchId,
                            p.map(h -> "pid " + h.pid()).orElse("stopped"), previous.get(m.name()), now.get(m.name())));
                }
                if (watch) {
                    System.out.print("\033[H\033[2J"); // clear the terminal: a live table
                }
                System.out.println("cluster " + cluster.clusterId() + " (" + dir.toAbsolutePath() + "), rates over " + String.format("%.1f", seconds) + " s");
                StatusTable.rows(nodes, seconds).forEach(System.out::println);
                previous = now;
            } while (watch);
            return 0;
        }

        private static Map<String, Map<String, Double>> scrapeAll(ClusterFile cluster, java.net.http.HttpClient http) {
            Map<String, Map<String, Double>> out = new java.util.HashMap<>();
            for (ClusterFile.Member m : cluster.members()) {
                String text = StatusTable.scrape(http, m);
                if (text != null) {
                    try {
                        out.put(m.name(), StatusTable.parse(text));
                    } catch (IllegalArgumentException e) {
                        System.err.println(m.name() + ": its metrics could not be read: " + e.getMessage());
                    }
                }
            }
            return out;
        }
    }

    /** The running process of node {@code name} per its PID file (a stale file, whose process is gone, is not one). */
    static Optional<ProcessHandle> pid(Path dir, String name) throws IOException {
        Path f = dir.resolve("pids").resolve(name + ".pid");
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readString(f).strip());
        } catch (NumberFormatException e) {
            System.err.println(f + ": not a PID; ignored");
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(h -> h.info().commandLine().map(c -> c.contains(NodeMain.class.getName())).orElse(true));
    }

    static boolean awaitServing(ClusterFile cluster, int seconds) throws ClusterFileException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        try (RingWorldClient c = RingWorldClient.connect(cluster, "cli")) {
            while (System.nanoTime() < deadline) {
                try {
                    long tail = c.getTail().get(5, TimeUnit.SECONDS);
                    System.out.println("the cluster serves (tail " + tail + "); cluster file " + cluster.source().toAbsolutePath());
                    return true;
                } catch (Exception e) {
                    // not yet: nodes are starting, connecting, booting view 0
                }
            }
        }
        System.err.println("cluster start: the cluster did not serve within " + seconds + " s; see the logs folder");
        return false;
    }

    private static boolean portFree(InetSocketAddress a) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(a.getHostString(), a.getPort()));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A new cluster's file: node n on 127.0.0.(10 + n), port 7100, metrics on 7190; one client, "cli". */
    static String clusterYaml(int switches, int replicaSets) throws IOException {
        return LocalCluster.yaml(switches, replicaSets, java.util.List.of("cli"), new LocalCluster.Addresses() {
            @Override
            public String node(int n) {
                return "127.0.0." + (10 + n) + ":" + PORT;
            }

            @Override
            public String metrics(int n) {
                return "127.0.0." + (10 + n) + ":" + METRICS_PORT;
            }
        });
    }
}
