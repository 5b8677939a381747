package io.ringworld.kernel.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.message.Message;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Wire version 6's BATCH frame: several messages of one sender to one receiver under one MAC,
 * split by the encoder at a target size, every inner message held to the checks a frame of its
 * own gets, and a batch inside a batch refused.
 */
class WireBatchTest {
    static final SwitchId S0 = new SwitchId(0);
    static final SwitchId S1 = new SwitchId(1);
    static final ServerId R00 = new ServerId(0, 0);
    static final ClientId C2 = new ClientId(2);
    static final View V = new View(3, 1);

    final WireEncoder memberEncoder = new WireEncoder(WireSamples.member(), WireLimits.DEFAULT);
    final WireDecoder member = new WireDecoder(WireSamples.member(), WireLimits.DEFAULT, WireDecoder.PayloadCheck.ALL);

    /** Every frame {@code encodeBatch} makes of {@code messages}, at {@code targetBytes}. */
    static List<byte[]> frames(WireEncoder e, NodeId from, NodeId to, List<Message> messages, int targetBytes) {
        List<byte[]> out = new ArrayList<>();
        int i = 0;
        while (i < messages.size()) {
            int next = e.encodeBatch(from, to, messages, i, targetBytes,
                    (b, off, len) -> out.add(java.util.Arrays.copyOfRange(b, off, off + len)));
            assertTrue(next > i, "encodeBatch took nothing at " + i);
            i = next;
        }
        return out;
    }

    static List<Message> writes(int n, int payloadBytes) {
        List<Message> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Message.Write(V, 100 + i, WireSamples.sealed(2, "x".repeat(payloadBytes)), S0));
        }
        return out;
    }

    @Test
    void aBatchDecodesToItsMessagesInOrder() {
        List<Message> w = writes(5, 1000);
        List<byte[]> f = frames(memberEncoder, S0, R00, w, 1 << 20);
        assertEquals(1, f.size());
        assertEquals(MessageType.BATCH.code(), f.get(0)[3] & 0xff);
        Decoded.Ok ok = assertInstanceOf(Decoded.Ok.class, member.decode(f.get(0)));
        assertEquals(S0, ok.sender());
        assertEquals(w, ok.messages());
        assertThrows(IllegalStateException.class, ok::message, "a batch has no single message");
        // Acks back, and a switch's replies to a client (keyed with the client's key).
        List<Message> acks = List.of(new Message.WriteAck(V, 100, R00, true, V), new Message.WriteAck(V, 101, R00, false, V));
        Decoded.Ok back = assertInstanceOf(Decoded.Ok.class, member.decode(frames(memberEncoder, R00, S0, acks, 1 << 20).get(0)));
        assertEquals(acks, back.messages());
        List<Message> replies = List.of(new Message.AppendReply(7, 42, V), new Message.Busy(8), new Message.AppendReply(9, 43, V));
        WireDecoder client = new WireDecoder(WireSamples.client(2), WireLimits.DEFAULT, WireDecoder.PayloadCheck.KNOWN_WRITERS);
        assertEquals(replies, ((Decoded.Ok) client.decode(frames(memberEncoder, S0, C2, replies, 1 << 20).get(0))).messages());
    }

    @Test
    void oneMessageGoesAsAFrameOfItsOwnType() {
        List<Message> one = writes(1, 10);
        byte[] f = frames(memberEncoder, S0, R00, one, 1 << 20).get(0);
        assertEquals(MessageType.WRITE.code(), f[3] & 0xff);
        assertEquals(one.get(0), ((Decoded.Ok) member.decode(f)).message());
    }

    @Test
    void theEncoderSplitsAtTheTargetAndKeepsTheOrder() {
        List<Message> w = writes(100, 1000);
        List<byte[]> f = frames(memberEncoder, S0, R00, w, 16 << 10);
        assertTrue(f.size() >= 7 && f.size() <= 8, f.size() + " frames");
        List<Message> decoded = new ArrayList<>();
        for (byte[] frame : f) {
            assertTrue(frame.length <= 16 << 10, "a frame of " + frame.length + " bytes");
            decoded.addAll(((Decoded.Ok) member.decode(frame)).messages());
        }
        assertEquals(w, decoded);
        // A message larger than the target goes alone, as its own type.
        List<Byte> types = new ArrayList<>();
        for (byte[] frame : frames(memberEncoder, S0, R00, writes(3, 5000), 4096)) {
            types.add(frame[3]);
        }
        assertEquals(List.of((byte) MessageType.WRITE.code(), (byte) MessageType.WRITE.code(),
                (byte) MessageType.WRITE.code()), types);
    }

    @Test
    void theEncoderRefusesWhatNoFrameMayCarry() {
        // A server does not send tokens, in a batch or alone.
        List<Message> bad = List.of(new Message.WriteAck(V, 1, R00, true, V), new Message.Join(S1));
        assertThrows(IllegalArgumentException.class, () -> frames(memberEncoder, R00, S0, bad, 1 << 20));
        assertThrows(IllegalArgumentException.class,
                () -> memberEncoder.encodeBatch(S0, R00, writes(2, 1), 2, 1 << 20, (b, o, l) -> { }));
    }

    /** A batch of two tokens from S0, then altered at {@code at} to {@code value} and re-signed. */
    byte[] alteredTokens(int at, int value) {
        List<Message> tokens = List.of(new Message.Token(V, 42, 40, 41, 17, S0, 5, 3),
                new Message.Token(V, 43, 40, 41, 18, S0, 5, 3));
        byte[] f = frames(memberEncoder, S0, S1, tokens, 1 << 20).get(0);
        BodyWriter.putInt(f, at, value);
        return WireDecoderTest.resign(f, WireSamples.CLUSTER_KEY);
    }

    @Test
    void malformedBatchesAreRejectedAndCounted() {
        int count = WireFormat.HEADER_BYTES;
        int firstType = count + 4;
        assertInstanceOf(Decoded.Ok.class, member.decode(alteredTokens(firstType, MessageType.TOKEN.code())));
        assertEquals(RejectReason.UNKNOWN_TYPE, rejected(alteredTokens(firstType, MessageType.BATCH.code())),
                "a batch inside a batch");
        assertEquals(RejectReason.UNKNOWN_TYPE, rejected(alteredTokens(firstType, 200)));
        assertEquals(RejectReason.BAD_FIELD, rejected(alteredTokens(count, 1)), "a batch of one");
        assertEquals(RejectReason.TOO_MANY_ENTRIES, rejected(alteredTokens(count, WireFormat.BATCH_MESSAGES_MAX + 1)));
        assertEquals(RejectReason.BAD_FIELD, rejected(alteredTokens(count, 1000)), "more messages than bytes");
        assertEquals(RejectReason.TRAILING_BYTES, rejected(trailing()));
        // A server may not send a Write (a switch's): the inner type is checked against the sender.
        assertEquals(RejectReason.BAD_SENDER, rejected(serverSendsWrite()));
        // An inner message naming another sender than the header's.
        List<Message> forged = List.of(new Message.Token(V, 42, 40, 41, 17, S0, 5, 3),
                new Message.Token(V, 43, 40, 41, 18, S1, 5, 3));
        assertEquals(RejectReason.BAD_SENDER, rejected(frames(memberEncoder, S0, S1, forged, 1 << 20).get(0)));
        // The frame's MAC covers every inner message.
        byte[] altered = frames(memberEncoder, S0, S1, List.of(new Message.Token(V, 42, 40, 41, 17, S0, 5, 3),
                new Message.Token(V, 43, 40, 41, 18, S0, 5, 3)), 1 << 20).get(0);
        altered[altered.length - 10] ^= 1;
        assertEquals(RejectReason.BAD_MAC, rejected(altered));
    }

    /** Two tokens with the count saying 2, and four stray body bytes after them. */
    byte[] trailing() {
        List<Message> tokens = List.of(new Message.Token(V, 42, 40, 41, 17, S0, 5, 3),
                new Message.Token(V, 43, 40, 41, 18, S0, 5, 3));
        byte[] f = frames(memberEncoder, S0, S1, tokens, 1 << 20).get(0);
        int body = BodyReader.getInt(f, 16);
        byte[] g = new byte[f.length + 4];
        System.arraycopy(f, 0, g, 0, WireFormat.HEADER_BYTES + body);
        BodyWriter.putInt(g, 16, body + 4);
        return WireDecoderTest.resign(g, WireSamples.CLUSTER_KEY);
    }

    /** A server's batch of two WriteAcks whose second type code is altered to WRITE. */
    byte[] serverSendsWrite() {
        List<Message> acks = List.of(new Message.WriteAck(V, 1, R00, true, V), new Message.WriteAck(V, 2, R00, true, V));
        byte[] f = frames(memberEncoder, R00, S0, acks, 1 << 20).get(0);
        BodyWriter.putInt(f, WireFormat.HEADER_BYTES + 4, MessageType.WRITE.code());
        return WireDecoderTest.resign(f, WireSamples.CLUSTER_KEY);
    }

    @Test
    void keysAndPayloadTagsAreCheckedPerMessage() {
        // A switch's batch to another switch signed with a client's key carries cluster traffic:
        // refused once the inner types are read.
        List<Message> tokens = List.of(new Message.Token(V, 42, 40, 41, 17, S0, 5, 3),
                new Message.Token(V, 43, 40, 41, 18, S0, 5, 3));
        byte[] f = frames(memberEncoder, S0, S1, tokens, 1 << 20).get(0);
        BodyWriter.putInt(f, 12, WireFormat.clientKeyId(2));
        assertEquals(RejectReason.KEY_NOT_ALLOWED, rejected(WireDecoderTest.resign(f, WireSamples.clientKey(2))));
        // A client's batch of appends: each payload must be sealed by that client.
        WireEncoder c3 = new WireEncoder(WireSamples.client(3), WireLimits.DEFAULT);
        ClientId me = new ClientId(3);
        Payload mine = WireSamples.sealed(3, "mine");
        Payload someoneElses = WireSamples.sealed(2, "theirs");
        List<Message> ok = List.of(new Message.AppendRequest(me, 1, mine), new Message.AppendRequest(me, 2, mine));
        assertEquals(ok, ((Decoded.Ok) member.decode(frames(c3, me, S0, ok, 1 << 20).get(0))).messages());
        List<Message> replayed = List.of(new Message.AppendRequest(me, 1, mine), new Message.AppendRequest(me, 2, someoneElses));
        assertEquals(RejectReason.BAD_PAYLOAD_TAG, rejected(frames(c3, me, S0, replayed, 1 << 20).get(0)));
    }

    @Test
    void aVersion5FrameIsRefusedByVersion() {
        byte[] f = frames(memberEncoder, S0, R00, writes(3, 10), 1 << 20).get(0);
        f[2] = 5;
        assertEquals(RejectReason.UNKNOWN_VERSION, rejected(f));
    }

    RejectReason rejected(byte[] frame) {
        long before = member.rejectedTotal();
        Decoded.Rejected r = assertInstanceOf(Decoded.Rejected.class, member.decode(frame));
        assertEquals(before + 1, member.rejectedTotal());
        assertTrue(!r.detail().isBlank());
        return r.reason();
    }
}
