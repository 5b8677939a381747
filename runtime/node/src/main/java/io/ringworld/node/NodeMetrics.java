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
 * A node's Prometheus metrics (Micrometer), served at {@code http://metricsAddress/metrics}: frames
 * in and out, frames rejected by reason (a forged MAC, a malformed frame, a stream that is not
 * RingWorld's), sends dropped (not connected, backpressure), kernel steps. The counters are the
 * transport's and the decoder's own; a scrape reads them from the HTTP thread (a metric may lag a
 * step behind; it is never written from here).
 */
final class NodeMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpServer http;

    NodeMetrics(String node, String role, Transport transport, AtomicLong steps, InetSocketAddress address) throws IOException {
        registry.config().commonTags("node", node, "role", role);
        Transport.Counters c = transport.counters();
        counter("ringworld.frames.in", "frames received and decoded", c.framesIn);
        counter("ringworld.frames.out", "frames sent", c.framesOut);
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

    private void counter(String name, String description, AtomicLong value) {
        FunctionCounter.builder(name, value, AtomicLong::get).description(description).register(registry);
    }

    private <T> void gauge(String name, String description, T obj, ToDoubleFunction<T> f) {
        Gauge.builder(name, obj, f).description(description).register(registry);
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
