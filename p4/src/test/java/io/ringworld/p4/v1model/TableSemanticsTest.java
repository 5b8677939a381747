package io.ringworld.p4.v1model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.p4.lang.CheckedProgram;
import io.ringworld.p4.runtime.ActionCall;
import io.ringworld.p4.runtime.ControlPlaneException;
import io.ringworld.p4.runtime.FieldMatch;
import io.ringworld.p4.runtime.RegisterEntry;
import io.ringworld.p4.runtime.TableEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Exact, ternary with priorities, LPM longest prefix, default actions, const entries, validation. */
class TableSemanticsTest {
  private static final long MISS = 0xffffffffL;
  private Pipeline p;

  @BeforeEach
  void load() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/p4/tables.p4")) {
      p = new Pipeline(CheckedProgram.compile(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    }
  }

  /** Results e, t, l, c and the hit bits. */
  private long[] run(int k16, long k32) {
    byte[] in = ByteBuffer.allocate(6).putShort((short) k16).putInt((int) k32).array();
    List<OutputPacket> out = p.process(0, in);
    assertEquals(1, out.size());
    ByteBuffer r = ByteBuffer.wrap(out.get(0).bytes());
    return new long[] {r.getInt() & MISS, r.getInt() & MISS, r.getInt() & MISS, r.getInt() & MISS, r.get()};
  }

  private static ActionCall set(long v) {
    return ActionCall.of("set", new ActionCall.Param("v", v));
  }

  private static TableEntry exact(long k, long v) {
    return new TableEntry("te", List.of(new FieldMatch.Exact("hdr.i.k16", k)), 0, set(v));
  }

  private static TableEntry ternary(long value, long mask, int priority, long v) {
    return new TableEntry("I.tt", List.of(new FieldMatch.Ternary("hdr.i.k16", value, mask)), priority, set(v));
  }

  private static TableEntry lpm(long value, int len, long v) {
    return new TableEntry("tl", List.of(new FieldMatch.Lpm("hdr.i.k32", value, len)), 0, set(v));
  }

  @Test
  void exactHitMissModifyDeleteAndSize() {
    p.insert(exact(5, 50));
    assertEquals(50, run(5, 0)[0]);
    assertEquals(1, run(5, 0)[4] & 1, "hit");
    assertEquals(MISS, run(6, 0)[0]);
    assertEquals(0, run(6, 0)[4] & 1, "miss");
    assertThrows(ControlPlaneException.class, () -> p.insert(exact(5, 51)));
    p.modify(exact(5, 51));
    assertEquals(51, run(5, 0)[0]);
    p.delete(exact(5, 0));
    assertEquals(MISS, run(5, 0)[0]);
    assertThrows(ControlPlaneException.class, () -> p.delete(exact(5, 0)));
    for (int k = 0; k < 4; k++) {
      p.insert(exact(k, k));
    }
    assertTrue(assertThrows(ControlPlaneException.class, () -> p.insert(exact(9, 9))).getMessage().contains("full"));
  }

  @Test
  void ternaryHighestPriorityWins() {
    p.insert(ternary(0x0100, 0xff00, 10, 1));
    p.insert(ternary(0x0102, 0xffff, 20, 2));
    assertEquals(2, run(0x0102, 0)[1]);
    assertEquals(1, run(0x0103, 0)[1]);
    assertEquals(MISS, run(0x0200, 0)[1]);
    assertEquals(2, run(0x0200, 0)[4] & 2, "miss bit");
    p.insert(ternary(0x0000, 0x0000, 30, 3));
    assertEquals(3, run(0x0102, 0)[1], "priority 30 beats a more specific 20");
    p.insert(ternary(0x0002, 0x000f, 30, 4));
    assertEquals(3, run(0x0102, 0)[1], "equal priorities: the earlier entry wins");
  }

  @Test
  void lpmLongestPrefixWins() {
    p.insert(lpm(0x0a000000L, 8, 8));
    p.insert(lpm(0x0a010000L, 16, 16));
    p.insert(lpm(0, 0, 0));
    assertEquals(16, run(0, 0x0a010203L)[2]);
    assertEquals(8, run(0, 0x0a020000L)[2]);
    assertEquals(0, run(0, 0x0b000000L)[2]);
    p.delete(lpm(0, 0, 0));
    assertEquals(MISS, run(0, 0x0b000000L)[2]);
    assertThrows(ControlPlaneException.class, () -> p.insert(lpm(0x0a010001L, 16, 1)), "bits below the prefix");
    assertThrows(ControlPlaneException.class, () -> p.insert(lpm(0, 33, 1)));
  }

  @Test
  void defaultActionCanBeChanged() {
    assertEquals(MISS, run(1, 0)[1]);
    p.setDefaultAction("tt", set(77));
    assertEquals(77, run(1, 0)[1]);
    assertThrows(ControlPlaneException.class, () -> p.setDefaultAction("tt", ActionCall.of("NoAction")));
  }

  @Test
  void constEntriesUseTheirPrioritiesAndCannotChange() {
    assertEquals(2, run(0x0101, 0)[3]);
    assertEquals(1, run(0x0102, 0)[3]);
    assertEquals(3, run(0x0200, 0)[3]);
    assertEquals(3, p.entries("tc").size());
    ControlPlaneException e = assertThrows(ControlPlaneException.class,
        () -> p.insert(new TableEntry("tc", List.of(), 1, set(9))));
    assertTrue(e.getMessage().contains("const entries"), e.getMessage());
  }

  @Test
  void invalidRequestsAreRejected() {
    assertThrows(ControlPlaneException.class, () -> p.insert(exact(0x10000, 1)), "key wider than 16 bits");
    assertThrows(ControlPlaneException.class, () -> p.insert(ternary(0x0101, 0x00ff, 0, 1)), "ternary needs a priority");
    assertThrows(ControlPlaneException.class, () -> p.insert(ternary(0x0101, 0x00ff, 1, 1)), "value outside mask");
    assertThrows(ControlPlaneException.class, () -> p.insert(
        new TableEntry("te", List.of(new FieldMatch.Exact("hdr.i.k16", 1)), 3, set(1))), "priority on exact");
    assertThrows(ControlPlaneException.class, () -> p.insert(new TableEntry("te", List.of(), 0, set(1))), "exact field missing");
    assertThrows(ControlPlaneException.class, () -> p.insert(
        new TableEntry("te", List.of(new FieldMatch.Ternary("hdr.i.k16", 1, 1)), 0, set(1))), "wrong match kind");
    assertThrows(ControlPlaneException.class, () -> p.insert(
        new TableEntry("te", List.of(new FieldMatch.Exact("hdr.i.k16", 1)), 0, ActionCall.of("set"))), "missing param");
    assertThrows(ControlPlaneException.class, () -> p.insert(
        new TableEntry("te", List.of(new FieldMatch.Exact("hdr.i.k16", 1)), 0, set(1L << 32))), "param too wide");
    assertThrows(ControlPlaneException.class, () -> p.insert(
        new TableEntry("nope", List.of(), 0, set(1))), "unknown table");
    assertThrows(ControlPlaneException.class, () -> p.writeRegister(new RegisterEntry("nope", 0, 0)));
  }

  @Test
  void registersAreCellsOfTheirWidth() throws IOException {
    p = StfRunnerSupport.example();
    p.writeRegister(new RegisterEntry("port_packets", 7, 0xffffffffL));
    assertEquals(0xffffffffL, p.readRegister("port_packets", 7).value());
    assertThrows(ControlPlaneException.class, () -> p.writeRegister(new RegisterEntry("port_packets", 7, 1L << 32)));
    assertThrows(ControlPlaneException.class, () -> p.readRegister("port_packets", 512));
    p.process(7, new byte[] {0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 0x12, 0x34});
    assertEquals(0, p.readRegister("port_packets", 7).value(), "the counter wraps at 32 bits");
  }
}
