package io.ringworld.specs.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How TLC's output is read: a finished run, a violated refinement, a liveness violation, a stopped run. */
class TlcOutputTest {
    static final Tlc.Request REQUEST = new Tlc.Request("m", "RingWorld", "SPECIFICATION Spec\n", java.util.Map.of(),
            1, Tlc.Mode.EXHAUSTIVE, 0, 0, 0);

    static TlcResult result(Path dir, String text, int exit, Tlc.Request r) throws Exception {
        Path out = Files.writeString(dir.resolve("m.out"), text);
        return Tlc.result(r, exit, 1.0, out, dir.resolve("m.trace"));
    }

    @Test
    void aFinishedRunGivesItsStatesDepthAndOk(@TempDir Path dir) throws Exception {
        TlcResult r = result(dir, "Progress(9) at 2026-12-07 01:47:29: 22,529 states generated, 6,670 distinct states found, 4 states left on queue.\n"
                + "Model checking completed. No error has been found.\n"
                + "1244 states generated, 1108 distinct states found, 0 states left on queue.\n"
                + "The depth of the complete state graph search is 16.\n", 0, REQUEST);
        assertEquals(1108, r.distinct());
        assertEquals(1244, r.generated());
        assertEquals(16, r.depth());
        assertEquals("ok", r.verdict());
        assertNull(r.trace());
    }

    @Test
    void aViolatedActionPropertyOfRingWorldIsTheRefinement(@TempDir Path dir) throws Exception {
        TlcResult r = result(dir, "Error: Action property line 130, col 15 to line 130, col 60 of module RingWorld is violated.\n"
                + "40 states generated, 33 distinct states found, 2 states left on queue.\n", 13, REQUEST);
        assertEquals("VIOLATION(Refinement)", r.verdict());
    }

    @Test
    void aLivenessViolationIsNamedByTheConfigsOnlyProperty(@TempDir Path dir) throws Exception {
        String text = "Error: Temporal properties were violated.\n30 states generated, 14 distinct states found, 0 states left on queue.\n";
        Tlc.Request one = new Tlc.Request("m", "RingWorld", "SPECIFICATION LiveSpec\nPROPERTIES\n    ViewsSettle\n",
                java.util.Map.of(), 1, Tlc.Mode.EXHAUSTIVE, 0, 0, 0);
        assertEquals("ViewsSettle", result(dir, text, 13, one).violated());
        Tlc.Request two = new Tlc.Request("m", "RingWorld", "PROPERTIES\n    AppendsCommit\n    TailsReturn\n",
                java.util.Map.of(), 1, Tlc.Mode.EXHAUSTIVE, 0, 0, 0);
        assertEquals("temporal", result(dir, text, 13, two).violated());
    }

    @Test
    void aRunStoppedAtItsTimeLimitKeepsTheStatesOfItsLastProgressLine(@TempDir Path dir) throws Exception {
        TlcResult r = result(dir, "Progress(18) at 2026-12-07 01:48:29: 13,432,094 states generated (1,145,038 s/min), 3,894,615 distinct states found"
                + " (334,508 ds/min), 1 states left on queue.\nProgress(18) at y: 16,034,810 states generated (1,226,717 s/min),"
                + " 4,670,796 distinct states found (367,625 ds/min), 2,001 states left on queue.\n", -1, REQUEST);
        assertEquals(4_670_796, r.distinct());
        assertEquals("TIMEOUT", r.verdict());
        assertTrue(r.stopped());
        assertFalse(r.ok());
        TlcProgress p = TlcOutput.progress("Progress(18) at 2026-12-07 01:49:29: 16,034,810 states generated (1,226,717 s/min),"
                + " 4,670,796 distinct states found (367,625 ds/min), 2,001 states left on queue.");
        assertEquals(18, p.depth());
        assertEquals(1_226_717, p.statesPerMinute());
        assertEquals(2_001, p.queue());
    }

    @Test
    void aRunTlcStoppedAtTheTimeLimitIsIncompleteButKeepsItsCounts(@TempDir Path dir) throws Exception {
        Tlc.Request limited = new Tlc.Request("m", "RingWorld", "SPECIFICATION Spec\n", java.util.Map.of(), 1,
                Tlc.Mode.EXHAUSTIVE, 0, 0, 5);
        TlcResult r = result(dir, "Model checking completed. No error has been found.\n"
                + "8454 states generated, 2373 distinct states found, 1422 states left on queue.\n"
                + "The depth of the complete state graph search is 8.\n", 0, limited);
        assertTrue(r.stopped(), "a queue left means TLC's timer stopped it, whatever it says");
        assertEquals(2373, r.distinct());
        assertEquals(8, r.depth());
        TlcResult done = result(dir, "8454 states generated, 2373 distinct states found, 0 states left on queue.\n", 0, limited);
        assertEquals("ok", done.verdict());
        Tlc.Request walks = new Tlc.Request("m", "RingWorld", "SPECIFICATION Spec\n", java.util.Map.of(), 1,
                Tlc.Mode.SIMULATE, 100, 7, 10);
        TlcResult sim = result(dir, "Computed 1 initial states...\nProgress: 16696 states checked.\nFinished in 12s\n", 0, walks);
        assertTrue(sim.stopped());
        assertEquals(16696, sim.generated());
        assertTrue(Tlc.commandLine(walks, Path.of("meta")).contains("-Dtlc2.TLC.stopAfter=10"));
    }

    @Test
    void malformedValuesAreRefusedNamingWhere() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TlaValues.parse("[a |-> 1", "state 3 sw"));
        assertTrue(e.getMessage().startsWith("state 3 sw: TLC value syntax"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TlaValues.parse("<<1, 2>> 3", "x"));
        assertThrows(IllegalArgumentException.class, () -> TlaValues.parse("99999999999999999999", "x"));
    }

    @Test
    void aRequestRefusesANameTlcCouldNotUseAndNoWorkers() {
        assertThrows(IllegalArgumentException.class, () -> new Tlc.Request("a b", "M", "", java.util.Map.of(), 1,
                Tlc.Mode.EXHAUSTIVE, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Tlc.Request("m", "M", "", java.util.Map.of(), 0,
                Tlc.Mode.EXHAUSTIVE, 0, 0, 0));
    }
}
