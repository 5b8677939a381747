package io.ringworld.p4.stf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.p4.lang.CheckedProgram;
import io.ringworld.p4.v1model.Pipeline;
import io.ringworld.p4.v1model.PipelineCounters;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Copy-in/copy-out of directed action parameters (also across exit), return, switch with a
 * fall-through label, select on tuples with masks, header stacks (.next, .last, .lastIndex),
 * setInvalid, ?:, E2E clones with a field list, and faults that drop a packet.
 */
class ControlFlowTest {
  private static final String VECTORS = String.join("\n",
      "mirroring_add 5 4",
      "packet 0 01 00 00",
      "expect 1 01 00 b0 $",
      "packet 0 02 00 00",
      "expect 1 02 00 b0 $",
      "packet 0 03 00 00",
      "expect 1 03 00 dd $",
      "packet 0 04 11 22",
      "expect 1 04 22 11 $",
      "packet 0 05 11 22",
      "expect 1 05 01 22 $",
      "packet 0 06 11 22",
      "expect 1 06 66 22 $",
      "packet 0 07 11 22",
      "packet 0 08 11 22",
      "packet 0 09 11 22",
      "expect 1 09 11 22 $",
      "expect 4 09 00 77 $", // keep is in field list 2, other is not (zero)
      "packet 0 10 00 00 05 00 ee",
      "expect 1 10 05 01 00 ee $",
      "packet 0 20 81 00",
      "expect 1 20 81 01 $",
      "packet 0 20 80 00",
      "expect 1 20 80 02 $",
      "packet 0 00 ff 00",
      "packet 0 04",
      "packet 0 10 00 00 01 01 01 01",
      "");

  @Test
  void vectorsPass() throws IOException {
    Pipeline p = new Pipeline(CheckedProgram.compile(StfExampleTest.resource("flow.p4")));
    StfResult r = StfRunner.run(p, VECTORS);
    assertTrue(r.passed(), () -> String.join("\n", r.failures()));
    PipelineCounters c = p.counters();
    assertEquals(3, c.parserRejects(), c.toString());
    assertEquals(2, c.faults(), c.toString());
    assertTrue(c.lastFault().contains("recirculate"), c.lastFault());
  }

  @Test
  void registerIndexOutOfBoundsIsAFault() throws IOException {
    Pipeline p = new Pipeline(CheckedProgram.compile(StfExampleTest.resource("flow.p4")));
    assertEquals(0, p.process(0, new byte[] {7, 0, 0}).size());
    assertTrue(p.counters().lastFault().contains("register I.r index 9 out of bounds"), p.counters().lastFault());
  }
}
