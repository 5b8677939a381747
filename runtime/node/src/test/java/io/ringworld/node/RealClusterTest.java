package io.ringworld.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.client.IndeterminateException;
import io.ringworld.client.ReadResult;
import io.ringworld.client.RingWorldClient;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real cluster of separate JVM processes on loopback (3 switches, one replica set of 3 servers,
 * each on its own data directory with real fsync): a client appends through the client library,
 * one server and one switch are killed with SIGKILL in the middle and restarted (the server on its
 * directory, the switch as a new life that rejoins by a view change), and every acknowledged entry
 * then reads back intact. Every process is gone when the test ends.
 */
class RealClusterTest {
    private static final int APPENDS = 400;
    private static final int WINDOW = 16;

    @TempDir
    Path dir;

    @Test
    void appendsSurviveASigkilledServerAndSwitchAndReadBackIntact() throws Exception {
        try (LocalProcesses cluster = new LocalProcesses(dir, 3, 1, List.of("app"))) {
            cluster.startAll();
            try (RingWorldClient client = RingWorldClient.connect(cluster.cluster, "app")) {
                long first = firstAppend(client);
                Map<Long, byte[]> acked = new TreeMap<>();
                acked.put(first, bytes(0));
                int indeterminate = 0;
                for (int n = 1; n < APPENDS; n += WINDOW) {
                    if (n == 1 + 8 * WINDOW) {
                        cluster.kill("s0-1");
                        cluster.kill("sw1");
                        assertTrue(!cluster.alive("s0-1") && !cluster.alive("sw1"));
                    }
                    if (n == 1 + 12 * WINDOW) {
                        cluster.start("s0-1");
                        cluster.start("sw1");
                    }
                    indeterminate += window(client, n, Math.min(WINDOW, APPENDS - n), acked);
                }
                System.out.printf("[real-cluster] %d appends acknowledged, %d indeterminate, dir %s%n", acked.size(),
                        indeterminate, dir);
                assertTrue(acked.size() >= APPENDS * 9 / 10, "only " + acked.size() + " of " + APPENDS + " appends acknowledged");
                for (Map.Entry<Long, byte[]> e : acked.entrySet()) {
                    ReadResult r = client.read(e.getKey()).get(10, TimeUnit.SECONDS);
                    ReadResult.Value v = assertInstanceOf(ReadResult.Value.class, r, "index " + e.getKey());
                    assertArrayEquals(e.getValue(), v.data(), "index " + e.getKey());
                    assertEquals(1, v.writer());
                }
                forgeAndGarbage(cluster);
                long after = client.append(bytes(APPENDS)).get(10, TimeUnit.SECONDS);
                acked.put(after, bytes(APPENDS));
                String metrics = cluster.metrics("sw0");
                assertTrue(metrics.matches("(?s).*ringworld_frames_rejected_total\\{[^}]*reason=\"BAD_MAC\"[^}]*\\} 1\\.0.*"),
                        "the forged frame counted in sw0's metrics:\n" + metrics);
                assertTrue(metrics.matches("(?s).*ringworld_frames_rejected_total\\{[^}]*reason=\"BAD_MAGIC\"[^}]*\\} 1\\.0.*"),
                        "the non-RingWorld stream counted in sw0's metrics");
                long tail = client.getTail().get(10, TimeUnit.SECONDS);
                assertTrue(tail >= ((TreeMap<Long, byte[]>) acked).lastKey(), "tail " + tail + " below an acknowledged index");
            }
            assertTrue(cluster.log("sw1").contains("switch life 1"), "the killed switch came back as its second life");
            assertEquals(0, cluster.stop("sw0"), "a graceful stop exits 0");
            assertTrue(cluster.log("s0-0").contains("transport"), "the node's first line names its transport");
        }
    }

    /**
     * A frame MACed under a key that is not client 1's, then 24 bytes that are no RingWorld header,
     * each on its own connection to sw0: both rejected and counted; the node keeps serving.
     */
    private static void forgeAndGarbage(LocalProcesses cluster) throws Exception {
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
    }

    /** The first append, retried while the cluster comes up (processes start, connect, boot view 0). */
    private static long firstAppend(RingWorldClient client) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                return client.append(bytes(0)).get(10, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                last = e;
            }
        }
        throw new AssertionError("the cluster did not accept an append within 60 s", last);
    }

    /** Appends {@code count} entries concurrently; records the acknowledged ones; returns the indeterminate count. */
    private static int window(RingWorldClient client, int from, int count, Map<Long, byte[]> acked) throws Exception {
        List<CompletableFuture<Long>> fs = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            fs.add(client.append(bytes(from + k)));
        }
        int indeterminate = 0;
        for (int k = 0; k < count; k++) {
            try {
                long index = fs.get(k).get(30, TimeUnit.SECONDS);
                byte[] before = acked.put(index, bytes(from + k));
                assertEquals(null, before, "two appends acknowledged at index " + index);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IndeterminateException) {
                    indeterminate++;
                } else {
                    throw e;
                }
            }
        }
        return indeterminate;
    }

    private static byte[] bytes(int n) {
        return ("entry-" + n).getBytes(StandardCharsets.UTF_8);
    }
}
