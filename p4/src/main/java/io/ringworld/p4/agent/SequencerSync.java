package io.ringworld.p4.agent;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.Config;
import io.ringworld.kernel.Projection;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.sw.Switch;
import io.ringworld.kernel.sw.SwitchStatus;
import io.ringworld.kernel.wire.WireEncoder;
import io.ringworld.kernel.wire.WireKey;
import io.ringworld.p4.ringworld.CpuHeaders;
import io.ringworld.p4.ringworld.CpuReason;
import io.ringworld.p4.ringworld.SequencerSetup;
import io.ringworld.p4.ringworld.SwitchPorts;
import io.ringworld.p4.v1model.OutputPacket;
import io.ringworld.p4.v1model.Pipeline;
import java.util.List;
import java.util.Map;

/**
 * The agent's half of sequencing in the data plane. The kernel's queue of appends and the data
 * plane's loop of waiting appends hold the same appends in the same order: every append the
 * kernel queues has a ticket (the fast path's, or one the agent asks for by sending the append
 * to the recirculation port), and a token visit that assigns {@code r} of them serves the next
 * {@code r} tickets. After each kernel step the agent copies into the data plane what that step
 * changed: the life and dedup epoch, the admission limit, the leaders of a new ring, a client's
 * dedup window the kernel changed on its own, and a visit's registers.
 */
final class SequencerSync {
    private final Pipeline pipeline;
    private final SwitchId self;
    private final Config config;
    private final WireKey clusterKey;
    private final Map<Integer, WireKey> clientKeys;
    private final WireEncoder encoder;
    private final boolean on;
    private long incarnation = -1;
    private long dedupEpoch = -1;
    private long admitLimit = -1;
    private List<SwitchId> leadersRing;
    private long pendingBefore;

    SequencerSync(Pipeline pipeline, SwitchId self, Config config, WireKey clusterKey, Map<Integer, WireKey> clientKeys,
            WireEncoder encoder) {
        this.encoder = encoder;
        this.pipeline = pipeline;
        this.self = self;
        this.config = config;
        this.clusterKey = clusterKey;
        this.clientKeys = clientKeys;
        this.on = SequencerSetup.fits(config);
    }

    /** Whether the data plane sequences (else the kernel does alone, and sends its own ASSIGNs). */
    boolean on() {
        return on;
    }

    /** Before a kernel step: its queue's length, to tell what the step queued or served. */
    void beforeStep(Switch kernel) {
        pendingBefore = kernel.pendingAppends();
    }

    /**
     * After a kernel step on {@code input} (null for a tick or start), which reached the kernel
     * with {@code reason} (null when it did not pass the pipeline): copies what changed into the
     * data plane. Returns what left the pipeline for a token visit the kernel made (the served
     * appends' ASSIGNs); a visit the data plane made (a mirrored token) served them already.
     */
    List<OutputPacket> afterStep(Switch kernel, SwitchStatus status, Message input, CpuReason reason) {
        if (!on) {
            return List.of();
        }
        settings(kernel, status);
        int pending = kernel.pendingAppends();
        if (input instanceof Message.AppendRequest a && reason != CpuReason.MIRROR) {
            if (pending == pendingBefore + 1) {
                enqueue(a);
            }
            if (SequencerSetup.holdsClient(a.client()) && clientKeys.containsKey(a.client().index())) {
                SequencerSetup.copyWindow(pipeline, a.client(), kernel.dedupWindow(a.client()), clientKeys.get(a.client().index()));
            }
        }
        int served = served(kernel, input);
        if (served == 0 || reason == CpuReason.MIRROR) {
            return List.of(); // a mirrored token: the data plane made the visit, and its loop served the appends
        }
        Projection p = status.projection();
        SequencerSetup.visit(pipeline, p.view(), ((Message.Token) input).h(), p.ring().size(), served);
        return pipeline.drain();
    }

    /**
     * How many queued appends the kernel's step on {@code input} served: more than 0 only for a
     * token visit (no other step takes appends off the kernel's queue; one that did would leave the
     * loop and the queue apart, and throws).
     */
    private int served(Switch kernel, Message input) {
        int served = (int) (pendingBefore - kernel.pendingAppends());
        if (served > 0 && !(input instanceof Message.Token)) {
            throw new IllegalStateException(self + ": the kernel's queue shrank on " + input + ", not a token visit");
        }
        return Math.max(0, served);
    }

    /**
     * After the kernel's step on {@code input}, before the data plane is brought along: the
     * indices a token visit just handed to this switch itself, when the data plane leads the
     * visit's view ({@code installed}): its loop sends those appends into its own leader path,
     * so the kernel's WRITEs of them are the data plane's to send, and their slots its own. Else
     * empty.
     */
    java.util.Set<Long> ownIndicesOfVisit(Switch kernel, Message input, Projection installed) {
        int served = on ? served(kernel, input) : 0;
        if (served == 0 || installed == null || !installed.view().equals(((Message.Token) input).view())) {
            return java.util.Set.of();
        }
        long h = ((Message.Token) input).h();
        java.util.Set<Long> own = new java.util.HashSet<>();
        for (long i = h + 1; i <= h + served; i++) {
            if (installed.leaderOf(i).equals(self)) {
                own.add(i);
            }
        }
        return own;
    }

    /** The data plane's loop holds as many appends as the kernel's queue (null), or why not. */
    String checkQueue(Switch kernel) {
        if (!on) {
            return null;
        }
        long waiting = (SequencerSetup.tickets(pipeline) - SequencerSetup.servedEnd(pipeline)) & 0xffffffffL;
        return waiting == kernel.pendingAppends() ? null
                : self + ": the kernel queues " + kernel.pendingAppends() + " appends, the data plane's loop holds " + waiting;
    }

    /** The life, dedup epoch, admission limit and leaders, where the step changed them. */
    private void settings(Switch kernel, SwitchStatus status) {
        long inc = status.incarnation();
        long epoch = status.dedupEpoch();
        if (inc != incarnation || epoch != dedupEpoch) {
            if (epoch != dedupEpoch) {
                SequencerSetup.forgetClients(pipeline);
            }
            SequencerSetup.sequencerOn(pipeline, self, inc, epoch, clusterKey);
            incarnation = inc;
            dedupEpoch = epoch;
        }
        int limit = kernel.appendsQueuedMax();
        if (limit != admitLimit) {
            SequencerSetup.admitLimit(pipeline, limit);
            admitLimit = limit;
        }
        Projection p = status.projection();
        if (p != null && !p.ring().equals(leadersRing)) {
            SequencerSetup.leaders(pipeline, p, self, config);
            leadersRing = p.ring();
        }
    }

    /** The kernel queued an append the fast path did not: it takes the next ticket in the loop. */
    private void enqueue(Message.AppendRequest a) {
        byte[] frame = encoder.encode(a.client(), self, a);
        List<OutputPacket> out = pipeline.process(SwitchPorts.CPU_PORT,
                CpuHeaders.packetOut(SwitchPorts.RECIRCULATION_PORT, frame));
        if (!out.isEmpty()) {
            throw new IllegalStateException(self + ": an append queued by the agent left the loop at once: " + out);
        }
    }

}
