package io.ringworld.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.net.ClusterFile;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
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
 * GET other than status or a GET of drop is refused, and the status line names the view.
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
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<NodeHost> hosts = new ArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        try {
            for (ClusterFile.Member m : cluster.members()) {
                hosts.add(NodeHost.start(cluster, m.name()));
            }
            try (TestControl control = new TestControl(hosts.get(0), "sw0", new InetSocketAddress("127.0.0.1", port))) {
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
            }
        } finally {
            for (NodeHost h : hosts) {
                h.close();
            }
        }
    }

    private static HttpResponse<String> post(HttpClient http, int port, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/drop"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
