package io.ringworld.conformance.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.testhooks.PlantedBug;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The recording side alone (no TLC): a seed is one trace, a trace keeps the spec's one ClientAppend
 * per payload, and a GetTailReply answers a getTail started before it.
 */
class SimulatorTracesTest {

    @Test
    void aSeedGivesOneTraceAndOtherSeedsOthers() {
        Set<List<String>> distinct = new HashSet<>();
        for (long seed = 1; seed <= 10; seed++) {
            SpecEventRecorder a = SimulatorTraces.record(seed, PlantedBug.NONE);
            SpecEventRecorder b = SimulatorTraces.record(seed, PlantedBug.NONE);
            assertEquals(a.events, b.events, "seed " + seed);
            assertEquals(a.constants(), b.constants(), "seed " + seed);
            distinct.add(a.events);
        }
        assertEquals(10, distinct.size(), "10 seeds, 10 traces");
    }

    @Test
    void everyPayloadIsAppendedOnceAndTheRunPassesItsOwnChecks() {
        int withAppends = 0;
        for (long seed = 1; seed <= 30; seed++) {
            SpecEventRecorder trace = SimulatorTraces.record(seed, PlantedBug.NONE);
            assertTrue(trace.run.passed(), "seed " + seed + ": " + trace.run.firstViolation());
            Set<String> appended = new HashSet<>();
            for (String e : trace.events) {
                if (e.contains("\"ClientAppend\"")) {
                    String p = e.replaceAll(".*p \\|-> (\\d+).*", "$1");
                    assertTrue(appended.add(p), "seed " + seed + ": payload " + p + " appended twice");
                    assertEquals(String.valueOf(appended.size()), p, "seed " + seed + ": payloads numbered in order");
                }
            }
            // A run whose first appends met crashed switches may record getTails only before its cut.
            assertTrue(!appended.isEmpty() || trace.events.stream().anyMatch(e -> e.contains("\"GetTailStart\"")),
                    "seed " + seed + ": no client operation recorded");
            withAppends += appended.isEmpty() ? 0 : 1;
        }
        assertTrue(withAppends >= 25, "only " + withAppends + " of 30 traces recorded an append");
    }

    @Test
    void everyGetTailReplyAnswersAGetTailStartedBeforeIt() {
        int withReplies = 0;
        for (long seed = 1; seed <= 30; seed++) {
            SpecEventRecorder trace = SimulatorTraces.record(seed, PlantedBug.NONE);
            Set<String> started = new HashSet<>();
            boolean replied = false;
            for (String e : trace.events) {
                String g = e.replaceAll(".*g \\|-> (\\d+).*", "$1");
                if (e.contains("\"GetTailStart\"")) {
                    assertTrue(started.add(g), "seed " + seed + ": getTail " + g + " started twice");
                    assertEquals(String.valueOf(started.size()), g, "seed " + seed + ": getTails numbered in order");
                } else if (e.contains("\"GetTailReply\"")) {
                    assertTrue(started.contains(g), "seed " + seed + ": " + e + " answers no started getTail");
                    replied = true;
                }
            }
            withReplies += replied ? 1 : 0;
        }
        assertTrue(withReplies >= 10, "only " + withReplies + " of 30 traces have a getTail answered");
    }
}
