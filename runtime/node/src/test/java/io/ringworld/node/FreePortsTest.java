package io.ringworld.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The ports a local cluster listens on are never ones the system hands to outgoing connections
 * (the cause of a real-cluster test's "Address already in use"), never given twice, and a port
 * something already listens on is skipped.
 */
class FreePortsTest {
    @Test
    void portsAreBelowTheEphemeralRangeDistinctAndFree() throws Exception {
        LocalCluster.FreePorts ports = new LocalCluster.FreePorts();
        int ephemeralLowest = LocalCluster.FreePorts.ephemeralLowest();
        Set<Integer> given = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int port = ports.port();
            assertTrue(port >= LocalCluster.FreePorts.LOWEST_PORT && port < ephemeralLowest, port + " not below " + ephemeralLowest);
            assertTrue(given.add(port), port + " given twice");
        }
    }

    @Test
    void aPortInUseIsSkipped() throws Exception {
        LocalCluster.FreePorts probe = new LocalCluster.FreePorts();
        int first = probe.port();
        try (ServerSocket held = new ServerSocket()) {
            held.bind(new InetSocketAddress("127.0.0.1", first));
            // A second instance in this process starts elsewhere; walk one from the held port.
            LocalCluster.FreePorts ports = LocalCluster.FreePorts.startingAt(first);
            int port = ports.port();
            assertNotEquals(first, port);
            assertEquals(first + 1 < LocalCluster.FreePorts.ephemeralLowest() ? first + 1 : LocalCluster.FreePorts.LOWEST_PORT, port);
        }
    }
}
