package io.ringworld.p4.v1model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.p4.lang.CheckedProgram;
import io.ringworld.p4.runtime.ActionCall;
import io.ringworld.p4.runtime.RegisterEntry;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Spinning packets (a recirculation that changes nothing) are parked until a register they read
 * or a table they applied changes, then go round again; a packet that changes state each pass
 * is not spinning and meets the pass limit as before.
 */
class ParkingTest {
  private static Pipeline pipeline() throws IOException {
    try (java.io.InputStream in = ParkingTest.class.getResourceAsStream("/p4/spin.p4")) {
      String source = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      return new Pipeline(CheckedProgram.compile(source), 510, 16);
    }
  }

  @Test
  void aWaitingPacketParksAndLeavesWhenTheRegisterItWaitsOnIsWritten() throws IOException {
    Pipeline p = pipeline();
    assertTrue(p.process(1, new byte[] {1, 5}).isEmpty());
    assertTrue(p.process(1, new byte[] {1, 6}).isEmpty());
    assertEquals(2, p.parkedPackets(), "both wait, parked, not dropped at the pass limit");
    assertEquals(0, p.counters().recirculationDrops());
    p.writeRegister(new RegisterEntry("I.go", 0, 6));
    List<OutputPacket> out = p.drain();
    assertEquals(1, out.size(), "the packet whose ticket is served leaves");
    assertEquals(2, out.get(0).port());
    assertArrayEquals(new byte[] {1, 6}, out.get(0).bytes());
    assertEquals(1, p.parkedPackets(), "the other looked again and parked again");
    // Many wake-ups never count towards the pass limit: each round trip starts from 0.
    for (int k = 0; k < 40; k++) {
      p.writeRegister(new RegisterEntry("I.go", 0, 100 + k));
      assertTrue(p.drain().isEmpty());
    }
    assertEquals(1, p.parkedPackets());
    p.writeRegister(new RegisterEntry("I.go", 0, 5));
    assertEquals(List.of(2), p.drain().stream().map(OutputPacket::port).toList());
    assertEquals(0, p.parkedPackets());
  }

  @Test
  void aPacketWokenByTheControlPlaneRunsAtTheNextProcessIfNotDrained() throws IOException {
    Pipeline p = pipeline();
    p.process(1, new byte[] {1, 7});
    p.writeRegister(new RegisterEntry("I.go", 0, 7));
    List<OutputPacket> out = p.process(1, new byte[] {1, 8});
    assertEquals(1, out.size());
    assertArrayEquals(new byte[] {1, 7}, out.get(0).bytes(), "the woken packet ran first");
    assertEquals(1, p.parkedPackets());
  }

  @Test
  void aTableChangeWakesThePacketsThatAppliedIt() throws IOException {
    Pipeline p = pipeline();
    p.process(1, new byte[] {3, 0});
    assertEquals(1, p.parkedPackets());
    p.writeRegister(new RegisterEntry("I.go", 0, 0));
    assertTrue(p.drain().isEmpty(), "a register it did not read wakes nothing");
    assertEquals(1, p.parkedPackets());
    p.setDefaultAction("I.gate", ActionCall.of("opened"));
    assertEquals(List.of(3), p.drain().stream().map(OutputPacket::port).toList());
  }

  @Test
  void aPacketThatChangesStateEachPassIsNotParkedAndMeetsThePassLimit() throws IOException {
    Pipeline p = pipeline();
    assertTrue(p.process(1, new byte[] {2, 0}).isEmpty());
    assertEquals(0, p.parkedPackets());
    assertEquals(1, p.counters().recirculationDrops(), "dropped after 16 passes");
    assertEquals(17, p.readRegister("I.passes", 0).value(), "the first pass and 16 recirculations");
  }
}
