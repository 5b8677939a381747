package io.ringworld.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.client.ReadResult;
import io.ringworld.client.RingWorldClient;
import io.ringworld.net.ClusterFile;
import io.ringworld.net.Transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on client connections, between real sockets: a cluster (one switch, one replica set, each
 * node hosted in this JVM on its own event loop) whose file has a {@code tls} section serves a
 * client that dials over TLS and checks the certificate; a client dialling in plain is refused
 * (its connection closed, counted) and gets no answer; a client that trusts another certificate
 * fails its handshakes (counted at the member) and gets no answer. The member serves the TLS
 * client throughout.
 */
class TlsClusterTest {
    @TempDir
    Path dir;

    @Test
    void tlsClientsAreServedPlainAndUntrustingClientsAreRefused() throws Exception {
        Files.createDirectories(dir.resolve("tls"));
        TlsFiles.writeSelfSigned(dir.resolve("tls"), List.of("127.0.0.1", "localhost"));
        TlsFiles.writeSelfSigned(dir.resolve("other"), List.of("127.0.0.1"));
        String plain = LocalCluster.yaml(1, 1, List.of("app", "plain", "stranger"), new LocalCluster.FreePorts());
        plain = plain.replace("clientGetTailTimeoutMillis: 5000", "clientGetTailTimeoutMillis: 1500");
        Path tlsFile = write("cluster.yaml", plain + TlsFiles.yamlSection("tls"));
        Path plainFile = write("plain.yaml", plain);
        Path strangerFile = write("stranger.yaml", plain + TlsFiles.yamlSection("tls").replace("tls/trust.crt", "other/trust.crt"));
        ClusterFile cluster = ClusterFile.read(tlsFile);
        assertTrue(cluster.tls() != null && cluster.tls().clientsRequired(), "the file's tls section is read");
        ClusterInit.initialise(cluster);

        List<NodeHost> hosts = new ArrayList<>();
        try {
            for (ClusterFile.Member m : cluster.members()) {
                hosts.add(NodeHost.start(cluster, m.name()));
            }
            Transport.Counters sw = hosts.get(0).counters();
            try (RingWorldClient app = RingWorldClient.connect(tlsFile, "app")) {
                awaitTail(app);
                for (int k = 0; k < 20; k++) {
                    byte[] data = ("entry " + k).getBytes(StandardCharsets.UTF_8);
                    long index = app.append(data).get(10, TimeUnit.SECONDS);
                    ReadResult r = app.read(index).get(10, TimeUnit.SECONDS);
                    assertTrue(r instanceof ReadResult.Value, "index " + index + " reads back: " + r);
                    assertArrayEquals(data, ((ReadResult.Value) r).data());
                }
                assertTrue(sw.tlsHandshakes.get() > 0, "the client's connection to the switch is TLS");
                assertEquals(0, sw.plaintextRefused.get(), "no plain client yet");

                try (RingWorldClient p = RingWorldClient.connect(plainFile, "plain")) {
                    assertThrows(Exception.class, () -> p.getTail().get(10, TimeUnit.SECONDS), "a plain client gets no answer");
                }
                assertTrue(sw.plaintextRefused.get() > 0, "the plain client's connection was refused and counted");

                long failuresBefore = sw.tlsHandshakeFailures.get();
                try (RingWorldClient s = RingWorldClient.connect(strangerFile, "stranger")) {
                    assertThrows(Exception.class, () -> s.getTail().get(10, TimeUnit.SECONDS),
                            "a client that trusts another certificate gets no answer");
                }
                assertTrue(sw.tlsHandshakeFailures.get() > failuresBefore, "the failed handshakes are counted at the member");

                long index = app.append("after".getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
                assertEquals(21, index, "the member kept serving the TLS client");
            }
        } finally {
            for (NodeHost h : hosts) {
                h.close();
            }
        }
    }

    private static void awaitTail(RingWorldClient c) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try {
                c.getTail().get(5, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                Thread.sleep(100); // view 0 is being installed
            }
        }
        throw new AssertionError("the TLS cluster did not serve within 30 s");
    }

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }
}
