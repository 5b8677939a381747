package io.ringworld.kernel.wire;

/**
 * HalfSipHash-2-4 with a 64-bit key and a 32-bit tag (Aumasson and Bernstein's SipHash family,
 * the 32-bit-word variant): the MAC RingWorld packets carry, chosen because a switch pipeline can
 * compute it with 32-bit adds, xors and fixed rotations, as P4 programs on Tofino do. Two
 * compression rounds per 4-byte word, four finalization rounds.
 *
 * <p>Pure: a function of the key and the bytes; no state between calls. One four-word state
 * object per call, which does not escape (the JIT usually keeps it in registers).
 */
public final class HalfSipHash {
    private HalfSipHash() {
    }

    /**
     * The tag of {@code bytes[offset, offset + length)} under the key {@code (k0, k1)} (the key's
     * bytes 0-3 and 4-7, little-endian), as the little-endian int of the 4 tag bytes.
     */
    public static int mac(int k0, int k1, byte[] bytes, int offset, int length) {
        if (offset < 0 || length < 0 || offset > bytes.length - length) {
            throw new IndexOutOfBoundsException("range [" + offset + ", " + offset + "+" + length + ") of "
                    + bytes.length + " bytes");
        }
        State s = new State(k0, k1);
        int end = offset + length;
        int at = offset;
        for (; at + 4 <= end; at += 4) {
            s.absorb(littleEndianInt(bytes, at));
        }
        // The last word: the remaining 0-3 bytes, and the length's low byte on top.
        int last = (length & 0xff) << 24;
        for (int k = 0; at + k < end; k++) {
            last |= (bytes[at + k] & 0xff) << (8 * k);
        }
        s.absorb(last);
        return s.finish();
    }

    /** The key's two words from its 8 bytes (little-endian), as the reference takes them. */
    public static int[] keyWords(byte[] key8) {
        if (key8.length != 8) {
            throw new IllegalArgumentException("a HalfSipHash key is 8 bytes, got " + key8.length);
        }
        return new int[] {littleEndianInt(key8, 0), littleEndianInt(key8, 4)};
    }

    static int littleEndianInt(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }

    /** The four 32-bit state words of one call. */
    private static final class State {
        int v0;
        int v1;
        int v2;
        int v3;

        State(int k0, int k1) {
            v0 = k0;
            v1 = k1;
            v2 = 0x6c796765 ^ k0;
            v3 = 0x74656462 ^ k1;
        }

        void absorb(int m) {
            v3 ^= m;
            round();
            round();
            v0 ^= m;
        }

        int finish() {
            v2 ^= 0xff;
            round();
            round();
            round();
            round();
            return v1 ^ v3;
        }

        private void round() {
            v0 += v1;
            v1 = Integer.rotateLeft(v1, 5);
            v1 ^= v0;
            v0 = Integer.rotateLeft(v0, 16);
            v2 += v3;
            v3 = Integer.rotateLeft(v3, 8);
            v3 ^= v2;
            v0 += v3;
            v3 = Integer.rotateLeft(v3, 7);
            v3 ^= v0;
            v2 += v1;
            v1 = Integer.rotateLeft(v1, 13);
            v1 ^= v2;
            v2 = Integer.rotateLeft(v2, 16);
        }
    }
}
