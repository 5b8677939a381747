package io.ringworld.specs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.specs.tool.TlcResult;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fast safety model with view changes (RingWorld's Spec, ViewChange's VCSpec) must reach a
 * crash, then a completed view change, then a commit in that view: the same config, with its
 * invariants replaced by the sanity target NoCommitAfterCrashViewChange (== ~(a view's token was
 * minted after a crash /\ a payload was committed in that latest view)), must be violated.
 */
class ReachabilityTest {

    static List<String> safetyModels() {
        List<String> models = TlcRunner.configs(n -> n.endsWith("_fast.cfg"))
                .stream()
                .filter(n -> {
                    String cfg = TlcRunner.read(TlcRunner.tlaDir().resolve(n));
                    return (n.startsWith("RingWorld_")
                                    && (cfg.contains("SPECIFICATION Spec\n") || cfg.contains("SPECIFICATION Spec19\n")))
                            || cfg.contains("SPECIFICATION VCSpec\n") || cfg.contains("SPECIFICATION VCPagesSpec\n");
                })
                .toList();
        assertTrue(models.size() >= 3, "expected the fast safety models with view changes, found " + models);
        return models;
    }

    static String withOnlyInvariant(String cfgText, String invariant) {
        StringBuilder out = new StringBuilder();
        boolean skipping = false;
        for (String line : cfgText.split("\n", -1)) {
            String t = line.trim();
            if (t.equals("INVARIANTS") || t.equals("PROPERTIES")) {
                skipping = true;
                continue;
            }
            if (skipping && (line.startsWith(" ") || line.startsWith("\t") || t.isEmpty())) {
                continue;
            }
            skipping = false;
            out.append(line).append('\n');
        }
        return out.append("INVARIANTS\n    ").append(invariant).append('\n').toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("safetyModels")
    void modelReachesViewChangeAfterCrashAndCommitsAgain(String cfg) {
        String text = TlcRunner.read(TlcRunner.tlaDir().resolve(cfg));
        String base = cfg.replaceFirst("\\.cfg$", "");
        String target = "NoCommitAfterCrashViewChange";
        TlcResult r = TlcRunner.run(base + "__" + target, withOnlyInvariant(text, target));
        assertEquals(target, r.violated(), () -> cfg + " never reaches " + target + "'s negation; see " + r.output());
    }

    /**
     * Issue 19, item 2: in the paged model a restarted coordinator (it knows no committed prefix)
     * chooses with a complete reply of a server that held more entries than one page.
     */
    @org.junit.jupiter.api.Test
    void pagedModelChoosesAfterMoreThanOnePage() {
        expectViolated("ViewChange_pages_fast.cfg", "NoPagedChoice");
    }

    /** Issue 19, item 3: an append sequenced by a switch admitted without a view change commits. */
    @org.junit.jupiter.api.Test
    void joinModelCommitsAnAppendOfAnAdmittedSwitch() {
        expectViolated("RingWorld_join_fast.cfg", "NoAdmittedCommit");
    }

    private static void expectViolated(String cfg, String target) {
        String text = withOnlyInvariant(TlcRunner.read(TlcRunner.tlaDir().resolve(cfg)), target);
        TlcResult r = TlcRunner.run(cfg.replaceFirst("\\.cfg$", "") + "__" + target, text);
        assertEquals(target, r.violated(), () -> cfg + " never reaches " + target + "'s negation; see " + r.output());
    }

    /** The trim model completes a two-round trim: some read is answered Trimmed. */
    @org.junit.jupiter.api.Test
    void trimModelAnswersAReadTrimmed() {
        String cfg = "RingWorld_trim_fast.cfg";
        String target = "NoTrimmedRead";
        TlcResult r = TlcRunner.run("RingWorld_trim_fast__" + target,
                withOnlyInvariant(TlcRunner.read(TlcRunner.tlaDir().resolve(cfg)), target));
        assertEquals(target, r.violated(), () -> cfg + " never answers a read Trimmed; see " + r.output());
    }
}
