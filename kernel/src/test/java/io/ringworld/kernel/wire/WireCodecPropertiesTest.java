package io.ringworld.kernel.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.ringworld.kernel.ClientId;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the codec over random valid messages of every type (each try draws a type and
 * a seed; the seed, printed by jqwik on failure, rebuilds the message exactly).
 */
class WireCodecPropertiesTest {

    @Provide
    Arbitrary<MessageType> types() {
        return Arbitraries.of(MessageType.class).filter(t -> t != MessageType.BATCH);
    }

    /**
     * A batch of 2 to 12 random messages of one sender to one receiver (every type that pair
     * exchanges, drawn with repetition) decodes to the same messages in the same order, from
     * as many frames as the encoder cut at a random target; an altered byte of a frame is
     * rejected as in a frame of one message.
     */
    @Property(tries = 20_000)
    void aBatchDecodesToItsMessagesAndAnAlteredByteIsRejected(@ForAll long seed) {
        java.util.Map<java.util.List<io.ringworld.kernel.NodeId>, java.util.List<WireSamples.Sample>> pairs =
                new java.util.LinkedHashMap<>();
        for (MessageType t : MessageType.values()) {
            if (t != MessageType.BATCH) {
                WireSamples.Sample s = new RandomMessages(seed).sample(t); // same seed: same sender and receiver ids
                pairs.computeIfAbsent(java.util.List.of(s.sender(), s.to()), k -> new java.util.ArrayList<>()).add(s);
            }
        }
        Random r = new Random(seed);
        java.util.List<WireSamples.Sample> pair = new java.util.ArrayList<>(pairs.values()).get(r.nextInt(pairs.size()));
        java.util.List<io.ringworld.kernel.message.Message> batch = new java.util.ArrayList<>();
        for (int n = 2 + r.nextInt(11); batch.size() < n;) {
            batch.add(pair.get(r.nextInt(pair.size())).message());
        }
        WireSamples.Sample first = pair.get(0);
        WireEncoder e = new WireEncoder(first.sender() instanceof ClientId c ? WireSamples.client(c.index())
                : WireSamples.member(), WireLimits.DEFAULT);
        java.util.List<byte[]> frames = new java.util.ArrayList<>();
        int target = 64 + r.nextInt(64 << 10);
        for (int i = 0; i < batch.size();) {
            i = e.encodeBatch(first.sender(), first.to(), batch, i, target,
                    (b, off, len) -> frames.add(java.util.Arrays.copyOfRange(b, off, off + len)));
        }
        WireDecoder decoder = decoderFor(first);
        java.util.List<io.ringworld.kernel.message.Message> decoded = new java.util.ArrayList<>();
        for (byte[] f : frames) {
            Decoded.Ok ok = assertInstanceOf(Decoded.Ok.class, decoder.decode(f), () -> batch.toString());
            assertEquals(first.sender(), ok.sender());
            decoded.addAll(ok.messages());
        }
        assertEquals(batch, decoded);
        byte[] frame = frames.get(r.nextInt(frames.size()));
        int at = r.nextInt(frame.length);
        frame[at] ^= (byte) (1 + r.nextInt(255));
        Decoded d = decoder.decode(frame);
        if (d instanceof Decoded.Ok) {
            boolean inPayloadSection = at >= frame.length - (BodyReader.getInt(frame, 20));
            assertEquals(true, inPayloadSection && first.receiverCheck() == WireDecoder.PayloadCheck.KNOWN_WRITERS,
                    () -> "byte " + at + " of a batch of " + batch + " altered, still decoded");
        }
    }

    static byte[] encode(WireSamples.Sample s) {
        return new WireEncoder(s.sender() instanceof ClientId c ? WireSamples.client(c.index()) : WireSamples.member(),
                WireLimits.DEFAULT).encode(s.sender(), s.to(), s.message());
    }

    static WireDecoder decoderFor(WireSamples.Sample s) {
        return new WireDecoder(s.receiverKeys(), WireLimits.DEFAULT, s.receiverCheck());
    }

    /** Encode then decode is the identity, sender included. */
    @Property(tries = 200_000)
    void decodeOfEncodeIsTheIdentity(@ForAll("types") MessageType type, @ForAll long seed) {
        WireSamples.Sample s = new RandomMessages(seed).sample(type);
        Decoded d = decoderFor(s).decode(encode(s));
        Decoded.Ok ok = assertInstanceOf(Decoded.Ok.class, d, () -> s + " -> " + d);
        assertEquals(s.message(), ok.message());
        assertEquals(s.sender(), ok.sender());
    }

    /**
     * Any change to one byte of a frame is rejected: in the header, body or MAC by the MAC (or
     * an earlier header check), in a sealed payload by its end-to-end tag.
     */
    @Property(tries = 20_000)
    void anAlteredByteIsRejected(@ForAll("types") MessageType type, @ForAll long seed) {
        WireSamples.Sample s = new RandomMessages(seed).sample(type);
        byte[] frame = encode(s);
        Random r = new Random(seed);
        int at = r.nextInt(frame.length);
        frame[at] ^= (byte) (1 + r.nextInt(255));
        WireDecoder decoder = decoderFor(s);
        Decoded d = decoder.decode(frame);
        if (d instanceof Decoded.Ok ok) {
            // A payload byte a reading client cannot check (another writer's key): it must be in one.
            boolean inPayloadSection = at >= frame.length - (BodyReader.getInt(frame, 20));
            assertEquals(true, inPayloadSection && s.receiverCheck() == WireDecoder.PayloadCheck.KNOWN_WRITERS,
                    () -> "byte " + at + " of " + s + " altered, still decoded: " + ok.message());
        }
        assertEquals(d instanceof Decoded.Rejected ? 1 : 0, decoder.rejectedTotal());
    }

    /** Random bytes, and random bytes behind a valid header, never throw out of the decoder. */
    @Property(tries = 20_000)
    void garbageIsRejectedNeverThrown(@ForAll byte[] noise, @ForAll("types") MessageType type, @ForAll long seed) {
        WireDecoder decoder = new WireDecoder(WireSamples.member(), WireLimits.DEFAULT, WireDecoder.PayloadCheck.ALL);
        Decoded d1 = decoder.decode(noise);
        byte[] frame = encode(new RandomMessages(seed).sample(type));
        byte[] spliced = frame.clone();
        System.arraycopy(noise, 0, spliced, WireFormat.HEADER_BYTES,
                Math.min(noise.length, spliced.length - WireFormat.HEADER_BYTES));
        Decoded d2 = decoder.decode(spliced);
        assertEquals(2, decoder.accepted() + decoder.rejectedTotal(), d1 + " / " + d2);
    }
}
