package io.ringworld.p4.agent;

import io.ringworld.kernel.Config;
import io.ringworld.kernel.Effect;
import io.ringworld.kernel.Effects;
import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.Projection;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.sw.Switch;
import io.ringworld.kernel.sw.SwitchInput;
import io.ringworld.kernel.sw.SwitchStatus;
import io.ringworld.kernel.wire.Decoded;
import io.ringworld.kernel.wire.Keyring;
import io.ringworld.kernel.wire.WireDecoder;
import io.ringworld.kernel.wire.WireEncoder;
import io.ringworld.kernel.wire.WireKey;
import io.ringworld.kernel.wire.WireLimits;
import io.ringworld.p4.lang.CheckedProgram;
import io.ringworld.p4.ringworld.CpuHeaders;
import io.ringworld.p4.ringworld.CpuReason;
import io.ringworld.p4.ringworld.RingWorldDataPlane;
import io.ringworld.p4.ringworld.SwitchPorts;
import io.ringworld.p4.v1model.OutputPacket;
import io.ringworld.p4.v1model.Pipeline;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A RingWorld switch whose data plane is ringworld.p4 (on the interpreter) and whose control
 * plane is the kernel's switch role (package contract). Steps are the kernel's: {@link #deliver}
 * with the sender (the frame's header names it), {@link #tick}, {@link #step} with Start. The
 * effects are the messages that left the pipeline's ports, decoded, in the order they left.
 */
public final class P4Switch implements io.ringworld.kernel.Node<SwitchInput> {
    private final Switch kernel;
    private final SwitchId id;
    private final Config config;
    private final Pipeline pipeline;
    private final WireKey clusterKey;
    private final Map<Integer, WireKey> clientKeys;
    private final WireEncoder encoder;
    private final WireDecoder decoder;
    private final boolean strict;
    private final SendList effects = new SendList();
    private final DataPlaneSync sync;
    private final SequencerSync sequencer;
    private final TokenSync tokens;
    private final Map<CpuReason, Long> toCpu = new EnumMap<>(CpuReason.class);
    private final java.util.function.BiConsumer<CpuReason, Message> onFrame;
    private long divergences;
    private String lastDivergence = "";

    /**
     * A switch running {@code kernel} (made by the host: booting or restarted) on a fresh pipeline
     * of {@code program}. Strict: a difference between the data plane and the kernel throws.
     */
    public P4Switch(Switch kernel, Config config, CheckedProgram program, WireKey clusterKey,
            Map<Integer, WireKey> clientKeys, boolean strict) {
        this(kernel, config, program, clusterKey, clientKeys, strict, (r, m) -> { });
    }

    /**
     * As above; {@code onFrame} hears every frame that reaches the agent, with its reason (host
     * statistics: a MIRROR of a TOKEN is a visit the data plane made).
     */
    public P4Switch(Switch kernel, Config config, CheckedProgram program, WireKey clusterKey,
            Map<Integer, WireKey> clientKeys, boolean strict, java.util.function.BiConsumer<CpuReason, Message> onFrame) {
        if (config.mergedMessageBytesMax() != 0) {
            // The agent compares the kernel's WRITEs and APPEND_REPLYs with the data plane's, one a frame.
            throw new IllegalArgumentException(kernel.id() + ": a P4 switch's kernel must not merge the messages it sends"
                    + " (mergedMessageBytesMax 0, got " + config.mergedMessageBytesMax() + ")");
        }
        this.onFrame = onFrame;
        this.kernel = kernel;
        this.id = kernel.id();
        this.config = config;
        this.pipeline = RingWorldDataPlane.newPipeline(program);
        this.clusterKey = clusterKey;
        this.clientKeys = Map.copyOf(clientKeys);
        Keyring keys = Keyring.forClusterMember(clusterKey, this.clientKeys);
        this.encoder = new WireEncoder(keys, WireLimits.DEFAULT);
        this.decoder = new WireDecoder(keys, WireLimits.DEFAULT, WireDecoder.PayloadCheck.NONE);
        this.strict = strict;
        this.sync = new DataPlaneSync(pipeline, id, config, clusterKey, this.clientKeys);
        this.sequencer = new SequencerSync(pipeline, id, config, clusterKey, this.clientKeys, encoder);
        this.tokens = new TokenSync(pipeline, id, config, clusterKey);
    }

    @Override
    public SwitchId id() {
        return id;
    }

    /** The kernel's status (the data plane's state is the kernel's, in lockstep). */
    public SwitchStatus status() {
        return kernel.status();
    }

    /** The kernel this switch hosts (for observers of its steps). */
    public Switch kernel() {
        return kernel;
    }

    /** The pipeline (for tests and diagnostics: its counters and registers). */
    public Pipeline pipeline() {
        return pipeline;
    }

    /** Frames that reached the agent, by reason (MIRROR: the fast path took them). */
    public Map<CpuReason, Long> framesToCpu() {
        return Map.copyOf(toCpu);
    }

    /** Mirrored steps whose WRITEs and APPEND_REPLYs differed between data plane and kernel. */
    public long divergences() {
        return divergences;
    }

    public String lastDivergence() {
        return lastDivergence;
    }

    /** Whether the data plane visits tokens now (else they go to the CPU, where the kernel visits). */
    public boolean tokenPathOn() {
        return tokens.on();
    }

    /** Whether the data plane leads the installed view now (else the agent leads it alone). */
    public boolean fastPathOn() {
        return sync.installed() != null;
    }

    @Override
    public Effects step(SwitchInput input) {
        if (input instanceof SwitchInput.Deliver d) {
            throw new IllegalArgumentException("a P4 switch takes frames: deliver(from, message), not " + d);
        }
        effects.clear();
        sequencer.beforeStep(kernel);
        agentStep(kernel.step(input), null, null, null);
        return effects;
    }

    @Override
    public Effects tick() {
        return step(SwitchInput.Tick.INSTANCE);
    }

    /** Without the sender the frame cannot be built: a P4 switch needs {@link #deliver(NodeId, Message)}. */
    @Override
    public Effects deliver(Message message) {
        throw new UnsupportedOperationException("a P4 switch takes frames: deliver(from, message)");
    }

    /**
     * A frame from {@code from} carrying {@code message} arrives at a port of the switch. A merged
     * message (a sender's several Writes, WriteAcks, ... in one frame) enters the pipeline as its
     * members, one frame each, in order: the receiver handles each member as if it had arrived
     * alone (docs/design.md, "Merged messages"), and ringworld.p4 parses one message a frame (a
     * header-stack parser for merged frames is not written yet).
     */
    public Effects deliver(NodeId from, Message message) {
        effects.clear();
        if (message instanceof Message.Merged merged) {
            for (Message member : merged.members()) {
                deliverOne(from, member);
            }
        } else {
            deliverOne(from, message);
        }
        return effects;
    }

    private void deliverOne(NodeId from, Message message) {
        if (!SwitchPorts.hasPort(from)) {
            // A node beyond the switch's ports (e.g. a client numbered past them): the agent's alone.
            toCpu.merge(CpuReason.SLOW_PATH, 1L, Long::sum);
            onFrame.accept(CpuReason.SLOW_PATH, message);
            sequencer.beforeStep(kernel);
            agentStep(kernel.deliver(message), null, message, null);
            return;
        }
        byte[] frame = encoder.encode(from, id, message);
        List<OutputPacket> out = pipeline.process(SwitchPorts.portOf(from), frame);
        List<OutputPacket> sent = new ArrayList<>();
        CpuHeaders.PacketIn in = null;
        for (OutputPacket p : out) {
            if (p.port() == SwitchPorts.CPU_PORT) {
                if (in != null) {
                    throw new IllegalStateException(id + ": a frame reached the CPU twice (" + in.reason() + ")");
                }
                in = CpuHeaders.PacketIn.parse(p.bytes());
            } else {
                sent.add(p);
                emit(p);
            }
        }
        if (in == null) {
            throw new IllegalStateException(id + ": a frame never reached the CPU (" + message + ")");
        }
        CpuReason reason = in.reason();
        toCpu.merge(reason, 1L, Long::sum);
        onFrame.accept(reason, message);
        Message m = agentMessage(in.frame(), message);
        if (m == null) {
            return; // rejected by the agent's decoder, and counted there
        }
        sequencer.beforeStep(kernel);
        Effects k = kernel.deliver(m);
        agentStep(k, reason == CpuReason.MIRROR ? sent : null, m, reason);
    }

    /** The frame the agent got, decoded (the data plane passes it on unchanged). */
    private Message agentMessage(byte[] frame, Message sentAs) {
        Decoded d = decoder.decode(frame);
        if (d instanceof Decoded.Ok ok) {
            return ok.messages().size() == 1 ? ok.message() : sentAs;
        }
        return null;
    }

    /**
     * The kernel stepped on {@code input} (null for a tick or start; {@code reason}: how it reached
     * the agent, null past the pipeline): bring the data plane along, then send what the kernel
     * sent, except what the data plane sent already, which must be the same frames: for a mirrored
     * frame ({@code fastPath} non-null) the WRITEs and APPEND_REPLYs, for a mirrored token (a
     * visit the data plane made) everything the visit sent, and while the data plane
     * sequences, the ASSIGNs of a token visit (the served appends leave the loop as ASSIGNs) and
     * the WRITEs of the visit's own indices (those go round into the data plane's leader path).
     */
    private void agentStep(Effects k, List<OutputPacket> fastPath, Message input, CpuReason reason) {
        List<Effect> kernelEffects = k.toList();
        SwitchStatus status = kernel.status();
        boolean tokenVisited = fastPath != null && input instanceof Message.Token;
        java.util.Set<Long> ownOfVisit = sequencer.ownIndicesOfVisit(kernel, input, sync.installed());
        sync.afterStep(kernel, status, kernelEffects, fastPath != null, ownOfVisit);
        List<OutputPacket> assigned = sequencer.afterStep(kernel, status, input, reason);
        for (OutputPacket p : assigned) {
            if (p.port() != SwitchPorts.CPU_PORT) {
                emit(p);
            }
        }
        List<String> expected = new ArrayList<>();
        List<String> expectedAssigns = new ArrayList<>();
        for (Effect e : kernelEffects) {
            if (!(e instanceof Effect.Send s)) {
                continue;
            }
            if (tokenVisited || fastPath != null && (s.message() instanceof Message.Write || s.message() instanceof Message.AppendReply)) {
                expected.add(frameText(s));
                continue;
            }
            if (sequencer.on() && s.message() instanceof Message.Assign
                    || s.message() instanceof Message.Write w && ownOfVisit.contains(w.index()) && w.incarnation() == -1) {
                expectedAssigns.add(frameText(s));
                continue;
            }
            packetOut(s.to(), s.message());
        }
        if (fastPath != null) {
            compare(tokenVisited ? "its token visit (TokenAck, ASSIGNs, own WRITEs, the pass)" : "its WRITEs and APPEND_REPLYs",
                    expected, fastPath);
        }
        compare("the visit's ASSIGNs (and its own indices' WRITEs)", expectedAssigns, assigned);
        String queue = sequencer.checkQueue(kernel);
        if (queue != null) {
            diverge(queue);
        }
        tokens.afterStep(kernel, status, sync.installed(), sequencer.on());
    }

    private String frameText(Effect.Send s) {
        return SwitchPorts.portOf(s.to()) + ":" + HexFormat.of().formatHex(encoder.encode(id, s.to(), s.message()));
    }

    private void compare(String what, List<String> kernelFrames, List<OutputPacket> dataPlane) {
        List<String> got = new ArrayList<>();
        for (OutputPacket p : dataPlane) {
            got.add(p.port() + ":" + HexFormat.of().formatHex(p.bytes()));
        }
        List<String> a = new ArrayList<>(kernelFrames);
        List<String> b = new ArrayList<>(got);
        a.sort(null);
        b.sort(null);
        if (!a.equals(b)) {
            diverge(id + ": " + what + ": the kernel sent " + a + ", the data plane " + b);
        }
    }

    private void diverge(String why) {
        divergences++;
        lastDivergence = why;
        if (strict) {
            throw new DataPlaneDivergence(lastDivergence);
        }
    }

    /** The agent's send: a packet_out through the pipeline to the node's port. */
    private void packetOut(NodeId to, Message m) {
        if (!SwitchPorts.hasPort(to)) {
            effects.add(new Effect.Send(to, m));
            return;
        }
        byte[] withHeader = CpuHeaders.packetOut(SwitchPorts.portOf(to), encoder.encode(id, to, m));
        for (OutputPacket p : pipeline.process(SwitchPorts.CPU_PORT, withHeader)) {
            emit(p);
        }
    }

    /** A packet left a port: the message it carries, to the node at that port. */
    private void emit(OutputPacket p) {
        NodeId to = SwitchPorts.nodeAt(p.port());
        Decoded d = decoder.decode(p.bytes());
        if (!(d instanceof Decoded.Ok ok)) {
            throw new IllegalStateException(id + ": the pipeline sent port " + p.port() + " a frame its own cluster rejects: " + d);
        }
        for (Message m : ok.messages()) {
            effects.add(new Effect.Send(to, m));
        }
    }

    /** The view the data plane leads now, or null (for tests). */
    Projection installedView() {
        return sync.installed();
    }

    @Override
    public String toString() {
        return "P4Switch[" + id + ", fast path " + (fastPathOn() ? "on" : "off") + "]";
    }
}
