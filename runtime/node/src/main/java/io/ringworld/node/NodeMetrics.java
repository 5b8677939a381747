package io.ringworld.node;

import io.ringworld.kernel.wire.RejectReason;
import io.ringworld.kernel.wire.WireDecoder;
import io.ringworld.net.Transport;

import com.sun.net.httpserver.HttpServer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/**
 * A node's Prometheus metrics (Micrometer), served at {@code http://metricsAddress/metrics}: the
 * transport's frames in and out, frames rejected by reason (a forged MAC, a malformed frame, a
 * stream that is not RingWorld's), sends dropped (not connected, backpressure), TLS handshakes and
 * refusals; the kernel role as the host sees it ({@link KernelWatch}): view, ring membership,
 * committed prefix, token h, queue depths (pending appends, held replies), token passes, appends
 * answered, views installed, persists with their latency and batch-size histograms; the JVM's own
 * (process CPU time, JIT compilation time, GC pauses, memory by pool). A scrape reads
 * published values from the HTTP thread (a metric may lag a step behind); nothing here calls the
 * kernel.
 */
final class NodeMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpServer http;
    /** GC pauses, from the JVM's GC notifications (closed with the node). */
    private final io.micrometer.core.instrument.binder.jvm.JvmGcMetrics gc = new io.micrometer.core.instrument.binder.jvm.JvmGcMetrics();

    NodeMetrics(String node, String role, Transport transport, AtomicLong steps, KernelWatch watch, InetSocketAddress address)
            throws IOException {
        registry.config().commonTags("node", node, "role", role);
        Transport.Counters c = transport.counters();
        counter("ringworld.frames.in", "frames received and decoded", c.framesIn);
        counter("ringworld.frames.out", "frames sent", c.framesOut);
        counter("ringworld.messages.in", "messages received (a batch frame carries several)", c.messagesIn);
        counter("ringworld.messages.out", "messages sent (a batch frame carries several)", c.messagesOut);
        counter("ringworld.sends.dropped.not.connected", "sends dropped: no connection to the peer yet", c.droppedNotConnected);
        counter("ringworld.sends.dropped.backpressure", "sends dropped: the peer's connection over its high water mark",
                c.droppedBackpressure);
        counter("ringworld.connect.failures", "connections to members that failed", c.connectFailures);
        counter("ringworld.kernel.steps", "kernel steps taken", steps);
        WireDecoder decoder = transport.decoder();
        for (RejectReason reason : RejectReason.values()) {
            FunctionCounter.builder("ringworld.frames.rejected", decoder, d -> d.rejected(reason))
                    .description("frames rejected by the wire decoder, by reason").tag("reason", reason.name())
                    .register(registry);
        }
        counter("ringworld.tls.handshakes", "TLS handshakes completed", c.tlsHandshakes);
        counter("ringworld.tls.handshake.failures", "TLS handshakes that failed", c.tlsHandshakeFailures);
        counter("ringworld.tls.plaintext.refused", "connections closed: a sender that must use TLS sent in plain", c.plaintextRefused);
        kernel(watch);
        // The JVM's own: CPU time, JIT compilation time, GC pauses, heap by pool. A bench sums
        // them over the nodes per run (a log server keeps its entries in its heap; a JVM that
        // still compiles measures its JIT as much as the log).
        new io.micrometer.core.instrument.binder.system.ProcessorMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        gauge("ringworld.frames.rejected.all", "every rejected frame, including streams closed for a bad header",
                c.framesRejected, AtomicLong::get);
        this.http = HttpServer.create(new InetSocketAddress(address.getHostString(), address.getPort()), 16);
        http.createContext("/metrics", exchange -> {
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        http.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ringworld-metrics-" + node);
            t.setDaemon(true);
            return t;
        }));
        http.start();
    }

    /** The kernel role's state and what its steps did, as the host sees them (KernelWatch). */
    private void kernel(KernelWatch w) {
        counter("ringworld.token.passes", "tokens this switch passed on (one per visit)", w.tokensPassed);
        counter("ringworld.appends.answered", "appends this switch acknowledged to clients (as leader)", w.appendsAnswered);
        counter("ringworld.installs.sent", "Install messages sent (as a view change's coordinator)", w.installsSent);
        counter("ringworld.views.installed", "views this switch installed (a view change ended here)", w.viewsInstalled);
        counter("ringworld.persists", "Persist effects (writes to the disk)", w.persists);
        counter("ringworld.persist.records", "records in those Persists", w.persistRecords);
        gauge("ringworld.view.epoch", "the view this node is in (switch) or promised (server)", w, x -> x.reading().viewEpoch());
        gauge("ringworld.view.coordinator", "that view's coordinator", w, x -> x.reading().viewCoordinator());
        gauge("ringworld.active", "1: a switch sequencing in an installed view, a server acknowledging", w, x -> x.reading().active() ? 1 : 0);
        gauge("ringworld.ring.member", "1: the switch is in the view's token ring", w, x -> x.reading().inRing() ? 1 : 0);
        gauge("ringworld.coordinating", "1: the switch coordinates a view change", w, x -> x.reading().coordinating() ? 1 : 0);
        gauge("ringworld.committed.known", "the committed prefix this switch knows", w, x -> x.reading().knownCommitted());
        gauge("ringworld.commit.index", "as leader: its indices up to here are committed", w, x -> x.reading().commitIndex());
        gauge("ringworld.token.h", "the highest token h seen: indices handed out", w, x -> x.reading().highestSeenH());
        gauge("ringworld.appends.pending", "appends queued for the next token visit (queue depth)", w, x -> x.reading().pendingAppends());
        gauge("ringworld.indices.expected", "indices it leads whose Assign has not come", w, x -> x.reading().expectedIndices());
        gauge("ringworld.kernel.bad.inputs", "inputs the kernel counted and ignored", w, x -> x.reading().badInputs());
        gauge("ringworld.server.relearning", "1: a server that lost state and acknowledges nothing yet", w, x -> x.reading().relearning() ? 1 : 0);
        gauge("ringworld.server.index.highest", "the highest index this server holds or trimmed", w, x -> x.reading().highestIndex());
        gauge("ringworld.server.replies.held", "replies held until their persist is durable (queue depth)", w, x -> x.reading().heldReplies());
        gauge("ringworld.server.entries.held", "indices this server holds an entry of", w, x -> x.reading().entriesHeld());
        gauge("ringworld.server.entries.in.heap", "of those, the entries whose payload is in the heap (the others are read"
                + " back from the segments)", w, x -> x.reading().entriesInHeap());
        gauge("ringworld.server.payload.heap.bytes", "the bytes of those payloads (bounded by the kernel's"
                + " payloadHeapBytesMax once their persists are durable)", w, x -> x.reading().payloadHeapBytes());
        gauge("ringworld.server.entries.damaged.on.read", "entries found damaged when read back from disk (each made unknown,"
                + " then relearned and repaired)", w, x -> x.reading().damagedOnRead());
        io.micrometer.core.instrument.Timer latency = io.micrometer.core.instrument.Timer.builder("ringworld.persist.latency")
                .description("a Persist from submit to the fsync covering it").publishPercentileHistogram().register(registry);
        io.micrometer.core.instrument.DistributionSummary batch = io.micrometer.core.instrument.DistributionSummary
                .builder("ringworld.persist.batch.records").description("records per Persist").publishPercentileHistogram()
                .register(registry);
        w.persistNanos = nanos -> latency.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        w.persistBatchRecords = batch::record;
    }

    private void counter(String name, String description, AtomicLong value) {
        FunctionCounter.builder(name, value, AtomicLong::get).description(description).register(registry);
    }

    private <T> void gauge(String name, String description, T obj, ToDoubleFunction<T> f) {
        Gauge.builder(name, obj, f).description(description).register(registry);
    }

    @Override
    public void close() {
        gc.close();
        http.stop(0);
    }
}
