package io.ringworld.kernel.wire;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.Entry;
import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.Projection;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.message.Message;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Test keys, one fixed sample of every message type (the golden vectors), and random valid
 * messages of every type with a sender and receiver that may exchange them.
 */
final class WireSamples {
    static final int CLIENTS = 16;
    /** The cluster key of the golden vectors: bytes 00 01 .. 07. */
    static final WireKey CLUSTER_KEY = WireKey.of(new byte[] {0, 1, 2, 3, 4, 5, 6, 7});

    private WireSamples() {
    }

    /** Client c's key of the golden vectors: bytes (16c + 0x10) .. (16c + 0x17), low bytes. */
    static WireKey clientKey(int c) {
        byte[] k = new byte[8];
        for (int i = 0; i < 8; i++) {
            k[i] = (byte) (16 * c + 0x10 + i);
        }
        return WireKey.of(k);
    }

    static Map<Integer, WireKey> clientKeys() {
        Map<Integer, WireKey> keys = new HashMap<>();
        for (int c = 0; c < CLIENTS; c++) {
            keys.put(c, clientKey(c));
        }
        return keys;
    }

    static Keyring member() {
        return Keyring.forClusterMember(CLUSTER_KEY, clientKeys());
    }

    static Keyring client(int c) {
        return Keyring.forClient(c, clientKey(c));
    }

    /** A message on the wire: who sends it to whom. */
    record Sample(String name, NodeId sender, NodeId to, Message message) {
        /** The keyring of the receiver. */
        Keyring receiverKeys() {
            return to instanceof ClientId c ? client(c.index()) : member();
        }

        WireDecoder.PayloadCheck receiverCheck() {
            return to instanceof ClientId ? WireDecoder.PayloadCheck.KNOWN_WRITERS : WireDecoder.PayloadCheck.ALL;
        }
    }

    static Payload sealed(int writer, String text) {
        return SealedPayload.seal(clientKey(writer), writer, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** One fixed sample per message type, in type-code order. */
    static List<Sample> golden() {
        SwitchId s0 = new SwitchId(0);
        SwitchId s1 = new SwitchId(1);
        ServerId r01 = new ServerId(0, 1);
        ClientId c2 = new ClientId(2);
        View v = new View(3, 1);
        Payload p = sealed(2, "hello, ring");
        List<Sample> out = new ArrayList<>();
        out.add(new Sample("append-request", c2, s0, new Message.AppendRequest(c2, 7, p, 1, 0)));
        out.add(new Sample("append-stale", s0, c2, new Message.AppendStale(7, s0, 2, 1)));
        out.add(new Sample("append-reply", s0, c2, new Message.AppendReply(7, 42, v)));
        out.add(new Sample("append-junked", s0, c2, new Message.AppendJunked(7, 43)));
        out.add(new Sample("busy", s0, c2, new Message.Busy(8)));
        out.add(new Sample("get-tail-request", c2, s0, new Message.GetTailRequest(c2, 9)));
        out.add(new Sample("get-tail-reply", s0, c2, new Message.GetTailReply(9, 41, s0, 2, 1)));
        out.add(new Sample("read-request", c2, s0, new Message.ReadRequest(c2, 10, 42)));
        out.add(new Sample("read-redirect", s0, c2, new Message.ReadRedirect(10, 42, v,
                List.of(new ServerId(0, 0), r01, new ServerId(0, 2)))));
        out.add(new Sample("read-not-yet", s0, c2, new Message.ReadNotYet(10, 99)));
        out.add(new Sample("read-retry", s0, c2, new Message.ReadRetry(10, 42)));
        out.add(new Sample("read-trimmed", s0, c2, new Message.ReadTrimmed(10, 3)));
        out.add(new Sample("trim-request", c2, s0, new Message.TrimRequest(c2, 11, 20)));
        out.add(new Sample("trim-reply", s0, c2, new Message.TrimReply(11, 20)));
        out.add(new Sample("server-read", c2, r01, new Message.ServerRead(c2, 12, 42, v)));
        out.add(new Sample("server-read-reply", r01, c2, new Message.ServerReadReply(12, 42, r01,
                Message.ReadStatus.OK, v, p)));
        out.add(new Sample("token", s0, s1, new Message.Token(v, 42, 40, 41, 17, s0, 5, 3)));
        // AdmitSwitch (wire version 4): a token that goes round switches admitted to its view.
        out.add(new Sample("token-joined", s0, s1, new Message.Token(v, 42, 40, 41, 17, s0, 5, 3,
                List.of(new SwitchId(2), new SwitchId(5)))));
        out.add(new Sample("token-ack", s1, s0, new Message.TokenAck(v, 17, s1)));
        out.add(new Sample("assign", s0, s1, new Message.Assign(v, 42, c2, 7, p)));
        out.add(new Sample("join", s1, s0, new Message.Join(s1, 6)));
        out.add(new Sample("seal", s1, s0, new Message.Seal(new View(4, 1), 40, s1, 2)));
        out.add(new Sample("switch-seal-reply", s0, s1, new Message.SwitchSealReply(new View(4, 1), s0, true, v, 42,
                0, 5, 3)));
        out.add(new Sample("install", s1, s0, new Message.Install(new Projection(new View(4, 1), List.of(s1, s0), 2,
                43), 41, 3, List.of(2L, 0L), 5)));
        out.add(new Sample("install-admission", s1, new SwitchId(2), new Message.Install(new Projection(new View(4, 1),
                List.of(s1, s0), 2, 43), 41, 3, List.of(2L, 0L, 6L), 5, List.of(new SwitchId(2)))));
        out.add(new Sample("view-check", s0, new ServerId(0, 0), new Message.ViewCheck(v, 5, s0)));
        out.add(new Sample("view-check-reply", new ServerId(0, 0), s0, new Message.ViewCheckReply(5, v,
                new ServerId(0, 0), v)));
        out.add(new Sample("write", s0, r01, new Message.Write(v, 42, p, s0)));
        out.add(new Sample("write-ack", r01, s0, new Message.WriteAck(v, 42, r01, true, v)));
        out.add(new Sample("server-seal-reply", r01, s1, new Message.ServerSealReply(new View(4, 1), r01, true,
                new View(4, 1), 42, 3, List.of(new Entry(41, v, Payload.JUNK), new Entry(42, v, p)), View.NONE, 1,
                2)));
        out.add(new Sample("fence", s1, r01, new Message.Fence(new View(4, 1), 43, s1, 2)));
        out.add(new Sample("fence-ack", r01, s1, new Message.FenceAck(new View(4, 1), r01, false, new View(5, 0))));
        out.add(new Sample("server-trim", s0, r01, new Message.ServerTrim(6, 20, s0, v)));
        out.add(new Sample("trim-ack", r01, s0, new Message.TrimAck(6, 20, r01, true, v)));
        // damaged and wiped disks (issue 19)
        ServerId r00 = new ServerId(0, 0);
        out.add(new Sample("server-read-reply-unknown", r01, c2, new Message.ServerReadReply(13, 44, r01,
                Message.ReadStatus.UNKNOWN, null, null)));
        out.add(new Sample("server-seal-reply-unknown", r00, s1, new Message.ServerSealReply(new View(4, 1), r00, true,
                new View(4, 1), 42, 3, List.of(new Entry(42, v, p)), v, 40, 2,
                List.of(new io.ringworld.kernel.server.IndexRange(41, 41),
                        new io.ringworld.kernel.server.IndexRange(43, Long.MAX_VALUE)))));
        out.add(new Sample("relearn-query", r00, s0, new Message.RelearnQuery(3, r00)));
        out.add(new Sample("relearn-server-reply", r01, r00, new Message.RelearnServerReply(3, r01, true, v, v, 40, 3)));
        out.add(new Sample("relearn-switch-reply", s0, r00, new Message.RelearnSwitchReply(3, s0, new View(4, 1), 39)));
        out.add(new Sample("repair-read", r00, r01, new Message.RepairRead(4, 41, r00)));
        out.add(new Sample("repair-reply", r01, r00, new Message.RepairReply(4, 41, r01, Message.ReadStatus.OK, v, p)));
        // bounded seal replies (issue 19): a middle page (from 41, the next from 43) and the request for it
        out.add(new Sample("server-seal-reply-page", r01, s1, new Message.ServerSealReply(new View(4, 1), r01, true,
                new View(4, 1), 44, 3, List.of(new Entry(41, v, Payload.JUNK), new Entry(42, v, p)), View.NONE, 1,
                2, List.of(), 41, 43)));
        out.add(new Sample("seal-page", s1, r01, new Message.SealPage(new View(4, 1), 41, s1, 2)));
        // pre-vote (issue 19, item 3)
        out.add(new Sample("ring-alive", s0, r00, new Message.RingAlive(v, s0)));
        out.add(new Sample("pre-vote", s1, r00, new Message.PreVote(v, 7, s1)));
        out.add(new Sample("pre-vote-reply", r00, s1, new Message.PreVoteReply(7, r00, false, v)));
        // merged messages (wire version 7): one step's Assigns, Writes, WriteAcks to one receiver
        out.add(new Sample("assigns", s0, s1, new Message.Assigns(List.of(new Message.Assign(v, 43, c2, 8, p),
                new Message.Assign(v, 46, new ClientId(3), 1, p)))));
        out.add(new Sample("writes", s0, r01, new Message.Writes(List.of(new Message.Write(v, 42, p, s0),
                new Message.Write(v, 45, Payload.JUNK, s0)))));
        out.add(new Sample("write-acks", r01, s0, new Message.WriteAcks(List.of(new Message.WriteAck(v, 42, r01, true, v),
                new Message.WriteAck(v, 45, r01, true, v), new Message.WriteAck(v, 48, r01, true, v)))));
        // merged messages (wire version 8): one step's appends of a client to one switch, and a
        // leader's answers to one client
        out.add(new Sample("append-requests", c2, s0, new Message.AppendRequests(List.of(
                new Message.AppendRequest(c2, 7, p, 1, 0), new Message.AppendRequest(c2, 8, sealed(2, "and again"), 1, 0)))));
        out.add(new Sample("append-replies", s0, c2, new Message.AppendReplies(List.of(new Message.AppendReply(7, 42, v),
                new Message.AppendReply(8, 43, v)))));
        return out;
    }
}
