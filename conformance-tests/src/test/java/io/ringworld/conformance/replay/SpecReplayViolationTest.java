package io.ringworld.conformance.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.specs.tool.SpecSources;
import io.ringworld.specs.tool.Tlc;
import io.ringworld.specs.tool.TlcResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A spec counterexample replayed on the kernel, as the CLI's {@code --replay-on-kernel} does:
 * TLC finds the planted spec bug CommitOnOneAck (specs/tla/bug_CommitOnOneAck.cfg, violating
 * CommitNeedsMajority), and SpecReplay replays TLC's error trace on a kernel with the twin bug
 * planted, which must take every step the spec took, and on a correct kernel, which must refuse
 * the spec's commit on one acknowledgement.
 */
class SpecReplayViolationTest {
    static final String CFG = "bug_CommitOnOneAck.cfg";
    /** TLC's exit code for a violated safety property (an invariant). */
    static final int TLC_SAFETY_VIOLATION = 12;
    static List<Map<String, Object>> states;
    static ReplaySettings settings;

    @BeforeAll
    static void counterexample() {
        TlcResult r = SpecBehaviours.tlc("bug_CommitOnOneAck-violation", CFG, Tlc.Mode.EXHAUSTIVE, 0, 0, List.of());
        assertEquals(TLC_SAFETY_VIOLATION, r.exitCode(), "TLC on " + CFG + " must find the planted bug; see " + r.output());
        assertEquals("CommitNeedsMajority", r.violated(), "see " + r.output());
        assertNotNull(r.trace(), "no error trace in " + r.output());
        states = r.trace().states();
        settings = ReplaySettings.fromCfg(SpecSources.at(SpecBehaviours.specDir()).read(CFG));
    }

    /**
     * The kernel with the twin takes every step as the spec did, up to the violating commit, and
     * there its own always-on assertion of the same invariant stops it: the kernel reproduces the
     * violation (and catches itself, which is why the step cannot simply "match").
     */
    @Test
    void theTwinKernelBugReproducesTheViolationAtItsLastStep() {
        String twin = SpecReplay.kernelTwin("CommitOnOneAck").orElseThrow();
        assertEquals("COMMIT_ON_ONE_ACK", twin);
        SpecReplay.Outcome o = SpecReplay.replay(CFG + " counterexample", states, settings, twin);
        assertTrue(o.reproduces("CommitNeedsMajority"), "the kernel with " + twin + " did not reproduce the spec's"
                + " counterexample: " + o.divergence().map(SpecReplay.StepOutcome::detail).orElse("?"));
        assertEquals(states.size(), o.totalSteps());
        assertEquals(states.size(), o.steps().size());
        assertTrue(o.steps().subList(0, o.steps().size() - 1).stream().allMatch(SpecReplay.StepOutcome::same), o.steps().toString());
        SpecReplay.StepOutcome last = o.steps().get(o.steps().size() - 1);
        assertEquals("LeaderCommit", last.action());
        assertEquals("CommitNeedsMajority", last.kernelInvariant(), last.detail());
    }

    @Test
    void aCorrectKernelDivergesAtTheCommitOnOneAck() {
        SpecReplay.Outcome o = SpecReplay.replay(CFG + " counterexample", states, settings, "NONE");
        assertFalse(o.completed(), "a correct kernel took every step of the counterexample");
        SpecReplay.StepOutcome last = o.steps().get(o.steps().size() - 1);
        assertFalse(last.same(), o.steps().toString());
        assertEquals("LeaderCommit", last.action(), last.detail());
        System.out.println("counterexample of " + CFG + " on a correct kernel: " + last.detail());
        assertEquals(last.step(), o.steps().size());
        assertTrue(o.steps().subList(0, o.steps().size() - 1).stream().allMatch(SpecReplay.StepOutcome::same));
        assertEquals("", last.kernelInvariant(), "a correct kernel refuses the commit; no assertion of its own trips");
        assertFalse(o.reproduces("CommitNeedsMajority"));
    }
}
