package io.ringworld.net;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.concurrent.TimeUnit;

/**
 * One Netty event loop thread: the listening socket, every connection, the tick timer and the
 * kernel's steps all run on it, so a kernel role (which is not thread-safe) needs no lock. The
 * native epoll transport where it loads, NIO otherwise; {@link #describe()} says which (a node's
 * first log line).
 */
public final class Loop implements AutoCloseable {
    private final EventLoopGroup group;
    private final boolean epoll;

    private Loop(boolean epoll, String threadName) {
        this.epoll = epoll;
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(threadName), factory);
    }

    /** A loop on epoll if it is available here (and not turned off with -Dringworld.nio=true), else NIO. */
    public static Loop start(String threadName) {
        boolean epoll = !Boolean.getBoolean("ringworld.nio") && Epoll.isAvailable();
        return new Loop(epoll, threadName);
    }

    public EventLoopGroup group() {
        return group;
    }

    public EventLoop eventLoop() {
        return group.next();
    }

    public boolean epoll() {
        return epoll;
    }

    Class<? extends ServerSocketChannel> serverChannelClass() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    Class<? extends SocketChannel> channelClass() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** The transport in use, and why if it is not epoll. */
    public String describe() {
        if (epoll) {
            return "native epoll transport";
        }
        Throwable why = Epoll.unavailabilityCause();
        return "NIO transport (" + (Boolean.getBoolean("ringworld.nio") ? "-Dringworld.nio=true"
                : "epoll unavailable: " + (why == null ? "unknown" : why.getMessage())) + ")";
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
