package io.ringworld.runtime.real;

import java.util.EnumSet;
import java.util.Set;

/**
 * The faults a real-cluster campaign's nemesis applies to real processes, each undone before the
 * next one starts (a run's faults come one at a time, in a seeded order).
 */
public enum RealFault {
    /** SIGKILL of one log server, restarted after the fault's time; its unforced writes are lost (servers hold them in memory). */
    KILL_SERVER("kill-server", Group.PROCESS),
    /** SIGKILL of one switch, restarted as its next life. */
    KILL_SWITCH("kill-switch", Group.PROCESS),
    /** SIGSTOP of one node, SIGCONT after the fault's time. */
    PAUSE("pause", Group.PROCESS),
    /** iptables: one node's packets to another are dropped (the other way still flows). */
    CUT_ONE_WAY("cut-one-way", Group.NETWORK),
    /** iptables: one node cut from every other node and from the clients. */
    ISOLATE("isolate", Group.NETWORK),
    /** iptables: the switches in two groups that cannot reach each other (the ring split). */
    SPLIT_RING("split-ring", Group.NETWORK),
    /** iptables: every node in one of two halves, symmetric. */
    HALVES("halves", Group.NETWORK),
    /** The link proxies delay every frame on a node's outgoing links. */
    LINK_DELAY("link-delay", Group.LINK),
    /** The link proxies drop frames on a node's outgoing links. */
    LINK_LOSS("link-loss", Group.LINK),
    /** The link proxies send frames twice on a node's outgoing links. */
    LINK_DUPLICATE("link-duplicate", Group.LINK),
    /** The link proxies hold frames back past later ones on a node's outgoing links. */
    LINK_REORDER("link-reorder", Group.LINK),
    /** SIGKILL of all three servers of one replica set at once (a rack's power): each loses its unforced writes. */
    LOSE_UNSYNCED("lose-unsynced", Group.DISK),
    /**
     * A server crashes in the middle of a segment write, as at a power cut: the write reaches its
     * file in part (a prefix cut at a seeded byte, the file's earlier unforced writes in full),
     * its other unforced writes are lost, and it is restarted. Only what no force covered is torn.
     */
    TORN_RECORD("torn-record", Group.DISK),
    /** A server killed, one bit flipped in a written record of one of its segments, restarted. */
    BIT_FLIP("bit-flip", Group.DISK),
    /** A server killed, its data directory emptied (a replaced disk), restarted: it relearns. */
    WIPE("wipe", Group.DISK),
    /** A server's disk (a small loop-mounted ext4) filled to the last block, then freed. */
    DISK_FULL("disk-full", Group.DISK),
    /** One node's clock runs fast or slow. */
    CLOCK_SKEW("clock-skew", Group.CLOCK);

    /** What a fault acts on, as the issue groups them. */
    public enum Group { PROCESS, NETWORK, LINK, DISK, CLOCK }

    private final String label;
    private final Group group;

    RealFault(String label, Group group) {
        this.label = label;
        this.group = group;
    }

    public String label() {
        return label;
    }

    public Group group() {
        return group;
    }

    /** Whether it needs root: network namespaces and iptables, or a loop mount. */
    public boolean needsRoot() {
        return group == Group.NETWORK || this == DISK_FULL;
    }

    /** Whether it damages or empties a server's disk (at most one such server per replica set until it has relearned). */
    public boolean damagesDisk() {
        // A torn write cuts only what no force covered, but a cut record header leaves recovery
        // unable to bound the indices it held: every index it does not hold becomes unknown, and the
        // server lacks entries as a damaged one does (seed 6 of a first 100-run campaign: a torn
        // write on a second server of a set beside a wiped one stopped its view changes for good).
        return this == TORN_RECORD || this == BIT_FLIP || this == WIPE;
    }

    /** The fault named {@code label} ({@code kill-server}) or by group ({@code process}, ...), or {@code all}. */
    public static Set<RealFault> parse(String list) {
        Set<RealFault> out = EnumSet.noneOf(RealFault.class);
        for (String word : list.split(",")) {
            String w = word.strip();
            if (w.equals("all")) {
                out.addAll(EnumSet.allOf(RealFault.class));
                continue;
            }
            boolean found = false;
            for (RealFault f : values()) {
                if (f.label.equals(w) || f.group.name().equalsIgnoreCase(w)) {
                    out.add(f);
                    found = true;
                }
            }
            if (!found) {
                throw new IllegalArgumentException("no fault or fault group '" + w + "' (groups: process, network, link,"
                        + " disk, clock; faults: " + java.util.Arrays.stream(values()).map(RealFault::label).toList() + ")");
            }
        }
        return out;
    }
}
