package io.ringworld.runtime.real;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Cuts links between nodes with iptables, in the current network namespace only: the campaign
 * runs inside a namespace it created with {@code unshare -n}, and every node listens on and dials
 * from its own loopback address 127.0.0.x. Rules live in a dedicated chain, {@value #CHAIN},
 * jumped to from OUTPUT, so healing flushes exactly what this class added.
 *
 * <p>On loopback a packet crosses OUTPUT when sent and INPUT when "received", so one OUTPUT rule
 * per direction drops it; an INPUT rule would only match the same packet a second time. A
 * one-way TCP cut still stops connections both ways (the handshake needs both directions); UDP
 * shows the direction.
 *
 * <p>Refuses to act unless {@link Capabilities#inOwnNetNamespace()} answers YES and the namespace
 * has no interface but lo, so it can never change the host's firewall.
 */
final class Firewall {
    static final String CHAIN = "RINGWORLD";
    /** Set by the campaign in the environment of the process it runs under {@code unshare -n}. */
    static final String NAMESPACE_MARK_ENV = "RINGWORLD_CAMPAIGN_NETNS";
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    /** The rules in force, as the arguments after the chain name, in the order added. */
    private final Set<List<String>> inForce = new LinkedHashSet<>();
    private long appliedTotal;

    private Firewall() {}

    /** Installs the (empty) chain and the jump from OUTPUT; an earlier run's chain is flushed. */
    static Firewall inCurrentNamespace() {
        refuseUnlessOwnNamespace();
        try {
            iptables("-N", CHAIN);
        } catch (OsCommand.Failed e) {
            if (!chainExists()) {
                throw e;
            }
            iptables("-F", CHAIN); // left by an earlier Firewall in this namespace
        }
        try {
            iptables("-C", "OUTPUT", "-j", CHAIN);
        } catch (OsCommand.Failed e) {
            iptables("-A", "OUTPUT", "-j", CHAIN);
        }
        return new Firewall();
    }

    /** {@code ip link set lo up}: a fresh namespace's loopback is down, and nodes cannot bind 127.0.0.x until it is up. */
    static void ensureLoopbackUp() {
        refuseUnlessOwnNamespace();
        OsCommand.run("ip", "link", "set", "lo", "up");
    }

    /** Drops every packet from {@code fromIp} to {@code toIp}; the other direction still flows. */
    synchronized void cutOneWay(String fromIp, String toIp) {
        List<String> rule = List.of("-s", ipv4(fromIp), "-d", ipv4(toIp), "-j", "DROP");
        if (inForce.contains(rule)) {
            return;
        }
        List<String> args = new ArrayList<>(List.of("-A", CHAIN));
        args.addAll(rule);
        iptables(args.toArray(String[]::new));
        inForce.add(rule);
        appliedTotal++;
    }

    /** Drops packets both ways between {@code a} and {@code b}. */
    synchronized void cut(String a, String b) {
        cutOneWay(a, b);
        cutOneWay(b, a);
    }

    /** Cuts {@code ip} from each of {@code others} both ways. */
    synchronized void isolate(String ip, Collection<String> others) {
        for (String other : others) {
            if (!other.equals(ip)) {
                cut(ip, other);
            }
        }
    }

    /** Removes every rule this class added (flushes its chain); the chain and its jump stay for the next cut. */
    synchronized void healAll() {
        iptables("-F", CHAIN);
        inForce.clear();
    }

    /** The chain as iptables lists it ({@code -S}, with packet counts), for the nemesis timeline. */
    String rules() {
        return iptables("-S", CHAIN, "-v").strip();
    }

    /** How many rules are in force now. */
    synchronized int ruleCount() {
        return inForce.size();
    }

    /** How many rules were added since this Firewall was made, healed ones included. */
    synchronized long appliedTotal() {
        return appliedTotal;
    }

    private static boolean chainExists() {
        try {
            iptables("-S", CHAIN);
            return true;
        } catch (OsCommand.Failed e) {
            return false;
        }
    }

    private static String iptables(String... args) {
        List<String> command = new ArrayList<>(List.of("iptables", "-w"));
        command.addAll(List.of(args));
        return OsCommand.run(OsCommand.DEFAULT_TIMEOUT, command);
    }

    static String ipv4(String ip) {
        // A literal address only: anything else could be read by iptables as an option or a host name.
        if (ip == null || !IPV4.matcher(ip).matches()) {
            throw new IllegalArgumentException("not an IPv4 address: " + ip);
        }
        return ip;
    }

    private static void refuseUnlessOwnNamespace() {
        Capabilities.OwnNetNamespace ns = Capabilities.inOwnNetNamespace();
        // Where the namespace's identity cannot be read (a container may hide /proc/1/ns/net),
        // the campaign's own mark on the process it started under `unshare -n` stands in for it,
        // still guarded below by the namespace having no interface but lo.
        boolean marked = ns.answer() == Capabilities.Answer.UNKNOWN && "1".equals(System.getenv(NAMESPACE_MARK_ENV));
        if (ns.answer() != Capabilities.Answer.YES && !marked) {
            throw new IllegalStateException("Firewall refuses to change iptables: this process may be in the host's network"
                    + " namespace (own namespace: " + ns.answer() + ", " + ns.why() + "); run it under `unshare -n`");
        }
        List<String> others = interfacesOtherThanLo();
        if (!others.isEmpty()) {
            // A namespace made by unshare -n has only lo; more interfaces mean a host's or a container's.
            throw new IllegalStateException("Firewall refuses to change iptables: the namespace has interfaces " + others
                    + " besides lo, so it is not one the campaign created with `unshare -n`");
        }
    }

    /** From /proc/self/net/dev, which (unlike /sys/class/net) follows this process's namespace. */
    static List<String> interfacesOtherThanLo() {
        List<String> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/net/dev"))) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    String name = line.substring(0, colon).trim();
                    if (!name.equals("lo")) {
                        out.add(name);
                    }
                }
            }
        } catch (IOException e) {
            out.add("(unreadable /proc/self/net/dev: " + e.getMessage() + ")");
        }
        return out;
    }
}
