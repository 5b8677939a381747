package io.ringworld.kernel.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.SwitchId;

/**
 * Jazzer fuzz targets for the wire decoder. In every build ({@code mvn verify}) they run their
 * regression inputs ({@code src/test/resources/io/ringworld/kernel/wire/WireDecoderFuzzTestInputs/}:
 * the golden vectors and whatever fuzzing found); with {@code JAZZER_FUZZ=1} they fuzz for up
 * to ten minutes and keep crashing inputs there (README: the command and the last run's count).
 */
class WireDecoderFuzzTest {

    /**
     * Any bytes, MAC off so mutations reach the body parser: the decoder never throws, counts
     * every frame once, and whatever it accepts encodes and decodes back to itself.
     */
    @FuzzTest(maxDuration = "10m")
    void anyFrame(byte[] data) {
        WireDecoder decoder = new WireDecoder(WireSamples.member(), WireLimits.DEFAULT, WireDecoder.PayloadCheck.NONE);
        decoder.verifyMac = false;
        Decoded d = decoder.decode(data);
        assertEquals(1, decoder.accepted() + decoder.rejectedTotal());
        if (d instanceof Decoded.Ok ok) {
            for (var m : ok.messages()) { // a batch's messages, each alone
                reencodes(ok.sender(), m);
            }
        }
    }

    private static void reencodes(io.ringworld.kernel.NodeId sender, io.ringworld.kernel.message.Message message) {
        Decoded.Ok ok = new Decoded.Ok(sender, message);
        {
            MessageType type = MessageType.of(ok.message());
            var to = type.toClient() ? new ClientId(0) : new SwitchId(0);
            var keys = ok.sender() instanceof ClientId c ? Keyring.forClient(c.index(), WireSamples.clientKey(c.index()))
                    : WireSamples.member();
            byte[] again = new WireEncoder(keys, WireLimits.DEFAULT).encode(ok.sender(), to, ok.message());
            WireDecoder checked = new WireDecoder(to instanceof ClientId c ? Keyring.forClient(c.index(),
                    WireSamples.clientKey(c.index())) : WireSamples.member(), WireLimits.DEFAULT,
                    WireDecoder.PayloadCheck.NONE);
            Decoded.Ok back = assertInstanceOf(Decoded.Ok.class, checked.decode(again));
            assertEquals(ok.message(), back.message());
        }
    }

    /** Any bytes with the MAC on, as a real node decodes: never throws, counted once. */
    @FuzzTest(maxDuration = "10m")
    void anyFrameAuthenticated(byte[] data) {
        WireDecoder decoder = new WireDecoder(WireSamples.member(), WireLimits.DEFAULT, WireDecoder.PayloadCheck.ALL);
        decoder.decode(data);
        assertEquals(1, decoder.accepted() + decoder.rejectedTotal());
    }
}
