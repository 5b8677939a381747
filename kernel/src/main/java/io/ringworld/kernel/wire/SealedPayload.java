package io.ringworld.kernel.wire;

import io.ringworld.kernel.Payload;

/**
 * A client's payload, authenticated end to end with the client's own key: the bytes a client
 * appends are {@code tag (4) | writer (u32, the client's index) | application bytes}, where the
 * tag is HalfSipHash-2-4 under the writer's key of everything after it. The kernel carries the
 * sealed bytes as an opaque {@link Payload}; switches forward and servers store them unchanged;
 * a decoder holding the writer's key (servers, software switches, a reader sharing the key)
 * checks the tag, so no switch can alter a payload or move it to another writer unseen. A switch
 * data plane forwards payloads without checking them (it cannot hash a kilobyte at line rate);
 * the servers that store them do check.
 */
public final class SealedPayload {
    /** Tag and writer. */
    public static final int OVERHEAD_BYTES = 8;

    private SealedPayload() {
    }

    /** Seals {@code application} as client {@code writer}'s, with the client's {@code key}. */
    public static Payload seal(WireKey key, int writer, byte[] application) {
        byte[] b = new byte[OVERHEAD_BYTES + application.length];
        BodyWriter.putInt(b, 4, writer);
        System.arraycopy(application, 0, b, OVERHEAD_BYTES, application.length);
        putTag(b, 0, key.mac(b, 4, b.length - 4));
        return Payload.of(b);
    }

    /** The writer a sealed payload names (not checked: see {@link #verify}). */
    public static int writer(Payload p) {
        requireSealed(p);
        return (p.byteAt(4) & 0xff) << 24 | (p.byteAt(5) & 0xff) << 16 | (p.byteAt(6) & 0xff) << 8
                | (p.byteAt(7) & 0xff);
    }

    /** True if {@code p}'s tag is its writer's under {@code writerKey}. */
    public static boolean verify(Payload p, WireKey writerKey) {
        if (p.isJunk() || p.size() < OVERHEAD_BYTES) {
            return false;
        }
        byte[] b = p.bytes();
        return tagMatches(b, 0, b.length, writerKey);
    }

    /** The application's bytes of a sealed payload (not checked: see {@link #verify}). */
    public static byte[] application(Payload p) {
        requireSealed(p);
        byte[] b = p.bytes();
        return java.util.Arrays.copyOfRange(b, OVERHEAD_BYTES, b.length);
    }

    /** The writer field of sealed bytes at {@code offset}. */
    static int writerAt(byte[] b, int offset) {
        return BodyReader.getInt(b, offset + 4);
    }

    /** True if the sealed bytes {@code b[offset, offset + length)} carry their writer's tag. */
    static boolean tagMatches(byte[] b, int offset, int length, WireKey writerKey) {
        int tag = writerKey.mac(b, offset + 4, length - 4);
        return HalfSipHash.littleEndianInt(b, offset) == tag;
    }

    static void putTag(byte[] b, int at, int tag) {
        b[at] = (byte) tag;
        b[at + 1] = (byte) (tag >>> 8);
        b[at + 2] = (byte) (tag >>> 16);
        b[at + 3] = (byte) (tag >>> 24);
    }

    private static void requireSealed(Payload p) {
        if (p.isJunk() || p.size() < OVERHEAD_BYTES) {
            throw new IllegalArgumentException("not a sealed payload: " + p);
        }
    }
}
