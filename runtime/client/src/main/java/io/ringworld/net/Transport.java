package io.ringworld.net;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.wire.Decoded;
import io.ringworld.kernel.wire.Keyring;
import io.ringworld.kernel.wire.WireDecoder;
import io.ringworld.kernel.wire.WireEncoder;
import io.ringworld.kernel.wire.WireLimits;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.OptionalSslHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The one way RingWorld processes talk: framed TCP on one Netty event loop. Everything here runs
 * on that loop's thread (the caller's {@link Inbound} too), so the kernel role it feeds needs no
 * lock. Sends are fair-lossy, as the kernel allows: a message to a member not connected yet, or to
 * a connection over its high water mark, is dropped and counted (the kernel retransmits), never
 * queued without bound. Cluster members are dialled at the addresses of the cluster file; a
 * client is answered on the connection its frames came in on. Writes are flushed once per read
 * burst and once per host step ({@link #flush}), not once per message, and what a flush sends to
 * one peer leaves as few frames as it can: the messages sent to a peer since the last flush go
 * in order in {@code BATCH} frames of up to {@link #FRAME_BYTES_TARGET} (wire version 6), so a
 * token visit's Assigns to one leader, a leader's Writes to one server, a group commit's acks
 * and a burst of a client's appends each cost one frame, one MAC and one decode, not one per
 * message. A batch changes no message: the receiver hands them to its node one by one, in order.
 *
 * <p>With {@link TransportTls} a member accepts TLS and plain connections on its one port (the
 * first bytes tell them apart) and refuses, counts and closes a plain connection whose frames
 * come from a sender that must use TLS; a client dials over TLS and checks the member's
 * certificate.
 */
public final class Transport implements AutoCloseable {
    /** What arrives: an authenticated, well-formed message and its sender. Called on the loop. */
    public interface Inbound {
        void onMessage(NodeId sender, Message message);

        /** The end of a burst of reads: a good moment to flush what the steps sent. */
        default void onReadBurstEnd() {
        }

        /** A connection this process dialled to member {@code peer} is up. */
        default void onConnected(NodeId peer) {
        }
    }

    /** Counters a host reports as metrics. */
    public static final class Counters {
        public final AtomicLong framesIn = new AtomicLong();
        public final AtomicLong framesOut = new AtomicLong();
        /** Messages received (a batch frame carries several). */
        public final AtomicLong messagesIn = new AtomicLong();
        /** Messages sent (a batch frame carries several). */
        public final AtomicLong messagesOut = new AtomicLong();
        public final AtomicLong framesRejected = new AtomicLong();
        public final AtomicLong droppedNotConnected = new AtomicLong();
        public final AtomicLong droppedBackpressure = new AtomicLong();
        public final AtomicLong connectFailures = new AtomicLong();
        /** TLS handshakes completed, either side. */
        public final AtomicLong tlsHandshakes = new AtomicLong();
        /** TLS handshakes that failed (an untrusted certificate, a wrong host, not TLS at all). */
        public final AtomicLong tlsHandshakeFailures = new AtomicLong();
        /** Connections closed because a sender that must use TLS sent a frame in plain. */
        public final AtomicLong plaintextRefused = new AtomicLong();
    }

    private static final long RECONNECT_MILLIS = 100;
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(1 << 20, 8 << 20);
    /**
     * A batch frame's size, at most (one larger message goes alone): large enough that a full
     * token visit's Writes to a server take a few frames, small enough that a receiver starts on
     * the first messages while the rest are on the way.
     */
    static final int FRAME_BYTES_TARGET = 128 << 10;
    /** Messages held for one peer before they are encoded without waiting for the flush. */
    static final int PENDING_MESSAGES_MAX = 1024;

    private final NodeId self;
    private final Loop loop;
    private final WireEncoder encoder;
    private final WireDecoder decoder;
    private final Function<NodeId, InetSocketAddress> addressOf;
    private final Inbound inbound;
    private final TransportTls tls;
    private final Counters counters = new Counters();
    private final Map<NodeId, Channel> outbound = new HashMap<>();
    private final Map<NodeId, Long> lastDialNanos = new HashMap<>();
    private final Map<ClientId, Channel> clients = new HashMap<>();
    /** The connections sent to since the last flush, in the order of their first send. */
    private final java.util.ArrayList<Channel> dirty = new java.util.ArrayList<>();
    /** Each connection's messages not encoded yet: one list per connection for its life, reused. */
    private static final io.netty.util.AttributeKey<Pending> PENDING = io.netty.util.AttributeKey.valueOf("ringworld.pending");

    /** The messages for one connection not encoded yet, all to {@code to}. */
    private static final class Pending {
        NodeId to;
        final java.util.ArrayList<Message> messages = new java.util.ArrayList<>();
    }
    private Channel server;
    /** The local address connections are dialled from: the listening address of a member, none for a client. */
    private volatile java.net.InetAddress dialFrom;

    public Transport(NodeId self, Loop loop, Keyring keys, WireLimits limits, WireDecoder.PayloadCheck payloadCheck,
            Function<NodeId, InetSocketAddress> addressOf, Inbound inbound) {
        this(self, loop, keys, limits, payloadCheck, addressOf, inbound, TransportTls.NONE);
    }

    public Transport(NodeId self, Loop loop, Keyring keys, WireLimits limits, WireDecoder.PayloadCheck payloadCheck,
            Function<NodeId, InetSocketAddress> addressOf, Inbound inbound, TransportTls tls) {
        this.tls = java.util.Objects.requireNonNull(tls, "tls");
        this.self = self;
        this.loop = loop;
        this.encoder = new WireEncoder(keys, limits);
        this.decoder = new WireDecoder(keys, limits, payloadCheck);
        this.addressOf = addressOf;
        this.inbound = inbound;
    }

    public Counters counters() {
        return counters;
    }

    /** The decoder's counts of rejected frames, by reason (for metrics). */
    public WireDecoder decoder() {
        return decoder;
    }

    public EventLoop eventLoop() {
        return loop.eventLoop();
    }

    /** Starts accepting connections at {@code address}; throws if the port is taken. */
    public void listen(InetSocketAddress address) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(loop.group())
                .channel(loop.serverChannelClass())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(initializer(null));
        ChannelFuture f = b.bind(resolve(address)).await();
        if (!f.isSuccess()) {
            throw new IllegalStateException("cannot listen at " + address + ": " + f.cause().getMessage(), f.cause());
        }
        server = f.channel();
        // A member dials its peers from the address it listens on, so a peer (and a firewall
        // rule) sees each member's traffic come from that member's own address, not from
        // whichever address the OS would pick (127.0.0.1 for every loopback address). Not for
        // 127.0.0.1 itself, which the OS picks anyway: there an explicit bind would take an
        // ephemeral port for each connection exclusively, and a test cluster listening on ports
        // from that range could not listen again on its port after a restart.
        java.net.InetAddress at = ((InetSocketAddress) server.localAddress()).getAddress();
        dialFrom = at.isAnyLocalAddress() || at.getHostAddress().equals("127.0.0.1") ? null : at;
    }

    /** Sends {@code message} to {@code to}; call on the loop. Dropped (counted) if there is no usable connection. */
    public void send(NodeId to, Message message) {
        assert loop.eventLoop().inEventLoop() : "send off the event loop";
        Channel ch = channelTo(to);
        if (ch == null || !ch.isActive()) {
            counters.droppedNotConnected.incrementAndGet();
            return;
        }
        if (!ch.isWritable()) {
            counters.droppedBackpressure.incrementAndGet();
            return;
        }
        Pending p = ch.attr(PENDING).get();
        if (p == null) {
            p = new Pending();
            ch.attr(PENDING).set(p);
        }
        if (p.messages.isEmpty()) {
            p.to = to;
            dirty.add(ch);
        } else if (!p.to.equals(to)) {
            encode(ch, p); // a client's connection reused for another id: keep each frame's receiver right
            p.to = to;
        }
        p.messages.add(message);
        counters.messagesOut.incrementAndGet();
        if (p.messages.size() >= PENDING_MESSAGES_MAX) {
            encode(ch, p);
        }
    }

    /** Encodes a connection's pending messages into frames and writes them (no flush). */
    private void encode(Channel ch, Pending p) {
        java.util.List<Message> list = p.messages;
        for (int i = 0; i < list.size();) {
            i = encoder.encodeBatch(self, p.to, list, i, FRAME_BYTES_TARGET, (frame, offset, length) -> {
                ByteBuf out = ch.alloc().directBuffer(length); // one copy, into the channel's pooled buffer
                out.writeBytes(frame, offset, length);
                ch.write(out, ch.voidPromise());
            });
            counters.framesOut.incrementAndGet();
        }
        list.clear();
    }

    /** Encodes and flushes what was sent to every connection since the last flush. */
    public void flush() {
        for (int i = 0; i < dirty.size(); i++) {
            Channel ch = dirty.get(i);
            Pending p = ch.attr(PENDING).get();
            if (!p.messages.isEmpty()) {
                encode(ch, p);
            }
            ch.flush();
        }
        dirty.clear();
    }

    /** Dials member {@code to} now unless a connection to it is open or was tried in the last moment. Call on the loop. */
    public void connect(NodeId to) {
        Channel ch = outbound.get(to);
        if (ch == null || !ch.isOpen()) {
            dial(to);
        }
    }

    /** Whether a connection to member {@code to} is up (connected, not just being dialled). Call on the loop. */
    public boolean connected(NodeId to) {
        Channel ch = outbound.get(to);
        return ch != null && ch.isActive();
    }

    private Channel channelTo(NodeId to) {
        if (to instanceof ClientId c) {
            return clients.get(c);
        }
        Channel ch = outbound.get(to);
        if (ch != null && (ch.isActive() || ch.isOpen())) {
            return ch;
        }
        dial(to);
        return null;
    }

    /** Opens a connection to member {@code to} unless one was tried in the last {@link #RECONNECT_MILLIS}. */
    private void dial(NodeId to) {
        long now = System.nanoTime();
        Long last = lastDialNanos.get(to);
        if (last != null && now - last < TimeUnit.MILLISECONDS.toNanos(RECONNECT_MILLIS)) {
            return;
        }
        InetSocketAddress address = addressOf.apply(to);
        if (address == null) {
            return;
        }
        lastDialNanos.put(to, now);
        Bootstrap b = new Bootstrap()
                .group(loop.group())
                .channel(loop.channelClass())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 1000)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .handler(initializer(address));
        java.net.InetAddress from = dialFrom;
        ChannelFuture f = from == null ? b.connect(resolve(address)) : b.connect(resolve(address), new InetSocketAddress(from, 0));
        outbound.put(to, f.channel());
        f.addListener(done -> {
            if (!done.isSuccess()) {
                counters.connectFailures.incrementAndGet();
                outbound.remove(to, f.channel());
            } else {
                inbound.onConnected(to);
            }
        });
        f.channel().closeFuture().addListener(closed -> outbound.remove(to, f.channel()));
    }

    /** A connection's pipeline: accepted ({@code dialled} null) or dialled to {@code dialled}. */
    private ChannelInitializer<SocketChannel> initializer(InetSocketAddress dialled) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                if (dialled == null) {
                    accepted.add(ch);
                    ch.closeFuture().addListener(done -> accepted.remove(ch));
                }
                if (dialled == null && tls.accepts()) {
                    ch.pipeline().addLast(new OptionalSslHandler(tls.acceptContext()));
                } else if (dialled != null) {
                    SslHandler h = tls.dialHandler(ch.alloc(), dialled);
                    if (h != null) {
                        ch.pipeline().addLast(h);
                    }
                }
                ch.pipeline().addLast(new FrameDecoder(decoder, counters.framesRejected::incrementAndGet), new Handler());
            }
        };
    }

    private final class Handler extends SimpleChannelInboundHandler<Decoded.Ok> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Decoded.Ok ok) {
            if (tls.required(ok.sender()) && ctx.pipeline().get(SslHandler.class) == null) {
                counters.plaintextRefused.incrementAndGet();
                ctx.close(); // this sender must use TLS; nothing of a plain connection is taken
                return;
            }
            counters.framesIn.incrementAndGet();
            if (ok.sender() instanceof ClientId c) {
                clients.put(c, ctx.channel());
            }
            java.util.List<Message> messages = ok.messages();
            counters.messagesIn.addAndGet(messages.size());
            for (int i = 0; i < messages.size(); i++) { // in the sender's order, one step each
                inbound.onMessage(ok.sender(), messages.get(i));
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            inbound.onReadBurstEnd();
            flush();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof SslHandshakeCompletionEvent done) {
                (done.isSuccess() ? counters.tlsHandshakes : counters.tlsHandshakeFailures).incrementAndGet();
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            clients.values().removeIf(ch -> ch == ctx.channel());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a reset peer; the kernel retransmits over the next connection
        }
    }

    private static InetSocketAddress resolve(InetSocketAddress a) {
        return a.isUnresolved() ? new InetSocketAddress(a.getHostString(), a.getPort()) : a;
    }

    /** Closes the listening socket and every connection; the loop is the owner's to stop. */
    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        // copies: a close runs channelInactive at once, which edits these maps
        new java.util.ArrayList<>(outbound.values()).forEach(Channel::close);
        new java.util.ArrayList<>(clients.values()).forEach(Channel::close);
        // And the connections peers opened: a node stopped in a process that lives on (a graceful
        // stop, an embedding host, an in-process restart) would otherwise leave them open, and the
        // peers' replies would go on into sockets nobody reads (RestartedSwitchClientTest: a
        // restarted leader never heard the WriteAcks its servers sent to its earlier life).
        new java.util.ArrayList<>(accepted).forEach(Channel::close);
    }

    /** Every connection a peer opened to this node, until it closes. */
    private final java.util.Set<Channel> accepted = java.util.concurrent.ConcurrentHashMap.newKeySet();
}
