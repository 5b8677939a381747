package io.ringworld.runtime.real;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A seeded fault-injecting TCP proxy for ONE directed link between two cluster nodes: the sender
 * dials the proxy instead of the receiver (the cluster file names the proxy's address for the
 * receiver), and the proxy dials the receiver. It stands in for {@code tc netem}, which this
 * machine lacks, to bring delay, loss, duplication and reordering to real processes.
 *
 * <p><b>Whole frames, never bytes.</b> The stream from the source is cut into RingWorld frames
 * exactly as a node's {@code FrameDecoder} cuts it: each frame's size comes from its 24-byte
 * header through {@link io.ringworld.kernel.wire.WireDecoder#frameBytes} under the nodes' own
 * {@link io.ringworld.kernel.wire.WireLimits#DEFAULT} (64 MiB a frame), which reads the header
 * only (magic, version, reserved byte, body and payload lengths) and needs none of the cluster's
 * keys (see {@link FrameCutter}). A frame is dropped, sent twice, held back or delayed whole; its
 * bytes are never altered, so every frame that arrives is one the receiver's MAC check accepts,
 * and the kernel, which tolerates loss, duplication and reordering of whole messages, sees only
 * those. A header that is not a RingWorld frame (a node would close on it too) closes that
 * connection, both sides, and is counted ({@link Counters#badHeaders}). Plain TCP only: a TLS
 * link's records are not frames and would be refused as bad headers.
 *
 * <p><b>Direction.</b> The faults apply to the source-to-target direction, which is the link this
 * proxy stands for (nodes send on the connections they dial). Bytes from the target back to the
 * source (a switch's answers to a client on the client's connection) are relayed unchanged, as
 * bytes, without framing.
 *
 * <p><b>Faults</b> ({@link Faults}, settable at any time, from any thread; each frame is judged
 * under the faults in force when it is read): loss drops a frame; duplicate sends it twice, back to
 * back; reorder holds a frame back and sends it right after the next frame that is sent (or after
 * {@link #REORDER_HOLD_MILLIS} if none comes, so nothing is held for ever); delay holds each frame
 * a random time in [min, max] milliseconds, as a delay of the stream: a frame never leaves before
 * the frame read before it, so frames overtake one another only through reorder.
 *
 * <p><b>Seeds.</b> Connection {@code k} (0, 1, ... in accept order) draws all its decisions from
 * {@code new SplittableRandom(seed + k)}, four draws per frame in a fixed order (loss, duplicate,
 * reorder, delay) whatever faults are on, so the decisions for the frame {@code i} of connection
 * {@code k} depend only on the seed, {@code k}, {@code i} and the faults then in force: they
 * replay from the seed. The interleaving with real processes and clocks does not.
 *
 * <p><b>Threads.</b> One accept thread per proxy; per connection three daemon threads, all named
 * {@code ringworld-proxy-<listen port>-...}: one reads and judges frames from the source, one
 * writes them to the target when due, one relays the target's bytes back. Closing: when either
 * side closes, the other is closed; an orderly end of the source's stream first lets the frames
 * already read (delayed or held) go out, then closes the target. {@link #close()} closes the
 * listener and every connection at once.
 */
public final class LinkProxy implements AutoCloseable {
    /** How long reorder holds a frame back when no next frame comes. */
    public static final long REORDER_HOLD_MILLIS = 50;
    /** Connect timeout for the dial to the target. */
    static final int CONNECT_TIMEOUT_MILLIS = 2_000;

    /**
     * The faults on the link. Percentages in [0, 100] (fractions allowed); delays in milliseconds,
     * {@code 0 <= delayMillisMin <= delayMillisMax}.
     */
    public record Faults(double lossPercent, double duplicatePercent, double reorderPercent, long delayMillisMin,
                         long delayMillisMax) {
        /** Frames pass through in order, unchanged, without added delay. */
        public static final Faults NONE = new Faults(0, 0, 0, 0, 0);

        public Faults {
            checkPercent("lossPercent", lossPercent);
            checkPercent("duplicatePercent", duplicatePercent);
            checkPercent("reorderPercent", reorderPercent);
            if (delayMillisMin < 0 || delayMillisMax < delayMillisMin) {
                throw new IllegalArgumentException("delays must satisfy 0 <= min <= max, got [" + delayMillisMin
                        + ", " + delayMillisMax + "]");
            }
        }

        private static void checkPercent(String name, double p) {
            if (!(p >= 0 && p <= 100)) {
                throw new IllegalArgumentException(name + " must be in [0, 100], got " + p);
            }
        }

        public Faults withLoss(double percent) {
            return new Faults(percent, duplicatePercent, reorderPercent, delayMillisMin, delayMillisMax);
        }

        public Faults withDuplicate(double percent) {
            return new Faults(lossPercent, percent, reorderPercent, delayMillisMin, delayMillisMax);
        }

        public Faults withReorder(double percent) {
            return new Faults(lossPercent, duplicatePercent, percent, delayMillisMin, delayMillisMax);
        }

        public Faults withDelay(long millisMin, long millisMax) {
            return new Faults(lossPercent, duplicatePercent, reorderPercent, millisMin, millisMax);
        }
    }

    /**
     * What the proxy did, over all its connections since it started.
     *
     * @param connections      connections accepted
     * @param framesIn         whole frames read from sources
     * @param framesOut        frames written to targets (a duplicated frame counts twice)
     * @param framesDropped    frames lost
     * @param framesDuplicated frames sent twice
     * @param framesReordered  frames held back that a later frame overtook (one held back until
     *                         {@link #REORDER_HOLD_MILLIS} passed, or the stream ended, is not counted)
     * @param framesDelayed    frames given a delay above zero
     * @param bytes            bytes written to targets (frames, duplicates included)
     * @param bytesBack        bytes relayed from targets back to sources
     * @param badHeaders       connections closed because their stream was not RingWorld frames
     * @param connectFailures  accepted connections closed because the target could not be dialled
     */
    public record Counters(long connections, long framesIn, long framesOut, long framesDropped, long framesDuplicated,
                           long framesReordered, long framesDelayed, long bytes, long bytesBack, long badHeaders,
                           long connectFailures) {
    }

    /** The live counters, shared by the connections. */
    static final class Tally {
        final AtomicLong connections = new AtomicLong();
        final AtomicLong framesIn = new AtomicLong();
        final AtomicLong framesOut = new AtomicLong();
        final AtomicLong framesDropped = new AtomicLong();
        final AtomicLong framesDuplicated = new AtomicLong();
        final AtomicLong framesReordered = new AtomicLong();
        final AtomicLong framesDelayed = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong bytesBack = new AtomicLong();
        final AtomicLong badHeaders = new AtomicLong();
        final AtomicLong connectFailures = new AtomicLong();

        Counters snapshot() {
            return new Counters(connections.get(), framesIn.get(), framesOut.get(), framesDropped.get(),
                    framesDuplicated.get(), framesReordered.get(), framesDelayed.get(), bytes.get(), bytesBack.get(),
                    badHeaders.get(), connectFailures.get());
        }
    }

    private final ServerSocket server;
    private final InetSocketAddress address;
    private final InetSocketAddress target;
    private final InetAddress dialFrom;
    private final long seed;
    private final String threadPrefix;
    private final Tally tally = new Tally();
    private final Set<ProxyConnection> connections = ConcurrentHashMap.newKeySet();
    private volatile Faults faults = Faults.NONE;
    private volatile boolean closed;

    private LinkProxy(ServerSocket server, InetSocketAddress target, InetAddress dialFrom, long seed) {
        this.server = server;
        this.address = new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
        this.target = target;
        this.dialFrom = dialFrom;
        this.seed = seed;
        this.threadPrefix = "ringworld-proxy-" + server.getLocalPort();
    }

    /**
     * Starts a proxy listening at {@code listen} (port 0: any free port, see {@link #address()})
     * for the link to {@code target}, with {@link Faults#NONE} until {@link #setFaults} says
     * otherwise.
     *
     * @param dialFrom the local address the connections to the target are bound to (so rules by
     *                 source address, iptables for instance, still apply), or null for any
     * @param seed     the seed of every fault decision (connection {@code k} uses {@code seed + k})
     * @throws IOException if {@code listen} cannot be bound
     */
    public static LinkProxy start(InetSocketAddress listen, InetSocketAddress target, InetAddress dialFrom, long seed)
            throws IOException {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(target, "target");
        ServerSocket server = new ServerSocket();
        try {
            server.setReuseAddress(true);
            server.bind(listen.isUnresolved() ? new InetSocketAddress(listen.getHostString(), listen.getPort()) : listen);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        LinkProxy proxy = new LinkProxy(server, target, dialFrom, seed);
        Thread t = new Thread(proxy::acceptLoop, proxy.threadPrefix + "-accept");
        t.setDaemon(true);
        t.start();
        return proxy;
    }

    /** The bound listen address (with the port chosen if 0 was asked for). */
    public InetSocketAddress address() {
        return address;
    }

    /** The address the proxy dials: the link's receiver. */
    public InetSocketAddress target() {
        return target;
    }

    public long seed() {
        return seed;
    }

    /** Sets the faults; frames read from now on are judged under them. Thread-safe. */
    public void setFaults(Faults f) {
        faults = Objects.requireNonNull(f, "faults");
    }

    public Faults faults() {
        return faults;
    }

    /** A snapshot of the counters. */
    public Counters counters() {
        return tally.snapshot();
    }

    /** Closes the listener and every connection, both sides; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (ProxyConnection c : connections) {
            c.closeNow();
        }
    }

    private void acceptLoop() {
        long next = 0;
        while (!closed) {
            Socket source;
            try {
                source = server.accept();
            } catch (IOException e) {
                if (closed || server.isClosed()) {
                    return;
                }
                pause(); // e.g. out of file descriptors: try again shortly
                continue;
            }
            long k = next++;
            tally.connections.incrementAndGet();
            ProxyConnection c = new ProxyConnection(this, source, seed + k, threadPrefix + "-c" + k);
            connections.add(c);
            if (closed) {
                c.closeNow();
            } else {
                c.start();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // --- for the connections

    Faults currentFaults() {
        return faults;
    }

    Tally tally() {
        return tally;
    }

    InetAddress dialFrom() {
        return dialFrom;
    }

    void closed(ProxyConnection c) {
        connections.remove(c);
    }
}
