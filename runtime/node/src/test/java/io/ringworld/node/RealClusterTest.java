package io.ringworld.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.checker.log.LogChecker;
import io.ringworld.checker.report.Verdict;
import io.ringworld.client.ReadResult;
import io.ringworld.client.RingWorldClient;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real cluster of separate JVM processes on loopback (3 switches, 2 replica sets of 3 servers,
 * each node on its own data directory with real fsync). Four clients (the client library, 8 Jepsen
 * processes each) append, read, getTail and trim; one server and one switch are SIGKILLed in the
 * middle and restarted (the server on its directory, the switch as a new life that rejoins by a
 * view change). Then every acknowledged entry at or above the trim reads back intact, the history
 * passes the shared-log checker, a forged frame and a non-RingWorld stream sent to a switch show
 * in its metrics while it keeps serving, and a SIGTERM stops a node with exit 0. Every process
 * is gone when the test ends, pass or fail. -Dseed=S replays the workload's choices.
 */
class RealClusterTest {
    private static final int APPENDS = Integer.getInteger("realcluster.appends", 10_000);
    private static final int CLIENTS = 4;
    private static final int PROCESSES_PER_CLIENT = 8;

    @TempDir
    Path dir;

    @Test
    void aRealClusterSurvivesKillsAndItsHistoryIsLinearizable() throws Exception {
        long seed = Long.getLong("seed", System.nanoTime());
        System.out.println("[real-cluster] seed " + seed + " (replay the workload's choices with -Dseed=" + seed + ")");
        List<String> names = List.of("c1", "c2", "c3", "c4");
        try (LocalProcesses cluster = new LocalProcesses(dir, 3, 2, names)) {
            cluster.startAll();
            List<RingWorldClient> clients = new ArrayList<>();
            try {
                for (String n : names) {
                    clients.add(RingWorldClient.connect(cluster.cluster, n));
                }
                RecordedWorkload w = new RecordedWorkload(CLIENTS * PROCESSES_PER_CLIENT, APPENDS);
                firstAppend(clients.get(0), w);
                List<Thread> workers = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    for (int k = 0; k < PROCESSES_PER_CLIENT; k++) {
                        int process = c * PROCESSES_PER_CLIENT + k;
                        RingWorldClient client = clients.get(c);
                        Thread t = new Thread(() -> w.run(client, process, seed + process), "worker-" + process);
                        t.start();
                        workers.add(t);
                    }
                }
                Collector subscription = new Collector();
                clients.get(3).subscribe(1, subscription);
                nemesis(cluster, w);
                for (Thread t : workers) {
                    t.join(TimeUnit.MINUTES.toMillis(3));
                    assertTrue(!t.isAlive(), "a worker is still running after 3 minutes");
                }
                System.out.printf("[real-cluster] %d appends acknowledged, %d indeterminate, trimmed below %d, %d history ops%n",
                        w.acknowledged.size(), w.indeterminate.get(), w.trimmedBelow.get(), w.history().size());
                readBack(clients.get(1), w);
                checkSubscription(subscription, w);
                Verdict v = LogChecker.check(w.history());
                assertTrue(v.isValid(), "the history is not linearizable: " + v);
                assertTrue(!LogChecker.check(w.tamperedHistory()).isValid(), "the checker must reject the history with one read changed");
                checkForgedAndGarbage(cluster, clients.get(2));
            } finally {
                clients.forEach(RingWorldClient::close);
            }
            assertTrue(cluster.log("sw1").contains("switch life 1"), "the killed switch came back as its second life");
            assertEquals(0, cluster.stop("sw0"), "a graceful stop exits 0");
            assertTrue(cluster.log("s0-0").contains("transport"), "the node's first line names its transport");
        }
    }

    /** SIGKILL of a server and a switch once a fifth of the appends are in, restart once two fifths are. */
    private static void nemesis(LocalProcesses cluster, RecordedWorkload w) throws Exception {
        waitForAppends(w, APPENDS / 5);
        cluster.kill("s0-1");
        cluster.kill("sw1");
        System.out.println("[real-cluster] killed s0-1 and sw1 at " + w.appendsDone.get() + " appends");
        waitForAppends(w, 2 * APPENDS / 5);
        cluster.start("s0-1");
        cluster.start("sw1");
        System.out.println("[real-cluster] restarted s0-1 and sw1 at " + w.appendsDone.get() + " appends");
    }

    private static void waitForAppends(RecordedWorkload w, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (w.appendsDone.get() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    /** A subscriber that asks for 64 events at a time (backpressure) and keeps them. */
    static final class Collector implements java.util.concurrent.Flow.Subscriber<io.ringworld.client.LogEvent> {
        final List<io.ringworld.client.LogEvent> events = java.util.Collections.synchronizedList(new ArrayList<>());
        volatile long reached;
        private java.util.concurrent.Flow.Subscription sub;
        private int sinceRequest;

        @Override
        public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
            sub = s;
            s.request(64);
        }

        @Override
        public void onNext(io.ringworld.client.LogEvent e) {
            events.add(e);
            reached = e instanceof io.ringworld.client.LogEvent.Entry en ? en.index()
                    : ((io.ringworld.client.LogEvent.Trimmed) e).toIndex() - 1;
            if (++sinceRequest == 64) {
                sinceRequest = 0;
                sub.request(64);
            }
        }

        @Override
        public void onError(Throwable t) {
            events.add(null);
        }

        @Override
        public void onComplete() {
        }
    }

    /**
     * The subscription delivered the log in index order, and each acknowledged index as its
     * entry, with its text, or inside a trimmed range it reported.
     */
    private static void checkSubscription(Collector c, RecordedWorkload w) throws InterruptedException {
        long last = ((java.util.NavigableMap<Long, String>) w.acknowledged).lastKey();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (c.reached < last && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(c.reached >= last, "the subscription reached " + c.reached + " of " + last);
        java.util.Map<Long, String> entries = new java.util.HashMap<>();
        List<long[]> trimmed = new ArrayList<>();
        long previous = 0;
        synchronized (c.events) {
            for (io.ringworld.client.LogEvent e : c.events) {
                assertTrue(e != null, "the subscription failed");
                long from = e instanceof io.ringworld.client.LogEvent.Entry en ? en.index()
                        : ((io.ringworld.client.LogEvent.Trimmed) e).fromIndex();
                assertTrue(from > previous, "out of order: " + from + " after " + previous);
                if (e instanceof io.ringworld.client.LogEvent.Entry en) {
                    entries.put(en.index(), new String(en.data(), StandardCharsets.UTF_8));
                    previous = en.index();
                } else {
                    io.ringworld.client.LogEvent.Trimmed t = (io.ringworld.client.LogEvent.Trimmed) e;
                    trimmed.add(new long[] {t.fromIndex(), t.toIndex()});
                    previous = t.toIndex() - 1;
                }
            }
        }
        for (Map.Entry<Long, String> a : w.acknowledged.entrySet()) {
            long i = a.getKey();
            boolean inTrim = trimmed.stream().anyMatch(r -> r[0] <= i && i < r[1]);
            assertTrue(inTrim || a.getValue().equals(entries.get(i)), "index " + i + ": subscription gave " + entries.get(i));
        }
        System.out.println("[real-cluster] subscription: " + entries.size() + " entries, " + trimmed.size()
                + " trimmed ranges, in order");
    }

    /** Every acknowledged index reads back its text; below a trim it may read as trimmed. */
    private static void readBack(RingWorldClient client, RecordedWorkload w) throws Exception {
        long trimmed = Math.abs(w.trimmedBelow.get());
        int checked = 0;
        for (Map.Entry<Long, String> e : w.acknowledged.entrySet()) {
            ReadResult r = client.read(e.getKey()).get(30, TimeUnit.SECONDS);
            if (e.getKey() < trimmed && r instanceof ReadResult.Trimmed) {
                continue;
            }
            ReadResult.Value v = assertInstanceOf(ReadResult.Value.class, r, "index " + e.getKey());
            assertEquals(e.getValue(), new String(v.data(), StandardCharsets.UTF_8), "index " + e.getKey());
            checked++;
        }
        assertTrue(checked > 0, "nothing read back");
        System.out.println("[real-cluster] read back " + checked + " entries intact");
    }

    /**
     * A frame MACed under a key that is not client 1's, then 24 bytes that are no RingWorld header,
     * each on its own connection to sw0: both rejected and counted in sw0's metrics; it keeps serving.
     */
    private static void checkForgedAndGarbage(LocalProcesses cluster, RingWorldClient client) throws Exception {
        java.net.InetSocketAddress a = cluster.cluster.member("sw0").address();
        io.ringworld.kernel.ClientId c1 = new io.ringworld.kernel.ClientId(1);
        byte[] forged = new io.ringworld.kernel.wire.WireEncoder(
                io.ringworld.kernel.wire.Keyring.forClient(1, new io.ringworld.kernel.wire.WireKey(7, 7)),
                io.ringworld.kernel.wire.WireLimits.DEFAULT)
                .encode(c1, new io.ringworld.kernel.SwitchId(0), new io.ringworld.kernel.message.Message.GetTailRequest(c1, 1));
        for (byte[] bytes : List.of(forged, new byte[24])) {
            try (java.net.Socket s = new java.net.Socket(a.getHostString(), a.getPort())) {
                s.getOutputStream().write(bytes);
                s.getOutputStream().flush();
                s.setSoTimeout(2_000);
                try {
                    s.getInputStream().read();   // the bad header closes the connection; the forged frame gets no answer
                } catch (java.net.SocketTimeoutException e) {
                    // the forged frame's connection stays open, unanswered
                }
            }
        }
        // (an append to a switch life this client has not met yet ends indeterminate: runtime/node/README.md)
        boolean appended = false;
        for (int attempt = 0; attempt < 5 && !appended; attempt++) {
            try {
                appended = client.append("after the forgery".getBytes(StandardCharsets.UTF_8)).get(30, TimeUnit.SECONDS) > 0;
            } catch (java.util.concurrent.ExecutionException e) {
                assertInstanceOf(io.ringworld.client.IndeterminateException.class, e.getCause());
            }
        }
        assertTrue(appended, "the switch keeps serving after the forgery");
        String metrics = cluster.metrics("sw0");
        assertTrue(metrics.matches("(?s).*ringworld_frames_rejected_total\\{[^}]*reason=\"BAD_MAC\"[^}]*\\} 1\\.0.*"),
                "the forged frame counted in sw0's metrics:\n" + metrics);
        assertTrue(metrics.matches("(?s).*ringworld_frames_rejected_total\\{[^}]*reason=\"BAD_MAGIC\"[^}]*\\} 1\\.0.*"),
                "the non-RingWorld stream counted in sw0's metrics");
    }

    /** The first append, retried while the cluster comes up (processes start, connect, boot view 0); in the history too. */
    private static void firstAppend(RingWorldClient client, RecordedWorkload w) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
            if (w.append(client, 100_000 + attempt, "warm-up-" + attempt)) {
                return;
            }
        }
        throw new AssertionError("the cluster did not accept an append within 60 s");
    }
}
