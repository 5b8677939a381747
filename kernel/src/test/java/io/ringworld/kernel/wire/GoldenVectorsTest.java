package io.ringworld.kernel.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The golden byte vectors in {@code src/test/resources/wire/golden}: one frame per message type,
 * keyed with the test keys of {@link WireSamples}. Every implementation of the wire format (this
 * codec, the P4 parser, any client) must produce and accept exactly these bytes. A change that
 * alters them is a wire-format change: bump {@link WireFormat#VERSION}. To rewrite them after
 * such a change: {@code mvn -pl kernel test -Dtest=GoldenVectorsTest -Dwire.golden.write=true}.
 */
class GoldenVectorsTest {
    static final Path DIR = Path.of("src/test/resources/wire/golden");

    static String fileName(int k, WireSamples.Sample s) {
        return String.format("%02d-%s.hex", MessageType.of(s.message()).code(), s.name());
    }

    @TestFactory
    List<DynamicTest> everyGoldenVectorEncodesAndDecodes() throws IOException {
        List<WireSamples.Sample> samples = WireSamples.golden();
        if (Boolean.getBoolean("wire.golden.write")) {
            write(samples);
        }
        return samples.stream().map(s -> DynamicTest.dynamicTest(s.name(), () -> check(s))).toList();
    }

    private static void check(WireSamples.Sample s) throws IOException {
        byte[] expected = read(DIR.resolve(fileName(0, s)));
        byte[] encoded = new WireEncoder(s.sender() instanceof io.ringworld.kernel.ClientId c ? WireSamples.client(c.index())
                : WireSamples.member(), WireLimits.DEFAULT).encode(s.sender(), s.to(), s.message());
        assertArrayEquals(expected, encoded, s.name() + ": the encoder no longer produces the golden bytes");
        Decoded d = new WireDecoder(s.receiverKeys(), WireLimits.DEFAULT, s.receiverCheck()).decode(expected);
        Decoded.Ok ok = assertInstanceOf(Decoded.Ok.class, d, s.name() + ": " + d);
        assertEquals(s.sender(), ok.sender());
        assertEquals(s.message(), ok.message());
    }

    @Test
    void everyMessageTypeHasAGoldenVector() {
        Set<MessageType> covered = EnumSet.noneOf(MessageType.class);
        for (WireSamples.Sample s : WireSamples.golden()) {
            covered.add(MessageType.of(s.message()));
        }
        assertEquals(EnumSet.allOf(MessageType.class), covered);
        assertTrue(Files.isDirectory(DIR), DIR + " holds the vectors");
    }

    /** Hex with '#' comment lines, whitespace ignored. */
    static byte[] read(Path file) throws IOException {
        StringBuilder hex = new StringBuilder();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.startsWith("#")) {
                hex.append(line.replaceAll("\\s", ""));
            }
        }
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    private static void write(List<WireSamples.Sample> samples) throws IOException {
        Files.createDirectories(DIR);
        for (WireSamples.Sample s : samples) {
            byte[] frame = new WireEncoder(s.sender() instanceof io.ringworld.kernel.ClientId c
                    ? WireSamples.client(c.index()) : WireSamples.member(), WireLimits.DEFAULT)
                    .encode(s.sender(), s.to(), s.message());
            StringBuilder out = new StringBuilder();
            MessageType t = MessageType.of(s.message());
            out.append("# RingWorld wire v").append(WireFormat.VERSION).append(" golden vector: ").append(t)
                    .append(" (type ").append(t.code()).append("), ").append(frame.length).append(" bytes\n");
            out.append("# from ").append(s.sender()).append(" to ").append(s.to())
                    .append("; keys: cluster 00..07, client c (16c+0x10)..(16c+0x17)\n");
            out.append("# ").append(s.message().toString().replaceAll("[^\\x20-\\x7e]", ".")).append('\n');
            for (int i = 0; i < frame.length; i++) {
                out.append(String.format("%02x", frame[i] & 0xff));
                out.append(i % 32 == 31 || i == frame.length - 1 ? "\n" : i % 4 == 3 ? " " : "");
            }
            Files.writeString(DIR.resolve(fileName(0, s)), out.toString(), StandardCharsets.UTF_8);
        }
    }
}
