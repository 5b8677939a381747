package io.ringworld.runtime.real;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.wire.Decoded;
import io.ringworld.kernel.wire.Keyring;
import io.ringworld.kernel.wire.SealedPayload;
import io.ringworld.kernel.wire.WireDecoder;
import io.ringworld.kernel.wire.WireEncoder;
import io.ringworld.kernel.wire.WireFormat;
import io.ringworld.kernel.wire.WireKey;
import io.ringworld.kernel.wire.WireLimits;
import io.ringworld.net.Loop;
import io.ringworld.net.Transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The link proxy between real sockets on 127.0.0.1, with real frames (client appends with sealed
 * payloads, some of 200 KB so frames span many TCP reads) that a real {@link WireDecoder} checks
 * (MAC, sealed payloads) after the proxy: frames pass unchanged and in order without faults; loss,
 * duplication, reordering and delay act on whole frames and replay from the seed; a stream that is
 * not RingWorld frames is closed and counted; closing either side or the proxy closes the rest;
 * and a real {@link Transport} talks through the proxy both ways.
 */
class LinkProxyTest {
    private static final WireKey CLUSTER = new WireKey(0x01020304, 0x05060708);
    private static final WireKey CLIENT = new WireKey(0x11121314, 0x15161718);
    private static final ClientId C1 = new ClientId(1);
    private static final SwitchId SW = new SwitchId(0);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    // ------------------------------------------------------------------ 1. no faults

    @Test
    void withoutFaultsFramesArriveByteIdenticalAndInOrder() throws Exception {
        Sink sink = sink();
        LinkProxy proxy = proxy(sink, 1);
        List<byte[]> frames = frames(100);
        send(proxy, frames);
        List<Arrival> got = sink.awaitEnd();

        assertEquals(frames.size(), got.size(), "every frame arrives");
        for (int i = 0; i < frames.size(); i++) {
            assertArrayEquals(frames.get(i), got.get(i).bytes(), "frame " + i + " byte-identical and in order");
            assertEquals(i, got.get(i).requestId());
        }
        LinkProxy.Counters c = proxy.counters();
        long bytes = frames.stream().mapToLong(f -> f.length).sum();
        assertEquals(new LinkProxy.Counters(1, 100, 100, 0, 0, 0, 0, bytes, 0, 0, 0), c);
        assertEquals(0, sink.rejected(), "the real decoder accepted every frame");
    }

    // ------------------------------------------------------------------ 2. loss

    @Test
    void totalLossDropsEveryFrame() throws Exception {
        Sink sink = sink();
        LinkProxy proxy = proxy(sink, 1);
        proxy.setFaults(LinkProxy.Faults.NONE.withLoss(100));
        send(proxy, frames(50));
        assertEquals(List.of(), sink.awaitEnd(), "nothing arrives");
        LinkProxy.Counters c = proxy.counters();
        assertEquals(50, c.framesIn());
        assertEquals(50, c.framesDropped());
        assertEquals(0, c.framesOut());
        assertEquals(0, c.bytes());
    }

    @Test
    void partialLossReplaysFromTheSeed() throws Exception {
        Set<Long> first = droppedUnderLoss30(42);
        Set<Long> again = droppedUnderLoss30(42);
        Set<Long> other = droppedUnderLoss30(43);
        assertEquals(first, again, "the same seed drops the same frames");
        assertNotEquals(first, other, "another seed drops other frames");
        assertTrue(first.size() >= 30 && first.size() <= 90, first.size() + " of 200 dropped at 30%");
    }

    private Set<Long> droppedUnderLoss30(long seed) throws Exception {
        Sink sink = sink();
        LinkProxy proxy = proxy(sink, seed);
        proxy.setFaults(LinkProxy.Faults.NONE.withLoss(30));
        int n = 200;
        send(proxy, frames(n));
        List<Arrival> got = sink.awaitEnd();
        Set<Long> dropped = new TreeSet<>();
        for (long i = 0; i < n; i++) {
            dropped.add(i);
        }
        long previous = -1;
        for (Arrival a : got) {
            assertTrue(a.requestId() > previous, "loss alone keeps the order");
            previous = a.requestId();
            dropped.remove(a.requestId());
        }
        assertEquals(dropped.size(), proxy.counters().framesDropped());
        assertEquals(n - dropped.size(), proxy.counters().framesOut());
        assertEquals(0, sink.rejected());
        return dropped;
    }

    // ------------------------------------------------------------------ 3. duplicate, reorder, delay

    @Test
    void totalDuplicationSendsEveryFrameTwice() throws Exception {
        Sink sink = sink();
        LinkProxy proxy = proxy(sink, 1);
        proxy.setFaults(LinkProxy.Faults.NONE.withDuplicate(100));
        List<byte[]> frames = frames(60);
        send(proxy, frames);
        List<Arrival> got = sink.awaitEnd();
        assertEquals(120, got.size());
        for (int i = 0; i < 60; i++) {
            assertArrayEquals(frames.get(i), got.get(2 * i).bytes(), "frame " + i);
            assertArrayEquals(frames.get(i), got.get(2 * i + 1).bytes(), "frame " + i + "'s copy, right behind it");
        }
        LinkProxy.Counters c = proxy.counters();
        assertEquals(60, c.framesDuplicated());
        assertEquals(120, c.framesOut());
        assertEquals(0, sink.rejected(), "a copy is a frame the decoder accepts");
    }

    @Test
    void reorderChangesTheOrderButDeliversEveryFrameOnce() throws Exception {
        Sink sink = sink();
        LinkProxy proxy = proxy(sink, 7);
        proxy.setFaults(LinkProxy.Faults.NONE.withReorder(50));
        int n = 100;
        send(proxy, frames(n));
        List<Arrival> got = sink.awaitEnd();
        List<Long> order = got.stream().map(Arrival::requestId).toList();
        List<Long> sent = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            sent.add(i);
        }
        assertNotEquals(sent, order, "the arrival order differs from the send order");
        assertEquals(sent, order.stream().sorted().toList(), "every frame arrives exactly once");
        assertTrue(proxy.counters().framesReordered() > 0);
        assertEquals(n, proxy.counters().framesOut());
        assertEquals(0, sink.rejected());
    }

    @Test
    void aFrameHeldForReorderGoesOutAfterAWhileWhenNoNextFrameComes() throws Exception {
        Sink sink = sink();
        LinkProxy proxy = proxy(sink, 1);
        proxy.setFaults(LinkProxy.Faults.NONE.withReorder(100));
        byte[] frame = frames(1).get(0);
        try (Socket s = new Socket(proxy.address().getAddress(), proxy.address().getPort())) {
            long sentAt = System.nanoTime();
            s.getOutputStream().write(frame); // and the connection stays open: no next frame, no end
            Arrival a = sink.arrivals.poll(10, TimeUnit.SECONDS);
            assertTrue(a != null, "the frame held back arrives all the same");
            assertArrayEquals(frame, a.bytes());
            long millis = TimeUnit.NANOSECONDS.toMillis(a.atNanos() - sentAt);
            assertTrue(millis >= LinkProxy.REORDER_HOLD_MILLIS, "held " + millis + " ms first");
        }
        assertEquals(0, proxy.counters().framesReordered(), "held, but nothing overtook it");
    }

    @Test
    void delayHoldsAFrameAtLeastTheMinimum() throws Exception {
        Sink sink = sink();
        LinkProxy proxy = proxy(sink, 1);
        proxy.setFaults(LinkProxy.Faults.NONE.withDelay(50, 80));
        byte[] frame = frames(1).get(0);
        try (Socket s = new Socket(proxy.address().getAddress(), proxy.address().getPort())) {
            long sentAt = System.nanoTime();
            s.getOutputStream().write(frame);
            Arrival a = sink.arrivals.poll(10, TimeUnit.SECONDS);
            assertTrue(a != null, "the frame arrives");
            long millis = TimeUnit.NANOSECONDS.toMillis(a.atNanos() - sentAt);
            assertTrue(millis >= 50, "held " + millis + " ms, at least 50");
            assertArrayEquals(frame, a.bytes());
        }
        assertEquals(1, proxy.counters().framesDelayed());
    }

    @Test
    void delayAloneDelaysTheStreamInOrder() throws Exception {
        Sink sink = sink();
        LinkProxy proxy = proxy(sink, 3);
        proxy.setFaults(LinkProxy.Faults.NONE.withDelay(0, 40));
        List<byte[]> frames = frames(50);
        send(proxy, frames);
        List<Arrival> got = sink.awaitEnd();
        assertEquals(50, got.size());
        for (int i = 0; i < 50; i++) {
            assertArrayEquals(frames.get(i), got.get(i).bytes(), "frame " + i + " in order");
        }
        assertTrue(proxy.counters().framesDelayed() > 0);
    }

    // ------------------------------------------------------------------ 4. not RingWorld

    @Test
    void aStreamThatIsNotRingWorldFramesIsClosedAndCounted() throws Exception {
        Sink sink = sink();
        LinkProxy proxy = proxy(sink, 1);
        assertClosedByProxy(proxy, "GET / HTTP/1.1\r\nHost: example\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        awaitCount(() -> proxy.counters().badHeaders(), 1);
        assertEquals(List.of(), sink.awaitEnd(), "the target side is closed too, nothing passed");

        // a RingWorld header whose length is over the nodes' limit (64 MiB): refused before a byte is buffered
        byte[] huge = new byte[WireFormat.HEADER_BYTES];
        huge[0] = 0x52;
        huge[1] = 0x57;
        huge[2] = (byte) WireFormat.VERSION;
        huge[3] = 1;
        huge[16] = 0x7f; // body bytes 0x7fxxxxxx
        assertClosedByProxy(proxy, huge);
        awaitCount(() -> proxy.counters().badHeaders(), 2);
        assertEquals(List.of(), sink.awaitEnd());

        // the proxy lives on: a good connection after the bad ones passes frames
        List<byte[]> frames = frames(5);
        send(proxy, frames);
        List<Arrival> got = sink.awaitEnd();
        assertEquals(5, got.size());
        assertEquals(3, proxy.counters().connections());
        assertEquals(2, proxy.counters().badHeaders());
    }

    private static void assertClosedByProxy(LinkProxy proxy, byte[] bytes) throws IOException {
        try (Socket s = new Socket(proxy.address().getAddress(), proxy.address().getPort())) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write(bytes);
            try {
                assertEquals(-1, s.getInputStream().read(), "the proxy closed the connection");
            } catch (SocketException reset) {
                // closed with our bytes unread: a reset, closed all the same
            }
        }
    }

    // ------------------------------------------------------------------ closing

    @Test
    void closingTheProxyClosesEveryConnectionAndTheListener() throws Exception {
        Sink sink = sink();
        LinkProxy proxy = proxy(sink, 1);
        try (Socket s = new Socket(proxy.address().getAddress(), proxy.address().getPort())) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write(frames(1).get(0));
            assertTrue(sink.arrivals.poll(5, TimeUnit.SECONDS) != null, "connected through");
            String prefix = "ringworld-proxy-" + proxy.address().getPort() + "-";
            List<Thread> threads = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith(prefix)).toList();
            assertEquals(4, threads.size(), "accept, and in, out, back for the connection: " + threads);
            assertTrue(threads.stream().allMatch(Thread::isDaemon), "daemon threads");
            proxy.close();
            proxy.close(); // idempotent
            assertEquals(-1, readOrEnd(s.getInputStream()), "the source side is closed");
            assertEquals(List.of(), sink.awaitEnd(), "the target side is closed");
        }
        String prefix = "ringworld-proxy-" + proxy.address().getPort() + "-";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!proxyThreads(prefix).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(List.of(), proxyThreads(prefix), "every thread of the proxy has ended");
        assertThrows(ConnectException.class, () -> new Socket(proxy.address().getAddress(), proxy.address().getPort()).close());
    }

    @Test
    void whenTheTargetClosesTheSourceIsClosed() throws Exception {
        Sink sink = sink();
        LinkProxy proxy = proxy(sink, 1);
        try (Socket s = new Socket(proxy.address().getAddress(), proxy.address().getPort())) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write(frames(1).get(0));
            assertTrue(sink.arrivals.poll(5, TimeUnit.SECONDS) != null, "connected through");
            sink.closeConnections();
            assertEquals(-1, readOrEnd(s.getInputStream()), "the source side is closed");
        }
    }

    private static List<String> proxyThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix))
                .map(Thread::getName).toList();
    }

    private static int readOrEnd(InputStream in) throws IOException {
        try {
            return in.read();
        } catch (SocketException reset) {
            return -1;
        }
    }

    // ------------------------------------------------------------------ 5. a real Transport

    @Test
    void aRealTransportTalksThroughTheProxyBothWays() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 50, LOOPBACK)) {
            port = s.getLocalPort();
        }
        InetSocketAddress memberAddress = new InetSocketAddress(LOOPBACK, port);
        LinkedBlockingQueue<Message> atSwitch = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<Message> atClient = new LinkedBlockingQueue<>();
        Loop memberLoop = Loop.start("test-member");
        toClose.add(memberLoop);
        Loop clientLoop = Loop.start("test-client");
        toClose.add(clientLoop);
        Transport[] member = new Transport[1];
        member[0] = new Transport(SW, memberLoop, Keyring.forClusterMember(CLUSTER, Map.of(1, CLIENT)),
                WireLimits.DEFAULT, WireDecoder.PayloadCheck.ALL, to -> null, (sender, m) -> {
                    atSwitch.add(m);
                    member[0].send(sender, new Message.GetTailReply(((Message.GetTailRequest) m).requestId(), 42));
                });
        member[0].listen(memberAddress);
        toClose.add(() -> memberLoop.eventLoop().submit(member[0]::close).get());
        LinkProxy proxy = LinkProxy.start(new InetSocketAddress(LOOPBACK, 0), memberAddress, LOOPBACK, 5);
        toClose.add(proxy);
        Transport client = new Transport(C1, clientLoop, Keyring.forClient(1, CLIENT), WireLimits.DEFAULT,
                WireDecoder.PayloadCheck.NONE, to -> to.equals(SW) ? proxy.address() : null,
                (sender, m) -> atClient.add(m));
        toClose.add(() -> clientLoop.eventLoop().submit(client::close).get());

        // the first sends go while the client dials: ask until one gets through
        Message first = null;
        for (int attempt = 0; attempt < 50 && first == null; attempt++) {
            clientLoop.eventLoop().submit(() -> {
                client.send(SW, new Message.GetTailRequest(C1, 1));
                client.flush();
            }).get();
            first = atSwitch.poll(100, TimeUnit.MILLISECONDS);
        }
        assertEquals(new Message.GetTailRequest(C1, 1), first, "the member got the client's request through the proxy");
        assertEquals(new Message.GetTailReply(1, 42), atClient.poll(5, TimeUnit.SECONDS),
                "the answer came back on the client's connection through the proxy");
        Thread.sleep(100);
        atSwitch.clear();
        atClient.clear();

        // duplicated frames are frames the member's decoder takes (MAC and all): the request arrives twice
        proxy.setFaults(LinkProxy.Faults.NONE.withDuplicate(100));
        clientLoop.eventLoop().submit(() -> {
            client.send(SW, new Message.GetTailRequest(C1, 2));
            client.flush();
        }).get();
        assertEquals(new Message.GetTailRequest(C1, 2), atSwitch.poll(5, TimeUnit.SECONDS));
        assertEquals(new Message.GetTailRequest(C1, 2), atSwitch.poll(5, TimeUnit.SECONDS), "and its duplicate");
        assertEquals(new Message.GetTailReply(2, 42), atClient.poll(5, TimeUnit.SECONDS));
        assertEquals(new Message.GetTailReply(2, 42), atClient.poll(5, TimeUnit.SECONDS));
        assertEquals(0, memberLoop.eventLoop().submit(() -> member[0].counters().framesRejected.get()).get(),
                "the member rejected no frame");
        assertTrue(proxy.counters().bytesBack() > 0);
        assertEquals(1, proxy.counters().connections());
    }

    // ------------------------------------------------------------------ helpers

    record Arrival(long requestId, byte[] bytes, long atNanos) {
    }

    private LinkProxy proxy(Sink sink, long seed) throws IOException {
        LinkProxy p = LinkProxy.start(new InetSocketAddress(LOOPBACK, 0), sink.address(), LOOPBACK, seed);
        toClose.add(p);
        return p;
    }

    private Sink sink() throws IOException {
        Sink s = new Sink();
        toClose.add(s);
        return s;
    }

    /**
     * Client 1's appends {@code 0 .. n-1} to switch 0 as encoded frames: sealed payloads of a few
     * bytes to a few KB, and every 25th of 200 KB.
     */
    private static List<byte[]> frames(int n) {
        WireEncoder encoder = new WireEncoder(Keyring.forClient(1, CLIENT), WireLimits.DEFAULT);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] app = new byte[i % 25 == 24 ? 200 << 10 : (i * 397) % 4000];
            for (int j = 0; j < app.length; j++) {
                app[j] = (byte) (i + j);
            }
            out.add(encoder.encode(C1, SW, new Message.AppendRequest(C1, i, SealedPayload.seal(CLIENT, 1, app))));
        }
        return out;
    }

    /** Writes the frames on one connection to the proxy and closes it (an orderly end). */
    private static void send(LinkProxy proxy, List<byte[]> frames) throws IOException {
        try (Socket s = new Socket(proxy.address().getAddress(), proxy.address().getPort())) {
            OutputStream out = s.getOutputStream();
            for (byte[] f : frames) {
                out.write(f);
            }
            out.flush();
        }
    }

    private static void awaitCount(LongSupplier count, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (count.getAsLong() < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(count.getAsLong() >= atLeast, "count " + count.getAsLong() + " < " + atLeast);
    }

    /**
     * The link's receiver: accepts connections one after another, cuts each into frames and
     * decodes them with a real member decoder (MAC, sealed payloads checked), recording each
     * frame and when it came; {@link #awaitEnd} waits for the end of the next connection.
     */
    private static final class Sink implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0, 50, LOOPBACK);
        final LinkedBlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
        final LinkedBlockingQueue<CountDownLatch> ends = new LinkedBlockingQueue<>();
        final List<Socket> sockets = new CopyOnWriteArrayList<>();
        final WireDecoder decoder = new WireDecoder(Keyring.forClusterMember(CLUSTER, Map.of(1, CLIENT)),
                WireLimits.DEFAULT, WireDecoder.PayloadCheck.ALL);
        private volatile long rejected;

        Sink() throws IOException {
            Thread t = new Thread(this::acceptLoop, "test-sink");
            t.setDaemon(true);
            t.start();
        }

        InetSocketAddress address() {
            return new InetSocketAddress(LOOPBACK, server.getLocalPort());
        }

        long rejected() {
            return rejected;
        }

        private void acceptLoop() {
            while (true) {
                Socket s;
                try {
                    s = server.accept();
                } catch (IOException closed) {
                    return;
                }
                sockets.add(s);
                CountDownLatch end = new CountDownLatch(1);
                ends.add(end);
                read(s); // one connection at a time: the tests open them one after another
                end.countDown();
            }
        }

        private void read(Socket s) {
            byte[] header = new byte[WireFormat.HEADER_BYTES];
            try (s) {
                InputStream in = s.getInputStream();
                while (true) {
                    if (in.readNBytes(header, 0, header.length) < header.length) {
                        return;
                    }
                    long size = decoder.frameBytes(header, 0, header.length);
                    if (size < 0) {
                        rejected++;
                        return;
                    }
                    byte[] frame = new byte[(int) size];
                    System.arraycopy(header, 0, frame, 0, header.length);
                    if (in.readNBytes(frame, header.length, frame.length - header.length) < frame.length - header.length) {
                        rejected++; // a frame cut short: the proxy must never do that
                        return;
                    }
                    long at = System.nanoTime();
                    Decoded d = decoder.decode(frame);
                    if (d instanceof Decoded.Ok ok && ok.messages().size() == 1
                            && ok.messages().get(0) instanceof Message.AppendRequest a) {
                        arrivals.add(new Arrival(a.requestId(), frame, at));
                    } else {
                        rejected++;
                    }
                }
            } catch (IOException e) {
                // the proxy closed or reset the connection: its end
            }
        }

        /** The frames of the next connection, once the proxy has closed it. */
        List<Arrival> awaitEnd() throws InterruptedException {
            CountDownLatch end = ends.poll(10, TimeUnit.SECONDS);
            if (end == null) {
                fail("no connection reached the sink");
            }
            if (!end.await(10, TimeUnit.SECONDS)) {
                fail("the connection to the sink did not end");
            }
            List<Arrival> out = new ArrayList<>();
            arrivals.drainTo(out);
            return out;
        }

        void closeConnections() throws IOException {
            for (Socket s : sockets) {
                s.close();
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            closeConnections();
        }
    }
}
