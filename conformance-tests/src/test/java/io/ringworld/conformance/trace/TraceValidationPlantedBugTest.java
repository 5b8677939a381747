package io.ringworld.conformance.trace;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.testhooks.PlantedBug;

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
        return rejection(bug, shows, seed -> SimulatorTraces.record(seed, bug), "", 1, 20);
    }

    /** As {@link #rejection(PlantedBug, String)}, over the wide runs (3 switches, 2 replica sets, reads and trims). */
    private static String wideRejection(PlantedBug bug, String shows) {
        return wideRejection(bug, shows, 1, 100);
    }

    private static String wideRejection(PlantedBug bug, String shows, long from, long to) {
        return rejection(bug, shows, seed -> SimulatorTraces.recordWide(seed, bug), "wide_", from, to);
    }

    private static String rejection(PlantedBug bug, String shows, java.util.function.LongFunction<SpecEventRecorder> record,
            String prefix, long from, long to) {
        for (long seed = from; seed <= to; seed++) {
            SpecEventRecorder trace = record.apply(seed);
            if (trace.events.stream().noneMatch(e -> e.contains(shows))) {
                continue;
            }
            TlcTraceChecker.Verdict v = TlcTraceChecker.check(prefix + bug + "_seed" + seed, trace.events, trace.constants());
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
    void trimInOneRoundIsRejectedAtTheServersTrim() {
        String m = wideRejection(PlantedBug.TRIM_ONE_ROUND, "\"ServerTrim\"");
        assertFalse(m.isEmpty(), "no wide trace rejected with TRIM_ONE_ROUND planted");
        // round 2 without round 1: the spec has sent no ServerTrim of that prefix yet
        assertTrue(m.matches("(?s)trace wide_TRIM_ONE_ROUND_seed\\d+: event \\d+ \\[a \\|-> \"ServerTrim\".*"
                + "has no matching RingWorld step \\(action ServerTrim not enabled.*"), m);
    }

    @Test
    void trimmedBeforeTheTrimIsDoneIsRejectedAtTheReadsAnswer() {
        // A trimmed answer is wrong only while the trim is still in flight: most wide runs answer
        // their TRIMMED reads after it completed (seeds 8..195 all do). Seeds 200..260 hold two
        // runs whose read comes early (209 and 221 at the time of writing).
        String m = wideRejection(PlantedBug.EAGER_TRIMMED, "res |-> -3", 200, 260);
        assertFalse(m.isEmpty(), "no wide trace rejected with EAGER_TRIMMED planted");
        assertTrue(m.matches("(?s)trace wide_EAGER_TRIMMED_seed\\d+: event \\d+ \\[a \\|-> \"ReadReply\".*res \\|-> -3.*"
                + "has no matching RingWorld step \\(action ReadReply not enabled.*"), m);
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
