package io.ringworld.runtime.cli;

import io.ringworld.net.ClusterFile;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code cluster status}'s table, from each node's Prometheus metrics scraped twice: per node its
 * view, whether it is in the ring (switches), the committed prefix it knows (switches) or the
 * highest index it holds (servers), tokens and appends per second between the scrapes, and its lag
 * behind the most advanced switch's committed prefix. A node that does not answer is shown down.
 */
final class StatusTable {
    /** One scrape: metric name (labels dropped) to value, summed over series. */
    static Map<String, Double> parse(String text) {
        Map<String, Double> out = new HashMap<>();
        String[] lines = text.split("\n");
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int close = line.lastIndexOf('}');
            String name;
            String rest;
            if (brace >= 0) {
                if (close < brace) {
                    throw new IllegalArgumentException("metrics line " + (n + 1) + ": an unclosed label set: " + line);
                }
                name = line.substring(0, brace);
                rest = line.substring(close + 1).strip();
            } else {
                int space = line.indexOf(' ');
                if (space < 0) {
                    throw new IllegalArgumentException("metrics line " + (n + 1) + ": no value: " + line);
                }
                name = line.substring(0, space);
                rest = line.substring(space + 1).strip();
            }
            String value = rest.split("\\s+")[0];
            double v;
            try {
                v = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("metrics line " + (n + 1) + ": '" + value + "' is not a number");
            }
            out.merge(name, v, Double::sum);
        }
        return out;
    }

    /** A node's row inputs: its two scrapes (null if it did not answer) and its process state. */
    record Node(String name, boolean isSwitch, String process, Map<String, Double> first, Map<String, Double> second) {
    }

    static List<String> rows(List<Node> nodes, double seconds) {
        double maxCommitted = 0;
        for (Node n : nodes) {
            if (n.isSwitch && n.second != null) {
                maxCommitted = Math.max(maxCommitted, n.second.getOrDefault("ringworld_committed_known", 0.0));
            }
        }
        List<String> out = new ArrayList<>();
        out.add(String.format("%-8s %-6s %-18s %-8s %-4s %10s %9s %10s %8s", "node", "role", "process", "view", "ring", "committed",
                "tokens/s", "appends/s", "lag"));
        for (Node n : nodes) {
            String role = n.isSwitch ? "switch" : "server";
            if (n.second == null) {
                out.add(String.format("%-8s %-6s %-18s %-8s", n.name, role, n.process, "down (no metrics)"));
                continue;
            }
            Map<String, Double> s = n.second;
            String view = (long) (double) s.getOrDefault("ringworld_view_epoch", 0.0) + "."
                    + (long) (double) s.getOrDefault("ringworld_view_coordinator", 0.0);
            double held = n.isSwitch ? s.getOrDefault("ringworld_committed_known", 0.0)
                    : s.getOrDefault("ringworld_server_index_highest", 0.0);
            String ring = n.isSwitch ? (s.getOrDefault("ringworld_ring_member", 0.0) > 0 ? "yes" : "no") : "-";
            out.add(String.format("%-8s %-6s %-18s %-8s %-4s %,10d %,9.0f %,10.0f %,8d", n.name, role, n.process, view, ring, (long) held,
                    rate(n, "ringworld_token_passes_total", seconds), rate(n, "ringworld_appends_answered_total", seconds),
                    (long) Math.max(0, maxCommitted - held)));
        }
        return out;
    }

    private static double rate(Node n, String counter, double seconds) {
        if (n.first == null || seconds <= 0) {
            return 0;
        }
        return Math.max(0, n.second.getOrDefault(counter, 0.0) - n.first.getOrDefault(counter, 0.0)) / seconds;
    }

    /** The member's metrics text, or null if it has no metrics address or does not answer. */
    static String scrape(HttpClient http, ClusterFile.Member m) {
        InetSocketAddress a = m.metricsAddress();
        if (a == null) {
            return null;
        }
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + a.getHostString() + ":" + a.getPort()
                    + "/metrics")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return null;
        }
    }
}
