package io.ringworld.specs.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model split by the crashed node: one part per switch, one server per replica set under the
 * server symmetry (which the part then keeps off that server), every server without it; refused
 * where the parts would not check the whole model; and the parts run in TLC.
 */
class CrashSplitTest {
    static final SpecSources SOURCES = CfgTest.SOURCES;

    static ModelOptions anyCrash() {
        return new ModelOptions().crashSwitches(List.of(1, 2)).crashServers(List.of("a1", "a2", "a3")).crashes(1);
    }

    @Test
    void onePartPerSwitchAndOneServerPerReplicaSetUnderSymmetry() {
        List<ModelOptions.Model> parts = CrashSplit.parts(anyCrash().replicaSets(2).crashServers(List.of("a2", "a3", "b1")),
                SOURCES, "m");
        assertEquals(List.of("m_sw1", "m_sw2", "m_a2", "m_b1"), parts.stream().map(ModelOptions.Model::name).toList());
        Cfg sw1 = Cfg.parse(parts.get(0).cfgText(), "sw1");
        assertEquals("{1}", sw1.constant("CrashSwitches"));
        assertEquals("{}", sw1.constant("CrashServers"));
        assertEquals("1", sw1.constant("MaxFaults"));
        assertEquals("ServerSymmetry", sw1.single("SYMMETRY"), "no server crashes: every server is still interchangeable");
        assertEquals("RingWorld", parts.get(0).module());
        Cfg a2 = Cfg.parse(parts.get(2).cfgText(), "a2");
        assertEquals("{}", a2.constant("CrashSwitches"));
        assertEquals("{a2}", a2.constant("CrashServers"));
        assertEquals("SplitSymmetry", a2.single("SYMMETRY"));
        assertEquals("MC", parts.get(2).module());
        assertEquals("RingWorld", parts.get(2).specModule());
        assertTrue(parts.get(2).extraModules().get("MC")
                .contains("SplitSymmetry == Permutations(RS0 \\ CrashServers) \\cup Permutations(RS1 \\ CrashServers)"));
    }

    @Test
    void withoutSymmetryEveryServerHasItsPart() {
        List<ModelOptions.Model> parts = CrashSplit.parts(anyCrash().liveness(true), SOURCES, "m");
        assertEquals(List.of("m_sw1", "m_sw2", "m_a1", "m_a2", "m_a3"), parts.stream().map(ModelOptions.Model::name).toList());
        for (ModelOptions.Model m : parts) {
            assertNull(Cfg.parse(m.cfgText(), "m").single("SYMMETRY"), m.name());
        }
    }

    @Test
    void aDepthBoundGoesIntoEveryPart() {
        for (ModelOptions.Model m : CrashSplit.parts(anyCrash().depth(9), SOURCES, "m")) {
            assertTrue(m.extraModules().get("MC").contains("DepthBound == TLCGet(\"level\") < 9"), m.name());
            assertEquals(List.of("DepthBound"), Cfg.parse(m.cfgText(), "m").constraints(), m.name());
        }
    }

    @Test
    void aSplitThatWouldNotCheckTheWholeModelIsRefused() {
        assertRefused("this model allows 2, and a behaviour crashing two nodes is in no part", anyCrash().crashes(2));
        assertRefused("--split-by-crash with --mode simulate", anyCrash().mode(Tlc.Mode.SIMULATE));
        assertRefused("--split-by-crash with --bug", anyCrash().bug("QuorumOneSet"));
        assertRefused("the nodes that may crash (switches [2], servers []) make one part", new ModelOptions());
        assertRefused("are one part under the server symmetry", new ModelOptions().crashSwitches(List.of()).crashServers(List.of("a1", "a3")));
    }

    private static void assertRefused(String expected, ModelOptions o) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CrashSplit.parts(o, SOURCES, "m"));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    /** TLC runs every part (the server's with its own symmetry); a planted bug is found in the part its crash is in. */
    @Test
    void thePartsRunInTlcAndAPlantedBugIsFoundInItsPart(@TempDir Path out) {
        for (ModelOptions.Model m : CrashSplit.parts(anyCrash().depth(8), SOURCES, "fast")) {
            TlcResult r = run(out, m);
            assertTrue(r.ok(), m.name() + ": " + r.verdict() + ", see " + r.output());
            assertTrue(r.distinct() > 100, m.name() + ": " + r.summaryLine());
        }
        List<ModelOptions.Model> parts = CrashSplit.parts(new ModelOptions().baseModel("bug_QuorumOneSet")
                .crashServers(List.of("a1", "a2", "a3")), SOURCES, "quorum");
        assertEquals(List.of("quorum_sw2", "quorum_a1"), parts.stream().map(ModelOptions.Model::name).toList());
        TlcResult r = run(out, parts.get(0));
        assertEquals("CommitNeedsMajority", r.violated(), "see " + r.output());
    }

    private static TlcResult run(Path out, ModelOptions.Model m) {
        return Tlc.run(SOURCES, out, new Tlc.Request(m.name(), m.module(), m.cfgText(), m.extraModules(), 1,
                Tlc.Mode.EXHAUSTIVE, 0, 0, 300), line -> { });
    }
}
