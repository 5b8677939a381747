package io.ringworld.kernel.wire;

/** A 64-bit HalfSipHash key, as its two little-endian words. */
public record WireKey(int k0, int k1) {
    /** The key of 8 bytes (a key file's content). */
    public static WireKey of(byte[] key8) {
        int[] words = HalfSipHash.keyWords(key8);
        return new WireKey(words[0], words[1]);
    }

    /** The tag of {@code bytes[offset, offset + length)}. */
    public int mac(byte[] bytes, int offset, int length) {
        return HalfSipHash.mac(k0, k1, bytes, offset, length);
    }

    /** Keys are secrets: never printed. */
    @Override
    public String toString() {
        return "WireKey[hidden]";
    }
}
