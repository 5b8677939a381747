package io.ringworld.p4.v1model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ringworld.p4.lang.CheckedProgram;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * bit&lt;W&gt; wrap-around, slices, concatenation, casts, unsigned comparison and shifts, each
 * against a BigInteger reference model. Seeds are pinned.
 */
class ArithmeticPropertiesTest {
  private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
  private final Pipeline pipeline;

  ArithmeticPropertiesTest() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/p4/arith.p4")) {
      pipeline = new Pipeline(CheckedProgram.compile(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    }
  }

  private long[] run(long a, long b, int c, int d) {
    ByteBuffer in = ByteBuffer.allocate(20).putLong(a).putLong(b).putInt((c << 19) | (d << 6));
    List<OutputPacket> out = pipeline.process(0, in.array());
    assertEquals(1, out.size());
    ByteBuffer r = ByteBuffer.wrap(out.get(0).bytes());
    long[] rs = new long[15];
    for (int k = 0; k < rs.length; k++) {
      rs[k] = r.getLong();
    }
    assertEquals(0, r.remaining());
    return rs;
  }

  private static BigInteger u(long v) {
    return new BigInteger(Long.toUnsignedString(v));
  }

  private static long bits(BigInteger v, int widthBits) {
    return v.mod(BigInteger.ONE.shiftLeft(widthBits)).longValue();
  }

  @Property(tries = 300, seed = "20260101")
  void matchesReferenceModel(@ForAll long a, @ForAll long b,
      @ForAll @IntRange(min = 0, max = 8191) int c, @ForAll @IntRange(min = 0, max = 8191) int d) {
    long[] r = run(a, b, c, d);
    BigInteger bc = BigInteger.valueOf(c);
    BigInteger bd = BigInteger.valueOf(d);
    assertEquals(bits(u(a).add(u(b)), 64), r[0], "a + b wraps at 64");
    assertEquals(bits(u(a).subtract(u(b)), 64), r[1], "a - b wraps at 64");
    assertEquals(bits(bc.add(bd), 13), r[2], "c + d wraps at 13");
    assertEquals(bits(bc.subtract(bd), 13), r[3], "c - d wraps at 13");
    long notC = bits(BigInteger.valueOf(~c), 13);
    assertEquals((c & d) | (notC ^ d), r[4], "& binds tighter than ^, ^ than |");
    assertEquals(bits(bc.shiftLeft(3), 13), r[5], "c << 3 drops bits above 13");
    assertEquals(c >> 2, r[6]);
    assertEquals(u(a).shiftRight(9).mod(BigInteger.ONE.shiftLeft(32)).longValue(), r[7], "a[40:9]");
    assertEquals(((long) (c >> 5) << 13) | d, r[8], "c[12:5] ++ d");
    assertEquals(a & 0xff, r[9], "(bit<8>) a truncates");
    assertEquals(c < d ? 1 : 0, r[10], "(bit<1>) bool");
    assertEquals(u(a).compareTo(u(b)) > 0 ? a : b, r[11], "comparison is unsigned");
    assertEquals(bits(bc.negate(), 13), r[12], "-c wraps at 13");
    assertEquals(bits(u(a).shiftLeft(63), 64), r[13], "a << 63");
    assertEquals((a & 0xffffffffL) << 16, r[14], "slice assignment r14[47:16] = a[31:0]");
  }

  @Example
  void edgeValues() {
    long[] r = run(-1L, 1L, 8191, 1);
    assertEquals(0, r[0]);
    assertEquals(-2L, r[1]);
    assertEquals(0, r[2]);
    assertEquals(8190, r[3]);
    assertEquals(-1L, r[11]);
    assertEquals(1, r[12]);
    assertEquals(1L << 63, r[13]);
  }
}
