package io.ringworld.specs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.specs.tool.TlcResult;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The TLC gate of every build: each *_fast.cfg model must pass (no violation). */
class FastModelsTest {

    static List<String> fastModels() {
        List<String> models = TlcRunner.configs(n -> n.endsWith("_fast.cfg"));
        assertTrue(models.size() >= 8, "expected the fast models in " + TlcRunner.tlaDir() + ", found " + models);
        return models;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fastModels")
    void fastModelPasses(String cfg) {
        TlcResult r = TlcRunner.run(cfg);
        assertEquals("ok", r.verdict(), () -> cfg + " failed; see " + r.output());
        assertTrue(r.distinct() > 0, () -> cfg + ": no state count in " + r.output());
    }
}
