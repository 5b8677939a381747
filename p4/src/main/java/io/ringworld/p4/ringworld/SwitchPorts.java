package io.ringworld.p4.ringworld;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;

/**
 * The ports of a RingWorld switch (bit&lt;9&gt;, as v1model's): switch {@code s} at {@code 1 + s}
 * (s &lt; 64), server (set, member) at {@code 65 + 8 * set + member} (set &lt; 32, member &lt; 8),
 * client {@code c} at {@code 321 + c} (c &lt; 188); 509 recirculates, 510 is the CPU, 511 drops.
 * A host maps each port to its link to that node.
 */
public final class SwitchPorts {
    public static final int RECIRCULATION_PORT = 509;
    public static final int CPU_PORT = 510;
    static final int SWITCHES_MAX = 64;
    static final int SETS_MAX = 32;
    static final int MEMBERS_MAX = 8;
    static final int CLIENTS_MAX = 188;
    private static final int SWITCH_BASE = 1;
    private static final int SERVER_BASE = SWITCH_BASE + SWITCHES_MAX;
    private static final int CLIENT_BASE = SERVER_BASE + SETS_MAX * MEMBERS_MAX;

    private SwitchPorts() {
    }

    /** The port a node is reached at; throws naming the node if it has none. */
    public static int portOf(NodeId node) {
        if (node instanceof SwitchId s && s.index() < SWITCHES_MAX) {
            return SWITCH_BASE + s.index();
        }
        if (node instanceof ServerId v && v.replicaSet() < SETS_MAX && v.member() < MEMBERS_MAX) {
            return SERVER_BASE + MEMBERS_MAX * v.replicaSet() + v.member();
        }
        if (node instanceof ClientId c && c.index() < CLIENTS_MAX) {
            return CLIENT_BASE + c.index();
        }
        throw new IllegalArgumentException(node + " has no port on a RingWorld switch (at most "
                + SWITCHES_MAX + " switches, " + SETS_MAX + " replica sets of " + MEMBERS_MAX + ", "
                + CLIENTS_MAX + " clients)");
    }

    /** Whether {@code node} has a port (else the agent talks to it directly, past the pipeline). */
    public static boolean hasPort(NodeId node) {
        return node instanceof SwitchId s && s.index() < SWITCHES_MAX
                || node instanceof ServerId v && v.replicaSet() < SETS_MAX && v.member() < MEMBERS_MAX
                || node instanceof ClientId c && c.index() < CLIENTS_MAX;
    }

    /** The node at a port; throws naming the port if it is none's (recirculation, CPU, drop). */
    public static NodeId nodeAt(int port) {
        if (port >= SWITCH_BASE && port < SERVER_BASE) {
            return new SwitchId(port - SWITCH_BASE);
        }
        if (port >= SERVER_BASE && port < CLIENT_BASE) {
            int k = port - SERVER_BASE;
            return new ServerId(k / MEMBERS_MAX, k % MEMBERS_MAX);
        }
        if (port >= CLIENT_BASE && port < CLIENT_BASE + CLIENTS_MAX) {
            return new ClientId(port - CLIENT_BASE);
        }
        throw new IllegalArgumentException("port " + port + " is no node's");
    }
}
