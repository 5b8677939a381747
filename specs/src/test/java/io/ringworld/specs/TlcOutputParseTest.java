package io.ringworld.specs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the gate reads TLC's output: a finished run, a violated refinement, a run cut at the timeout. */
class TlcOutputParseTest {

    @Test
    void aFinishedRunGivesItsStatesDepthAndOk(@TempDir Path dir) throws Exception {
        Path out = Files.writeString(dir.resolve("m.out"), "Progress(9) at x: 22,529 states generated, 6,670 distinct states found, 4 left\n"
                + "Model checking completed. No error has been found.\n"
                + "1244 states generated, 1108 distinct states found, 0 states left on queue.\n"
                + "The depth of the complete state graph search is 16.\n");
        TlcRunner.Result r = TlcRunner.parse("m", 0, 1.0, out);
        assertEquals(1108, r.distinct());
        assertEquals(16, r.depth());
        assertEquals("ok", r.verdict());
    }

    @Test
    void aViolatedActionPropertyOfRingWorldIsTheRefinement(@TempDir Path dir) throws Exception {
        Path out = Files.writeString(dir.resolve("m.out"),
                "Error: Action property line 130, col 15 to line 130, col 60 of module RingWorld is violated.\n"
                        + "40 states generated, 33 distinct states found, 2 states left on queue.\n");
        assertEquals("VIOLATION(Refinement)", TlcRunner.parse("m", 13, 1.0, out).verdict());
    }

    @Test
    void aLivenessViolationIsNamedByTheConfigsOnlyProperty(@TempDir Path dir) throws Exception {
        Path out = Files.writeString(dir.resolve("m.out"), "Error: Temporal properties were violated.\n"
                + "30 states generated, 14 distinct states found, 0 states left on queue.\n");
        TlcRunner.Result r = TlcRunner.parse("m", 13, 1.0, out);
        assertEquals("VIOLATION(temporal)", r.verdict());
        String one = "SPECIFICATION LiveSpec\nPROPERTIES\n    ViewsSettle\nCHECK_DEADLOCK FALSE\n";
        assertEquals("ViewsSettle", TlcRunner.nameTemporal(r, one).violated());
        String two = "PROPERTIES\n    AppendsCommit\n    TailsReturn\nCHECK_DEADLOCK FALSE\n";
        assertEquals("temporal", TlcRunner.nameTemporal(r, two).violated());
    }

    @Test
    void aRunCutAtTheTimeoutKeepsTheStatesOfItsLastProgressLine(@TempDir Path dir) throws Exception {
        Path out = Files.writeString(dir.resolve("m.out"),
                "Progress(18) at x: 13,432,094 states generated (1,145,038 s/min), 3,894,615 distinct states found (334,508 ds/min), 1 left\n"
                        + "Progress(18) at y: 16,034,810 states generated (1,226,717 s/min), 4,670,796 distinct states found (367,625 ds/min), 2 left\n");
        TlcRunner.Result r = TlcRunner.timedOut("m", 3600.0, out);
        assertEquals(4_670_796, r.distinct());
        assertEquals("TIMEOUT", r.verdict());
        assertFalse(r.ok());
    }
}
