package io.ringworld.p4.ringworld;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.Config;
import io.ringworld.kernel.Projection;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.sw.LeaderSlot;
import io.ringworld.kernel.wire.WireKey;
import io.ringworld.p4.runtime.ActionCall;
import io.ringworld.p4.runtime.CloneSessionEntry;
import io.ringworld.p4.runtime.FieldMatch;
import io.ringworld.p4.runtime.MulticastGroupEntry;
import io.ringworld.p4.runtime.RegisterEntry;
import io.ringworld.p4.runtime.TableEntry;
import io.ringworld.p4.v1model.Pipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the agent installs so the data plane leads a view's indices (InstallView's part in the
 * data plane): a fresh status map, the commit index at this switch's first index of the view,
 * the residue tables of its ring and set count, one multicast group per replica set, the
 * clients' routes and keys, the probe's clone session, and last the {@code active_view} entry that turns the fast path on.
 */
public final class LeaderPathSetup {
    /** The program's status map size (its {@code SLOTS}). */
    public static final int SLOTS = 1024;
    private static final String INGRESS = "RingWorldIngress.";
    private static final long STATE_WRITING = 2;
    private static final long JUNK_BIT = 4;
    private static final int ACK_MASK_SHIFT = 8;
    private static final String[] SLOT_REGISTERS = {
        "slot_tag_hi", "slot_tag_lo", "slot_state", "slot_client", "slot_request_hi", "slot_request_lo"};

    private LeaderPathSetup() {
    }

    /**
     * Whether the data plane can lead this view: the switch is in its ring, the ring size and the
     * replica set count fit the residue tables ({@code i mod n}, {@code i mod s}: ResidueSetup),
     * and every node has a port. Otherwise the agent's kernel leads alone and the data plane
     * sends it everything.
     */
    public static boolean fastPathFits(Projection p, SwitchId self, Config config) {
        int sets = p.replicaSetCount();
        return p.contains(self) && ResidueSetup.fits(p.ring().size(), sets) && sets <= SwitchPorts.SETS_MAX
                && config.membersPerSet() <= SwitchPorts.MEMBERS_MAX && config.switchCount() <= SwitchPorts.SWITCHES_MAX;
    }

    /** The view leaves the data plane: from now on every fast-path message goes to the CPU. */
    public static void leaveView(Pipeline pipeline) {
        pipeline.clear(INGRESS + "active_view");
    }

    /**
     * Installs view {@code p} for switch {@code self}; the view before must have been left
     * ({@link #leaveView}). Throws if the view does not fit the data plane ({@link #fastPathFits}).
     */
    public static void installView(Pipeline pipeline, Projection p, SwitchId self, Config config,
            WireKey clusterKey, Map<Integer, WireKey> clientKeys) {
        if (!fastPathFits(p, self, config)) {
            throw new IllegalArgumentException("view " + p + " does not fit the data plane of " + self);
        }
        if (!pipeline.entries(INGRESS + "active_view").isEmpty()) {
            throw new IllegalStateException("install while another view is active: leave it first");
        }
        resetStatusMap(pipeline, p, self);
        ResidueSetup.fill(pipeline, p.ring().size(), p.replicaSetCount());
        for (int set = 0; set < p.replicaSetCount(); set++) {
            List<MulticastGroupEntry.Replica> replicas = new ArrayList<>();
            for (int m = 0; m < config.membersPerSet(); m++) {
                replicas.add(new MulticastGroupEntry.Replica(SwitchPorts.portOf(new ServerId(set, m)), m));
            }
            pipeline.writeMulticastGroup(new MulticastGroupEntry(set + 1, replicas));
        }
        pipeline.writeCloneSession(new CloneSessionEntry(RingWorldDataPlane.PROBE_SESSION, SwitchPorts.RECIRCULATION_PORT));
        pipeline.writeCloneSession(new CloneSessionEntry(RingWorldDataPlane.MIRROR_SESSION, SwitchPorts.CPU_PORT));
        pipeline.clear(INGRESS + "clients");
        for (Map.Entry<Integer, WireKey> c : clientKeys.entrySet()) {
            pipeline.insert(new TableEntry(INGRESS + "clients",
                    List.of(new FieldMatch.Exact("meta.slotClient", c.getKey())), 0,
                    ActionCall.of("client_route",
                            new ActionCall.Param("port", SwitchPorts.portOf(new ClientId(c.getKey()))),
                            new ActionCall.Param("k0", unsigned(c.getValue().k0())),
                            new ActionCall.Param("k1", unsigned(c.getValue().k1())))));
        }
        long epoch = p.view().epoch();
        pipeline.insert(new TableEntry(INGRESS + "active_view", List.of(
                new FieldMatch.Exact("meta.epochHi", epoch >>> 32),
                new FieldMatch.Exact("meta.epochLo", epoch & 0xffffffffL),
                new FieldMatch.Exact("meta.coordinator", unsigned(p.view().coordinator()))), 0,
                ActionCall.of("view_settings",
                        new ActionCall.Param("self", self.index()),
                        new ActionCall.Param("ringSize", p.ring().size()),
                        new ActionCall.Param("position", p.positionOf(self)),
                        new ActionCall.Param("membersPerSet", config.membersPerSet()),
                        new ActionCall.Param("majority", config.majority()),
                        new ActionCall.Param("k0", unsigned(clusterKey.k0())),
                        new ActionCall.Param("k1", unsigned(clusterKey.k1())))));
    }

    /**
     * Writes the kernel's view of a slot it wrote itself (WRITING: its own index, a filled hole)
     * into the status map, as the program encodes it: state in bits 1..0, junk in bit 2, the ack
     * mask in bits 15..8 of {@code slot_state}.
     */
    public static void writeSlot(Pipeline pipeline, LeaderSlot slot) {
        if (slot.state() != LeaderSlot.State.WRITING) {
            throw new IllegalArgumentException("only a WRITING slot is copied into the data plane: " + slot);
        }
        long index = slot.index();
        int at = (int) (index & (SLOTS - 1));
        write(pipeline, "slot_tag_hi", at, index >>> 32);
        write(pipeline, "slot_tag_lo", at, index & 0xffffffffL);
        write(pipeline, "slot_state", at, STATE_WRITING | (slot.junk() ? JUNK_BIT : 0) | ((long) slot.ackMask() << ACK_MASK_SHIFT));
        write(pipeline, "slot_client", at, slot.client() == null ? 0 : slot.client().index());
        write(pipeline, "slot_request_hi", at, slot.requestId() >>> 32);
        write(pipeline, "slot_request_lo", at, slot.requestId() & 0xffffffffL);
    }

    private static void write(Pipeline pipeline, String register, int index, long value) {
        pipeline.writeRegister(new RegisterEntry(INGRESS + register, index, value));
    }

    /** Every slot free, and the commit index at this switch's first index of the view (nextOwn). */
    private static void resetStatusMap(Pipeline pipeline, Projection p, SwitchId self) {
        for (String r : SLOT_REGISTERS) {
            for (int slot = 0; slot < SLOTS; slot++) {
                write(pipeline, r, slot, 0);
            }
        }
        long start = p.start();
        long nextOwn = start + Math.floorMod(p.positionOf(self) - start, (long) p.ring().size());
        write(pipeline, "next_own_hi", 0, nextOwn >>> 32);
        write(pipeline, "next_own_lo", 0, nextOwn & 0xffffffffL);
    }

    private static long unsigned(int v) {
        return v & 0xffffffffL;
    }
}
