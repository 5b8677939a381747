package io.ringworld.kernel.wire;

import java.util.Map;

/**
 * The keys one node holds. A cluster member (switch or server) holds the cluster key and every
 * client's key (it verifies clients' requests and their sealed payloads, and keys its replies to
 * each client with that client's key); a client holds its own key only, so it can neither speak
 * for the cluster nor for another client.
 */
public final class Keyring {
    private final WireKey clusterKey;
    private final Map<Integer, WireKey> clientKeys;

    private Keyring(WireKey clusterKey, Map<Integer, WireKey> clientKeys) {
        this.clusterKey = clusterKey;
        this.clientKeys = Map.copyOf(clientKeys);
    }

    /** The keys of a switch or a log server: the cluster's, and every client's by client index. */
    public static Keyring forClusterMember(WireKey clusterKey, Map<Integer, WireKey> clientKeys) {
        if (clusterKey == null) {
            throw new IllegalArgumentException("a cluster member needs the cluster key");
        }
        return new Keyring(clusterKey, clientKeys);
    }

    /** The keys of client {@code clientIndex}: its own. */
    public static Keyring forClient(int clientIndex, WireKey ownKey) {
        return new Keyring(null, Map.of(clientIndex, ownKey));
    }

    /** The key of key id {@code keyId}, or null if this node does not hold it. */
    public WireKey key(int keyId) {
        if (keyId == WireFormat.CLUSTER_KEY_ID) {
            return clusterKey;
        }
        return keyId > 0 ? clientKeys.get(keyId - 1) : null;
    }

    /** Client {@code clientIndex}'s key, or null if this node does not hold it. */
    public WireKey clientKey(int clientIndex) {
        return clientKeys.get(clientIndex);
    }

    /** True if this is a cluster member's keyring. */
    public boolean holdsClusterKey() {
        return clusterKey != null;
    }
}
