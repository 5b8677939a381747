package io.ringworld.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.wire.Keyring;
import io.ringworld.kernel.wire.WireDecoder;
import io.ringworld.kernel.wire.WireLimits;
import io.ringworld.net.ClusterFile;
import io.ringworld.net.Loop;
import io.ringworld.net.LoopbackPorts;
import io.ringworld.net.Transport;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A switch answering Busy (its queue full: the append was never sequenced) is asked again, each
 * time a new request, after a bounded exponential back-off; once the bound is spent the append
 * fails BUSY, definitely, never INDETERMINATE. The switch is a stand-in on a real socket that
 * answers with the kernel's messages.
 */
class BusyBackoffTest {
    @TempDir
    Path dir;

    @Test
    void busyIsRetriedWithBackoffThenFailsDefinitely() throws Exception {
        int port = new LoopbackPorts().next();
        Path file = dir.resolve("cluster.yaml");
        Files.writeString(file, """
                cluster: {id: 2f1e6c1a-0b7e-4c1e-9d3a-6a0f1d2c3b4a, keyFile: cluster.key}
                timeouts: {clientAppendTimeoutMillis: 5000}
                switches:
                  - {name: sw0, address: 127.0.0.1:%d, dataDir: sw0}
                replicaSets:
                  - servers:
                      - {name: s0-0, address: 127.0.0.1:1, dataDir: s0-0}
                      - {name: s0-1, address: 127.0.0.1:2, dataDir: s0-1}
                      - {name: s0-2, address: 127.0.0.1:3, dataDir: s0-2}
                clients:
                  - {name: app, index: 1, keyFile: app.key}
                """.formatted(port));
        SecureRandom random = new SecureRandom();
        ClusterFile.writeNewKey(dir.resolve("cluster.key"), random);
        ClusterFile.writeNewKey(dir.resolve("app.key"), random);
        ClusterFile cluster = ClusterFile.read(file);
        AtomicInteger busyLeft = new AtomicInteger(3);
        AtomicInteger appendsSeen = new AtomicInteger();
        try (Loop switchLoop = Loop.start("stand-in-switch")) {
            Transport[] sw = new Transport[1];
            sw[0] = new Transport(new SwitchId(0), switchLoop, Keyring.forClusterMember(cluster.clusterKey(),
                    Map.of(1, ClusterFile.readKey(dir.resolve("app.key")))), WireLimits.DEFAULT, WireDecoder.PayloadCheck.NONE,
                    to -> null, (NodeId sender, Message m) -> {
                        if (m instanceof Message.GetTailRequest g) {
                            sw[0].send(sender, new Message.GetTailReply(g.requestId(), 0, new SwitchId(0), 0, 0)); // names its life, as a switch does
                        } else if (m instanceof Message.AppendRequest a) {
                            appendsSeen.incrementAndGet();
                            sw[0].send(sender, busyLeft.getAndDecrement() > 0 ? new Message.Busy(a.requestId())
                                    : new Message.AppendReply(a.requestId(), 7, new View(0, 0)));
                        }
                        sw[0].flush();
                    });
            sw[0].listen(new InetSocketAddress("127.0.0.1", port)); // from this thread: the bind completes on the loop
            try (RingWorldClient c = RingWorldClient.connect(cluster, "app")) {
                assertEquals(7L, c.append(new byte[] {1}).get(10, TimeUnit.SECONDS), "acknowledged after three Busy answers");
                assertEquals(4, appendsSeen.get(), "one request and three retries");
                assertEquals(3, c.busyRetries());

                busyLeft.set(Integer.MAX_VALUE);
                appendsSeen.set(0);
                ExecutionException e = assertThrows(ExecutionException.class, () -> c.append(new byte[] {2}).get(10, TimeUnit.SECONDS));
                assertInstanceOf(RingWorldException.class, e.getCause());
                assertTrue(!(e.getCause() instanceof IndeterminateException) && e.getCause().getMessage().startsWith("BUSY"),
                        e.getCause().toString());
                assertEquals(1 + RingWorldClient.BUSY_RETRIES_MAX, appendsSeen.get(), "retries are bounded");
            }
            switchLoop.eventLoop().submit(sw[0]::close).get();
        }
    }
}
