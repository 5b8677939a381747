package io.ringworld.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Ports on 127.0.0.1 for a process to listen on later (a local cluster's members, a test's stand-in
 * switch), none given twice, all below the system's ephemeral range
 * ({@code /proc/sys/net/ipv4/ip_local_port_range}). A port from {@code bind(0)} is in that range,
 * the one outgoing connections take their local ports from, so between choosing it and binding it
 * a connection may be handed it ("Address already in use"); the system hands out no port below the
 * range by itself. Each instance starts at a place set by the process id, so two JVMs on one
 * machine start apart, and it checks that each port binds before giving it.
 */
public final class LoopbackPorts {
    /** The lowest port given: above the well-known and most registered services' ports. */
    public static final int LOWEST_PORT = 10_000;
    private final Set<Integer> taken = new HashSet<>();
    private final int ephemeralLowest = ephemeralLowest();
    private int next;

    public LoopbackPorts() {
        int span = ephemeralLowest - LOWEST_PORT;
        next = LOWEST_PORT + (int) ((ProcessHandle.current().pid() * 7_919 + System.identityHashCode(this)) % span);
    }

    /** Ports from {@code port} upwards (tests). */
    static LoopbackPorts startingAt(int port) {
        LoopbackPorts ports = new LoopbackPorts();
        ports.next = port;
        return ports;
    }

    /** A free port not given before by this instance. */
    public int next() throws IOException {
        int span = ephemeralLowest - LOWEST_PORT;
        for (int tried = 0; tried < span; tried++) {
            int port = next;
            next = next + 1 < ephemeralLowest ? next + 1 : LOWEST_PORT;
            if (!taken.contains(port) && binds(port)) {
                taken.add(port);
                return port;
            }
        }
        throw new IOException("no free port on 127.0.0.1 in " + LOWEST_PORT + ".." + (ephemeralLowest - 1));
    }

    private static boolean binds(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The lowest port of the system's ephemeral range, 32768 (Linux's default) where it cannot be read. */
    public static int ephemeralLowest() {
        try {
            String[] range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
            int lowest = Integer.parseInt(range[0]);
            return lowest > LOWEST_PORT + 1_000 ? lowest : 32_768;
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }
}
