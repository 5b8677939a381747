package io.ringworld.net;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.Config;
import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.wire.WireKey;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A RingWorld cluster as its file describes it (YAML): the cluster's id and key file, the tick,
 * the protocol's timeouts in milliseconds, the switches, the replica sets of servers and the
 * clients. Every node and client of a cluster reads the same file. Parsed by {@link ClusterFileParser};
 * a mistake is a {@link ClusterFileException} naming the file, the line and the field.
 *
 * <pre>
 * cluster:
 *   id: 2f1e6c1a-0b7e-4c1e-9d3a-6a0f1d2c3b4a
 *   keyFile: keys/cluster.key        # 16 hex digits: the 64-bit MAC key of every member
 *   tickMillis: 5
 * timeouts:                          # optional; each ends in Millis; defaults: the kernel's ticks
 *   suspectTimeoutMillis: 200
 * switches:
 *   - {name: sw0, address: 127.0.0.1:7100, dataDir: data/sw0, metricsAddress: 127.0.0.1:9100}
 * replicaSets:
 *   - servers:
 *       - {name: s0-0, address: 127.0.0.1:7200, dataDir: data/s0-0}
 * clients:
 *   - {name: app, index: 1, keyFile: keys/client-1.key}
 * tls:                               # optional: TLS on the connections of clients
 *   certFile: tls/node.crt           # PEM certificate (chain) every switch and server presents
 *   keyFile: tls/node.key            # its PEM PKCS#8 private key, unencrypted
 *   trustFile: tls/ca.crt            # PEM certificates clients (and members) trust
 *   clients: required                # required (plain client connections refused) or optional
 *   betweenMembers: false            # true: members dial each other over TLS too
 * </pre>
 * Relative paths are relative to the file's folder.
 */
public final class ClusterFile {
    /**
     * A switch or a log server: its kernel id, where it listens, where it keeps its disk, and
     * where it serves its Prometheus metrics (null: it serves none).
     */
    public record Member(String name, NodeId id, InetSocketAddress address, Path dataDir, InetSocketAddress metricsAddress) {
    }

    /** A client: its kernel index (its id in every frame) and its own MAC key's file. */
    public record ClientEntry(String name, int index, Path keyFile) {
    }

    /**
     * The file's {@code tls} section: every member listens for TLS and plain connections on its one
     * address; clients dial over TLS and check the member's certificate against {@code trustFile}
     * and the address they dialled (hostname verification). With {@code clientsRequired} a
     * client's frame on a plain connection is refused and its connection closed. The MACs still
     * authenticate every frame; TLS adds secrecy and server authentication on the way.
     */
    public record Tls(Path certFile, Path keyFile, Path trustFile, boolean clientsRequired, boolean betweenMembers) {
    }

    private final Path source;
    private final UUID clusterId;
    private final Path clusterKeyFile;
    private final int tickMillis;
    private final Map<String, Integer> timeoutsMillis;
    private final List<Member> switches;
    private final List<List<Member>> replicaSets;
    private final List<ClientEntry> clients;
    private final Tls tls;

    ClusterFile(Path source, UUID clusterId, Path clusterKeyFile, int tickMillis, Map<String, Integer> timeoutsMillis,
            List<Member> switches, List<List<Member>> replicaSets, List<ClientEntry> clients, Tls tls) {
        this.source = source;
        this.clusterId = clusterId;
        this.clusterKeyFile = clusterKeyFile;
        this.tickMillis = tickMillis;
        this.timeoutsMillis = Map.copyOf(timeoutsMillis);
        this.switches = List.copyOf(switches);
        this.replicaSets = replicaSets.stream().map(List::copyOf).toList();
        this.clients = List.copyOf(clients);
        this.tls = tls;
    }

    /** Reads and checks {@code file}. */
    public static ClusterFile read(Path file) throws ClusterFileException {
        return ClusterFileParser.parse(file);
    }

    public Path source() {
        return source;
    }

    public UUID clusterId() {
        return clusterId;
    }

    public int tickMillis() {
        return tickMillis;
    }

    public List<Member> switches() {
        return switches;
    }

    public List<List<Member>> replicaSets() {
        return replicaSets;
    }

    public List<ClientEntry> clients() {
        return clients;
    }

    /** The file's TLS settings, or null: no TLS, every connection plain. */
    public Tls tls() {
        return tls;
    }

    /** Every switch and server, switches first. */
    public List<Member> members() {
        List<Member> all = new ArrayList<>(switches);
        replicaSets.forEach(all::addAll);
        return all;
    }

    /** The member called {@code name}; an error listing the names if there is none. */
    public Member member(String name) throws ClusterFileException {
        for (Member m : members()) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        throw new ClusterFileException(source + ": no switch or server named '" + name + "' (members: "
                + members().stream().map(Member::name).toList() + ")");
    }

    /** The member whose kernel id is {@code id}, or null. */
    public Member member(NodeId id) {
        for (Member m : members()) {
            if (m.id().equals(id)) {
                return m;
            }
        }
        return null;
    }

    /** Where member {@code id} listens, or null if the file names no such member (a transport's dialling plan). */
    public InetSocketAddress addressOf(NodeId id) {
        Member m = member(id);
        return m == null ? null : m.address();
    }

    /** The client called {@code name}; an error listing the names if there is none. */
    public ClientEntry client(String name) throws ClusterFileException {
        for (ClientEntry c : clients) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        throw new ClusterFileException(source + ": no client named '" + name + "' (clients: "
                + clients.stream().map(ClientEntry::name).toList() + ")");
    }

    /** The client with kernel id {@code id}, or null. */
    public ClientEntry client(ClientId id) {
        for (ClientEntry c : clients) {
            if (c.index() == id.index()) {
                return c;
            }
        }
        return null;
    }

    /** The kernel configuration: the cluster's shape and the timeouts in ticks (at least one tick each). */
    public Config kernelConfig() {
        Config.Builder b = Config.builder(switches.size(), replicaSets.size());
        for (Map.Entry<String, Integer> t : timeoutsMillis.entrySet()) {
            int ticks = Math.max(1, (t.getValue() + tickMillis - 1) / tickMillis);
            ClusterFileParser.TIMEOUTS.get(t.getKey()).accept(b, ticks);
        }
        return b.build();
    }

    /** The timeouts set in the file, by name (milliseconds). */
    public Map<String, Integer> timeoutsMillis() {
        return new LinkedHashMap<>(timeoutsMillis);
    }

    public Path clusterKeyFile() {
        return clusterKeyFile;
    }

    /** The cluster's MAC key, read from its key file. */
    public WireKey clusterKey() throws ClusterFileException {
        return readKey(clusterKeyFile);
    }

    /** A key file: 16 hex digits (8 bytes), whitespace around them ignored. */
    public static WireKey readKey(Path file) throws ClusterFileException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new ClusterFileException("key file " + file + ": cannot be read (" + e.getMessage() + ")");
        }
        if (!text.matches("[0-9a-fA-F]{16}")) {
            throw new ClusterFileException("key file " + file + ": must hold 16 hex digits (a 64-bit key), holds "
                    + text.length() + " characters");
        }
        return WireKey.of(HexFormat.of().parseHex(text));
    }

    /** Writes a fresh random key file (16 hex digits), readable by its owner only where the file system allows. */
    public static void writeNewKey(Path file, java.security.SecureRandom random) throws IOException {
        byte[] key = new byte[8];
        random.nextBytes(key);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, HexFormat.of().formatHex(key) + "\n", StandardCharsets.US_ASCII);
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the key stays with the file system's default permissions
        }
    }

    static NodeId switchId(int k) {
        return new SwitchId(k);
    }

    static NodeId serverId(int set, int member) {
        return new ServerId(set, member);
    }
}
