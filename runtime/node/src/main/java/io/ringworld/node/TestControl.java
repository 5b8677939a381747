package io.ringworld.node;

import io.ringworld.kernel.wire.MessageType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * A node's test control, only when started with {@code --test-control HOST:PORT} (never from a
 * cluster file): the fault hooks a real-process test needs that a signal cannot give. Fault
 * injection lives here, in the host; the kernel knows nothing of it.
 * <ul>
 *   <li>{@code POST /drop} with a body of wire message type names ({@code ASSIGN,WRITE}): every
 *       message of those types this node would send is lost, until the next {@code POST /drop}
 *       (an empty body: none). An unknown name is answered 400, naming it, and changes nothing.</li>
 *   <li>{@code POST /tick-rate} with a body of a percentage (10..1000): the node's clock runs at
 *       that rate (a skewed clock); 100 puts it back.</li>
 *   <li>{@code GET /status}: one line of the node's kernel status.</li>
 *   <li>{@code GET /missing?from=A&to=B}: a log server's indices of its set in [A, B] it holds
 *       no entry of, as ranges, or {@code none} (a campaign's check that every acknowledged
 *       append is on a majority).</li>
 * </ul>
 */
final class TestControl implements AutoCloseable {
    private final HttpServer http;

    TestControl(NodeHost host, String name, InetSocketAddress address) throws IOException {
        http = HttpServer.create(new InetSocketAddress(address.getHostString(), address.getPort()), 4);
        http.createContext("/drop", exchange -> {
            if (!exchange.getRequestMethod().equals("POST")) {
                answer(exchange, 405, "POST a list of message types");
                return;
            }
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).strip();
            Set<Class<?>> types = new LinkedHashSet<>();
            for (String t : body.isEmpty() ? new String[0] : body.split("[,\\s]+")) {
                MessageType type;
                try {
                    type = MessageType.valueOf(t);
                } catch (IllegalArgumentException e) {
                    answer(exchange, 400, "no message type '" + t + "' (one of " + java.util.Arrays.toString(MessageType.values()) + ")");
                    return;
                }
                if (type.recordClass() == null) {
                    answer(exchange, 400, t + " is a frame of several messages, not a message: name the types it carries");
                    return;
                }
                types.add(type.recordClass());
            }
            host.dropOutbound(types);
            org.slf4j.LoggerFactory.getLogger(TestControl.class).warn("{}: test fault: dropping every {} it sends", name,
                    body.isEmpty() ? "nothing" : body);
            answer(exchange, 200, "dropping " + (body.isEmpty() ? "nothing" : body));
        });
        http.createContext("/tick-rate", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).strip();
            try {
                host.setTickRatePercent(Integer.parseInt(body));
                answer(exchange, 200, "clock at " + body + "%");
            } catch (IllegalArgumentException e) {
                answer(exchange, 400, "tick-rate: '" + body + "' is not a percentage in 10..1000");
            }
        });
        http.createContext("/tear", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).strip();
            long seed;
            try {
                seed = Long.parseLong(body);
            } catch (NumberFormatException e) {
                answer(exchange, 400, "tear: '" + body + "' is not a seed (a long)");
                return;
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                answer(exchange, 405, "POST a seed");
            } else if (host.tearNextWrite(seed)) {
                answer(exchange, 200, "the next segment write is torn, then the process halts");
            } else {
                answer(exchange, 409, "tear: needs a log server with --test-held-writes");
            }
        });
        http.createContext("/missing", exchange -> {
            String q = exchange.getRequestURI().getQuery();
            java.util.regex.Matcher m = q == null ? null : java.util.regex.Pattern.compile("from=(\\d+)&to=(\\d+)").matcher(q);
            if (m == null || !m.matches() || Long.parseLong(m.group(1)) < 1 || Long.parseLong(m.group(2)) - Long.parseLong(m.group(1)) > 10_000_000) {
                answer(exchange, 400, "missing: expected ?from=A&to=B, 1 <= A, B - A <= 10,000,000; got " + q);
                return;
            }
            String missing = host.missingEntries(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
            answer(exchange, missing == null ? 400 : 200, missing == null ? "missing: a switch holds no entries" : missing);
        });
        http.createContext("/status", exchange -> answer(exchange, 200, host.statusLine()));
        http.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ringworld-test-control-" + name);
            t.setDaemon(true);
            return t;
        }));
        http.start();
    }

    private static void answer(HttpExchange exchange, int code, String text) throws IOException {
        byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(code, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** The port it listens on (the one asked for, or the one the system chose for port 0). */
    int port() {
        return http.getAddress().getPort();
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
