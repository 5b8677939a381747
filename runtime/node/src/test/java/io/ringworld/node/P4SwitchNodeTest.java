package io.ringworld.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.client.ReadResult;
import io.ringworld.client.RingWorldClient;
import io.ringworld.net.ClusterFile;
import io.ringworld.p4.ringworld.CpuReason;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Switch nodes of a real cluster on ringworld.p4 ({@code --dataplane p4}): every frame a switch
 * gets goes through the P4 pipeline on the interpreter, its kernel as the agent. Appends are
 * acknowledged and read back, the fast path took frames, and no switch stopped on a difference.
 * The nodes run in this JVM, each on its own event loop, over real sockets and real disks.
 */
class P4SwitchNodeTest {
    private static final int APPENDS = 200;

    @TempDir
    Path dir;

    @Test
    void aClusterWhoseSwitchesRunRingworldP4ServesAppendsAndReads() throws Exception {
        Path file = dir.resolve("cluster.yaml");
        Files.writeString(file, LocalCluster.yaml(2, 1, List.of("app"), new LocalCluster.FreePorts()));
        ClusterFile cluster = ClusterFile.read(file);
        ClusterInit.initialise(cluster);
        List<NodeHost> hosts = new ArrayList<>();
        try {
            for (ClusterFile.Member m : cluster.members()) {
                hosts.add(NodeHost.start(cluster, m.name(), TestMode.NONE, true));
            }
            List<Long> indices = new ArrayList<>();
            try (RingWorldClient c = RingWorldClient.connect(file, "app")) {
                RestartedSwitchClientTest.awaitTail(c, 30);
                for (int k = 0; k < APPENDS; k++) {
                    indices.add(c.append(("p4 " + k).getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS));
                }
                for (int k = 0; k < APPENDS; k += 17) {
                    ReadResult r = c.read(indices.get(k)).get(10, TimeUnit.SECONDS);
                    assertEquals("p4 " + k, new String(((ReadResult.Value) r).data(), StandardCharsets.UTF_8));
                }
            }
            long mirrored = 0;
            for (NodeHost h : hosts) {
                mirrored += h.p4FramesToCpu().getOrDefault(CpuReason.MIRROR, 0L);
            }
            System.out.println("P4 switch nodes: frames to the agents " + hosts.get(0).p4FramesToCpu() + " and "
                    + hosts.get(1).p4FramesToCpu());
            assertTrue(mirrored > 0, "the data plane's fast path took frames");
        } finally {
            for (NodeHost h : hosts) {
                h.close();
            }
        }
    }
}
