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

    /** The BATCH vector: a server's two WriteAcks to a switch in one frame. */
    static final Path BATCH_FILE = DIR.resolve(String.format("%02d-batch.hex", MessageType.BATCH.code()));
    static final List<io.ringworld.kernel.message.Message> BATCH = List.of(
            new io.ringworld.kernel.message.Message.WriteAck(new io.ringworld.kernel.View(3, 1), 42,
                    new io.ringworld.kernel.ServerId(0, 1), true, new io.ringworld.kernel.View(3, 1)),
            new io.ringworld.kernel.message.Message.WriteAck(new io.ringworld.kernel.View(3, 1), 43,
                    new io.ringworld.kernel.ServerId(0, 1), false, new io.ringworld.kernel.View(4, 0)));

    @Test
    void theBatchVectorEncodesAndDecodes() throws IOException {
        io.ringworld.kernel.ServerId from = new io.ringworld.kernel.ServerId(0, 1);
        io.ringworld.kernel.SwitchId to = new io.ringworld.kernel.SwitchId(1);
        byte[][] frame = new byte[1][];
        int next = new WireEncoder(WireSamples.member(), WireLimits.DEFAULT).encodeBatch(from, to, BATCH, 0, 1 << 20,
                (b, off, len) -> frame[0] = java.util.Arrays.copyOfRange(b, off, off + len));
        assertEquals(BATCH.size(), next);
        if (Boolean.getBoolean("wire.golden.write")) {
            writeVector(BATCH_FILE, frame[0], MessageType.BATCH, from + " to " + to, BATCH.toString());
        }
        byte[] expected = read(BATCH_FILE);
        assertArrayEquals(expected, frame[0], "the encoder no longer produces the golden batch");
        Decoded.Ok ok = assertInstanceOf(Decoded.Ok.class, new WireDecoder(WireSamples.member(), WireLimits.DEFAULT,
                WireDecoder.PayloadCheck.ALL).decode(expected));
        assertEquals(from, ok.sender());
        assertEquals(BATCH, ok.messages());
    }

    @Test
    void everyMessageTypeHasAGoldenVector() {
        Set<MessageType> covered = EnumSet.noneOf(MessageType.class);
        for (WireSamples.Sample s : WireSamples.golden()) {
            covered.add(MessageType.of(s.message()));
        }
        if (Files.exists(BATCH_FILE)) {
            covered.add(MessageType.BATCH);
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
            writeVector(DIR.resolve(fileName(0, s)), frame, MessageType.of(s.message()), s.sender() + " to " + s.to(),
                    s.message().toString());
        }
    }

    private static void writeVector(Path file, byte[] frame, MessageType t, String fromTo, String what)
            throws IOException {
        StringBuilder out = new StringBuilder();
        out.append("# RingWorld wire v").append(WireFormat.VERSION).append(" golden vector: ").append(t)
                .append(" (type ").append(t.code()).append("), ").append(frame.length).append(" bytes\n");
        out.append("# from ").append(fromTo).append("; keys: cluster 00..07, client c (16c+0x10)..(16c+0x17)\n");
        out.append("# ").append(what.replaceAll("[^\\x20-\\x7e]", ".")).append('\n');
        for (int i = 0; i < frame.length; i++) {
            out.append(String.format("%02x", frame[i] & 0xff));
            out.append(i % 32 == 31 || i == frame.length - 1 ? "\n" : i % 4 == 3 ? " " : "");
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, out.toString(), StandardCharsets.UTF_8);
    }
}
