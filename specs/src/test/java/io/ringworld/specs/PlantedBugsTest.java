package io.ringworld.specs;

import io.ringworld.specs.tool.TlcResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A check that cannot fail checks nothing: every bug_*.cfg switches on one planted protocol bug
 * (constant Bug) and names, in its "\* expect: X" header, the invariant or property that must
 * catch it. TLC must report exactly that name.
 */
class PlantedBugsTest {

    static List<String> bugModels() {
        List<String> models = TlcRunner.configs(n -> n.startsWith("bug_"));
        assertTrue(models.size() >= 10, "expected the planted-bug models, found " + models);
        return models;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bugModels")
    void plantedBugIsCaughtByItsTarget(String cfg) {
        String expected = TlcRunner.header(TlcRunner.read(TlcRunner.tlaDir().resolve(cfg)), "expect");
        assertNotNull(expected, cfg + " lacks an \"\\* expect: <name>\" header");
        TlcResult r = TlcRunner.run(cfg);
        assertEquals(expected, r.violated(), () -> cfg + ": TLC did not report " + expected + "; see " + r.output());
        assertTrue(r.exitCode() != 0, () -> cfg + ": TLC exited 0 although it reported a violation");
    }

    /**
     * QuorumOneSet (a majority of any one replica set taken for all) is a bug only with two sets:
     * bug_QuorumOneSet.cfg with its second set removed passes. So the two-set model is what
     * catches it, and no one-set model of the gate could.
     */
    @Test
    void quorumOneSetIsInvisibleWithOneReplicaSet() {
        String cfg = "bug_QuorumOneSet.cfg";
        String twoSets = TlcRunner.read(TlcRunner.tlaDir().resolve(cfg));
        String oneSet = twoSets.replace("NumRS = 2", "NumRS = 1").replace("RS1 = {b1, b2, b3}", "RS1 = {}");
        assertNotEquals(twoSets, oneSet, cfg + " no longer has two replica sets b1-b3");
        TlcResult r = TlcRunner.run("bug_QuorumOneSet__one_set", oneSet);
        assertEquals("ok", r.verdict(), () -> "with one replica set QuorumOneSet should change nothing; see " + r.output());
        assertTrue(r.distinct() > 0, () -> "no state count in " + r.output());
    }
}
