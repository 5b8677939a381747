package io.ringworld.runtime.real;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Firewall cuts and heals links in a namespace of its own (a child JVM under {@code unshare -n})
 * and refuses to act in the test JVM's, which is the host's.
 */
class FirewallTest {

    @Test
    void cutsOneWayIsolatesAndHealsInsideItsOwnNamespace() {
        Require.networkCuts();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String output = OsCommand.run(Duration.ofSeconds(90), List.of("unshare", "-n", java,
                "-cp", System.getProperty("java.class.path"), FirewallProbeMain.class.getName()));
        System.out.println(output);
        Map<String, String> seen = parse(output);

        assertTrue(seen.get("ns").contains("YES"), output);
        assertEquals("connected", seen.get("before"), output);
        // One OUTPUT rule is enough on loopback: the same packet would cross INPUT only after OUTPUT.
        assertEquals("failed:SocketTimeoutException", seen.get("oneway.tcp.AtoB"), output);
        assertTrue(seen.get("oneway.udp.AtoB").startsWith("dropped"), output);
        assertEquals("delivered", seen.get("oneway.udp.BtoA"), output);
        assertEquals("1", seen.get("oneway.count"), output);
        assertTrue(seen.get("oneway.rules").contains("-A RINGWORLD -s 127.0.0.2/32 -d 127.0.0.3/32"), output);
        assertEquals("0", seen.get("healed.count"), output);
        assertEquals("connected", seen.get("healed.tcp.AtoB"), output);
        assertEquals("4", seen.get("isolated.count"), output);
        assertTrue(seen.get("isolated.tcp.AtoB").startsWith("failed"), output);
        assertTrue(seen.get("isolated.tcp.CtoB").startsWith("failed"), output);
        assertEquals("connected", seen.get("isolated.tcp.CtoA"), output);
        assertEquals("connected", seen.get("final.tcp.AtoB"), output);
        assertEquals("-N RINGWORLD", seen.get("final.rules"), output);
        assertEquals("5", seen.get("appliedTotal"), output);
    }

    @Test
    void refusesToActInTheHostsNamespace() {
        Capabilities.OwnNetNamespace ns = Capabilities.inOwnNetNamespace();
        // If the suite itself runs in a namespace of its own, there is no host firewall here to protect.
        Assumptions.assumeTrue(ns.answer() != Capabilities.Answer.YES, "the test JVM runs in its own namespace: " + ns);
        Capabilities caps = Require.capabilities();
        String before = caps.root().ok() && caps.iptables().ok() ? hostRules() : null;

        IllegalStateException e = assertThrows(IllegalStateException.class, Firewall::inCurrentNamespace);
        assertTrue(e.getMessage().contains("refuses"), e.getMessage());
        assertThrows(IllegalStateException.class, Firewall::ensureLoopbackUp);

        if (before != null) {
            String after = hostRules();
            assertEquals(before, after, "the host's rules changed");
            assertFalse(after.contains(Firewall.CHAIN), after);
        }
    }

    @Test
    void takesOnlyIpv4Literals() {
        // Anything else could reach iptables as an option or a host name to resolve.
        assertThrows(IllegalArgumentException.class, () -> Firewall.ipv4("-j ACCEPT"));
        assertThrows(IllegalArgumentException.class, () -> Firewall.ipv4("localhost"));
        assertThrows(IllegalArgumentException.class, () -> Firewall.ipv4("127.0.0.256"));
        assertEquals("127.0.0.3", Firewall.ipv4("127.0.0.3"));
    }

    /** Read only: {@code iptables -S} lists the host's filter rules without changing them. */
    private static String hostRules() {
        return OsCommand.run("iptables", "-w", "-S");
    }

    private static Map<String, String> parse(String output) {
        Map<String, String> out = new HashMap<>();
        for (String line : output.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                out.put(line.substring(0, eq), line.substring(eq + 1).strip());
            }
        }
        return out;
    }
}
