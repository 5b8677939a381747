package io.ringworld.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client addresses appends only to switches whose life an answer of theirs named. Two stand-in
 * switches on real sockets, answering with the kernel's messages: switch 0 (life 2) answers at
 * once, switch 1 (life 5, restarted) answers no getTail at first, so the client's introduction to
 * it is retried through switch 0, whose answer names switch 0's life, not switch 1's. Then switch
 * 0 goes away and switch 1 starts serving. The append must reach switch 1 addressed to life 5
 * (learned when the client introduces itself again); before, switch 1 counted as introduced, the
 * append went to it addressed to the boot life, was refused, and ended with its outcome unknown.
 */
class IntroductionTest {
    @TempDir
    Path dir;

    private record StandIn(Loop loop, Transport transport) {
    }

    private static StandIn standIn(ClusterFile cluster, Path dir, int index, int port, long life, AtomicBoolean serving,
            List<Long> appendsAddressedTo) throws Exception {
        Loop loop = Loop.start("stand-in-switch-" + index);
        Transport[] t = new Transport[1];
        SwitchId me = new SwitchId(index);
        t[0] = new Transport(me, loop, Keyring.forClusterMember(cluster.clusterKey(),
                Map.of(1, ClusterFile.readKey(dir.resolve("app.key")))), WireLimits.DEFAULT, WireDecoder.PayloadCheck.NONE,
                to -> null, (NodeId sender, Message m) -> {
                    if (m instanceof Message.GetTailRequest g && serving.get()) {
                        t[0].send(sender, new Message.GetTailReply(g.requestId(), 0, me, life, 0));
                    } else if (m instanceof Message.AppendRequest a) {
                        appendsAddressedTo.add(a.switchIncarnation());
                        t[0].send(sender, a.switchIncarnation() == life ? new Message.AppendReply(a.requestId(), 9, new View(1, 0))
                                : new Message.AppendStale(a.requestId(), me, life, 0));
                    }
                    t[0].flush();
                });
        t[0].listen(new InetSocketAddress("127.0.0.1", port));
        return new StandIn(loop, t[0]);
    }

    private static final LoopbackPorts PORTS = new LoopbackPorts();

    private static int freePort() throws Exception {
        return PORTS.next();
    }

    @Test
    void anAppendGoesOnlyToALifeAnAnswerOfThatSwitchNamed() throws Exception {
        int port0 = freePort();
        int port1 = freePort();
        Path file = dir.resolve("cluster.yaml");
        Files.writeString(file, """
                cluster: {id: 2f1e6c1a-0b7e-4c1e-9d3a-6a0f1d2c3b4b, keyFile: cluster.key}
                switches:
                  - {name: sw0, address: 127.0.0.1:%d, dataDir: sw0}
                  - {name: sw1, address: 127.0.0.1:%d, dataDir: sw1}
                replicaSets:
                  - servers:
                      - {name: s0-0, address: 127.0.0.1:1, dataDir: s0-0}
                      - {name: s0-1, address: 127.0.0.1:2, dataDir: s0-1}
                      - {name: s0-2, address: 127.0.0.1:3, dataDir: s0-2}
                clients:
                  - {name: app, index: 1, keyFile: app.key}
                """.formatted(port0, port1));
        SecureRandom random = new SecureRandom();
        ClusterFile.writeNewKey(dir.resolve("cluster.key"), random);
        ClusterFile.writeNewKey(dir.resolve("app.key"), random);
        ClusterFile cluster = ClusterFile.read(file);
        List<Long> toSwitch0 = new CopyOnWriteArrayList<>();
        List<Long> toSwitch1 = new CopyOnWriteArrayList<>();
        AtomicBoolean switch1Serving = new AtomicBoolean(false);
        StandIn sw0 = standIn(cluster, dir, 0, port0, 2, new AtomicBoolean(true), toSwitch0);
        StandIn sw1 = standIn(cluster, dir, 1, port1, 5, switch1Serving, toSwitch1);
        try (RingWorldClient c = RingWorldClient.connect(cluster, "app")) {
            sw0.loop().eventLoop().submit(sw0.transport()::close).get(); // switch 0 goes away
            sw0.loop().close();
            Thread.sleep(300);
            switch1Serving.set(true); // switch 1's view is installed: it answers getTails now
            assertEquals(9L, c.append(new byte[] {1}).get(20, TimeUnit.SECONDS), "acknowledged, not unknown");
            assertEquals(List.of(5L), toSwitch1, "one append, to the life switch 1's own answer named");
            assertTrue(toSwitch0.isEmpty(), "switch 0 was gone");
        } finally {
            sw1.loop().eventLoop().submit(sw1.transport()::close).get();
            sw1.loop().close();
        }
    }
}
