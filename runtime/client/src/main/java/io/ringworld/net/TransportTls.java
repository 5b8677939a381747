package io.ringworld.net;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.NodeId;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;

import java.net.InetSocketAddress;

/**
 * What TLS a {@link Transport} speaks, built from a cluster file's {@code tls} section: the
 * context a member accepts TLS connections with (it accepts plain ones on the same port too, and
 * tells them apart by their first bytes), the context it or a client dials with (the peer's
 * certificate checked against the trust file and the dialled host: hostname verification), and
 * which senders must arrive over TLS. {@link #NONE}: everything plain.
 */
public final class TransportTls {
    public static final TransportTls NONE = new TransportTls(null, null, false, false);

    private final SslContext acceptContext;
    private final SslContext dialContext;
    private final boolean clientsRequired;
    private final boolean membersRequired;

    private TransportTls(SslContext acceptContext, SslContext dialContext, boolean clientsRequired, boolean membersRequired) {
        this.acceptContext = acceptContext;
        this.dialContext = dialContext;
        this.clientsRequired = clientsRequired;
        this.membersRequired = membersRequired;
    }

    /** A switch's or server's TLS: accepts TLS; dials members over TLS only with {@code betweenMembers}. */
    public static TransportTls forMember(ClusterFile cluster) throws ClusterFileException {
        ClusterFile.Tls tls = cluster.tls();
        if (tls == null) {
            return NONE;
        }
        SslContext accept = build(() -> SslContextBuilder.forServer(tls.certFile().toFile(), tls.keyFile().toFile()).build(),
                cluster, "tls.certFile / tls.keyFile");
        SslContext dial = tls.betweenMembers() ? dialContext(cluster, tls) : null;
        return new TransportTls(accept, dial, tls.clientsRequired(), tls.betweenMembers());
    }

    /** A client's TLS: it dials every member over TLS when the file has a {@code tls} section. */
    public static TransportTls forClient(ClusterFile cluster) throws ClusterFileException {
        ClusterFile.Tls tls = cluster.tls();
        return tls == null ? NONE : new TransportTls(null, dialContext(cluster, tls), false, false);
    }

    private static SslContext dialContext(ClusterFile cluster, ClusterFile.Tls tls) throws ClusterFileException {
        return build(() -> SslContextBuilder.forClient().trustManager(tls.trustFile().toFile())
                .endpointIdentificationAlgorithm("HTTPS").build(), cluster, "tls.trustFile");
    }

    private interface ContextMaker {
        SslContext make() throws Exception;
    }

    private static SslContext build(ContextMaker maker, ClusterFile cluster, String fields) throws ClusterFileException {
        try {
            return maker.make();
        } catch (Exception e) {
            throw new ClusterFileException(cluster.source() + ": " + fields + ": cannot be used for TLS: " + e.getMessage());
        }
    }

    boolean accepts() {
        return acceptContext != null;
    }

    SslContext acceptContext() {
        return acceptContext;
    }

    /** The handler for a connection dialled to {@code address}, or null to dial it plain. */
    SslHandler dialHandler(ByteBufAllocator alloc, InetSocketAddress address) {
        return dialContext == null ? null : dialContext.newHandler(alloc, address.getHostString(), address.getPort());
    }

    /** Whether a frame from {@code sender} must have come over TLS. */
    boolean required(NodeId sender) {
        return sender instanceof ClientId ? clientsRequired : membersRequired;
    }
}
