package io.ringworld.p4.v1model;

import java.util.Arrays;

/** Big-endian (network order) bit fields: reading from a packet and appending to one. */
final class Bits {
  private Bits() {}

  static long read(byte[] b, int bitOffset, int widthBits) {
    long v = 0;
    for (int k = 0; k < widthBits; k++) {
      int bit = bitOffset + k;
      v = (v << 1) | ((b[bit >>> 3] >>> (7 - (bit & 7))) & 1);
    }
    return v;
  }

  /** An append-only bit buffer. */
  static final class Writer {
    private byte[] buf = new byte[64];
    private int bits;

    void write(long v, int widthBits) {
      for (int k = widthBits - 1; k >= 0; k--) {
        if ((bits >>> 3) >= buf.length) {
          buf = Arrays.copyOf(buf, buf.length * 2);
        }
        if (((v >>> k) & 1) != 0) {
          buf[bits >>> 3] |= (byte) (1 << (7 - (bits & 7)));
        }
        bits++;
      }
    }

    void writeBytes(byte[] b, int from) {
      for (int k = from; k < b.length; k++) {
        write(b[k] & 0xff, 8);
      }
    }

    byte[] toBytes() {
      return Arrays.copyOf(buf, (bits + 7) >>> 3);
    }
  }
}
