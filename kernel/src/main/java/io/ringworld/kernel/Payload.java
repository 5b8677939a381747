package io.ringworld.kernel;

import java.util.Arrays;

/**
 * An immutable log value: client bytes, or {@link #JUNK} (a legal log value that fills a hole;
 * readers skip it). The bytes are copied in and out, so a payload can be shared freely.
 */
public final class Payload {
    /** The junk value a leader writes into a hole. */
    public static final Payload JUNK = new Payload(new byte[0], true);

    private final byte[] bytes;
    private final boolean junk;
    /**
     * Computed on first use, as String does: {@code hash} is the hash once known and non-zero,
     * {@code hashIsZero} says a computed hash was 0. Each field alone states a true fact, so a
     * thread that sees one write without the other only computes again (a benign race). Not at
     * construction: a decoder builds one payload per entry it receives, and hashing a kilobyte
     * it may never put in a map was most of a 1 KiB frame's decode time.
     */
    private int hash;
    private boolean hashIsZero;

    private Payload(byte[] bytes, boolean junk) {
        this.bytes = bytes;
        this.junk = junk;
        if (junk) {
            this.hash = -1;
        }
    }

    public static Payload of(byte[] bytes) {
        return new Payload(bytes.clone(), false);
    }

    /** A payload of {@code length} bytes copied (once) from {@code source} at {@code offset} (a decoder's path). */
    public static Payload ofRange(byte[] source, int offset, int length) {
        return new Payload(java.util.Arrays.copyOfRange(source, offset, offset + length), false);
    }

    public static Payload ofString(String text) {
        return new Payload(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), false);
    }

    public boolean isJunk() {
        return junk;
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public int size() {
        return bytes.length;
    }

    /** Copies the bytes into {@code target} at {@code offset} (an encoder's path: one copy, no allocation). */
    public void copyTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, bytes.length);
    }

    /** Puts the bytes into {@code target} at its position (a host's record encoder: one copy, no allocation). */
    public void putInto(java.nio.ByteBuffer target) {
        target.put(bytes);
    }

    /** Reads one byte without copying (hosts that serialize use this or {@link #bytes()}). */
    public byte byteAt(int i) {
        return bytes[i];
    }

    public String asString() {
        return junk ? "<junk>" : new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Payload other)) {
            return false;
        }
        return junk == other.junk && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0 && !hashIsZero) {
            h = Arrays.hashCode(bytes);
            if (h == 0) {
                hashIsZero = true;
            } else {
                hash = h;
            }
        }
        return h;
    }

    @Override
    public String toString() {
        if (junk) {
            return "JUNK";
        }
        String s = asString();
        return s.length() > 32 ? "'" + s.substring(0, 32) + "...'" : "'" + s + "'";
    }
}
