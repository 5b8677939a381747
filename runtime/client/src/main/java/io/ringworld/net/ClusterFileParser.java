package io.ringworld.net;

import io.ringworld.kernel.Config;
import io.ringworld.kernel.NodeId;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.ObjIntConsumer;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads a cluster file with a YAML parser's node tree (SnakeYAML Engine), so every error can name
 * the line of the field it is about. Unknown fields are errors too: a misspelt timeout must not be
 * silently ignored.
 */
final class ClusterFileParser {
    /** The timeouts a cluster file may set (milliseconds) and the kernel setting each becomes (ticks). */
    static final Map<String, ObjIntConsumer<Config.Builder>> TIMEOUTS = new LinkedHashMap<>();

    static {
        TIMEOUTS.put("tokenRetransmitMillis", Config.Builder::tokenRetransmitTicks);
        TIMEOUTS.put("suspectTimeoutMillis", Config.Builder::suspectTimeoutTicks);
        TIMEOUTS.put("tokenLossTimeoutMillis", Config.Builder::tokenLossTimeoutTicks);
        TIMEOUTS.put("holeTimeoutMillis", Config.Builder::holeTimeoutTicks);
        TIMEOUTS.put("writeRetryMillis", Config.Builder::writeRetryTicks);
        TIMEOUTS.put("sealRetryMillis", Config.Builder::sealRetryTicks);
        TIMEOUTS.put("sealGraceMillis", Config.Builder::sealGraceTicks);
        TIMEOUTS.put("viewChangeTimeoutMillis", Config.Builder::viewChangeTimeoutTicks);
        TIMEOUTS.put("joinRetryMillis", Config.Builder::joinRetryTicks);
        TIMEOUTS.put("clientAppendTimeoutMillis", Config.Builder::clientAppendTimeoutTicks);
        TIMEOUTS.put("clientRetryMillis", Config.Builder::clientRetryTicks);
        TIMEOUTS.put("clientReadTimeoutMillis", Config.Builder::clientReadTimeoutTicks);
        TIMEOUTS.put("clientGetTailTimeoutMillis", Config.Builder::clientGetTailTimeoutTicks);
        TIMEOUTS.put("clientTrimTimeoutMillis", Config.Builder::clientTrimTimeoutTicks);
    }

    static final int TICK_MILLIS_DEFAULT = 5;
    static final int TIMEOUT_MILLIS_MAX = 3_600_000;

    private final Path file;
    private final Path base;
    private final Set<String> names = new HashSet<>();
    private final Set<InetSocketAddress> addresses = new HashSet<>();

    private ClusterFileParser(Path file) {
        this.file = file;
        Path parent = file.toAbsolutePath().getParent();
        this.base = parent == null ? Path.of(".") : parent;
    }

    static ClusterFile parse(Path file) throws ClusterFileException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ClusterFileException(file + ": cannot be read (" + e.getMessage() + ")");
        }
        return new ClusterFileParser(file).parseText(text);
    }

    static ClusterFile parseString(Path file, String text) throws ClusterFileException {
        return new ClusterFileParser(file).parseText(text);
    }

    private ClusterFile parseText(String text) throws ClusterFileException {
        Node root;
        try {
            root = new Compose(LoadSettings.builder().setLabel(file.toString()).build()).composeString(text)
                    .orElseThrow(() -> new ClusterFileException(file + ": the file is empty"));
        } catch (YamlEngineException e) {
            throw new ClusterFileException(file + ": not valid YAML: " + e.getMessage().replace('\n', ' '));
        }
        Map<String, NodeTuple> top = mapping(root, "the file", Set.of("cluster", "timeouts", "switches", "replicaSets", "clients", "tls"));
        Map<String, NodeTuple> cluster = mapping(required(top, "cluster", root, ""), "cluster", Set.of("id", "keyFile", "tickMillis"));
        Node clusterNode = top.get("cluster").getValueNode();
        UUID id = uuid(required(cluster, "id", clusterNode, "cluster"), "cluster.id");
        Path keyFile = path(required(cluster, "keyFile", clusterNode, "cluster"), "cluster.keyFile");
        int tickMillis = cluster.containsKey("tickMillis")
                ? integer(cluster.get("tickMillis").getValueNode(), "cluster.tickMillis", 1, 1000) : TICK_MILLIS_DEFAULT;
        Map<String, Integer> timeouts = timeouts(top.get("timeouts"), tickMillis);
        List<ClusterFile.Member> switches = switches(required(top, "switches", root, ""));
        List<List<ClusterFile.Member>> sets = replicaSets(required(top, "replicaSets", root, ""));
        List<ClusterFile.ClientEntry> clients = top.containsKey("clients") ? clients(top.get("clients").getValueNode()) : List.of();
        ClusterFile.Tls tls = top.containsKey("tls") ? tls(top.get("tls").getValueNode()) : null;
        ClusterFile cf = new ClusterFile(file, id, keyFile, tickMillis, timeouts, switches, sets, clients, tls);
        try {
            cf.kernelConfig();
        } catch (IllegalArgumentException e) {
            throw new ClusterFileException(file + ": the cluster's settings are inconsistent: " + e.getMessage());
        }
        return cf;
    }

    private Map<String, Integer> timeouts(NodeTuple t, int tickMillis) throws ClusterFileException {
        Map<String, Integer> out = new LinkedHashMap<>();
        if (t == null) {
            return out;
        }
        Map<String, NodeTuple> m = mapping(t.getValueNode(), "timeouts", TIMEOUTS.keySet());
        for (Map.Entry<String, NodeTuple> e : m.entrySet()) {
            out.put(e.getKey(), integer(e.getValue().getValueNode(), "timeouts." + e.getKey(), tickMillis, TIMEOUT_MILLIS_MAX));
        }
        return out;
    }

    private List<ClusterFile.Member> switches(Node n) throws ClusterFileException {
        List<Node> items = sequence(n, "switches");
        if (items.isEmpty()) {
            throw error(n, "switches", "a cluster needs at least one switch");
        }
        List<ClusterFile.Member> out = new ArrayList<>();
        for (int k = 0; k < items.size(); k++) {
            out.add(member(items.get(k), "switches[" + k + "]", ClusterFile.switchId(k)));
        }
        return out;
    }

    private List<List<ClusterFile.Member>> replicaSets(Node n) throws ClusterFileException {
        List<Node> items = sequence(n, "replicaSets");
        if (items.isEmpty()) {
            throw error(n, "replicaSets", "a cluster needs at least one replica set");
        }
        List<List<ClusterFile.Member>> out = new ArrayList<>();
        for (int r = 0; r < items.size(); r++) {
            String where = "replicaSets[" + r + "]";
            Map<String, NodeTuple> set = mapping(items.get(r), where, Set.of("servers"));
            List<Node> servers = sequence(required(set, "servers", items.get(r), where), where + ".servers");
            if (servers.size() != Config.MEMBERS_PER_SET_DEFAULT) {
                throw error(items.get(r), where + ".servers", "a replica set has exactly "
                        + Config.MEMBERS_PER_SET_DEFAULT + " servers, this one " + servers.size());
            }
            List<ClusterFile.Member> members = new ArrayList<>();
            for (int m = 0; m < servers.size(); m++) {
                members.add(member(servers.get(m), where + ".servers[" + m + "]", ClusterFile.serverId(r, m)));
            }
            out.add(members);
        }
        return out;
    }

    private ClusterFile.Member member(Node n, String where, NodeId id) throws ClusterFileException {
        Map<String, NodeTuple> m = mapping(n, where, Set.of("name", "address", "dataDir", "metricsAddress"));
        Node nameNode = required(m, "name", n, where);
        String name = scalar(nameNode, where + ".name");
        if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw error(nameNode, where + ".name", "'" + name + "' is not a name (letters, digits, '.', '_', '-'; at most 64)");
        }
        if (!names.add(name)) {
            throw error(nameNode, where + ".name", "'" + name + "' names two nodes");
        }
        Node addrNode = required(m, "address", n, where);
        InetSocketAddress address = address(addrNode, where + ".address");
        if (!addresses.add(address)) {
            throw error(addrNode, where + ".address", scalar(addrNode, where) + " is the address of two nodes");
        }
        InetSocketAddress metrics = null;
        if (m.containsKey("metricsAddress")) {
            Node metricsNode = m.get("metricsAddress").getValueNode();
            metrics = address(metricsNode, where + ".metricsAddress");
            if (!addresses.add(metrics)) {
                throw error(metricsNode, where + ".metricsAddress", scalar(metricsNode, where) + " is taken by another address of the file");
            }
        }
        return new ClusterFile.Member(name, id, address, path(required(m, "dataDir", n, where), where + ".dataDir"), metrics);
    }

    private List<ClusterFile.ClientEntry> clients(Node n) throws ClusterFileException {
        List<ClusterFile.ClientEntry> out = new ArrayList<>();
        Set<Integer> indices = new HashSet<>();
        List<Node> items = sequence(n, "clients");
        for (int c = 0; c < items.size(); c++) {
            String where = "clients[" + c + "]";
            Map<String, NodeTuple> m = mapping(items.get(c), where, Set.of("name", "index", "keyFile"));
            Node nameNode = required(m, "name", items.get(c), where);
            String name = scalar(nameNode, where + ".name");
            if (!names.add(name)) {
                throw error(nameNode, where + ".name", "'" + name + "' names two nodes or clients");
            }
            Node indexNode = required(m, "index", items.get(c), where);
            int index = integer(indexNode, where + ".index", 1, Integer.MAX_VALUE - 1);
            if (!indices.add(index)) {
                throw error(indexNode, where + ".index", "client index " + index + " is taken by two clients");
            }
            out.add(new ClusterFile.ClientEntry(name, index, path(required(m, "keyFile", items.get(c), where), where + ".keyFile")));
        }
        return out;
    }

    private ClusterFile.Tls tls(Node n) throws ClusterFileException {
        Map<String, NodeTuple> m = mapping(n, "tls", Set.of("certFile", "keyFile", "trustFile", "clients", "betweenMembers"));
        Path cert = readableFile(required(m, "certFile", n, "tls"), "tls.certFile");
        Path key = readableFile(required(m, "keyFile", n, "tls"), "tls.keyFile");
        Path trust = readableFile(required(m, "trustFile", n, "tls"), "tls.trustFile");
        boolean clientsRequired = true;
        if (m.containsKey("clients")) {
            Node c = m.get("clients").getValueNode();
            String v = scalar(c, "tls.clients");
            if (!v.equals("required") && !v.equals("optional")) {
                throw error(c, "tls.clients", "'" + v + "' is neither required nor optional");
            }
            clientsRequired = v.equals("required");
        }
        boolean betweenMembers = m.containsKey("betweenMembers") && bool(m.get("betweenMembers").getValueNode(), "tls.betweenMembers");
        return new ClusterFile.Tls(cert, key, trust, clientsRequired, betweenMembers);
    }

    // ---- scalar fields ----

    /** A path that must name a readable file now (a TLS file missing is found at parse time, with its line). */
    private Path readableFile(Node n, String field) throws ClusterFileException {
        Path p = path(n, field);
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            throw error(n, field, p + " is not a readable file");
        }
        return p;
    }

    private boolean bool(Node n, String field) throws ClusterFileException {
        String s = scalar(n, field);
        if (!s.equals("true") && !s.equals("false")) {
            throw error(n, field, "'" + s + "' is neither true nor false");
        }
        return s.equals("true");
    }


    private InetSocketAddress address(Node n, String field) throws ClusterFileException {
        String s = scalar(n, field);
        int colon = s.lastIndexOf(':');
        if (colon <= 0) {
            throw error(n, field, "'" + s + "' is not host:port");
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw error(n, field, "'" + s.substring(colon + 1) + "' is not a port number");
        }
        if (port < 1 || port > 65535) {
            throw error(n, field, "port " + port + " is outside 1..65535");
        }
        return InetSocketAddress.createUnresolved(s.substring(0, colon), port);
    }

    private UUID uuid(Node n, String field) throws ClusterFileException {
        String s = scalar(n, field);
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            throw error(n, field, "'" + s + "' is not a UUID");
        }
    }

    private Path path(Node n, String field) throws ClusterFileException {
        String s = scalar(n, field);
        if (s.isBlank()) {
            throw error(n, field, "an empty path");
        }
        return base.resolve(s).normalize();
    }

    private int integer(Node n, String field, int min, int max) throws ClusterFileException {
        String s = scalar(n, field);
        int v;
        try {
            v = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw error(n, field, "'" + s + "' is not a whole number");
        }
        if (v < min || v > max) {
            throw error(n, field, v + " is outside " + min + ".." + max);
        }
        return v;
    }

    // ---- structure ----

    private String scalar(Node n, String field) throws ClusterFileException {
        if (!(n instanceof ScalarNode s)) {
            throw error(n, field, "must be a single value");
        }
        return s.getValue();
    }

    private List<Node> sequence(Node n, String field) throws ClusterFileException {
        if (!(n instanceof SequenceNode s)) {
            throw error(n, field, "must be a list");
        }
        return s.getValue();
    }

    private Map<String, NodeTuple> mapping(Node n, String field, Set<String> allowed) throws ClusterFileException {
        if (!(n instanceof MappingNode m)) {
            throw error(n, field, "must be a map of fields");
        }
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            String key = scalar(t.getKeyNode(), field + " key");
            String name = field.equals("the file") ? key : field + "." + key;
            if (!allowed.contains(key)) {
                throw error(t.getKeyNode(), name, "unknown field (expected one of " + allowed.stream().sorted().toList() + ")");
            }
            if (out.put(key, t) != null) {
                throw error(t.getKeyNode(), name, "given twice");
            }
        }
        return out;
    }

    private Node required(Map<String, NodeTuple> m, String key, Node parent, String parentField) throws ClusterFileException {
        NodeTuple t = m.get(key);
        if (t == null) {
            throw error(parent, parentField.isEmpty() ? key : parentField + "." + key, "missing");
        }
        return t.getValueNode();
    }

    private ClusterFileException error(Node n, String field, String what) {
        int line = n.getStartMark().map(mark -> mark.getLine() + 1).orElse(0);
        return new ClusterFileException(file + ":" + line + ": " + field + ": " + what);
    }
}
