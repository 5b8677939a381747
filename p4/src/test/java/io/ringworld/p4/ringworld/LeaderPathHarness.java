package io.ringworld.p4.ringworld;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.Config;
import io.ringworld.kernel.Effect;
import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.Projection;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.sw.Switch;
import io.ringworld.kernel.wire.Keyring;
import io.ringworld.kernel.wire.SealedPayload;
import io.ringworld.kernel.wire.WireEncoder;
import io.ringworld.kernel.wire.WireKey;
import io.ringworld.kernel.wire.WireLimits;
import io.ringworld.p4.lang.CheckedProgram;
import io.ringworld.p4.v1model.OutputPacket;
import io.ringworld.p4.v1model.Pipeline;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * One leader switch twice: the kernel's switch role and the P4 pipeline running ringworld.p4,
 * in the same view, fed the same frames. Each step returns what each sent, as frames.
 */
final class LeaderPathHarness {
    static final int CLIENTS = 3;
    static final WireKey CLUSTER_KEY = WireKey.of(new byte[] {0, 1, 2, 3, 4, 5, 6, 7});
    static final CheckedProgram PROGRAM = RingWorldDataPlane.program();

    final Projection projection;
    final SwitchId self;
    final Config config;
    final Switch kernel;
    final Pipeline pipeline;
    final WireEncoder encoder;
    final Map<Integer, WireKey> clientKeys = new HashMap<>();

    LeaderPathHarness(int ringSize, int replicaSets, int position, long epoch, long start) {
        this(PROGRAM, ringSize, replicaSets, position, epoch, start);
    }

    LeaderPathHarness(CheckedProgram program, int ringSize, int replicaSets, int position, long epoch, long start) {
        config = Config.defaults(ringSize, replicaSets);
        List<SwitchId> ring = new ArrayList<>();
        for (int s = 0; s < ringSize; s++) {
            ring.add(new SwitchId(s));
        }
        projection = new Projection(new View(epoch, 0), ring, replicaSets, start);
        self = ring.get(position);
        for (int c = 0; c < CLIENTS; c++) {
            clientKeys.put(c, clientKey(c));
        }
        kernel = Switch.bootingInto(self, config, projection);
        kernel.start();
        pipeline = RingWorldDataPlane.newPipeline(program);
        LeaderPathSetup.installView(pipeline, projection, self, config, CLUSTER_KEY, clientKeys);
        encoder = new WireEncoder(Keyring.forClusterMember(CLUSTER_KEY, clientKeys), WireLimits.DEFAULT);
    }

    static WireKey clientKey(int c) {
        byte[] k = new byte[8];
        for (int b = 0; b < 8; b++) {
            k[b] = (byte) (16 * c + 0x10 + b);
        }
        return WireKey.of(k);
    }

    View view() {
        return projection.view();
    }

    /** The first index this switch leads in the view, and the step between its indices. */
    long firstOwn() {
        long start = projection.start();
        return start + Math.floorMod(projection.positionOf(self) - start, (long) projection.ring().size());
    }

    long ownIndex(int k) {
        return firstOwn() + (long) k * projection.ring().size();
    }

    /** The data plane's commit index register pair (the kernel's nextOwn). */
    long dataPlaneNextOwn() {
        return pipeline.readRegister("RingWorldIngress.next_own_hi", 0).value() << 32
                | pipeline.readRegister("RingWorldIngress.next_own_lo", 0).value();
    }

    ServerId server(long index, int member) {
        return new ServerId(projection.replicaSetOf(index), member);
    }

    Message.Assign assign(long index, int client, long requestId) {
        byte[] app = ("entry " + index + " of client " + client).getBytes(StandardCharsets.UTF_8);
        return new Message.Assign(view(), index, new ClientId(client), requestId,
                SealedPayload.seal(clientKeys.get(client), client, app));
    }

    Message.WriteAck ack(long index, int member) {
        return new Message.WriteAck(view(), index, server(index, member), true, view());
    }

    /** What both sides sent for one message from {@code from}. */
    record Step(List<Sent> kernel, List<Sent> dataPlane, List<CpuHeaders.PacketIn> toCpu) {
        /** The one reason the frame reached the CPU (every frame does, once). */
        CpuReason reason() {
            if (toCpu.size() != 1) {
                throw new AssertionError("a frame must reach the CPU once, got " + toCpu);
            }
            return toCpu.get(0).reason();
        }
    }

    /** A frame sent to a node, as hex (compared as bytes). */
    record Sent(NodeId to, String frameHex) {
    }

    byte[] frame(NodeId from, Message m) {
        return encoder.encode(from, self, m);
    }

    Step deliver(NodeId from, Message m) {
        return deliverFrame(from, m, frame(from, m));
    }

    /** Steps the kernel on {@code m} and the pipeline on {@code frame} (its encoding, or a damaged one). */
    Step deliverFrame(NodeId from, Message m, byte[] frame) {
        List<Sent> k = new ArrayList<>();
        if (m != null) {
            for (Effect e : kernel.deliver(m)) {
                if (e instanceof Effect.Send s) {
                    for (Message one : flatten(s.message())) {
                        if (one instanceof Message.Write || one instanceof Message.AppendReply
                                || one instanceof Message.AppendJunked) {
                            k.add(new Sent(s.to(), HexFormat.of().formatHex(encoder.encode(self, s.to(), one))));
                        }
                    }
                }
            }
        }
        List<Sent> d = new ArrayList<>();
        List<CpuHeaders.PacketIn> cpu = new ArrayList<>();
        for (OutputPacket out : pipeline.process(SwitchPorts.portOf(from), frame)) {
            if (out.port() == SwitchPorts.CPU_PORT) {
                cpu.add(CpuHeaders.PacketIn.parse(out.bytes()));
            } else {
                d.add(new Sent(SwitchPorts.nodeAt(out.port()), HexFormat.of().formatHex(out.bytes())));
            }
        }
        return new Step(k, d, cpu);
    }

    private static List<? extends Message> flatten(Message m) {
        if (m instanceof Message.Merged merged) {
            return merged.members();
        }
        return List.of(m);
    }
}
