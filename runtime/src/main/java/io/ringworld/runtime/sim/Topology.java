package io.ringworld.runtime.sim;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;

/**
 * Dense node numbers for the simulator's arrays: switches {@code 0..S-1}, then servers set by set,
 * then clients. Maps the kernel's {@link NodeId}s to numbers and back.
 */
final class Topology {
    enum Kind { SWITCH, SERVER, CLIENT }

    private final int switchCount;
    private final int membersPerSet;
    private final int serverCount;
    private final int clientCount;
    private final String[] names;

    Topology(int switchCount, int replicaSetCount, int membersPerSet, int clientCount) {
        this.switchCount = switchCount;
        this.membersPerSet = membersPerSet;
        this.serverCount = replicaSetCount * membersPerSet;
        this.clientCount = clientCount;
        this.names = new String[nodeCount()];
        for (int n = 0; n < names.length; n++) {
            names[n] = switch (kind(n)) {
                case SWITCH -> "sw" + n;
                case SERVER -> "s" + (serverIndex(n) / membersPerSet) + "." + (serverIndex(n) % membersPerSet);
                case CLIENT -> "c" + clientIndex(n);
            };
        }
    }

    int nodeCount() {
        return switchCount + serverCount + clientCount;
    }

    int switchCount() {
        return switchCount;
    }

    int serverCount() {
        return serverCount;
    }

    /** Switches and servers: the nodes partitions and crashes apply to. */
    int clusterNodeCount() {
        return switchCount + serverCount;
    }

    Kind kind(int node) {
        if (node < switchCount) {
            return Kind.SWITCH;
        }
        return node < switchCount + serverCount ? Kind.SERVER : Kind.CLIENT;
    }

    int serverIndex(int node) {
        return node - switchCount;
    }

    int membersPerSet() {
        return membersPerSet;
    }

    int serverNode(int server) {
        return switchCount + server;
    }

    int clientIndex(int node) {
        return node - switchCount - serverCount;
    }

    int clientNode(int client) {
        return switchCount + serverCount + client;
    }

    ServerId serverId(int server) {
        return new ServerId(server / membersPerSet, server % membersPerSet);
    }

    int replicaSetOfServer(int server) {
        return server / membersPerSet;
    }

    /** The kernel's id of node number {@code node}. */
    NodeId idOf(int node) {
        return switch (kind(node)) {
            case SWITCH -> new SwitchId(node);
            case SERVER -> serverId(serverIndex(node));
            case CLIENT -> new io.ringworld.kernel.ClientId(clientIndex(node));
        };
    }

    int node(NodeId id) {
        if (id instanceof SwitchId s) {
            return s.index();
        }
        if (id instanceof ServerId s) {
            return serverNode(s.replicaSet() * membersPerSet + s.member());
        }
        ClientId c = (ClientId) id;
        if (c.index() >= clientCount) {
            throw new IllegalArgumentException("no client " + c.index() + " in this simulation");
        }
        return clientNode(c.index());
    }

    String name(int node) {
        return names[node];
    }
}
