package io.ringworld.specs.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The cfg reader and writer over every model of specs/tla. */
class CfgTest {
    static final SpecSources SOURCES = SpecSources.at(Path.of("..", "tla"));

    @Test
    void everyModelOfTheSpecsReadsAndWritesBackToTheSameModel() {
        assertTrue(SOURCES.cfgs().size() >= 50, "the models of specs/tla: " + SOURCES.cfgs());
        for (String file : SOURCES.cfgs()) {
            Cfg a = Cfg.parse(SOURCES.read(file), file);
            Cfg b = Cfg.parse(a.write(), file + " (written back)");
            assertEquals(a.constants(), b.constants(), file);
            assertEquals(a.overrides(), b.overrides(), file);
            assertEquals(a.invariants(), b.invariants(), file);
            assertEquals(a.properties(), b.properties(), file);
            assertEquals(a.constraints(), b.constraints(), file);
            for (String kw : new String[] {"SPECIFICATION", "INIT", "NEXT", "VIEW", "SYMMETRY", "CHECK_DEADLOCK"}) {
                assertEquals(a.single(kw), b.single(kw), file + " " + kw);
            }
            assertEquals(a.header("expect"), b.header("expect"), file);
        }
    }

    @Test
    void theFastModelIsReadAsWritten() {
        Cfg c = Cfg.parse(SOURCES.read("RingWorld_fast.cfg"), "RingWorld_fast.cfg");
        assertEquals("2", c.constant("NumSwitches"));
        assertEquals("{a1, a2, a3}", c.constant("RS0"));
        assertEquals("\"suspect\"", c.constant("VCTrigger"));
        assertEquals("Spec", c.specification());
        assertTrue(c.invariants().contains("CommitNeedsMajority"));
        assertEquals(java.util.List.of("Refinement"), c.properties());
        assertTrue(c.description().startsWith("Fast model (mvn verify): 2 switches"), c.description());
    }

    @Test
    void eachModelNamesTheModuleItChecks() {
        java.util.Map<String, String> expected = java.util.Map.of("RingWorld_fast.cfg", "RingWorld", "bug_SkipSeal.cfg",
                "RingWorld", "bugdeep_LowestView.cfg", "RingWorld", "bug_SealFirstPage.cfg", "ViewChange", "Trace.cfg",
                "RingWorldTrace", "RingWorld_settle_fast.cfg", "RingWorldLate", "SharedLog_fast.cfg", "SharedLog");
        expected.forEach((file, module) -> assertEquals(module, Cfg.parse(SOURCES.read(file), file).module(file), file));
    }

    @Test
    void anUnknownStatementIsRefusedWithItsLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Cfg.parse("CONSTANTS\n    NumSwitches = 2\nSPECIFICATION Spec\nWORKERS 4\n", "x.cfg"));
        assertTrue(e.getMessage().contains("x.cfg line 4") && e.getMessage().contains("WORKERS 4"), e.getMessage());
        IllegalArgumentException noValue = assertThrows(IllegalArgumentException.class,
                () -> Cfg.parse("CONSTANTS\n    NumSwitches\n", "y.cfg"));
        assertTrue(noValue.getMessage().contains("y.cfg line 2"), noValue.getMessage());
    }

    @Test
    void theBundledCopyHoldsTheSameModels() {
        assertEquals(SOURCES.cfgs(), SpecSources.bundled().cfgs());
    }
}
