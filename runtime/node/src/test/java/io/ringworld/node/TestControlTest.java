package io.ringworld.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.net.ClusterFile;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test control real-process tests drive (the host conformance suite on this host): a drop of
 * a wire message type is taken, an unknown type is refused with its name and changes nothing, a
 * GET other than status or a GET of drop is refused, the status line names the view, and a torn
 * write is refused without held writes (the campaign's real runs tear one: RealCampaignTest).
 */
class TestControlTest {
    @TempDir
    Path dir;

    @Test
    void dropsAreTakenByTypeNameAndBadNamesRefused() throws Exception {
        Path file = dir.resolve("cluster.yaml");
        Files.writeString(file, LocalCluster.yaml(1, 1, List.of("c"), new LocalCluster.FreePorts()));
        ClusterFile cluster = ClusterFile.read(file);
        ClusterInit.initialise(cluster);
        List<NodeHost> hosts = new ArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        try {
            for (ClusterFile.Member m : cluster.members()) {
                hosts.add(NodeHost.start(cluster, m.name()));
            }
            // Port 0: a port chosen before the nodes start could be handed to one of their outgoing connections.
            try (TestControl control = new TestControl(hosts.get(0), "sw0", new InetSocketAddress("127.0.0.1", 0))) {
                int port = control.port();
                HttpResponse<String> bad = post(http, port, "ASSIGN,NOPE");
                assertEquals(400, bad.statusCode());
                assertTrue(bad.body().startsWith("no message type 'NOPE'"), bad.body());
                HttpResponse<String> ok = post(http, port, "ASSIGN, WRITE");
                assertEquals(200, ok.statusCode(), ok.body());
                assertEquals("dropping ASSIGN, WRITE", ok.body().strip());
                assertEquals(405, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/drop")).GET().build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode());
                HttpResponse<String> status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/status"))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                assertTrue(status.body().startsWith("switch view="), status.body());
                assertEquals("dropping nothing", post(http, port, "").body().strip());
                for (String bad2 : List.of("x", "5", "2000", "")) {
                    HttpResponse<String> r = post(http, port, "/tick-rate", bad2);
                    assertEquals(400, r.statusCode(), bad2 + ": " + r.body());
                    assertTrue(r.body().contains("not a percentage in 10..1000"), r.body());
                }
                assertEquals("clock at 250%", post(http, port, "/tick-rate", "250").body().strip());
                assertEquals("clock at 100%", post(http, port, "/tick-rate", "100").body().strip());
                assertEquals(400, get(http, port, "/missing?from=1&to=5").statusCode()); // a switch holds no entries
            }
            try (TestControl control = new TestControl(hosts.get(1), "s0-0", new InetSocketAddress("127.0.0.1", 0))) {
                int port = control.port();
                assertEquals("1..5", get(http, port, "/missing?from=1&to=5").body().strip()); // nothing appended
                HttpResponse<String> notHeld = post(http, port, "/tear", "7");
                assertEquals(409, notHeld.statusCode(), notHeld.body()); // a torn write needs held writes (the campaign's mode)
                assertEquals(400, post(http, port, "/tear", "x").statusCode());
                for (String q : List.of("", "?from=0&to=5", "?from=x&to=5", "?from=1&to=20000002")) {
                    HttpResponse<String> r = get(http, port, "/missing" + q);
                    assertEquals(400, r.statusCode(), q);
                    assertTrue(r.body().startsWith("missing: expected ?from=A&to=B"), r.body());
                }
            }
        } finally {
            for (NodeHost h : hosts) {
                h.close();
            }
        }
    }

    @Test
    void aFaultCampaignsTestModeIsReadFromTheNodesArguments() {
        TestMode none = NodeMain.testMode(new String[] {"node", "--cluster", "c.yaml", "--id", "s0-0"});
        assertEquals(TestMode.NONE, none);
        assertTrue(!none.any());
        TestMode m = NodeMain.testMode(new String[] {"node", "--cluster", "c.yaml", "--id", "s0-0", "--unsafe-test-hooks",
                "SKIP_SEAL", "--test-held-writes", "--peer-address", "sw0=127.0.0.1:7001", "--peer-address",
                "sw1=127.0.0.5:7002", "--test-segment-bytes", "65536", "--test-ack-before-force"});
        assertEquals(io.ringworld.kernel.testhooks.PlantedBug.SKIP_SEAL, m.plantedBug());
        assertTrue(m.heldWrites());
        assertEquals(new InetSocketAddress("127.0.0.5", 7002), m.peerAddresses().get("sw1"));
        assertEquals(7001, m.peerAddresses().get("sw0").getPort());
        assertEquals(65536, m.segmentBytes());
        assertTrue(m.ackBeforeForce());
        assertTrue(m.any());
    }

    private static HttpResponse<String> get(HttpClient http, int port, String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(HttpClient http, int port, String body) throws Exception {
        return post(http, port, "/drop", body);
    }

    private static HttpResponse<String> post(HttpClient http, int port, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
