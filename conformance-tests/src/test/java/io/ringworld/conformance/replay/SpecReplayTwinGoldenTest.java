package io.ringworld.conformance.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.specs.tool.SpecSources;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Golden counterexamples of two planted spec bugs whose kernel twins need more of the replay than
 * the others: TLC's error traces of {@code bug_AdmitLeads.cfg} and {@code bug_DamageAsAbsent.cfg}
 * as {@code ringworld specs check --bug NAME} keeps them ({@code target/specs-check/bug_NAME.trace},
 * the files beside this class; rerun that command to renew them after a spec change). Each is
 * replayed with the twin planted, which must take the spec's steps up to the violation, and on a
 * correct kernel, which must part from the spec at the bug's own step.
 */
class SpecReplayTwinGoldenTest {
    private static List<Map<String, Object>> trace(String model) throws IOException, URISyntaxException {
        return TlcTrace.read(Path.of(SpecReplayTwinGoldenTest.class.getResource(model + ".trace").toURI()));
    }

    private static ReplaySettings settings(String model) throws IOException {
        return ReplaySettings.fromCfg(SpecSources.at(SpecBehaviours.specDir()).read(model + ".cfg"));
    }

    /**
     * AdmitLeads: switch 2, admitted without a view change, leads index 1, which switch 1 handed
     * out and wrote before the admission; it fills it with junk. The spec's second leader takes the
     * servers' acks of the first one's write (a spec ack names no leader); the kernel's server gets
     * the second leader's write and its own assertion that one index got two payloads in one view
     * stops it there, a step before the spec's CommittedStable breaks.
     */
    @Test
    void admitLeadsIsCaughtByTheTwinsServerAndACorrectKernelWillNotFillTheIndex() throws Exception {
        List<Map<String, Object>> states = trace("bug_AdmitLeads");
        ReplaySettings settings = settings("bug_AdmitLeads");
        String twin = SpecReplay.kernelTwin("AdmitLeads").orElseThrow();
        SpecReplay.Outcome o = SpecReplay.replay("bug_AdmitLeads golden", states, settings, twin);
        SpecReplay.StepOutcome last = o.divergence().orElseThrow(() -> new AssertionError("the twin took every step"));
        assertEquals("UniqueAssignment", last.kernelInvariant(), last.detail());
        assertEquals("LeaderCommit", last.action(), last.detail());
        assertEquals(states.size() - 1, last.step(), "one step before the spec's violation: " + last.detail());
        assertTrue(o.steps().subList(0, o.steps().size() - 1).stream().allMatch(SpecReplay.StepOutcome::same), o.steps().toString());

        SpecReplay.Outcome correct = SpecReplay.replay("bug_AdmitLeads golden", states, settings, "NONE");
        SpecReplay.StepOutcome parted = correct.divergence().orElseThrow(() -> new AssertionError("a correct kernel took every step"));
        assertEquals("FillHole", parted.action(), parted.detail());
        assertEquals("", parted.kernelInvariant(), parted.detail());
        assertTrue(parted.step() < last.step(), "a correct kernel parts before the twin is caught: " + parted.detail());
    }

    /**
     * DamageAsAbsent: a committed entry's copy on one of its two servers fails its checksum. The
     * twin's server finds it by a read, drops it and goes on vouching: it takes the spec's last
     * step, into CommitNeedsMajority's violation. A correct server makes the index unknown and
     * relearns, where the spec's bug does not.
     */
    @Test
    void damageAsAbsentIsTakenByTheTwinAndRefusedByACorrectServer() throws Exception {
        List<Map<String, Object>> states = trace("bug_DamageAsAbsent");
        ReplaySettings settings = settings("bug_DamageAsAbsent");
        String twin = SpecReplay.kernelTwin("DamageAsAbsent").orElseThrow();
        SpecReplay.Outcome o = SpecReplay.replay("bug_DamageAsAbsent golden", states, settings, twin);
        assertTrue(o.reproduces("CommitNeedsMajority"), o.divergence().map(SpecReplay.StepOutcome::detail).orElse("?"));
        assertTrue(o.completed(), "the twin takes every step");

        SpecReplay.Outcome correct = SpecReplay.replay("bug_DamageAsAbsent golden", states, settings, "NONE");
        SpecReplay.StepOutcome parted = correct.divergence().orElseThrow(() -> new AssertionError("a correct kernel took every step"));
        assertEquals("ServerCorrupt", parted.action(), parted.detail());
        assertEquals(states.size(), parted.step());
        assertTrue(parted.variable().endsWith(".dk"), "a correct server relearns: " + parted.detail());
        assertFalse(correct.reproduces("CommitNeedsMajority"));
    }
}
