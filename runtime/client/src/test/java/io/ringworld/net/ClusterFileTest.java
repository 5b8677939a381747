package io.ringworld.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.Config;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;

import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The cluster file: a good one becomes members and a kernel config; each mistake is named with its line and field. */
class ClusterFileTest {
    private static final Path FILE = Path.of("/etc/rw/cluster.yaml");

    static final String GOOD = """
            cluster:
              id: 2f1e6c1a-0b7e-4c1e-9d3a-6a0f1d2c3b4a
              keyFile: keys/cluster.key
              tickMillis: 5
            timeouts:
              suspectTimeoutMillis: 201
            switches:
              - {name: sw0, address: 127.0.0.1:7100, dataDir: data/sw0}
              - {name: sw1, address: 127.0.0.1:7101, dataDir: /var/sw1}
            replicaSets:
              - servers:
                  - {name: s0-0, address: 127.0.0.1:7200, dataDir: data/s0-0}
                  - {name: s0-1, address: 127.0.0.1:7201, dataDir: data/s0-1}
                  - {name: s0-2, address: 127.0.0.1:7202, dataDir: data/s0-2}
            clients:
              - {name: app, index: 1, keyFile: keys/app.key}
            """;

    @Test
    void aGoodFileGivesMembersPathsAndTheKernelConfig() throws Exception {
        ClusterFile cf = ClusterFileParser.parseString(FILE, GOOD);
        assertEquals(5, cf.members().size());
        assertEquals(new SwitchId(1), cf.member("sw1").id());
        assertEquals(new ServerId(0, 2), cf.member("s0-2").id());
        assertEquals(Path.of("/etc/rw/data/sw0"), cf.member("sw0").dataDir(), "relative to the file's folder");
        assertEquals(Path.of("/var/sw1"), cf.member("sw1").dataDir());
        assertEquals(7201, cf.member("s0-1").address().getPort());
        Config c = cf.kernelConfig();
        assertEquals(2, c.switchCount());
        assertEquals(1, c.replicaSetCount());
        assertEquals(41, c.suspectTimeoutTicks(), "201 ms at 5 ms a tick, rounded up");
        assertEquals(Config.defaults(2, 1).viewChangeTimeoutTicks(), c.viewChangeTimeoutTicks(), "unset: the kernel's default");
        assertEquals(1, cf.client("app").index());
        ClusterFileException e = assertThrows(ClusterFileException.class, () -> cf.member("sw9"));
        assertTrue(e.getMessage().contains("no switch or server named 'sw9'"), e.getMessage());
    }

    /** Each row: a text to replace in the good file, its replacement, and the error expected ("line: field: what"). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "tickMillis: 5|tickMillis: five|4: cluster.tickMillis: 'five' is not a whole number",
        "tickMillis: 5|tickMillis: 0|4: cluster.tickMillis: 0 is outside 1..1000",
        "suspectTimeoutMillis: 201|suspectTimeoutMilis: 201|6: timeouts.suspectTimeoutMilis: unknown field",
        "suspectTimeoutMillis: 201|suspectTimeoutMillis: 2|6: timeouts.suspectTimeoutMillis: 2 is outside 5..3600000",
        "127.0.0.1:7101|127.0.0.1:71010|9: switches[1].address: port 71010 is outside 1..65535",
        "127.0.0.1:7101|127.0.0.1:7100|9: switches[1].address: 127.0.0.1:7100 is the address of two nodes",
        "name: sw1|name: sw0|9: switches[1].name: 'sw0' names two nodes",
        "2f1e6c1a-0b7e-4c1e-9d3a-6a0f1d2c3b4a|not-a-uuid|2: cluster.id: 'not-a-uuid' is not a UUID",
        "      - {name: s0-2, address: 127.0.0.1:7202, dataDir: data/s0-2}|| 11: replicaSets[0].servers: a replica set has exactly 3 servers, this one 2",
        "index: 1|index: x|16: clients[0].index: 'x' is not a whole number",
        ", dataDir: /var/sw1}|}|9: switches[1].dataDir: missing",
    })
    void aMistakeIsNamedWithItsLineAndField(String text, String replacement, String expected) {
        String bad = GOOD.replace(text, replacement == null ? "" : replacement);
        assertTrue(!bad.equals(GOOD), "the row changes the file");
        ClusterFileException e = assertThrows(ClusterFileException.class, () -> ClusterFileParser.parseString(FILE, bad));
        assertTrue(e.getMessage().startsWith(FILE + ":" + expected.strip()), e.getMessage());
    }

    @Test
    void brokenYamlAndAnEmptyFileAreRefusedNamingTheFile() {
        ClusterFileException e = assertThrows(ClusterFileException.class,
                () -> ClusterFileParser.parseString(FILE, "cluster: [unclosed\n"));
        assertTrue(e.getMessage().startsWith(FILE + ": not valid YAML"), e.getMessage());
        e = assertThrows(ClusterFileException.class, () -> ClusterFileParser.parseString(FILE, ""));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    /** The tls section: its files must exist, its choices are spelt out, and files that are not PEM fail when the contexts are built. */
    @Test
    void theTlsSectionNamesItsMistakes(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        for (String f : new String[] {"node.crt", "node.key", "trust.crt"}) {
            java.nio.file.Files.writeString(dir.resolve(f), "not PEM\n");
        }
        Path file = dir.resolve("cluster.yaml");
        String tls = "tls:\n  certFile: node.crt\n  keyFile: node.key\n  trustFile: trust.crt\n";
        ClusterFile plain = ClusterFileParser.parseString(file, GOOD);
        assertEquals(null, plain.tls(), "no section: no TLS");
        ClusterFile cf = ClusterFileParser.parseString(file, GOOD + tls);
        assertEquals(dir.resolve("trust.crt"), cf.tls().trustFile());
        assertTrue(cf.tls().clientsRequired(), "clients must use TLS unless the file says optional");
        assertTrue(!cf.tls().betweenMembers());
        ClusterFile optional = ClusterFileParser.parseString(file, GOOD + tls + "  clients: optional\n  betweenMembers: true\n");
        assertTrue(!optional.tls().clientsRequired() && optional.tls().betweenMembers());
        String[][] mistakes = {
            {tls.replace("trust.crt", "missing.crt"), "20: tls.trustFile: " + dir.resolve("missing.crt") + " is not a readable file"},
            {tls.replace("  keyFile: node.key\n", ""), "18: tls.keyFile: missing"},
            {tls + "  clients: maybe\n", "21: tls.clients: 'maybe' is neither required nor optional"},
            {tls + "  betweenMembers: yes\n", "21: tls.betweenMembers: 'yes' is neither true nor false"},
            {tls + "  cipher: x\n", "21: tls.cipher: unknown field"},
        };
        for (String[] m : mistakes) {
            ClusterFileException e = assertThrows(ClusterFileException.class, () -> ClusterFileParser.parseString(file, GOOD + m[0]));
            assertTrue(e.getMessage().startsWith(file + ":" + m[1]), e.getMessage());
        }
        ClusterFileException e = assertThrows(ClusterFileException.class, () -> TransportTls.forMember(cf));
        assertTrue(e.getMessage().contains("tls.certFile / tls.keyFile: cannot be used for TLS"), e.getMessage());
        e = assertThrows(ClusterFileException.class, () -> TransportTls.forClient(cf));
        assertTrue(e.getMessage().contains("tls.trustFile: cannot be used for TLS"), e.getMessage());
    }
}
