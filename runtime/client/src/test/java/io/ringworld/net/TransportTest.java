package io.ringworld.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.wire.Keyring;
import io.ringworld.kernel.wire.RejectReason;
import io.ringworld.kernel.wire.WireDecoder;
import io.ringworld.kernel.wire.WireEncoder;
import io.ringworld.kernel.wire.WireKey;
import io.ringworld.kernel.wire.WireLimits;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The transport between real sockets: a member answers a client on the connection the client
 * opened; a forged frame (a MAC under the wrong key) is rejected, counted and survived on its
 * connection; a stream that is not RingWorld frames is rejected, counted and its connection closed;
 * the member keeps serving the honest client throughout.
 */
class TransportTest {
    private static final WireKey CLUSTER = new WireKey(0x01020304, 0x05060708);
    private static final WireKey CLIENT = new WireKey(0x11121314, 0x15161718);
    private static final WireKey WRONG = new WireKey(0x21222324, 0x25262728);
    private static final SwitchId SW = new SwitchId(0);
    private static final ClientId C1 = new ClientId(1);

    record Arrival(NodeId sender, Message message) {
    }

    @Test
    void honestFramesPassForgedAndGarbageAreCountedAndSurvived() throws Exception {
        int port = new LoopbackPorts().next();
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        LinkedBlockingQueue<Arrival> atSwitch = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<Arrival> atClient = new LinkedBlockingQueue<>();
        try (Loop memberLoop = Loop.start("test-member"); Loop clientLoop = Loop.start("test-client")) {
            Transport[] member = new Transport[1];
            member[0] = new Transport(SW, memberLoop, Keyring.forClusterMember(CLUSTER, Map.of(1, CLIENT)), WireLimits.DEFAULT,
                    WireDecoder.PayloadCheck.ALL, to -> null, (sender, m) -> {
                        atSwitch.add(new Arrival(sender, m));
                        member[0].send(sender, new Message.GetTailReply(((Message.GetTailRequest) m).requestId(), 42));
                    });
            member[0].listen(address);
            Transport client = new Transport(C1, clientLoop, Keyring.forClient(1, CLIENT), WireLimits.DEFAULT,
                    WireDecoder.PayloadCheck.NONE, to -> to.equals(SW) ? address : null,
                    (sender, m) -> atClient.add(new Arrival(sender, m)));

            askTail(client, clientLoop, 7, atSwitch, atClient);

            // a forged frame: a client frame whose MAC is under a key that is not client 1's
            byte[] forged = new WireEncoder(Keyring.forClient(1, WRONG), WireLimits.DEFAULT)
                    .encode(C1, SW, new Message.GetTailRequest(C1, 8));
            try (Socket raw = new Socket("127.0.0.1", port)) {
                OutputStream out = raw.getOutputStream();
                out.write(forged);
                out.flush();
                awaitCount(() -> member[0].decoder().rejected(RejectReason.BAD_MAC), 1);
                // the same connection still carries frames: it is not torn down for a bad MAC
                out.write(new byte[] {(byte) 0xFF, (byte) 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
                out.flush();
                InputStream in = raw.getInputStream();
                raw.setSoTimeout(5_000);
                assertEquals(-1, in.read(), "a stream that is not RingWorld frames is closed");
            }
            assertEquals(2, member[0].counters().framesRejected.get(), "the forged frame and the bad header, counted");
            assertTrue(atSwitch.isEmpty(), "nothing forged reached the node: " + atSwitch);

            askTail(client, clientLoop, 9, atSwitch, atClient);
            clientLoop.eventLoop().submit(client::close).get();
            memberLoop.eventLoop().submit(member[0]::close).get();
        }
    }

    /**
     * Closing a transport closes the connections peers opened to it too (not only its listening
     * socket and its own dials): a peer's connection that carried no frame yet is closed, so the
     * peer re-dials instead of writing into a socket nobody reads.
     */
    @Test
    void closingClosesTheConnectionsPeersOpened() throws Exception {
        int port = new LoopbackPorts().next();
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        try (Loop memberLoop = Loop.start("test-member")) {
            Transport member = new Transport(SW, memberLoop, Keyring.forClusterMember(CLUSTER, Map.of(1, CLIENT)),
                    WireLimits.DEFAULT, WireDecoder.PayloadCheck.ALL, to -> null, (sender, m) -> { });
            member.listen(address);
            try (Socket peer = new Socket("127.0.0.1", port)) {
                Thread.sleep(200); // accepted by the member's loop
                memberLoop.eventLoop().submit(member::close).get(); // the loop lives on
                peer.setSoTimeout(5_000);
                assertEquals(-1, peer.getInputStream().read(), "the peer's connection is closed by the member's close");
            }
        }
    }

    /**
     * What one flush sends one peer leaves in as few frames as the batch target allows, and the
     * peer gets every message, in order, each on its own: 300 appends in one burst are one or two
     * frames (not 300), and the switch's 300 answers are as few.
     */
    @Test
    void aBurstToOnePeerLeavesInBatchFramesAndArrivesInOrder() throws Exception {
        int port = new LoopbackPorts().next();
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        LinkedBlockingQueue<Arrival> atSwitch = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<Arrival> atClient = new LinkedBlockingQueue<>();
        try (Loop memberLoop = Loop.start("test-member"); Loop clientLoop = Loop.start("test-client")) {
            Transport[] member = new Transport[1];
            member[0] = new Transport(SW, memberLoop, Keyring.forClusterMember(CLUSTER, Map.of(1, CLIENT)), WireLimits.DEFAULT,
                    WireDecoder.PayloadCheck.NONE, to -> null, (sender, m) -> {
                        atSwitch.add(new Arrival(sender, m));
                        member[0].send(sender, new Message.GetTailReply(((Message.GetTailRequest) m).requestId(), 42));
                    });
            member[0].listen(address);
            Transport client = new Transport(C1, clientLoop, Keyring.forClient(1, CLIENT), WireLimits.DEFAULT,
                    WireDecoder.PayloadCheck.NONE, to -> to.equals(SW) ? address : null,
                    (sender, m) -> atClient.add(new Arrival(sender, m)));
            askTail(client, clientLoop, 1, atSwitch, atClient); // connected
            long framesBefore = client.counters().framesOut.get();
            long repliesFramesBefore = member[0].counters().framesOut.get();
            int n = 300;
            clientLoop.eventLoop().submit(() -> {
                for (int i = 0; i < n; i++) {
                    client.send(SW, new Message.GetTailRequest(C1, 100 + i));
                }
                client.flush();
            }).get();
            for (int i = 0; i < n; i++) {
                Arrival a = atSwitch.poll(5, TimeUnit.SECONDS);
                assertEquals(new Arrival(C1, new Message.GetTailRequest(C1, 100 + i)), a, "message " + i + " in order");
            }
            for (int i = 0; i < n; i++) {
                Arrival a = atClient.poll(5, TimeUnit.SECONDS);
                assertEquals(new Arrival(SW, new Message.GetTailReply(100 + i, 42)), a, "answer " + i + " in order");
            }
            assertEquals(1, client.counters().framesOut.get() - framesBefore, "300 small requests: one batch frame");
            long replyFrames = member[0].counters().framesOut.get() - repliesFramesBefore;
            assertTrue(replyFrames >= 1 && replyFrames <= 10, replyFrames + " frames for 300 answers (one per read burst)");
            Transport.Counters in = member[0].counters();
            assertTrue(in.messagesIn.get() - in.framesIn.get() >= n - 1, "messages counted one by one: "
                    + in.messagesIn.get() + " in " + in.framesIn.get() + " frames");
            clientLoop.eventLoop().submit(client::close).get();
            memberLoop.eventLoop().submit(member[0]::close).get();
        }
    }

    private static void askTail(Transport client, Loop loop, long requestId, LinkedBlockingQueue<Arrival> atSwitch,
            LinkedBlockingQueue<Arrival> atClient) throws Exception {
        Arrival got = null;
        for (int attempt = 0; attempt < 50 && got == null; attempt++) {   // the first sends go while dialling
            loop.eventLoop().submit(() -> {
                client.send(SW, new Message.GetTailRequest(C1, requestId));
                client.flush();
            }).get();
            got = atSwitch.poll(100, TimeUnit.MILLISECONDS);
        }
        assertEquals(new Arrival(C1, new Message.GetTailRequest(C1, requestId)), got);
        // (a send of an earlier attempt may have arrived too: its answer is skipped)
        Arrival reply = atClient.poll(5, TimeUnit.SECONDS);
        while (reply != null && reply.message() instanceof Message.GetTailReply r && r.requestId() != requestId) {
            reply = atClient.poll(5, TimeUnit.SECONDS);
        }
        assertEquals(new Arrival(SW, new Message.GetTailReply(requestId, 42)), reply, "answered on the client's connection");
        Thread.sleep(50);
        atSwitch.clear();
        atClient.clear();
    }

    private static void awaitCount(java.util.function.LongSupplier count, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (count.getAsLong() < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(count.getAsLong() >= atLeast, "count " + count.getAsLong() + " < " + atLeast);
    }
}
