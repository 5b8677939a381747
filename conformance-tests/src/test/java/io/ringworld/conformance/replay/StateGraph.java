package io.ringworld.conformance.replay;

import io.ringworld.specs.tool.Tlc;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The exhaustive state graph of a small RingWorld.tla model ({@code tlc2.TLC -dump
 * dot,actionlabels}, breadth first, every reachable state and every transition), turned into
 * behaviours for the replay: one shortest path from the initial state through every distinct
 * <em>transition class</em> of the graph, i.e. every pair (action label of the source state,
 * action label of the target state), where a label is the whole {@code action} record with its
 * parameters. The model must not declare a VIEW: the {@code action} variable is then part of
 * every state, so a state's label is exactly the step that produced it, and every path of the
 * graph is a behaviour with correct labels.
 *
 * <p>Where {@code -simulate} samples random behaviours, this covers the model's whole step
 * vocabulary in context: every step the model can take, after every step that can precede it.
 */
final class StateGraph {
    /** What the dump held and what was selected from it. */
    record Summary(String cfg, int states, int edges, int transitionClasses) {
    }

    private final Map<Long, String> labels = new HashMap<>();
    private final Map<Long, List<Long>> successors = new HashMap<>();
    private int edgeCount;
    private long init;

    private StateGraph() {
    }

    /**
     * Runs TLC over {@code cfg} (exhaustive, one worker, own metadir), parses the dot dump and
     * writes one trace file per selected behaviour; returns them (and the summary in {@code out}).
     */
    static List<SpecBehaviours.Behaviour> behaviours(String cfg, List<Summary> out) throws IOException {
        String model = cfg.replace(".cfg", "") + "-graph";
        Path work = SpecBehaviours.root().resolve(model);
        Path dot = work.resolve("graph.dot");
        SpecBehaviours.runTlc(model, cfg, Tlc.Mode.EXHAUSTIVE, 0, 0, List.of("-dump", "dot,actionlabels", dot.toString()));
        StateGraph g = new StateGraph();
        g.parse(dot);
        Files.delete(dot); // tens of MB; the selected behaviours are kept
        return g.select(work, cfg, out);
    }

    private void parse(Path dot) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(dot)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                int arrow = line.indexOf(" -> ");
                int label = line.indexOf(" [label=\"");
                if (arrow > 0 && (label < 0 || arrow < label)) {
                    long from = Long.parseLong(line.substring(0, arrow));
                    long to = Long.parseLong(line.substring(arrow + 4, line.indexOf(' ', arrow + 4)));
                    successors.computeIfAbsent(from, k -> new ArrayList<>()).add(to);
                    edgeCount++;
                } else if (label > 0 && line.charAt(0) != '{') {
                    long id = Long.parseLong(line.substring(0, label));
                    String text = unescape(line, label + " [label=\"".length());
                    labels.put(id, text);
                    if (actionOf(text).contains("\"Init\"")) {
                        init = id;
                    }
                }
            }
        }
        if (labels.isEmpty() || !labels.containsKey(init) || !actionOf(labels.get(init)).contains("\"Init\"")) {
            throw new IllegalStateException(dot + ": no initial state labelled action = [a |-> \"Init\"] in the dump");
        }
    }

    /** The dot string starting at {@code from} up to its closing quote, with \n \" \\ decoded. */
    private static String unescape(String line, int from) {
        StringBuilder b = new StringBuilder();
        for (int k = from; k < line.length(); k++) {
            char c = line.charAt(k);
            if (c == '"') {
                return b.toString();
            }
            if (c == '\\' && k + 1 < line.length()) {
                char n = line.charAt(++k);
                b.append(n == 'n' ? '\n' : n);
            } else {
                b.append(c);
            }
        }
        throw new IllegalArgumentException("unterminated dot label: " + line.substring(0, Math.min(120, line.length())));
    }

    /** The value of the action variable in a state's text (it may span several lines). */
    static String actionOf(String state) {
        int a = state.indexOf("/\\ action = ");
        if (a < 0) {
            throw new IllegalArgumentException("state without an action variable: " + state.substring(0, Math.min(200, state.length())));
        }
        int end = state.indexOf("\n/\\ ", a + 3);
        return (end < 0 ? state.substring(a) : state.substring(a, end)).replaceAll("\\s+", " ");
    }

    /** Breadth first from the initial state; the first (shortest) path to each transition class. */
    private List<SpecBehaviours.Behaviour> select(Path work, String cfg, List<Summary> out) throws IOException {
        Map<Long, Long> parent = new HashMap<>();
        Map<String, long[]> firstEdge = new LinkedHashMap<>();
        ArrayDeque<Long> queue = new ArrayDeque<>();
        parent.put(init, init);
        queue.add(init);
        while (!queue.isEmpty()) {
            long u = queue.poll();
            for (long v : successors.getOrDefault(u, List.of())) {
                firstEdge.putIfAbsent(actionOf(labels.get(u)) + " => " + actionOf(labels.get(v)), new long[] {u, v});
                if (parent.putIfAbsent(v, u) == null) {
                    queue.add(v);
                }
            }
        }
        Path dir = Files.createDirectories(work.resolve("traces"));
        List<SpecBehaviours.Behaviour> result = new ArrayList<>();
        int k = 0;
        for (long[] e : firstEdge.values()) {
            List<Long> path = new ArrayList<>();
            path.add(e[1]);
            for (long s = e[0]; ; s = parent.get(s)) {
                path.add(0, s);
                if (s == init) {
                    break;
                }
            }
            Path file = dir.resolve("g_" + k++);
            Files.writeString(file, traceText(path));
            result.add(new SpecBehaviours.Behaviour(cfg + " graph path " + file.getFileName(), file));
        }
        out.add(new Summary(cfg, labels.size(), edgeCount, firstEdge.size()));
        return result;
    }

    /** The path in the trace format {@link TlcTrace#read} parses (TLC's -simulate files). */
    private String traceText(List<Long> path) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < path.size(); i++) {
            b.append("STATE_").append(i + 1).append('\n').append(labels.get(path.get(i))).append("\n\n");
        }
        return b.toString();
    }
}
