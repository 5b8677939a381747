package io.ringworld.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The ports a local cluster or a test listens on are never ones the system hands to outgoing
 * connections (the cause of a real-cluster test's "Address already in use"), never given twice,
 * and a port something already listens on is skipped.
 */
class LoopbackPortsTest {
    @Test
    void portsAreBelowTheEphemeralRangeDistinctAndFree() throws Exception {
        LoopbackPorts ports = new LoopbackPorts();
        int ephemeralLowest = LoopbackPorts.ephemeralLowest();
        Set<Integer> given = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int port = ports.next();
            assertTrue(port >= LoopbackPorts.LOWEST_PORT && port < ephemeralLowest, port + " not below " + ephemeralLowest);
            assertTrue(given.add(port), port + " given twice");
        }
    }

    @Test
    void aPortInUseIsSkipped() throws Exception {
        int first = new LoopbackPorts().next();
        try (ServerSocket held = new ServerSocket()) {
            held.bind(new InetSocketAddress("127.0.0.1", first));
            int port = LoopbackPorts.startingAt(first).next();
            assertEquals(first + 1 < LoopbackPorts.ephemeralLowest() ? first + 1 : LoopbackPorts.LOWEST_PORT, port);
        }
    }
}
