package io.ringworld.runtime.real;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Applies a run's {@link NemesisPlan} to its real cluster, one fault at a time: apply, hold,
 * undo; each recorded in the history (nemesis {@code :invoke} and {@code :info}) and in the
 * run's timeline with what was really done (rules, pids, process states, bytes changed).
 */
final class Nemesis {
    private final RealCluster cluster;
    private final Workers workers;
    private final Firewall firewall; // null: no network faults in this run
    private final Map<String, Map<String, LinkProxy>> proxies; // from, to
    private final Map<String, LoopDisk> disks;
    private final Path file;
    private final long t0 = System.nanoTime();
    final Map<RealFault, Integer> applied = new EnumMap<>(RealFault.class);
    final Map<RealFault, Integer> skipped = new EnumMap<>(RealFault.class);

    Nemesis(RealCluster cluster, Workers workers, Firewall firewall, Map<String, Map<String, LinkProxy>> proxies,
            Map<String, LoopDisk> disks, Path file) {
        this.file = file;
        this.cluster = cluster;
        this.workers = workers;
        this.firewall = firewall;
        this.proxies = proxies;
        this.disks = disks;
    }

    /** Adds a line to the timeline, written through to the run's {@code nemesis.txt} at once (it survives a kill of the campaign). */
    synchronized void note(String line) {
        String l = String.format("%9.3f s  %s%n", (System.nanoTime() - t0) / 1e9, line);
        try {
            Files.writeString(file, l, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.print("cannot write " + file + " (" + e.getMessage() + "): " + l);
        }
    }

    /** Runs every step at its time; returns when the last fault is undone. */
    void run(List<NemesisPlan.Step> steps) throws Exception {
        long start = System.nanoTime();
        for (NemesisPlan.Step step : steps) {
            NemesisPlan.Step s = step;
            long wait = s.atMillis() - (System.nanoTime() - start) / 1_000_000;
            if (wait > 0) {
                Thread.sleep(wait);
            }
            NemesisPlan.Step planned = s;
            s = gate(planned);
            if (s == null) {
                skipped.merge(planned.fault(), 1, Integer::sum);
                continue;
            }
            workers.nemesisInvoke(s.fault().label(), String.join(",", s.targets()));
            note("#" + s.number() + " " + s.describe() + ": " + apply(s));
            workers.nemesisDone(s.fault().label(), String.join(",", s.targets()));
            Thread.sleep(s.holdMillis());
            String undone = undo(s);
            workers.nemesisInvoke("heal-" + s.fault().label(), String.join(",", s.targets()));
            note("#" + s.number() + " undone: " + undone);
            workers.nemesisDone("heal-" + s.fault().label(), String.join(",", s.targets()));
            applied.merge(s.fault(), 1, Integer::sum);
        }
    }

    /**
     * The step as it may run now, or null to skip it. A disk fault damages a server's forced data,
     * so it must not leave two servers of a replica set lacking entries (the fault model: a
     * 3-server set survives one damaged member; the specs' DiskFaultAllowed). While one server of
     * the set still relearns or lacks entries after up to {@link #REPAIR_WAIT_MILLIS}, the fault
     * goes to that server instead (damaging it again keeps one damaged member); with two such
     * servers it is skipped. Losing unforced writes (a crash) and a full disk damage nothing: never gated.
     */
    private NemesisPlan.Step gate(NemesisPlan.Step s) throws InterruptedException {
        if (!s.fault().damagesDisk()) {
            return s; // a full disk refuses writes and loses nothing; a lost unforced write was never acknowledged
        }
        int set = cluster.replicaSetOf(s.targets().get(0));
        long start = System.nanoTime();
        while (true) {
            List<String> lacking = new ArrayList<>();
            for (String n : cluster.replicaSets.get(set)) {
                String st = cluster.status(n);
                if (st == null || lacksEntries(st)) {
                    lacking.add(n + (st == null ? " (not answering)" : " (" + lacking(st) + ")"));
                }
            }
            if (lacking.isEmpty()) {
                return s;
            }
            if (System.nanoTime() - start > REPAIR_WAIT_MILLIS * 1_000_000) {
                if (lacking.size() > 1) {
                    note("#" + s.number() + " skipped " + s.describe() + ": " + lacking
                            + " lack entries (at most one server per replica set may)");
                    return null;
                }
                String other = lacking.get(0).substring(0, lacking.get(0).indexOf(' '));
                note("#" + s.number() + " goes to " + other + (other.equals(s.targets().get(0)) ? "" : " instead of "
                        + s.targets().get(0)) + ": " + lacking.get(0)
                        + " has not repaired in " + REPAIR_WAIT_MILLIS / 1000 + " s (at most one server per replica set may lack entries)");
                return new NemesisPlan.Step(s.number(), s.atMillis(), s.fault(), List.of(other), s.holdMillis(), s.param());
            }
            Thread.sleep(200);
        }
    }

    /** What a server lacks, for the timeline: {@code relearning}, or its unknown ranges. */
    static String lacking(String status) {
        if (status.contains("relearning=true")) {
            return "relearning";
        }
        java.util.regex.Matcher u = java.util.regex.Pattern.compile("unknown=(\\S+)").matcher(status);
        return u.find() ? "unknown " + u.group(1) : "unreadable status: " + status;
    }

    /** How long a disk fault waits for a server of its set to finish relearning and repairing. */
    static final long REPAIR_WAIT_MILLIS = 8_000;

    /**
     * Whether a server's status line ({@code server view=2.2 relearning=false highestIndex=21549
     * unknown=8586..8600,21550..}) shows it relearning or with any unknown index. An unknown range
     * open above the highest index it holds may be a wiped server's for good, but it may as well be
     * a tail of acknowledged records a recovery cut off (a torn or flipped record): from outside
     * the two look alike, so both count.
     */
    static boolean lacksEntries(String status) {
        return status.contains("relearning=true") || !status.matches(".*\\bunknown=none\\b.*");
    }

    private String apply(NemesisPlan.Step s) throws Exception {
        List<String> t = s.targets();
        switch (s.fault()) {
            case KILL_SERVER, KILL_SWITCH -> {
                long pid = cluster.process(t.get(0)).pid();
                cluster.kill(t.get(0));
                return "SIGKILL pid " + pid + ", state " + cluster.processState(t.get(0));
            }
            case LOSE_UNSYNCED -> {
                StringBuilder b = new StringBuilder("SIGKILL");
                for (String n : t) {
                    b.append(' ').append(n).append(" pid ").append(cluster.process(n).pid());
                    cluster.process(n).destroyForcibly(); // all at once, then wait
                }
                for (String n : t) {
                    cluster.kill(n);
                }
                return b.toString();
            }
            case PAUSE -> {
                cluster.signal(t.get(0), "STOP");
                return "SIGSTOP pid " + cluster.process(t.get(0)).pid() + ", state " + stateSoon(t.get(0), "T");
            }
            case CUT_ONE_WAY -> {
                firewall.cutOneWay(cluster.ip(t.get(0)), cluster.ip(t.get(1)));
                return firewall.ruleCount() + " rules; " + probe(t.get(0), t.get(1));
            }
            case ISOLATE -> {
                List<String> others = new ArrayList<>(List.of("127.0.0.1")); // the clients
                cluster.names.stream().filter(n -> !n.equals(t.get(0))).map(cluster::ip).forEach(others::add);
                firewall.isolate(cluster.ip(t.get(0)), others);
                String peer = cluster.names.stream().filter(n -> !n.equals(t.get(0))).findFirst().orElseThrow();
                return firewall.ruleCount() + " rules; " + probe(t.get(0), peer);
            }
            case SPLIT_RING, HALVES -> {
                List<String> all = s.fault() == RealFault.SPLIT_RING ? cluster.switches : cluster.names;
                for (String a : t) {
                    for (String b : all) {
                        if (!t.contains(b)) {
                            firewall.cut(cluster.ip(a), cluster.ip(b));
                        }
                    }
                }
                return firewall.ruleCount() + " rules";
            }
            case LINK_DELAY, LINK_LOSS, LINK_DUPLICATE, LINK_REORDER -> {
                LinkProxy.Faults f = linkFaults(s);
                proxies.get(t.get(0)).values().forEach(p -> p.setFaults(f));
                return proxies.get(t.get(0)).size() + " outgoing links: " + f;
            }
            case TORN_RECORD -> {
                return tornWrite(t.get(0), s.param());
            }
            case BIT_FLIP, WIPE -> {
                cluster.kill(t.get(0));
                String done = damage(s);
                return "SIGKILL, " + done;
            }
            case DISK_FULL -> {
                LoopDisk d = disks.get(t.get(0));
                d.fill();
                return "filled " + d.mountPoint() + ": " + java.nio.file.Files.getFileStore(d.mountPoint()).getUsableSpace()
                        + " bytes usable";
            }
            case CLOCK_SKEW -> {
                return cluster.control(t.get(0), "/tick-rate", Long.toString(s.param()));
            }
            default -> throw new IllegalStateException("no handling of " + s.fault());
        }
    }

    private String undo(NemesisPlan.Step s) throws Exception {
        List<String> t = s.targets();
        switch (s.fault()) {
            case KILL_SERVER, KILL_SWITCH, LOSE_UNSYNCED, TORN_RECORD, BIT_FLIP, WIPE -> {
                for (String n : t) {
                    cluster.start(n);
                }
                return "restarted " + String.join(",", t) + (cluster.awaitUp(t, 30_000) ? "" : " (NOT UP after 30 s)");
            }
            case PAUSE -> {
                cluster.signal(t.get(0), "CONT");
                return "SIGCONT, state " + stateSoon(t.get(0), "S");
            }
            case CUT_ONE_WAY, ISOLATE, SPLIT_RING, HALVES -> {
                String rules = firewall.rules();
                firewall.healAll();
                return "rules flushed (" + rules.lines().filter(l -> l.startsWith("-A")).count() + " were in force)";
            }
            case LINK_DELAY, LINK_LOSS, LINK_DUPLICATE, LINK_REORDER -> {
                StringBuilder b = new StringBuilder("links clean;");
                proxies.get(t.get(0)).forEach((to, p) -> {
                    p.setFaults(LinkProxy.Faults.NONE);
                    LinkProxy.Counters c = p.counters();
                    b.append(' ').append(to).append(": in ").append(c.framesIn()).append(" dropped ").append(c.framesDropped())
                            .append(" dup ").append(c.framesDuplicated()).append(" reordered ").append(c.framesReordered())
                            .append(" delayed ").append(c.framesDelayed());
                });
                return b.toString();
            }
            case DISK_FULL -> {
                disks.get(t.get(0)).unfill();
                return "freed " + disks.get(t.get(0)).mountPoint();
            }
            case CLOCK_SKEW -> {
                return cluster.control(t.get(0), "/tick-rate", "100");
            }
            default -> throw new IllegalStateException("no handling of " + s.fault());
        }
    }

    private static LinkProxy.Faults linkFaults(NemesisPlan.Step s) {
        LinkProxy.Faults none = LinkProxy.Faults.NONE;
        return switch (s.fault()) {
            case LINK_DELAY -> none.withDelay(s.param() / 2, s.param());
            case LINK_LOSS -> none.withLoss(s.param());
            case LINK_DUPLICATE -> none.withDuplicate(s.param());
            default -> none.withReorder(s.param());
        };
    }

    /** Undoes every fault still in force (after an error or an interrupt): resume, heal, clean links, full clocks. */
    void healEverything() {
        for (String n : cluster.names) {
            Process p = cluster.process(n);
            if (p != null && p.isAlive()) {
                try {
                    cluster.signal(n, "CONT");
                } catch (RuntimeException ignored) {
                    // it exited meanwhile
                }
            }
        }
        if (firewall != null) {
            firewall.healAll();
        }
        proxies.values().forEach(m -> m.values().forEach(p -> p.setFaults(LinkProxy.Faults.NONE)));
        disks.values().forEach(d -> {
            try {
                d.unfill();
            } catch (IOException | RuntimeException e) {
                note("unfill " + e);
            }
        });
    }

    /** A connection attempt from node {@code from}'s address to node {@code to}: what a cut does to it. */
    private String probe(String from, String to) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.bind(new java.net.InetSocketAddress(cluster.ip(from), 0));
            s.connect(cluster.address(to), 1_000);
            return "probe connect " + from + "->" + to + ": connected";
        } catch (IOException e) {
            return "probe connect " + from + "->" + to + ": failed (" + e.getMessage() + ")";
        }
    }

    private String stateSoon(String name, String want) throws InterruptedException {
        String st = cluster.processState(name);
        for (int k = 0; k < 20 && !st.equals(want) && !(want.equals("S") && !st.equals("T")); k++) {
            Thread.sleep(25);
            st = cluster.processState(name);
        }
        return st;
    }

    /**
     * A crash in the middle of a segment write: the server is told to tear its next one and halt
     * ({@code POST /tear}), which it does as soon as its group commit writes (the workers keep
     * appending); the line it printed says what reached the file. No write within the wait: it
     * is killed instead, and the timeline says so.
     */
    private String tornWrite(String server, long seed) throws Exception {
        String armed;
        try {
            armed = cluster.control(server, "/tear", Long.toString(seed));
        } catch (IOException e) { // a write may come, and the halt, before the answer
            armed = "armed? " + e.getMessage();
        }
        Process p = cluster.process(server);
        if (!p.waitFor(TORN_WRITE_WAIT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            cluster.kill(server);
            return armed + "; no segment write within " + TORN_WRITE_WAIT_MILLIS + " ms: SIGKILL instead";
        }
        String mark = io.ringworld.node.NodeHost.TORN_WRITE_MARK;
        return "exit " + p.exitValue() + ", " + cluster.logLines(server).stream().filter(l -> l.contains(mark))
                .reduce((a, b) -> b).map(l -> l.substring(l.indexOf(mark) + mark.length())).orElse("no torn-write line in its log");
    }

    /** How long a server told to tear its next write may take to write one. */
    static final long TORN_WRITE_WAIT_MILLIS = 5_000;

    /** Flips a bit in the stopped server's segment files or wipes its disk; says exactly what changed. */
    private String damage(NemesisPlan.Step s) throws IOException {
        Path dir = cluster.dataDir(s.targets().get(0));
        if (s.fault() == RealFault.WIPE) {
            long files = 0;
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    if (!p.equals(dir)) {
                        Files.delete(p);
                        files++;
                    }
                }
            }
            return "wiped " + dir + " (" + files + " files and directories)";
        }
        List<Path> segments;
        try (Stream<Path> list = Files.list(dir)) {
            segments = list.filter(p -> p.getFileName().toString().startsWith("segment-")
                    && p.getFileName().toString().endsWith(".log")).sorted().toList();
        }
        SplittableRandom random = new SplittableRandom(s.param());
        for (int tries = 0; tries < segments.size(); tries++) {
            Path seg = segments.get(random.nextInt(segments.size()));
            long end = writtenEnd(seg);
            if (end <= SEGMENT_HEADER_BYTES) {
                continue;
            }
            try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                long at = SEGMENT_HEADER_BYTES + random.nextLong(end - SEGMENT_HEADER_BYTES);
                ByteBuffer b = ByteBuffer.allocate(1);
                ch.read(b, at);
                int bit = random.nextInt(8);
                b.put(0, (byte) (b.get(0) ^ (1 << bit)));
                b.rewind();
                ch.write(b, at);
                ch.force(true);
                return "flipped bit " + bit + " of byte " + at + " of " + seg.getFileName() + " (written up to " + end + ")";
            }
        }
        return "nothing written to damage yet";
    }

    /** A segment's file header; records follow it. */
    private static final long SEGMENT_HEADER_BYTES = 64;

    /** One past the last nonzero byte of a preallocated segment: where its written records end. */
    private static long writtenEnd(Path seg) throws IOException {
        byte[] all = Files.readAllBytes(seg); // campaign segments are 1 MiB
        int k = all.length;
        while (k > 0 && all[k - 1] == 0) {
            k--;
        }
        return k;
    }
}
