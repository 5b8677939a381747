package io.ringworld.kernel.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sink form of the encoder (what the Netty host sends from, with no array per message) hands
 * out the very bytes of the array form, for every golden sample, one encoder reused across them
 * all (a buffer left dirty by a large frame must not leak into a smaller one).
 */
class WireEncoderSinkTest {
    @Test
    void theSinkSeesExactlyTheFrameTheArrayFormReturns() {
        List<WireSamples.Sample> samples = WireSamples.golden();
        assertTrue(samples.size() > 40, "the golden samples: " + samples.size());
        WireEncoder memberSink = new WireEncoder(WireSamples.member(), WireLimits.DEFAULT);
        for (int round = 0; round < 2; round++) {
            for (WireSamples.Sample s : samples) {
                WireEncoder sink = s.sender() instanceof io.ringworld.kernel.ClientId c
                        ? new WireEncoder(WireSamples.client(c.index()), WireLimits.DEFAULT) : memberSink;
                byte[] expected = new WireEncoder(sink == memberSink ? WireSamples.member()
                        : WireSamples.client(((io.ringworld.kernel.ClientId) s.sender()).index()), WireLimits.DEFAULT)
                        .encode(s.sender(), s.to(), s.message());
                byte[][] got = new byte[1][];
                sink.encode(s.sender(), s.to(), s.message(), (frame, offset, length) -> got[0] = Arrays.copyOfRange(frame, offset,
                        offset + length));
                assertArrayEquals(expected, got[0], s.name());
            }
        }
    }
}
