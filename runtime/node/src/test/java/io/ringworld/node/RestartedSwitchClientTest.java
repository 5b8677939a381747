package io.ringworld.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.client.ReadResult;
import io.ringworld.client.RingWorldClient;
import io.ringworld.net.ClusterFile;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh client of a cluster whose switch restarted (its second life) appends at once and gets
 * an index, not an unknown outcome: its introduction's getTail answer names the switch's life, and
 * the client addresses its first append to it. Before the getTail reply named the life, that
 * append went to the boot life, the switch refused it (AppendStale) and it ended INDETERMINATE:
 * every first `ringworld append` after a `cluster stop` and `start` did. The nodes run in this
 * JVM, each on its own event loop, over real sockets and real disks.
 */
class RestartedSwitchClientTest {
    @TempDir
    Path dir;

    @Test
    void aFreshClientsFirstAppendToARestartedSwitchIsAcknowledged() throws Exception {
        Path file = dir.resolve("cluster.yaml");
        Files.writeString(file, LocalCluster.yaml(2, 1, List.of("before", "after"), new LocalCluster.FreePorts()));
        ClusterFile cluster = ClusterFile.read(file);
        ClusterInit.initialise(cluster);
        List<NodeHost> hosts = new ArrayList<>();
        try {
            for (ClusterFile.Member m : cluster.members()) {
                hosts.add(NodeHost.start(cluster, m.name()));
            }
            long first;
            try (RingWorldClient before = RingWorldClient.connect(file, "before")) {
                first = appendWithin(before, "before the restarts", 30);
            }
            // the kernel's state and steps, as the host's metrics show them (KernelWatch, NodeMetrics)
            java.util.Map<String, Double> sw = scrape(cluster.member("sw0"));
            assertTrue(sw.get("ringworld_token_passes_total") > 0, "tokens passed: " + sw);
            assertTrue(sw.get("ringworld_views_installed_total") >= 1, "a view installed: " + sw);
            assertEquals(1.0, sw.get("ringworld_ring_member"), "in the ring");
            double answered = scrape(cluster.member("sw0")).get("ringworld_appends_answered_total")
                    + scrape(cluster.member("sw1")).get("ringworld_appends_answered_total");
            assertTrue(answered >= 1, "the append was answered by its leader");
            java.util.Map<String, Double> server = scrape(cluster.member("s0-0"));
            assertTrue(server.get("ringworld_persist_latency_seconds_count") > 0, "persist latencies recorded: " + server);
            assertTrue(server.get("ringworld_persist_batch_records_count") > 0, "persist batch sizes recorded");
            for (int k = 0; k < 2; k++) { // both switches restart: each is in its second life
                hosts.get(k).close();
                hosts.set(k, NodeHost.start(cluster, "sw" + k));
            }
            try (RingWorldClient after = RingWorldClient.connect(file, "after")) {
                awaitTail(after, 30);
                byte[] data = "after the restarts".getBytes(StandardCharsets.UTF_8);
                long index = after.append(data).get(10, TimeUnit.SECONDS); // an IndeterminateException fails the test
                assertTrue(index > first, "a new index after " + first + ": " + index);
                ReadResult r = after.read(index).get(10, TimeUnit.SECONDS);
                assertEquals("after the restarts", new String(((ReadResult.Value) r).data(), StandardCharsets.UTF_8));
            }
        } finally {
            for (NodeHost h : hosts) {
                h.close();
            }
        }
    }

    /** The member's metrics: name (labels dropped) to value, summed over series. */
    private static java.util.Map<String, Double> scrape(ClusterFile.Member m) throws Exception {
        String text = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://127.0.0.1:" + m.metricsAddress().getPort() + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        java.util.Map<String, Double> out = new java.util.HashMap<>();
        for (String line : text.split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                String name = line.replaceAll("[{ ].*", "");
                out.merge(name, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
            }
        }
        return out;
    }

    /** The first append of a new cluster: retried while view 0 is still being installed. */
    private static long appendWithin(RingWorldClient c, String text, int seconds) throws Exception {
        awaitTail(c, seconds);
        return c.append(text.getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
    }

    /** Waits until the cluster answers a getTail (after a restart it changes views first). */
    static void awaitTail(RingWorldClient c, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            try {
                c.getTail().get(5, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the cluster did not serve within " + seconds + " s");
    }
}
