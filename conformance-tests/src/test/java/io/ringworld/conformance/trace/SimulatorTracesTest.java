package io.ringworld.conformance.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.PlantedBug;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The recording side alone (no TLC): a seed is one trace, and a trace keeps the spec's one ClientAppend per payload. */
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
            assertNotEquals(0, appended.size(), "seed " + seed + ": no append recorded");
        }
    }
}
