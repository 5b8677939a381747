package io.ringworld.kernel.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.message.Message;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every rejection reason, produced by a crafted frame, named and counted. */
class WireDecoderTest {
    static final SwitchId S0 = new SwitchId(0);
    static final SwitchId S1 = new SwitchId(1);
    static final ServerId R00 = new ServerId(0, 0);
    static final ClientId C2 = new ClientId(2);
    static final View V = new View(3, 1);

    final WireEncoder memberEncoder = new WireEncoder(WireSamples.member(), WireLimits.DEFAULT);
    final WireDecoder member = new WireDecoder(WireSamples.member(), WireLimits.DEFAULT, WireDecoder.PayloadCheck.ALL);

    byte[] token() {
        return memberEncoder.encode(S0, S1, new Message.Token(V, 42, 40, 41, 17, S0, 5, 3));
    }

    /** Re-signs a frame altered on purpose with {@code key}, so only the intended check fails. */
    static byte[] resign(byte[] frame, WireKey key) {
        int macAt = WireFormat.HEADER_BYTES + BodyReader.getInt(frame, 16);
        SealedPayload.putTag(frame, macAt, key.mac(frame, 0, macAt));
        return frame;
    }

    static void putLong(byte[] b, int at, long v) {
        BodyWriter.putInt(b, at, (int) (v >>> 32));
        BodyWriter.putInt(b, at + 4, (int) v);
    }

    RejectReason rejected(WireDecoder d, byte[] frame) {
        long before = d.rejectedTotal();
        Decoded.Rejected r = assertInstanceOf(Decoded.Rejected.class, d.decode(frame));
        assertEquals(before + 1, d.rejectedTotal());
        assertTrue(d.rejected(r.reason()) >= 1, r.detail());
        assertTrue(!r.detail().isBlank());
        return r.reason();
    }

    @Test
    void aValidFrameIsAcceptedAndCounted() {
        Decoded.Ok ok = assertInstanceOf(Decoded.Ok.class, member.decode(token()));
        assertEquals(S0, ok.sender());
        assertEquals(1, member.accepted());
        assertEquals(0, member.rejectedTotal());
    }

    @Test
    void headerChecks() {
        assertEquals(RejectReason.TRUNCATED_HEADER, rejected(member, new byte[10]));
        byte[] f = token();
        f[0] = 'X';
        assertEquals(RejectReason.BAD_MAGIC, rejected(member, f));
        f = token();
        f[2] = (byte) (WireFormat.VERSION + 1);
        assertEquals(RejectReason.UNKNOWN_VERSION, rejected(member, f));
        f = token();
        f[2] = 1; // version 1 (before issue 19's disk messages): its seal replies lack the unknown ranges
        assertEquals(RejectReason.UNKNOWN_VERSION, rejected(member, f));
        f = token();
        f[3] = (byte) 99;
        assertEquals(RejectReason.UNKNOWN_TYPE, rejected(member, f));
        f = token();
        assertEquals(RejectReason.LENGTH_MISMATCH, rejected(member, java.util.Arrays.copyOf(f, f.length + 1)));
        f = token();
        f[4] = 9;
        assertEquals(RejectReason.BAD_SENDER, rejected(member, f));
        assertEquals(2, member.rejected(RejectReason.UNKNOWN_VERSION));
        assertEquals(1, member.rejected(RejectReason.UNKNOWN_TYPE));
        assertEquals(7, member.rejectedTotal());
    }

    @Test
    void aFrameOverTheLimitIsRejectedBeforeAnythingIsAllocated() {
        byte[] f = token();
        BodyWriter.putInt(f, 20, Integer.MAX_VALUE);
        assertEquals(RejectReason.FRAME_TOO_LARGE, rejected(member, f));
        assertEquals(-2, member.frameBytes(f, 0, f.length));
        assertEquals(-1, member.frameBytes(f, 0, 10));
        assertEquals(token().length, member.frameBytes(token(), 0, WireFormat.HEADER_BYTES));
    }

    @Test
    void aForgedOrAlteredFrameIsRejectedByItsMac() {
        byte[] f = token();
        f[40] ^= 1;
        assertEquals(RejectReason.BAD_MAC, rejected(member, f));
        WireKey attacker = WireKey.of(new byte[] {9, 9, 9, 9, 9, 9, 9, 9});
        byte[] forged = resign(token(), attacker);
        forged[40] ^= 1;
        assertEquals(RejectReason.BAD_MAC, rejected(member, resign(forged, attacker)));
    }

    @Test
    void aPlantedDecoderThatSkipsTheMacIsCaught() {
        byte[] f = token();
        f[40] ^= 1;
        member.verifyMac = false;
        assertInstanceOf(Decoded.Ok.class, member.decode(f), "the planted bug lets the altered token through");
    }

    @Test
    void keysAreBoundToSenders() {
        // A client signing with the cluster key, or as another client.
        byte[] f = new WireEncoder(WireSamples.client(2), WireLimits.DEFAULT).encode(C2, S0,
                new Message.GetTailRequest(C2, 9));
        BodyWriter.putInt(f, 12, WireFormat.CLUSTER_KEY_ID);
        assertEquals(RejectReason.KEY_NOT_ALLOWED, rejected(member, f));
        f = new WireEncoder(WireSamples.client(2), WireLimits.DEFAULT).encode(C2, S0, new Message.GetTailRequest(C2, 9));
        BodyWriter.putInt(f, 8, 3);
        assertEquals(RejectReason.KEY_NOT_ALLOWED, rejected(member, f));
        // A client cannot decode cluster traffic: it does not hold the cluster key.
        WireDecoder client = new WireDecoder(WireSamples.client(2), WireLimits.DEFAULT,
                WireDecoder.PayloadCheck.KNOWN_WRITERS);
        assertEquals(RejectReason.UNKNOWN_KEY, rejected(client, token()));
        // Nor another client's replies.
        byte[] toC3 = memberEncoder.encode(S0, new ClientId(3), new Message.Busy(5));
        assertEquals(RejectReason.UNKNOWN_KEY, rejected(client, toC3));
    }

    @Test
    void aMessageMustNameItsSender() {
        byte[] f = memberEncoder.encode(S0, S1, new Message.Token(V, 42, 40, 41, 17, S1, 5, 3));
        assertEquals(RejectReason.BAD_SENDER, rejected(member, f));
        // A server cannot send a token.
        assertThrows(IllegalArgumentException.class, () -> memberEncoder.encode(R00, S1, new Message.Join(S1)));
        // A switch forwarding a client's read keeps the client's name.
        assertInstanceOf(Decoded.Ok.class, member.decode(memberEncoder.encode(S0, S1, new Message.ReadRequest(C2, 1, 5))));
    }

    @Test
    void countsAndLengthsAreCheckedAgainstTheLimitsBeforeAllocation() {
        WireLimits tight = new WireLimits(1 << 20, 16, 2, 2, 2);
        WireDecoder d = new WireDecoder(WireSamples.member(), tight, WireDecoder.PayloadCheck.NONE);
        byte[] big = memberEncoder.encode(S0, R00, new Message.Write(V, 1, Payload.ofString("0123456789abcdefXYZ"), S0));
        assertEquals(RejectReason.PAYLOAD_TOO_LARGE, rejected(d, big));
        byte[] redirect = memberEncoder.encode(S0, C2, new Message.ReadRedirect(1, 2, V, List.of(R00, R00, R00)));
        assertEquals(RejectReason.TOO_MANY_ENTRIES, rejected(d, redirect), "3 replicas, the limit is 2");
        // A count of 2^31-1 ring members in a tiny body: refused by the limit, nothing allocated.
        byte[] install = memberEncoder.encode(S1, S0, new Message.Install(new io.ringworld.kernel.Projection(V,
                List.of(S1, S0), 2, 43), 41, 3, List.of(2L, 0L), 5));
        BodyWriter.putInt(install, WireFormat.HEADER_BYTES + 12 + 4 + 8, Integer.MAX_VALUE);
        assertEquals(RejectReason.TOO_MANY_ENTRIES, rejected(d, resign(install, WireSamples.CLUSTER_KEY)));
        // Within the limit but more than the body holds.
        WireDecoder loose = new WireDecoder(WireSamples.member(), WireLimits.DEFAULT, WireDecoder.PayloadCheck.NONE);
        BodyWriter.putInt(install, WireFormat.HEADER_BYTES + 12 + 4 + 8, 1000);
        assertEquals(RejectReason.BAD_FIELD, rejected(loose, resign(install, WireSamples.CLUSTER_KEY)));
    }

    /** Wire version 4 (AdmitSwitch): a token's and an install's joined lists name no switch twice, nor one of the ring. */
    @Test
    void joinedListsAreCheckedLikeTheRing() {
        SwitchId s2 = new SwitchId(2);
        byte[] token = memberEncoder.encode(S0, S1, new Message.Token(V, 42, 40, 41, 17, S0, 5, 3, List.of(s2, new SwitchId(3))));
        assertInstanceOf(Decoded.Ok.class, member.decode(token));
        // The second joined id (body offset 68 + 4) made equal to the first: the same switch twice.
        BodyWriter.putInt(token, WireFormat.HEADER_BYTES + 72, 2);
        assertEquals(RejectReason.BAD_FIELD, rejected(member, resign(token, WireSamples.CLUSTER_KEY)));
        // An install whose joined switch is a ring member (switch 0): re-encoded by hand, since
        // the record refuses it, by naming switch 2 and then changing its id in the body.
        byte[] install = memberEncoder.encode(S1, s2, new Message.Install(new io.ringworld.kernel.Projection(V,
                List.of(S1, S0), 2, 43), 41, 3, List.of(2L, 0L, 6L), 5, List.of(s2)));
        assertInstanceOf(Decoded.Ok.class, member.decode(install));
        int lastId = install.length - WireFormat.MAC_BYTES - 4;
        BodyWriter.putInt(install, lastId, 0);
        assertEquals(RejectReason.BAD_FIELD, rejected(member, resign(install, WireSamples.CLUSTER_KEY)));
        // The encoder bounds ring ++ joined by ringSwitchesMax.
        WireEncoder tight = new WireEncoder(WireSamples.member(), new WireLimits(1 << 20, 16, 2, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> tight.encode(S1, s2, new Message.Install(
                new io.ringworld.kernel.Projection(V, List.of(S1, S0), 2, 43), 41, 3, List.of(2L, 0L, 6L), 5, List.of(s2))));
    }

    @Test
    void sealedPayloadsAreCheckedEndToEnd() {
        Payload sealed = WireSamples.sealed(2, "value");
        byte[] app = memberEncoder.encode(S0, R00, new Message.Write(V, 1, sealed, S0));
        assertInstanceOf(Decoded.Ok.class, member.decode(app));
        // A switch (holding the cluster key) alters the payload and re-signs the frame: the tag says no.
        app[app.length - 1] ^= 1;
        assertEquals(RejectReason.BAD_PAYLOAD_TAG, rejected(member, app));
        byte[] unsealed = memberEncoder.encode(S0, R00, new Message.Write(V, 1, Payload.ofString("plain"), S0));
        assertEquals(RejectReason.BAD_PAYLOAD_TAG, rejected(member, unsealed));
        // A client appending another writer's sealed payload.
        byte[] replayed = new WireEncoder(WireSamples.client(3), WireLimits.DEFAULT).encode(new ClientId(3), S0,
                new Message.AppendRequest(new ClientId(3), 1, sealed));
        assertEquals(RejectReason.BAD_PAYLOAD_TAG, rejected(member, replayed));
        // A writer without a key here.
        Payload stranger = SealedPayload.seal(WireSamples.clientKey(40), 40, new byte[] {1});
        byte[] w = memberEncoder.encode(S0, R00, new Message.Write(V, 1, stranger, S0));
        assertEquals(RejectReason.UNKNOWN_PAYLOAD_WRITER, rejected(member, w));
        assertTrue(SealedPayload.verify(sealed, WireSamples.clientKey(2)));
        assertEquals(2, SealedPayload.writer(sealed));
        assertEquals("value", new String(SealedPayload.application(sealed), java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A software switch checks the payloads its clients append, not those switches forward to it. */
    @Test
    void aSwitchChecksTheTagsOfClientsAppendsOnly() {
        WireDecoder sw = new WireDecoder(WireSamples.member(), WireLimits.DEFAULT, WireDecoder.PayloadCheck.FROM_CLIENTS);
        Payload sealed = WireSamples.sealed(2, "value");
        byte[] append = new WireEncoder(WireSamples.client(2), WireLimits.DEFAULT).encode(new ClientId(2), S0,
                new Message.AppendRequest(new ClientId(2), 1, sealed));
        assertInstanceOf(Decoded.Ok.class, sw.decode(append));
        append[append.length - 1] ^= 1; // the payload's last byte (payloads are outside the frame MAC; their tag covers them)
        assertEquals(RejectReason.BAD_PAYLOAD_TAG, rejected(sw, append));
        Payload stranger = SealedPayload.seal(WireSamples.clientKey(40), 40, new byte[] {1});
        byte[] assign = memberEncoder.encode(S1, S0, new Message.Assign(V, 7, new ClientId(40), 1, stranger));
        assertInstanceOf(Decoded.Ok.class, sw.decode(assign), "a forwarded payload is the servers' to check");
        assertEquals(RejectReason.UNKNOWN_PAYLOAD_WRITER, rejected(member, assign), "a log server (ALL) checks it");
    }

    /** Issue 19: a damaged server's unknown ranges are bounded and must be sorted and disjoint. */
    @Test
    void unknownRangesInASealReplyAreBoundedSortedAndDisjoint() {
        java.util.function.Function<List<io.ringworld.kernel.server.IndexRange>, byte[]> reply = ranges ->
                memberEncoder.encode(R00, S0, new Message.ServerSealReply(V, R00, true, V, 5, 1, List.of(), V, 1, 0,
                        ranges));
        byte[] ok = reply.apply(List.of(new io.ringworld.kernel.server.IndexRange(2, 3),
                new io.ringworld.kernel.server.IndexRange(5, Long.MAX_VALUE)));
        Decoded.Ok decoded = assertInstanceOf(Decoded.Ok.class, member.decode(ok));
        assertTrue(((Message.ServerSealReply) decoded.message()).unknownAt(1_000_000));
        // The unknown list sits at the end of the body: count, then (first, last) pairs.
        int countAt = WireFormat.HEADER_BYTES + BodyReader.getInt(ok, 16) - 4 - 2 * 16;
        assertEquals(2, BodyReader.getInt(ok, countAt));
        // The second range starts inside the first: not sorted and disjoint.
        byte[] overlapping = ok.clone();
        putLong(overlapping, countAt + 4 + 16, 3);
        assertEquals(RejectReason.BAD_FIELD, rejected(member, resign(overlapping, WireSamples.CLUSTER_KEY)));
        // last below first
        byte[] inverted = ok.clone();
        putLong(inverted, countAt + 4 + 8, 1);
        assertEquals(RejectReason.BAD_FIELD, rejected(member, resign(inverted, WireSamples.CLUSTER_KEY)));
        // More ranges than the limit, refused before anything is allocated.
        WireDecoder tight = new WireDecoder(WireSamples.member(), new WireLimits(1 << 20, 1 << 16, 16, 4, 4, 1),
                WireDecoder.PayloadCheck.NONE);
        assertEquals(RejectReason.TOO_MANY_ENTRIES, rejected(tight, ok));
        assertThrows(IllegalArgumentException.class, () -> new WireEncoder(WireSamples.member(),
                new WireLimits(1 << 20, 1 << 16, 16, 4, 4, 1)).encode(R00, S0,
                ((Message.ServerSealReply) decoded.message())), "the encoder refuses what the limit forbids");
    }

    @Test
    void invalidFieldValuesAndTrailingBytes() {
        byte[] ack = memberEncoder.encode(R00, S0, new Message.WriteAck(V, 1, R00, true, V));
        // accepted = 7 is not a boolean
        BodyWriter.putInt(ack, WireFormat.HEADER_BYTES + 12 + 8 + 8, 7);
        assertEquals(RejectReason.BAD_FIELD, rejected(member, resign(ack, WireSamples.CLUSTER_KEY)));
        byte[] busy = memberEncoder.encode(S0, C2, new Message.Busy(5));
        WireDecoder client = new WireDecoder(WireSamples.client(2), WireLimits.DEFAULT, WireDecoder.PayloadCheck.NONE);
        byte[] longer = java.util.Arrays.copyOf(busy, busy.length + 4);
        System.arraycopy(busy, busy.length - 4, longer, busy.length, 4);
        BodyWriter.putInt(longer, 16, BodyReader.getInt(busy, 16) + 4);
        assertEquals(RejectReason.TRAILING_BYTES, rejected(client, resign(longer, WireSamples.clientKey(2))));
    }
}
