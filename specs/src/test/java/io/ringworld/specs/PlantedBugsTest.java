package io.ringworld.specs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.specs.tool.Cfg;
import io.ringworld.specs.tool.ModelOptions;
import io.ringworld.specs.tool.SpecSources;
import io.ringworld.specs.tool.StepTable;
import io.ringworld.specs.tool.TlcResult;
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

    /**
     * Each planted bug runs as {@code ringworld specs check --bug NAME} runs it: its model's cfg
     * written by the specs tool's cfg writer (ModelOptions), not the file as it is, and its
     * counterexample must read as a table of steps that ends in an action of the spec.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("bugModels")
    void plantedBugIsCaughtByItsTarget(String cfg) {
        String text = TlcRunner.read(TlcRunner.tlaDir().resolve(cfg));
        String expected = TlcRunner.header(text, "expect");
        assertNotNull(expected, cfg + " lacks an \"\\* expect: <name>\" header");
        String bug = Cfg.parse(text, cfg).constant("Bug").replace("\"", "");
        ModelOptions.Model m = new ModelOptions().bug(bug).build(SpecSources.at(TlcRunner.tlaDir()), cfg.replace(".cfg", ""));
        assertEquals(Cfg.parse(text, cfg).constants(), Cfg.parse(m.cfgText(), "written").constants(), "the CLI's cfg of " + bug);
        TlcResult r = TlcRunner.run(m.name(), m.cfgText());
        assertEquals(expected, r.violated(), () -> cfg + ": TLC did not report " + expected + "; see " + r.output());
        assertTrue(r.exitCode() != 0, () -> cfg + ": TLC exited 0 although it reported a violation");
        assertNotNull(r.trace(), () -> cfg + ": no counterexample read from " + r.output());
        List<StepTable.Row> rows = StepTable.rows(r.trace());
        StepTable.Row last = rows.stream().filter(x -> !x.action().startsWith("(")).reduce((a, b) -> b).orElseThrow();
        assertTrue(last.action().matches("[A-Z][A-Za-z]+") && !last.action().equals("Init") || rows.size() == 1,
                () -> cfg + ": the step table does not end in a spec action:\n" + StepTable.render(rows));
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
