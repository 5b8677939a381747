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
        return Arbitraries.of(MessageType.class);
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
