package io.ringworld.node;

import io.ringworld.net.ClusterFile;
import io.ringworld.storage.LogStore;
import io.ringworld.storage.StoreOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.security.SecureRandom;

/**
 * Cluster initialisation, the only step that creates nodes with nothing to remember: every
 * server's store is initialised (its marker names the cluster, so an empty directory found later
 * is a server that lost its state), every switch's first life is set to boot view 0, and missing
 * key files are generated. Refused, touching nothing more, if any directory was initialised before.
 */
public final class ClusterInit {
    private ClusterInit() {
    }

    private static boolean empty(java.nio.file.Path dir) throws IOException {
        try (java.util.stream.Stream<java.nio.file.Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    public static void initialise(ClusterFile cluster) throws Exception {
        for (ClusterFile.Member m : cluster.members()) {
            if (Files.exists(m.dataDir()) && !empty(m.dataDir())) {
                throw new IOException(m.name() + ": data directory " + m.dataDir() + " is not empty: the cluster (or another) "
                        + "was initialised there before");
            }
        }
        SecureRandom random = new SecureRandom();
        if (!Files.exists(cluster.clusterKeyFile())) {
            ClusterFile.writeNewKey(cluster.clusterKeyFile(), random);
        }
        for (ClusterFile.ClientEntry c : cluster.clients()) {
            if (!Files.exists(c.keyFile())) {
                ClusterFile.writeNewKey(c.keyFile(), random);
            }
        }
        for (ClusterFile.Member m : cluster.switches()) {
            Incarnations.initialise(m.dataDir(), cluster.clusterId());
        }
        for (var set : cluster.replicaSets()) {
            for (ClusterFile.Member m : set) {
                LogStore.initialise(m.dataDir(), StoreOptions.of(cluster.clusterId())).close();
            }
        }
    }
}
