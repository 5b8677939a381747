package io.ringworld.conformance.trace;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.PlantedBug;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Trace validation catches a kernel bug and a spec/kernel mismatch, naming the trace event and
 * the variable (or the action) that could not be matched. The bug is planted in the kernel of the
 * simulator runs ({@link SimulatorTraces}); the first seed (from 1) whose trace shows it is
 * checked, and TLC must reject it.
 */
class TraceValidationPlantedBugTest {

    /** The first rejected trace among seeds 1..20 with the bug planted. */
    private static String rejection(PlantedBug bug) {
        return rejection(bug, "commit |-> TRUE");           // both bugs show only after a commit
    }

    /** The first rejected trace among seeds 1..20 with the bug planted, of those with an event containing {@code shows}. */
    private static String rejection(PlantedBug bug, String shows) {
        for (long seed = 1; seed <= 20; seed++) {
            SpecEventRecorder trace = SimulatorTraces.record(seed, bug);
            if (trace.events.stream().noneMatch(e -> e.contains(shows))) {
                continue;
            }
            TlcTraceChecker.Verdict v = TlcTraceChecker.check(bug + "_seed" + seed, trace.events, trace.constants());
            System.out.println("[trace-validation] planted " + bug + ": " + v.message());
            if (!v.accepted()) {
                return v.message();
            }
        }
        return "";
    }

    @Test
    void aTamperedTraceIsRejectedNamingTheEvent() {
        long seed = 1;
        SpecEventRecorder trace = SimulatorTraces.record(seed, PlantedBug.NONE);
        while (trace.events.stream().noneMatch(e -> e.contains("\"ServerWrite\""))) {   // a run that crashed first
            trace = SimulatorTraces.record(++seed, PlantedBug.NONE);
        }
        List<String> events = new java.util.ArrayList<>(trace.events);
        int n = 0;
        while (!events.get(n).contains("\"ServerWrite\"")) {
            n++;
        }
        // the first ServerWrite with another payload (p -> p mod 3 + 1) than the one the leader replicated
        java.util.regex.Matcher p = java.util.regex.Pattern.compile("p \\|-> (\\d+)").matcher(events.get(n));
        assertTrue(p.find());
        String bad = p.replaceFirst("p |-> " + (Integer.parseInt(p.group(1)) % 3 + 1));
        events.set(n, bad);
        TlcTraceChecker.Verdict v = TlcTraceChecker.check("tampered_seed" + seed, events, trace.constants());
        System.out.println("[trace-validation] tampered: " + v.message());
        assertFalse(v.accepted());
        assertTrue(v.message().startsWith("trace tampered_seed" + seed + ": event " + (n + 1) + " " + bad
                + " has no matching RingWorld step (action ServerWrite not enabled"), v.message());
    }

    @Test
    void commitOnOneAckIsRejectedAtTheLeaderCommit() {
        String m = rejection(PlantedBug.COMMIT_ON_ONE_ACK);
        assertFalse(m.isEmpty(), "no trace rejected with COMMIT_ON_ONE_ACK planted");
        assertTrue(m.matches("(?s)trace COMMIT_ON_ONE_ACK_seed\\d+: event \\d+ \\[a \\|-> \"LeaderCommit\".*"
                + "variable LeaderCommit\\.commit \\(smap\\[i\\]\\.com\\): spec FALSE, kernel TRUE.*"), m);
    }

    @Test
    void skippedCommitFoldIsRejectedAtTheTokenVisit() {
        String m = rejection(PlantedBug.SKIP_COMMIT_FOLD);
        assertFalse(m.isEmpty(), "no trace rejected with SKIP_COMMIT_FOLD planted");
        assertTrue(m.matches("(?s)trace SKIP_COMMIT_FOLD_seed\\d+: event \\d+ \\[a \\|-> \"SequenceBatch\".*"
                + "variable SequenceBatch\\.c \\(token committed prefix, FoldCommit\\): spec \\d+, kernel \\d+.*"), m);
    }

    @Test
    void getTailWithoutCommitIsRejectedAtTheKernelsAnswer() {
        String m = rejection(PlantedBug.TAIL_WITHOUT_COMMIT, "\"GetTailReply\"");
        assertFalse(m.isEmpty(), "no trace rejected with TAIL_WITHOUT_COMMIT planted");
        assertTrue(m.matches("(?s)trace TAIL_WITHOUT_COMMIT_seed\\d+: event \\d+ \\[a \\|-> \"GetTailReply\".*"
                + "variable GetTailReply\\.tail \\(tails\\[g\\] not returned: CanReturn with h (\\d+), view \\d+, token c (\\d+)\\):"
                + " spec waiting, kernel returned \\1"), m);
    }
}
