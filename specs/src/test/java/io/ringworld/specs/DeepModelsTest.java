package io.ringworld.specs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.specs.tool.TlcResult;
import java.util.List;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The deep set, run only with -Pdeep-specs (long; see README): every *_deep.cfg must pass, and
 * every bugdeep_*.cfg (planted bugs that need two view changes) must be caught by its target.
 */
@EnabledIfSystemProperty(named = "specs.deep", matches = "true",
        disabledReason = "deep models run only with -Pdeep-specs")
class DeepModelsTest {

    static List<String> deepModels() {
        List<String> models = TlcRunner.configs(n -> n.endsWith("_deep.cfg"));
        assertTrue(models.size() >= 3, "expected deep models, found " + models);
        return models;
    }

    static List<String> deepBugModels() {
        List<String> models = TlcRunner.configs(n -> n.startsWith("bugdeep_"));
        assertTrue(models.size() >= 1, "expected deep planted-bug models, found " + models);
        return models;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deepModels")
    void deepModelPasses(String cfg) {
        TlcResult r = TlcRunner.run(cfg);
        assertEquals("ok", r.verdict(), () -> cfg + " failed; see " + r.output());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deepBugModels")
    void deepPlantedBugIsCaught(String cfg) {
        String expected = TlcRunner.header(TlcRunner.read(TlcRunner.tlaDir().resolve(cfg)), "expect");
        assertNotNull(expected, cfg + " lacks an \"\\* expect: <name>\" header");
        TlcResult r = TlcRunner.run(cfg);
        assertEquals(expected, r.violated(), () -> cfg + ": TLC did not report " + expected + "; see " + r.output());
    }
}
