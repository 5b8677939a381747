package io.ringworld.runtime.real;

import io.ringworld.checker.history.History;
import io.ringworld.checker.history.HistoryWriter;
import io.ringworld.checker.log.LogChecker;
import io.ringworld.checker.report.Timeline;
import io.ringworld.checker.report.Verdict;
import io.ringworld.client.ReadResult;
import io.ringworld.client.RingWorldClient;
import io.ringworld.kernel.testhooks.PlantedBug;
import io.ringworld.node.LocalCluster;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;

/**
 * One run of a real-cluster campaign: a fresh cluster of real processes in its own folder, client
 * workers recording one history, the seeded nemesis, then heal, wait for service, read back every
 * acknowledged append, require new appends to commit, judge the history; leaves the run's folder
 * (history, nemesis timeline, node logs and metrics, the checker's timeline on a violation).
 */
final class RealRun {
    /** After the heal, the cluster must commit an append within this. */
    static final long SERVE_AGAIN_MILLIS = 60_000;
    /** New appends after the heal, all acknowledged within {@link #NEW_APPENDS_MILLIS}. */
    static final int NEW_APPENDS = 20;
    static final long NEW_APPENDS_MILLIS = 30_000;
    /** Reading back every acknowledged append must end within this (a cluster that serves reads does it in seconds). */
    static final long READ_BACK_MILLIS = 180_000;
    /** Read back reports this many lost or changed appends, then stops (each lost one costs its reads' timeouts). */
    static final int READ_BACK_PROBLEMS_MAX = 3;

    private final long seed;
    private final RealRunConfig config;
    private final PrintStream log;
    private final Path folder;
    private final List<String> problems = new ArrayList<>();

    RealRun(long seed, RealRunConfig config, PrintStream log) {
        this.seed = seed;
        this.config = config;
        this.log = log;
        this.folder = config.out().resolve("run-" + seed);
    }

    RealRunResult run() throws Exception {
        long startNanos = System.nanoTime();
        LocalCluster.deleteTree(folder);
        Files.createDirectories(folder);
        List<String> switches = RealCluster.switchNames(config.switches());
        List<List<String>> sets = RealCluster.replicaSetNames(config.replicaSets());
        List<NemesisPlan.Step> steps = NemesisPlan.plan(seed, config.faults(), switches, sets, config.faultMillis());
        Map<String, LoopDisk> disks = new LinkedHashMap<>();
        Map<String, Map<String, LinkProxy>> proxies = new LinkedHashMap<>();
        List<RingWorldClient> clients = new ArrayList<>();
        RealCluster cluster = null;
        Nemesis nemesis = null;
        Workers workers = new Workers(2 * config.clients(), config.opsPerSecond());
        try {
            Map<String, Path> dataDirs = loopDisks(steps, disks);
            List<String> clientNames = new ArrayList<>();
            for (int c = 1; c <= config.clients(); c++) {
                clientNames.add("c" + c);
            }
            cluster = Cleanup.register(new RealCluster(folder, config.switches(), config.replicaSets(), clientNames,
                    config.ownNamespace(), dataDirs));
            boolean links = steps.stream().anyMatch(s -> s.fault().group() == RealFault.Group.LINK);
            configure(cluster, links ? proxies(cluster, proxies) : Map.of());
            Firewall firewall = steps.stream().anyMatch(s -> s.fault().group() == RealFault.Group.NETWORK)
                    ? Firewall.inCurrentNamespace() : null;
            nemesis = new Nemesis(cluster, workers, firewall, proxies, disks, folder.resolve("nemesis.txt"));
            nemesis.note("plan (seed " + seed + "): " + steps.size() + " faults");
            for (NemesisPlan.Step s : steps) {
                nemesis.note("  #" + s.number() + " at " + s.atMillis() + " ms for " + s.holdMillis() + " ms: " + s.describe());
            }
            cluster.startAll();
            if (!cluster.awaitUp(cluster.names, 60_000)) {
                problems.add("the cluster did not start (node logs in " + folder.resolve("logs") + ")");
                return result(workers, nemesis, 0, startNanos);
            }
            for (String c : clientNames) {
                clients.add(RingWorldClient.connect(cluster.cluster, c));
            }
            List<Thread> threads = startWorkers(workers, clients);
            if (!firstAppend(workers)) {
                problems.add("no append was acknowledged in 60 s after the start");
            } else {
                workers.allowTrim();
                try {
                    nemesis.run(steps);
                } finally {
                    nemesis.healEverything();
                    restartDead(cluster, nemesis);
                }
                serveAgain(workers, clients.get(0), nemesis);
                Thread.sleep(1_000);
            }
            workers.stop();
            for (Thread t : threads) {
                t.join(60_000);
            }
            int readBack = problems.isEmpty() ? readBack(workers, clients.get(0), nemesis) : 0;
            if (problems.isEmpty()) {
                newAppends(workers, clients.get(0));
            }
            if (problems.isEmpty()) {
                onAMajority(cluster, workers, nemesis);
            }
            invariantViolations(cluster);
            if (config.p4Switches()) {
                p4FastPath(cluster, nemesis);
            }
            judge(workers.history());
            writeMetrics(cluster);
            return result(workers, nemesis, readBack, startNanos);
        } finally {
            clients.forEach(RingWorldClient::close);
            if (cluster != null) {
                cluster.close();
                Cleanup.closed(cluster);
            }
            proxies.values().forEach(m -> m.values().forEach(p -> {
                p.close();
                Cleanup.closed(p);
            }));
            disks.values().forEach(d -> {
                d.close();
                Cleanup.closed(d);
            });
            if (problems.isEmpty()) { // a passing run keeps its history, timeline, logs and metrics, not its data
                LocalCluster.deleteTree(folder.resolve("data"));
                LocalCluster.deleteTree(folder.resolve("disks"));
            }
        }
    }

    /** A small loop-mounted disk for each server a full-disk fault will fill; returns their data directories. */
    private Map<String, Path> loopDisks(List<NemesisPlan.Step> steps, Map<String, LoopDisk> disks) throws Exception {
        Map<String, Path> dataDirs = new LinkedHashMap<>();
        for (NemesisPlan.Step s : steps) {
            String server = s.targets().get(0);
            if (s.fault() == RealFault.DISK_FULL && !disks.containsKey(server)) {
                Path mount = folder.resolve("disks").resolve(server);
                disks.put(server, Cleanup.register(LoopDisk.create(folder.resolve("disks").resolve(server + ".img"), 64L << 20, mount)));
                dataDirs.put(server, disks.get(server).dataDir());
            }
        }
        return dataDirs;
    }

    /** A proxy for every link between two nodes; returns each node's {@code --peer-address} arguments. */
    private Map<String, List<String>> proxies(RealCluster cluster, Map<String, Map<String, LinkProxy>> proxies) throws Exception {
        Map<String, List<String>> args = new LinkedHashMap<>();
        LocalCluster.FreePorts free = cluster.free; // a port the cluster file gave a node is never a proxy's
        int link = 0;
        for (String from : cluster.names) {
            Map<String, LinkProxy> out = new LinkedHashMap<>();
            List<String> a = new ArrayList<>();
            for (String to : cluster.names) {
                if (to.equals(from)) {
                    continue;
                }
                InetAddress dialFrom = config.ownNamespace() ? InetAddress.getByName(cluster.ip(from)) : null;
                LinkProxy p = Cleanup.register(LinkProxy.start(new InetSocketAddress("127.0.0.1", free.port()),
                        cluster.address(to), dialFrom, seed * 1_000 + link++));
                out.put(to, p);
                a.add("--peer-address");
                a.add(to + "=127.0.0.1:" + p.address().getPort());
            }
            proxies.put(from, out);
            args.put(from, a);
        }
        return args;
    }

    private void configure(RealCluster cluster, Map<String, List<String>> peerArgs) {
        for (String n : cluster.names) {
            List<String> jvm = new ArrayList<>();
            List<String> args = new ArrayList<>(peerArgs.getOrDefault(n, List.of()));
            if (config.plantedBug() != PlantedBug.NONE) {
                args.addAll(List.of("--unsafe-test-hooks", config.plantedBug().name()));
            }
            if (!cluster.isServer(n) && config.p4Switches()) {
                args.addAll(List.of("--dataplane", "p4"));
            }
            if (cluster.isServer(n)) {
                args.addAll(List.of("--test-held-writes", "--test-segment-bytes", Long.toString(RealCluster.SEGMENT_BYTES)));
                if (config.ackBeforeForce()) {
                    args.add("--test-ack-before-force");
                }
            }
            cluster.configure(n, jvm, args);
        }
    }

    private List<Thread> startWorkers(Workers workers, List<RingWorldClient> clients) {
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < 2 * clients.size(); p++) {
            RingWorldClient client = clients.get(p % clients.size());
            int process = p;
            Thread t = new Thread(() -> workers.run(client, process, seed * 131 + process), "worker-" + process);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        return threads;
    }

    private boolean firstAppend(Workers workers) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (workers.appendsAcknowledged.get() == 0) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** Restarts every node not running after the faults (none should be: every fault undoes itself). */
    private void restartDead(RealCluster cluster, Nemesis nemesis) throws Exception {
        for (String n : cluster.names) {
            if (!cluster.process(n).isAlive()) {
                nemesis.note(n + " was not running after the faults (exit " + cluster.process(n).exitValue() + "): restarted");
                cluster.start(n);
            }
        }
        cluster.awaitUp(cluster.names, 30_000);
    }

    /** After the heal: an append must commit within {@link #SERVE_AGAIN_MILLIS}. */
    private void serveAgain(Workers workers, RingWorldClient client, Nemesis nemesis) throws InterruptedException {
        long start = System.nanoTime();
        int probe = 0;
        while (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(SERVE_AGAIN_MILLIS)) {
            if (workers.append(client, 1_000_000 + probe, "serve-again-" + probe++)) {
                nemesis.note("serving again " + (System.nanoTime() - start) / 1_000_000 + " ms after the heal");
                return;
            }
            Thread.sleep(200);
        }
        problems.add("the cluster did not commit an append within " + SERVE_AGAIN_MILLIS / 1000 + " s of the heal");
    }

    /**
     * Every acknowledged append at or above the trim, read back: none lost, none changed. Reads go
     * out {@link #READ_BACK_WINDOW} at a time (one by one, ~9,000 reads took 13 s of a run); an
     * answer that is neither a value nor junk is asked again, up to three times in all.
     */
    private int readBack(Workers workers, RingWorldClient client, Nemesis nemesis) throws Exception {
        long trimmed = Math.max(1, workers.trimmedBelow.get());
        List<Map.Entry<Long, String>> acked = workers.acknowledged.entrySet().stream().filter(e -> e.getKey() >= trimmed).toList();
        int ok = 0;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READ_BACK_MILLIS);
        for (int from = 0; from < acked.size(); from += READ_BACK_WINDOW) {
            List<Map.Entry<Long, String>> window = acked.subList(from, Math.min(acked.size(), from + READ_BACK_WINDOW));
            List<CompletableFuture<ReadResult>> reads = window.stream().map(e -> client.read(e.getKey())).toList();
            for (int k = 0; k < window.size(); k++) {
                Map.Entry<Long, String> e = window.get(k);
                if (problems.size() >= READ_BACK_PROBLEMS_MAX) {
                    problems.add("read back stopped after " + READ_BACK_PROBLEMS_MAX + " lost or changed appends");
                    return ok;
                }
                if (System.nanoTime() > deadline) {
                    problems.add("reading back the acknowledged appends took over " + READ_BACK_MILLIS / 1000 + " s (" + ok
                            + " read back intact)");
                    return ok;
                }
                ReadResult r = settled(client, e.getKey(), reads.get(k));
                if (r instanceof ReadResult.Value v && new String(v.data(), StandardCharsets.UTF_8).equals(e.getValue())) {
                    ok++;
                } else if (!(r instanceof ReadResult.Trimmed)) {
                    problems.add("acknowledged append " + e.getKey() + " (" + e.getValue() + ") read back as " + describe(r));
                }
            }
        }
        nemesis.note("read back " + ok + " acknowledged appends intact");
        return ok;
    }

    /** Reads at once in flight while reading back. */
    static final int READ_BACK_WINDOW = 64;

    /** The first read's answer if it is a value or junk, else up to two more reads' (null: none answered). */
    private static ReadResult settled(RingWorldClient client, long index, CompletableFuture<ReadResult> first)
            throws InterruptedException {
        CompletableFuture<ReadResult> f = first;
        ReadResult r = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                r = f.get(15, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException ex) {
                r = null;
            }
            if (r instanceof ReadResult.Value || r instanceof ReadResult.Junk) {
                break;
            }
            Thread.sleep(200);
            f = client.read(index);
        }
        return r;
    }

    /**
     * The protocol's claim behind every acknowledgement, checked on the servers themselves once the
     * cluster is healed: every acknowledged append at or above the trim is held by a majority of
     * its replica set (read through each server's test control; a server still repairing is given
     * {@link #MAJORITY_WAIT_MILLIS} to catch up). A lost copy the reads did not notice shows here.
     */
    private void onAMajority(RealCluster cluster, Workers workers, Nemesis nemesis) throws Exception {
        long trimmed = Math.max(1, workers.trimmedBelow.get());
        List<Long> acked = workers.acknowledged.keySet().stream().filter(i -> i >= trimmed).toList();
        if (acked.isEmpty()) {
            return;
        }
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAJORITY_WAIT_MILLIS);
        List<String> short_;
        do {
            short_ = new ArrayList<>();
            for (int r = 0; r < cluster.replicaSets.size(); r++) {
                List<List<long[]>> missing = new ArrayList<>();
                for (String server : cluster.replicaSets.get(r)) {
                    missing.add(ranges(cluster.control(server, "/missing?from=" + acked.get(0) + "&to=" + acked.get(acked.size() - 1), null)));
                }
                for (long i : acked) {
                    if (Math.floorMod(i, (long) cluster.replicaSets.size()) != r) {
                        continue;
                    }
                    int holders = 0;
                    List<String> lacking = new ArrayList<>();
                    for (int k = 0; k < missing.size(); k++) {
                        boolean lacks = covered(missing.get(k), i);
                        holders += lacks ? 0 : 1;
                        if (lacks) {
                            lacking.add(cluster.replicaSets.get(r).get(k));
                        }
                    }
                    if (holders < 2) {
                        short_.add(i + " (set " + r + ": " + holders + " of 3, not on " + String.join(",", lacking) + ")");
                    }
                }
            }
            if (!short_.isEmpty()) {
                Thread.sleep(500);
            }
        } while (!short_.isEmpty() && System.nanoTime() < end);
        if (short_.isEmpty()) {
            nemesis.note("every acknowledged append at or above " + trimmed + " is held by a majority of its replica set");
        } else {
            problems.add(short_.size() + " acknowledged appends are not held by a majority of their replica set, e.g. "
                    + short_.subList(0, Math.min(5, short_.size())));
            for (String n : cluster.names) {
                nemesis.note("status of " + n + " at the majority check: " + cluster.status(n));
            }
        }
    }

    /** How long the servers get to hold every acknowledged append on a majority after the heal. */
    static final long MAJORITY_WAIT_MILLIS = 30_000;

    private static List<long[]> ranges(String text) {
        List<long[]> out = new ArrayList<>();
        if (!text.equals("none")) {
            for (String r : text.split(",")) {
                int dots = r.indexOf("..");
                out.add(new long[] {Long.parseLong(r.substring(0, dots)), Long.parseLong(r.substring(dots + 2))});
            }
        }
        return out;
    }

    private static boolean covered(List<long[]> ranges, long i) {
        for (long[] r : ranges) {
            if (i >= r[0] && i <= r[1]) {
                return true;
            }
        }
        return false;
    }

    private static String describe(ReadResult r) {
        if (r instanceof ReadResult.Value v) {
            return "'" + new String(v.data(), StandardCharsets.UTF_8) + "'";
        }
        return r == null ? "no answer" : r.getClass().getSimpleName();
    }

    /**
     * {@link #NEW_APPENDS} new appends must be acknowledged within {@link #NEW_APPENDS_MILLIS}; one
     * whose outcome is unknown (a view change still settling) is followed by another.
     */
    private void newAppends(Workers workers, RingWorldClient client) {
        long start = System.nanoTime();
        int base = workers.appendsAcknowledged.get(); // the workers have stopped: only these count now
        int acked = 0;
        for (int k = 0; acked < NEW_APPENDS; k++) {
            if (System.nanoTime() - start > TimeUnit.MILLISECONDS.toNanos(NEW_APPENDS_MILLIS)) {
                problems.add("only " + acked + " of " + NEW_APPENDS + " new appends were acknowledged within "
                        + NEW_APPENDS_MILLIS / 1000 + " s of the read back");
                return;
            }
            workers.append(client, 2_000_000 + k, "after-heal-" + k);
            acked = workers.appendsAcknowledged.get() - base;
        }
    }

    /**
     * With P4 switches, each switch's counts since its last start (in the timeline); a run whose
     * data planes took no frame on their fast path did not test them, and fails.
     */
    private void p4FastPath(RealCluster cluster, Nemesis nemesis) {
        long taken = 0;
        for (String n : cluster.switches) {
            String status = cluster.status(n);
            nemesis.note(n + " at the end: " + status);
            java.util.regex.Matcher m = status == null ? null : java.util.regex.Pattern.compile("p4FastPath=(\\d+)").matcher(status);
            taken += m != null && m.find() ? Long.parseLong(m.group(1)) : 0;
        }
        if (taken == 0) {
            problems.add("with --dataplane p4, no switch's data plane took a frame on its fast path");
        }
    }

    /** A node that stopped on one of the kernel's always-on invariants (its log says which) fails the run. */
    private void invariantViolations(RealCluster cluster) throws Exception {
        for (String n : cluster.names) {
            Path log = folder.resolve("logs").resolve(n + ".log");
            if (!Files.exists(log)) {
                continue;
            }
            try (java.util.stream.Stream<String> lines = Files.lines(log)) {
                lines.filter(l -> l.contains("INVARIANT VIOLATED") || l.contains("P4 DATA PLANE DIVERGED")).findFirst()
                        .ifPresent(l -> problems.add(n + (l.contains("INVARIANT VIOLATED")
                                ? " stopped on a kernel invariant: " + l.substring(l.indexOf("INVARIANT"))
                                : " stopped: " + l.substring(l.indexOf("P4 DATA PLANE")))));
            }
        }
    }

    private void judge(History history) throws Exception {
        HistoryWriter.write(history, folder.resolve("history.edn"));
        Verdict v = LogChecker.check(history);
        if (!v.isValid()) {
            problems.add("checker: " + v.validity() + ": " + v.reason());
            Files.writeString(folder.resolve("timeline.html"), Timeline.html(history, v));
        }
    }

    private void writeMetrics(RealCluster cluster) throws Exception {
        Path dir = Files.createDirectories(folder.resolve("metrics"));
        for (String n : cluster.names) {
            Files.writeString(dir.resolve(n + ".prom"), cluster.metrics(n));
        }
    }

    private RealRunResult result(Workers workers, Nemesis nemesis, int readBack, long startNanos) throws Exception {
        History h = workers.history();
        RealRunResult r = new RealRunResult(seed, List.copyOf(problems), h.operations().size(), workers.appendsAcknowledged.get(),
                workers.indeterminate.get(), readBack, nemesis == null ? Map.of() : Map.copyOf(nemesis.applied),
                nemesis == null ? Map.of() : Map.copyOf(nemesis.skipped), (System.nanoTime() - startNanos) / 1e9, folder);
        Files.writeString(folder.resolve("summary.txt"), r + System.lineSeparator());
        return r;
    }
}
