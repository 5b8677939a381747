package io.ringworld.specs.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The cfg writer: options written over a base model, and every inconsistent choice refused by name. */
class ModelOptionsTest {
    static final SpecSources SOURCES = CfgTest.SOURCES;

    static Cfg built(ModelOptions o) {
        return Cfg.parse(o.build(SOURCES, "m").cfgText(), "m.cfg");
    }

    @Test
    void withoutOptionsTheBaseModelIsCheckedAsItIs() {
        Cfg base = Cfg.parse(SOURCES.read("RingWorld_fast.cfg"), "base");
        ModelOptions.Model m = new ModelOptions().build(SOURCES, "m");
        Cfg c = Cfg.parse(m.cfgText(), "m");
        assertEquals(base.constants(), c.constants());
        assertEquals(base.invariants(), c.invariants());
        assertEquals(base.properties(), c.properties());
        assertEquals("RingWorld", m.module());
        assertTrue(m.extraModules().isEmpty());
        assertEquals("RingWorld_fast", m.baseModel());
    }

    @Test
    void threeSwitchesAndTwoReplicaSets() {
        Cfg c = built(new ModelOptions().switches(3).replicaSets(2).payloads(2).views(2)
                .crashSwitches(List.of(3)).crashServers(List.of("b1")).crashes(2).restarts(true).losses(1));
        assertEquals("3", c.constant("NumSwitches"));
        assertEquals("2", c.constant("NumRS"));
        assertEquals("{b1, b2, b3}", c.constant("RS1"));
        assertEquals("{1, 2}", c.constant("Payloads"));
        assertEquals("2", c.constant("MaxIdx"));
        assertEquals("2", c.constant("MaxView"));
        assertEquals("{3}", c.constant("CrashSwitches"));
        assertEquals("{b1}", c.constant("CrashServers"));
        assertEquals("2", c.constant("MaxFaults"));
        assertEquals("TRUE", c.constant("AllowRestart"));
        assertEquals("1", c.constant("MaxLoss"));
    }

    @Test
    void moreAppendsRaiseTheHighestIndex() {
        assertEquals("3", built(new ModelOptions().payloads(3)).constant("MaxIdx"));
        assertEquals("{1, 2, 3}", built(new ModelOptions().payloads(3)).constant("Payloads"));
        assertEquals("{1, 2}", built(new ModelOptions().reads(2).getTails(2)).constant("TailOps"));
    }

    @Test
    void aDepthBoundIsAStateConstraintInAWrapperModule() {
        ModelOptions.Model m = new ModelOptions().depth(12).build(SOURCES, "m");
        assertEquals("MC", m.module());
        assertEquals("RingWorld", m.specModule());
        assertEquals("ViewChange", new ModelOptions().bug("SealFirstPage").build(SOURCES, "m").specModule());
        String mc = m.extraModules().get("MC");
        assertTrue(mc.contains("EXTENDS RingWorld, TLC") && mc.contains("DepthBound == TLCGet(\"level\") < 12"), mc);
        assertEquals(List.of("DepthBound"), Cfg.parse(m.cfgText(), "m").constraints());
        assertTrue(new ModelOptions().depth(12).mode(Tlc.Mode.SIMULATE).build(SOURCES, "m").extraModules().isEmpty(),
                "a simulation's depth is TLC's -depth, not a constraint");
    }

    @Test
    void livenessTakesTheFairSpecWithoutSymmetry() {
        Cfg c = built(new ModelOptions().liveness(true).crashes(0).crashSwitches(List.of()));
        assertEquals("LiveSpec", c.specification());
        assertNull(c.single("SYMMETRY"));
        assertNull(c.single("VIEW"));
        assertEquals(List.of("AppendsCommit"), c.properties());
        Cfg faults = built(new ModelOptions().liveness(true));
        assertEquals(List.of("ViewChangeCompletes", "AppendsCommitAgain"), faults.properties());
        assertFalse(built(new ModelOptions().refinement(false)).properties().contains("Refinement"));
    }

    @Test
    void aPlantedBugRunsItsOwnModel() {
        ModelOptions.Model m = new ModelOptions().bug("CommitOnOneAck").build(SOURCES, "m");
        assertEquals("bug_CommitOnOneAck", m.baseModel());
        assertEquals("CommitOnOneAck", m.bug());
        assertEquals("bugdeep_LowestView", new ModelOptions().bug("LowestView").build(SOURCES, "m").baseModel());
        assertTrue(m.cfgText().contains("Bug = \"CommitOnOneAck\""), m.cfgText());
    }

    @Test
    void badOptionsAreRefusedNamingTheOption() {
        refused(() -> built(new ModelOptions().crashSwitches(List.of(1, 2)).crashes(3)), "--crashes 3 is above the 2 nodes");
        refused(() -> built(new ModelOptions().replicaSets(3)), "--replica-sets 3");
        refused(() -> built(new ModelOptions().switches(3).crashSwitches(List.of(4))), "switch 4, outside 1..3");
        refused(() -> built(new ModelOptions().switches(1)), "the base model's CrashSwitches names switch 2");
        refused(() -> built(new ModelOptions().crashServers(List.of("b1"))), "b1, not a server of this model");
        refused(() -> built(new ModelOptions().payloads(3).maxIndex(2)), "--max-index 2 is below --payloads 3");
        refused(() -> built(new ModelOptions().switches(0)), "--switches 0");
        refused(() -> built(new ModelOptions().clientSwitch(5)), "--client-switch 5");
        refused(() -> built(new ModelOptions().vcTrigger("often")), "--vc-trigger often");
        refused(() -> built(new ModelOptions().bug("NoSuchBug")), "CommitOnOneAck");
        refused(() -> built(new ModelOptions().baseModel("Nope")), "--model Nope");
        refused(() -> built(new ModelOptions().invariants(List.of("Agreemnt"))), "--invariant Agreemnt");
        refused(() -> built(new ModelOptions().liveness(true).depth(10)), "--depth with --liveness");
        refused(() -> built(new ModelOptions().liveness(true).mode(Tlc.Mode.SIMULATE)), "--liveness with --mode simulate");
        refused(() -> built(new ModelOptions().baseModel("SharedLog_fast").switches(3)), "no switches, servers");
    }

    private static void refused(Executable e, String expected) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage().contains(expected), "expected '" + expected + "' in: " + x.getMessage());
    }
}
