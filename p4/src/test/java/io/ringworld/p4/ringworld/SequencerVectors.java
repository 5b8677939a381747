package io.ringworld.p4.ringworld;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.Config;
import io.ringworld.kernel.Effect;
import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.Projection;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.sw.Switch;
import io.ringworld.kernel.wire.Keyring;
import io.ringworld.kernel.wire.SealedPayload;
import io.ringworld.kernel.wire.WireEncoder;
import io.ringworld.kernel.wire.WireKey;
import io.ringworld.kernel.wire.WireLimits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Writes p4/stf/sequencer.stf: the agent's sequencer setup as STF commands, clients' appends
 * (admitted, duplicated, stale, over the limit, too old), a token visit's registers and the
 * ASSIGNs the served appends leave as. The expected ASSIGNs are the kernel's frames for the
 * same visit; the packet_in reasons are the data plane's (every frame reaches the CPU once).
 * Switch 1 of ring [0 1 2] in view (5, 0); a queue of 4 and a status map window of 4 slots per
 * switch keep the tables short.
 */
final class SequencerVectors extends StfScript {
    private static final WireKey CLUSTER_KEY = LeaderPathHarness.CLUSTER_KEY;
    private static final String IN = "RingWorldIngress.";
    private final Config config = Config.builder(3, 1).pendingRequestsMax(4).statusMapSlotsMax(4).mergedMessageBytesMax(0).build();
    private final View view = new View(5, 0);
    private final Projection projection = new Projection(view, List.of(new SwitchId(0), new SwitchId(1), new SwitchId(2)), 1, 1);
    private final SwitchId self = new SwitchId(1);
    private final Switch kernel = Switch.bootingInto(self, config, projection);
    private final WireKey clientKey = LeaderPathHarness.clientKey(0);
    private final WireEncoder encoder = new WireEncoder(Keyring.forClusterMember(CLUSTER_KEY, Map.of(0, clientKey)), WireLimits.DEFAULT);
    private final ClientId client = new ClientId(0);
    private long servedEnd;

    static String generate() {
        return new SequencerVectors().write();
    }

    private String write() {
        kernel.start();
        line("# RingWorld's switch program, ringworld.p4: sequencing (ClientAppend, SequenceBatch). Generated");
        line("# by SequencerVectors (p4 module tests) from the kernel's switch role: the ASSIGNs expected are");
        line("# the frames the kernel sends for the same token visit; each client frame reaches the CPU once");
        line("# (a mirror, reason 11, if the data plane took it, else its reason). Run by StfVectorsTest on our");
        line("# interpreter; see p4/run-stf-bmv2.sh for p4c and bmv2. Switch 1 of ring [0 1 2], view (5, 0), a");
        line("# queue of 4, 4 status map slots per switch; client 0's key 10..17, the cluster key 00..07.");
        line("# Append n has request id 2^32 - 3 + n: the ids of appends 1..4 cross a 32-bit word.");
        setup();
        line("");
        line("# --- ClientAppend: appends 1..4 take tickets 0..3 and wait round the recirculation loop.");
        for (long id = 1; id <= 4; id++) {
            append(append(id, 0), CpuReason.MIRROR);
        }
        line("# A copy of append 2 is seen in the window: dropped (the kernel drops it too).");
        append(append(2, 0), CpuReason.MIRROR);
        line("# Addressed to another life of the switch: the kernel refuses it (AppendStale).");
        append(append(9, 3), CpuReason.APPEND_STALE);
        line("# The queue holds 4: append 100 is answered Busy by the kernel, but its id is marked seen ...");
        append(append(100, 0), CpuReason.BUSY);
        line("# ... so append 20, 80 below the highest id, is too old to tell: refused by the kernel.");
        append(append(20, 0), CpuReason.DEDUP_TOO_OLD);
        line("# A frame whose MAC does not match the client's key.");
        byte[] forged = frame(client, append(101, 0));
        forged[57] ^= 1; // in the MAC
        packet(client, forged);
        expectCpu(client, forged, CpuReason.BAD_MAC);
        line("");
        visit(7, 1);
        line("");
        line("# --- After the visit the queue is empty: appends 102 and 103 take tickets 4 and 5, and the");
        line("# next visit (h = 11, a round later) serves them; the data plane makes that visit itself.");
        append(append(102, 0), CpuReason.MIRROR);
        append(append(103, 0), CpuReason.MIRROR);
        line("");
        tokenOn(11);
        line("");
        dataPlaneVisit(11, 4);
        return text();
    }

    /** The agent's SequencerSetup for a fresh switch and client 0's first window (none seen). */
    private void setup() {
        line("");
        line("# --- The agent turns sequencing on (this life, dedup epoch 0), the mirror's session, the");
        line("# admission limit, the leaders of the ring's keys (h mod 3) + 1 + offset, and client 0's window.");
        line("mirroring_add " + RingWorldDataPlane.MIRROR_SESSION + " " + SwitchPorts.CPU_PORT);
        line("setdefault " + IN + "sequencer " + IN + "sequencer_on(self:1, incarnationHi:0, incarnationLo:0, epochHi:0, epochLo:0, k0:"
                + hex(CLUSTER_KEY.k0()) + ", k1:" + hex(CLUSTER_KEY.k1()) + ")");
        line("register_write " + IN + "admit_limit 0 " + kernel.appendsQueuedMax());
        int keys = projection.ring().size() * (config.statusMapSlotsMax() + 1);
        for (int k = 1; k < keys; k++) {
            SwitchId leader = projection.ring().get(k % 3);
            line("add " + IN + "leaders meta.leaderKey:" + k + " " + IN + "leader_route(port:" + SwitchPorts.portOf(leader)
                    + ", isSelf:" + (leader.equals(self) ? 1 : 0) + ")");
        }
        line("register_write " + IN + "dedup_highest_hi 0 0");
        line("register_write " + IN + "dedup_highest_lo 0 0");
        for (int cell = 0; cell < 64; cell++) {
            line("register_write " + IN + "dedup_cells_hi " + cell + " 0");
            line("register_write " + IN + "dedup_cells_lo " + cell + " " + (cell ^ 1));
        }
        line("add " + IN + "dedup_clients hdr.append.client:0 " + IN + "dedup_client(slot:0, k0:" + hex(clientKey.k0())
                + ", k1:" + hex(clientKey.k1()) + ")");
    }

    /** The token's visit: the kernel's step on it, then the registers the agent writes, visit_end last. */
    private void visit(long h, long hop) {
        int queued = kernel.pendingAppends();
        line("# --- SequenceBatch: the token (h = " + h + ") goes to the CPU; the kernel assigns its " + queued
                + " queued appends indices " + (h + 1) + ".." + (h + queued) + ".");
        line("# (token_settings' default is token_off: the data plane visits no token yet.)");
        Message.Token token = new Message.Token(view, h, 0, 0, hop, new SwitchId(0));
        byte[] frame = frame(new SwitchId(0), token);
        packet(new SwitchId(0), frame);
        expectCpu(new SwitchId(0), frame, CpuReason.TOKEN);
        List<String[]> assigns = new ArrayList<>();
        for (Effect e : kernel.deliver(token)) {
            if (e instanceof Effect.Send s && s.message() instanceof Message.Assign a) {
                assigns.add(new String[] {String.format("%05d", SwitchPorts.portOf(s.to())), String.valueOf(a.index()),
                        "expect " + SwitchPorts.portOf(s.to()) + " " + words(HexFormat.of().formatHex(encoder.encode(self, s.to(), a))) + " $"});
            }
        }
        line("# The agent writes the visit's registers; the waiting appends look again at visit_end and");
        line("# leave as ASSIGNs to their indices' leaders (an index of this switch's own is written by its");
        line("# kernel, and the data plane drops its copy).");
        line("register_write " + IN + "visit_first 0 " + servedEnd);
        line("register_write " + IN + "visit_h_hi 0 " + (h >>> 32));
        line("register_write " + IN + "visit_h_lo 0 " + (h & 0xffffffffL));
        line("register_write " + IN + "visit_h_mod 0 " + Math.floorMod(h, 3L));
        line("register_write " + IN + "visit_epoch_hi 0 " + (view.epoch() >>> 32));
        line("register_write " + IN + "visit_epoch_lo 0 " + (view.epoch() & 0xffffffffL));
        line("register_write " + IN + "visit_coordinator 0 " + view.coordinator());
        servedEnd += queued;
        line("register_write " + IN + "visit_end 0 " + servedEnd);
        assigns.sort(Comparator.comparing((String[] x) -> x[0]).thenComparing(x -> Long.parseLong(x[1])));
        for (String[] a : assigns) {
            line(a[2]);
        }
    }

    /**
     * The agent's TokenSetup once its kernel's next visit is quiet: the token group, the residue
     * tables' entries the visit of {@code h} looks up (the agent writes all 8 x 256 and 8n + 1; the
     * vectors keep the nine used), this leader's commit index (its leader path's next_own), the
     * last hop visited and token_on.
     */
    private void tokenOn(long h) {
        if (!kernel.tokenVisitQuiet()) {
            throw new IllegalStateException("the kernel's next visit is not quiet: the data plane would not make it");
        }
        line("# --- The agent turns the data plane's token visits on: the token group (rid 1: the pass to");
        line("# switch 2, rid 2: the TokenAck to switch 0), the residues of h mod 3 (byte k of h looks up");
        line("# (byte * 256^k) mod 3, their sum its remainder; only the entries this visit uses), the");
        line("# leader's commit index + 1 (next_own), the last hop visited, and the settings.");
        line("mc_mgrp_create " + TokenSetup.TOKEN_GROUP);
        line("mc_node_create 1 " + SwitchPorts.portOf(new SwitchId(2)));
        line("mc_node_create 2 " + SwitchPorts.portOf(new SwitchId(0)));
        line("mc_node_associate " + TokenSetup.TOKEN_GROUP + " 0");
        line("mc_node_associate " + TokenSetup.TOKEN_GROUP + " 1");
        long residueSum = 0;
        for (int k = 0; k < 8; k++) {
            long b = (h >>> (8 * k)) & 0xff;
            long r = residue(b, k, 3);
            residueSum += r;
            line("add " + IN + "residue" + k + " meta.byte" + k + ":" + b + " " + IN + "residue" + k + "_of(ringR:" + r + ", setR:0)");
        }
        line("add " + IN + "ring_mod meta.ringResidueSum:" + residueSum + " " + IN + "ring_mod_of(m:" + residueSum % 3 + ")");
        long nextOwn = kernel.status().commitIndex() + 1;
        line("register_write " + IN + "next_own_hi 0 " + (nextOwn >>> 32));
        line("register_write " + IN + "next_own_lo 0 " + (nextOwn & 0xffffffffL));
        long lastHop = kernel.lastTokenHop();
        line("register_write " + IN + "token_hop_lo 0 " + (lastHop & 0xffffffffL));
        line("setdefault " + IN + "token_settings " + IN + "token_on(self:1, epochHi:0, epochLo:" + view.epoch()
                + ", coordinator:" + view.coordinator() + ", predecessor:0, lastHopHi:" + (lastHop >>> 32) + ", first:0, ringAlive:0, windowSlots:"
                + (config.statusMapSlotsMax() * 3) + ", trimPendingHi:0, trimPendingLo:" + kernel.status().trimPending()
                + ", trimDoneHi:0, trimDoneLo:" + kernel.status().trimDone() + ", k0:" + hex(CLUSTER_KEY.k0())
                + ", k1:" + hex(CLUSTER_KEY.k1()) + ")");
    }

    /**
     * A visit the data plane makes (SequenceBatch, FoldCommit, TokenAck, PassToken): every frame
     * the kernel sends for it, but its own index's WRITEs (this data plane leads no view: it drops
     * that ASSIGN), leaves the data plane, and the token reaches the CPU as a mirror.
     */
    private void dataPlaneVisit(long h, long hop) {
        int queued = kernel.pendingAppends();
        Message.Token token = new Message.Token(view, h, 0, h - 1, hop, new SwitchId(0));
        List<Effect> effects = kernel.deliver(token).toList();
        int served = queued - kernel.pendingAppends();
        line("# --- The token (h = " + h + ", c = 0, its round's minimum " + (h - 1) + ") is the data plane's. The window");
        line("# (c + 4 slots x 3 switches - h = " + (config.statusMapSlotsMax() * 3 - h) + ") lets it serve " + served + " of the " + queued
                + " waiting appends (index " + (h + 1) + ".." + (h + served) + "); it folds this leader's");
        line("# commit index into the round's minimum, acknowledges the token and passes it with h = " + (h + served) + ".");
        byte[] frame = frame(new SwitchId(0), token);
        packet(new SwitchId(0), frame);
        expectCpu(new SwitchId(0), frame, CpuReason.MIRROR);
        List<String[]> out = new ArrayList<>();
        for (Effect e : effects) {
            if (e instanceof Effect.Send s && !(s.message() instanceof Message.Write)) {
                out.add(new String[] {String.format("%05d", SwitchPorts.portOf(s.to())), s.message().getClass().getSimpleName(),
                        "expect " + SwitchPorts.portOf(s.to()) + " " + words(HexFormat.of().formatHex(encoder.encode(self, s.to(), s.message()))) + " $"});
            }
        }
        servedEnd += served;
        out.sort(Comparator.comparing((String[] x) -> x[0]));
        for (String[] a : out) {
            line(a[2]);
        }
    }

    /** Append n's request id: {@code ID_BASE + n}, so that appends 1..4 cross a 32-bit word. */
    private static final long ID_BASE = (1L << 32) - 3;

    private Message.AppendRequest append(long n, long incarnation) {
        byte[] app = ("append " + n).getBytes(StandardCharsets.UTF_8);
        return new Message.AppendRequest(client, ID_BASE + n, SealedPayload.seal(clientKey, 0, app), incarnation, 0);
    }

    /** The frame in, its packet_in, and a check that the kernel's step on it sends what the reason says. */
    private void append(Message.AppendRequest a, CpuReason reason) {
        byte[] frame = frame(client, a);
        packet(client, frame);
        List<Message> sent = new ArrayList<>();
        for (Effect e : kernel.deliver(a)) {
            if (e instanceof Effect.Send s) {
                sent.add(s.message());
            }
        }
        boolean answered = !sent.isEmpty();
        if (answered != (reason != CpuReason.MIRROR)) {
            throw new IllegalStateException("the kernel sent " + sent + " for " + a + ", the data plane's reason is " + reason);
        }
        expectCpu(client, frame, reason);
    }

    private byte[] frame(NodeId from, Message m) {
        return encoder.encode(from, self, m);
    }
}
