package io.ringworld.runtime.cli;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ringworld bench-link}: what decided TCP between nodes. The node's traffic pattern on one
 * link (a leader's Write of one entry, the server's small WriteAck back), with a window of
 * outstanding frames, over Netty TCP (length-prefixed frames, flushed once per read burst, as the
 * Transport does) and over Netty UDP (one datagram per frame; a frame not answered within 200 ms
 * is counted lost and resent, as the kernel would retransmit), each side on its own event loop, in
 * the same run: frames per second and round-trip percentiles (HdrHistogram), and UDP's losses.
 * Frames above the 65,507-byte datagram limit (seal pages, large batches) cannot go over UDP
 * without a fragmentation layer: that row says so instead of a figure.
 */
@Command(name = "bench-link", mixinStandardHelpOptions = true,
        description = "TCP against UDP on loopback for the node's Write/ack pattern: frames/s and round-trip percentiles, same run.")
final class LinkBenchCommand implements Callable<Integer> {
    static final int DATAGRAM_BYTES_MAX = 65_507;
    static final int ACK_BYTES = 64;

    @Option(names = "--frame-bytes", split = ",", defaultValue = "128,1024,16384,262144",
            description = "Frame sizes to run (default ${DEFAULT-VALUE}).")
    int[] frameBytes;
    @Option(names = "--window", defaultValue = "64", description = "Outstanding frames (default ${DEFAULT-VALUE}).")
    int window;
    @Option(names = "--seconds", defaultValue = "5", description = "Measured seconds per run (default ${DEFAULT-VALUE}).")
    int seconds;
    @Option(names = "--warmup-seconds", defaultValue = "2", description = "Unmeasured seconds before each run (default ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Override
    public Integer call() throws Exception {
        if (window < 1 || window > 4096 || seconds < 1 || warmupSeconds < 0) {
            System.err.println("bench-link: --window 1..4096, --seconds >= 1, --warmup-seconds >= 0");
            return 2;
        }
        for (int b : frameBytes) {
            if (b < 16 || b > (16 << 20)) {
                System.err.println("bench-link: --frame-bytes: " + b + " is outside 16..16777216");
                return 2;
            }
        }
        boolean epoll = Epoll.isAvailable();
        System.out.printf("loopback, %s, window %d, %d s measured after %d s warm-up; ack %d bytes%n",
                epoll ? "native epoll" : "NIO", window, seconds, warmupSeconds, ACK_BYTES);
        System.out.printf("%-6s %10s %12s %10s %10s %10s %8s%n", "link", "frame B", "frames/s", "p50 us", "p99 us", "p99.9 us", "lost");
        for (int b : frameBytes) {
            Result tcp = new Pair(epoll, b).runTcp();
            print("TCP", b, tcp);
            if (b > DATAGRAM_BYTES_MAX) {
                System.out.printf("%-6s %10d   cannot: above the %,d-byte datagram limit (needs fragmentation)%n", "UDP", b,
                        DATAGRAM_BYTES_MAX);
                continue;
            }
            Result udp = new Pair(epoll, b).runUdp();
            print("UDP", b, udp);
            System.out.printf("       UDP/TCP frames/s %.2f, p50 %.2f%n", udp.perSecond / tcp.perSecond,
                    (double) udp.rtt.getValueAtPercentile(50) / tcp.rtt.getValueAtPercentile(50));
        }
        return 0;
    }

    private static void print(String link, int bytes, Result r) {
        System.out.printf("%-6s %10d %,12.0f %10.1f %10.1f %10.1f %8d%n", link, bytes, r.perSecond,
                r.rtt.getValueAtPercentile(50) / 1000.0, r.rtt.getValueAtPercentile(99) / 1000.0,
                r.rtt.getValueAtPercentile(99.9) / 1000.0, r.lost);
    }

    record Result(double perSecond, Histogram rtt, long lost) {
    }

    /** One run: a sender and an echoing receiver on their own event loops. */
    private final class Pair {
        private final boolean epoll;
        private final int bytes;
        private final Histogram rtt = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        private final long[] sentNanos = new long[1 << 16];
        private long next;
        private long answered;
        private long lost;
        private long measuredFrom = Long.MAX_VALUE;
        private long answeredAtStart;
        /** Set at the end of a run: nothing more is sent, so no reply meets a closed socket. */
        private volatile boolean stopping;

        Pair(boolean epoll, int bytes) {
            this.epoll = epoll;
            this.bytes = bytes;
        }

        private EventLoopGroup loop(String name) {
            IoHandlerFactory f = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
            return new MultiThreadIoEventLoopGroup(1, new io.netty.util.concurrent.DefaultThreadFactory(name), f);
        }

        /** The frame for sequence number {@code seq}: 8 bytes of it, the rest zeros. */
        private ByteBuf frame(io.netty.buffer.ByteBufAllocator alloc, long seq, int size, boolean lengthPrefix) {
            ByteBuf b = alloc.buffer(size + (lengthPrefix ? 4 : 0));
            if (lengthPrefix) {
                b.writeInt(size);
            }
            b.writeLong(seq);
            b.writeZero(size - 8);
            return b;
        }

        /**
         * A reply to {@code seq} came: its round trip is recorded once measuring started. False for
         * a late reply to a frame already counted lost (and replaced): the window stays the same.
         */
        private boolean answered(long seq, long now) {
            int slot = (int) (seq & (sentNanos.length - 1));
            long sent = sentNanos[slot];
            if (sent == 0) {
                return false;
            }
            if (sent >= measuredFrom) {
                rtt.recordValue(Math.min(now - sent, rtt.getHighestTrackableValue()));
            }
            sentNanos[slot] = 0;
            answered++;
            return true;
        }

        private Result finish(long measuredNanos) {
            double perSecond = (answered - answeredAtStart) * 1e9 / measuredNanos;
            return new Result(perSecond, rtt, lost);
        }

        private Result measure(EventLoopGroup sender, Runnable start) throws InterruptedException {
            sender.next().execute(start);
            Thread.sleep(TimeUnit.SECONDS.toMillis(warmupSeconds));
            long[] begin = new long[1];
            sender.next().submit(() -> {
                measuredFrom = System.nanoTime();
                answeredAtStart = answered;
                begin[0] = measuredFrom;
            }).syncUninterruptibly();
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            return sender.next().submit(() -> finish(System.nanoTime() - begin[0])).syncUninterruptibly().getNow();
        }

        Result runTcp() throws InterruptedException {
            EventLoopGroup server = loop("link-server");
            EventLoopGroup client = loop("link-client");
            try {
                Channel listening = new ServerBootstrap().group(server)
                        .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                        .childOption(ChannelOption.TCP_NODELAY, true)
                        .childHandler(new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel ch) {
                                ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(32 << 20, 0, 4, 0, 4),
                                        new SimpleChannelInboundHandler<ByteBuf>() {
                                            @Override
                                            protected void channelRead0(ChannelHandlerContext ctx, ByteBuf f) {
                                                ctx.write(frame(ctx.alloc(), f.getLong(0), ACK_BYTES, true), ctx.voidPromise());
                                            }

                                            @Override
                                            public void channelReadComplete(ChannelHandlerContext ctx) {
                                                ctx.flush();
                                            }

                                            @Override
                                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                                ctx.close(); // the other side reset the connection at the end of a run
                                            }
                                        });
                            }
                        }).bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
                Channel[] out = new Channel[1];
                out[0] = new Bootstrap().group(client).channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                        .option(ChannelOption.TCP_NODELAY, true)
                        .handler(new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel ch) {
                                ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(1 << 20, 0, 4, 0, 4),
                                        new SimpleChannelInboundHandler<ByteBuf>() {
                                            @Override
                                            protected void channelRead0(ChannelHandlerContext ctx, ByteBuf f) {
                                                answered(f.getLong(0), System.nanoTime());
                                                sendTcp(ctx.channel());
                                            }

                                            @Override
                                            public void channelReadComplete(ChannelHandlerContext ctx) {
                                                ctx.flush();
                                            }

                                            @Override
                                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                                ctx.close(); // the other side reset the connection at the end of a run
                                            }
                                        });
                            }
                        }).connect(listening.localAddress()).syncUninterruptibly().channel();
                Result r = measure(client, () -> {
                    for (int k = 0; k < window; k++) {
                        sendTcp(out[0]);
                    }
                    out[0].flush();
                });
                out[0].close().syncUninterruptibly();
                listening.close().syncUninterruptibly();
                return r;
            } finally {
                client.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
                server.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            }
        }

        private void sendTcp(Channel ch) {
            long seq = next++;
            sentNanos[(int) (seq & (sentNanos.length - 1))] = System.nanoTime();
            ch.write(frame(ch.alloc(), seq, bytes, true), ch.voidPromise());
        }

        Result runUdp() throws InterruptedException {
            EventLoopGroup server = loop("link-server");
            EventLoopGroup client = loop("link-client");
            Class<? extends DatagramChannel> type = epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
            try {
                Channel echo = new Bootstrap().group(server).channel(type)
                        .option(ChannelOption.SO_RCVBUF, 4 << 20).option(ChannelOption.SO_SNDBUF, 4 << 20)
                        .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
                                if (stopping) {
                                    return;
                                }
                                ctx.write(new DatagramPacket(frame(ctx.alloc(), p.content().getLong(0), ACK_BYTES, false), p.sender()),
                                        ctx.voidPromise());
                            }

                            @Override
                            public void channelReadComplete(ChannelHandlerContext ctx) {
                                ctx.flush();
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                // ICMP port unreachable once the other side closed at the end of a run
                            }
                        }).bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
                InetSocketAddress to = (InetSocketAddress) echo.localAddress();
                Channel[] out = new Channel[1];
                out[0] = new Bootstrap().group(client).channel(type)
                        .option(ChannelOption.SO_RCVBUF, 4 << 20).option(ChannelOption.SO_SNDBUF, 4 << 20)
                        .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
                                if (answered(p.content().getLong(0), System.nanoTime()) && !stopping) {
                                    sendUdp(ctx.channel(), to);
                                }
                            }

                            @Override
                            public void channelReadComplete(ChannelHandlerContext ctx) {
                                ctx.flush();
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                // ICMP port unreachable once the other side closed at the end of a run
                            }
                        }).bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
                // a frame unanswered for 200 ms is lost: count it and send another in its place
                client.next().scheduleAtFixedRate(() -> {
                    long now = System.nanoTime();
                    for (long seq = Math.max(0, next - sentNanos.length); seq < next; seq++) {
                        int slot = (int) (seq & (sentNanos.length - 1));
                        if (!stopping && sentNanos[slot] != 0 && now - sentNanos[slot] > TimeUnit.MILLISECONDS.toNanos(200)) {
                            sentNanos[slot] = 0;
                            lost++;
                            sendUdp(out[0], to);
                        }
                    }
                    out[0].flush();
                }, 100, 100, TimeUnit.MILLISECONDS);
                Result r = measure(client, () -> {
                    for (int k = 0; k < window; k++) {
                        sendUdp(out[0], to);
                    }
                    out[0].flush();
                });
                stopping = true;
                Thread.sleep(200); // the last replies arrive before either socket closes
                out[0].close().syncUninterruptibly();
                echo.close().syncUninterruptibly();
                return r;
            } finally {
                client.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
                server.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            }
        }

        private void sendUdp(Channel ch, InetSocketAddress to) {
            long seq = next++;
            sentNanos[(int) (seq & (sentNanos.length - 1))] = System.nanoTime();
            ch.write(new DatagramPacket(frame(ch.alloc(), seq, bytes, false), to), ch.voidPromise());
        }
    }
}
