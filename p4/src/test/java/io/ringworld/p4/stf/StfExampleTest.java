package io.ringworld.p4.stf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.p4.lang.CheckedProgram;
import io.ringworld.p4.v1model.Pipeline;
import io.ringworld.p4.v1model.PipelineCounters;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Runs the example program's STF vectors, and shows the runner catches a wrong expectation. */
class StfExampleTest {
  static String resource(String name) throws IOException {
    try (InputStream in = StfExampleTest.class.getResourceAsStream("/p4/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static Pipeline example() throws IOException {
    return new Pipeline(CheckedProgram.compile(resource("l2l3.p4")));
  }

  @Test
  void exampleVectorsPass() throws IOException {
    Pipeline p = example();
    StfResult r = StfRunner.run(p, resource("l2l3.stf"));
    assertTrue(r.passed(), () -> String.join("\n", r.failures()));
    assertEquals(12, r.packetsSent());
    assertEquals(10, r.packetsMatched());
    PipelineCounters c = p.counters();
    assertEquals(1, c.parserRejects(), c.toString());
    assertEquals(3, c.ingressDrops(), c.toString()); // l3 miss, ACL drop, TTL 1
    assertEquals(1, c.egressDrops(), c.toString()); // the pruned flood copy
    // 12 sent on port 1, 1 rejected by the parser, plus 3 recirculated passes (ingress_port kept).
    assertEquals(14, p.readRegister("port_packets", 1).value());
    assertEquals(0, p.readRegister("MyIngress.port_packets", 2).value());
  }

  @Test
  void wrongExpectationIsCaught() throws IOException {
    Pipeline p = example();
    String stf = "add l2 hdr.ethernet.dstAddr:2 forward(port:2)\n"
        + "packet 1 000000000002 000000000001 1234 deadbeef\n"
        + "expect 2 000000000002 000000000001 1234 deadbe**ef $\n" // one byte too many
        + "expect 3 00\n";
    StfResult r = StfRunner.run(p, stf);
    assertFalse(r.passed());
    assertEquals(2, r.failures().size(), r.failures().toString());
    assertTrue(r.failures().get(0).contains("expected 000000000002000000000001123" + "4deadbe**ef$"), r.failures().get(0));
    assertTrue(r.failures().get(1).contains("no packet came out"), r.failures().get(1));
  }

  @Test
  void unexpectedPacketIsCaught() throws IOException {
    StfResult r = StfRunner.run(example(), "add l2 hdr.ethernet.dstAddr:2 forward(port:2)\n"
        + "packet 1 000000000002 000000000001 1234\n");
    assertEquals(1, r.failures().size());
    assertTrue(r.failures().get(0).startsWith("port 2: unexpected packet"), r.failures().get(0));
  }

  @Test
  void wildcardsAndLengthMarker() {
    assertTrue(StfRunner.matches("ab**", "abcdef"));
    assertFalse(StfRunner.matches("ab**$", "abcdef"));
    assertTrue(StfRunner.matches("ab**ef$", "abcdef"));
    assertFalse(StfRunner.matches("ac**", "abcdef"));
  }

  @Test
  void recirculationIsBoundedByPassesMax() throws IOException {
    Pipeline p = example();
    assertEquals(1, p.process(1, hex("000000000003 000000000001 88b5 4000")).size());
    assertEquals(0, p.process(1, hex("000000000003 000000000001 88b5 4100")).size());
    assertEquals(1, p.counters().recirculationDrops());
  }

  @Test
  void passesMaxAndCpuPortAreConstructorParameters() throws IOException {
    Pipeline p = new Pipeline(CheckedProgram.compile(resource("l2l3.p4")), 200, 2);
    assertEquals(200, p.cpuPort());
    assertEquals(1, p.process(1, hex("000000000003 000000000001 88b5 0200")).size());
    assertEquals(0, p.process(1, hex("000000000003 000000000001 88b5 0300")).size());
    assertEquals(1, p.counters().recirculationDrops());
    // The CPU port is an ordinary port: packets from the agent enter there like any other.
    assertEquals(3, p.process(200, hex("000000000003 000000000001 88b5 0000")).get(0).port());
    assertThrows(IllegalArgumentException.class, () -> p.process(511, new byte[0]));
  }

  @Test
  void malformedLineNamesItsLine() throws IOException {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StfRunner.run(example(), "# comment\nfrobnicate 1\n"));
    assertTrue(e.getMessage().startsWith("stf line 2: unknown STF command 'frobnicate'"), e.getMessage());
  }

  static byte[] hex(String s) {
    return java.util.HexFormat.of().parseHex(s.replace(" ", ""));
  }
}
