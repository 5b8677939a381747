package io.ringworld.conformance.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.testhooks.PlantedBug;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Trace validation of the hole timer (finding F11): the kernel's leader junk-fills every index
 * one token visit showed it in one step, and RingWorld.tla's FillHole fills them in one step too.
 * The default runs never show it (see {@link SimulatorTraces#lossyConfig}), so the lossy runs are
 * searched from seed 1 for the first traces with such a fill. TLC must accept them. With
 * {@link PlantedBug#FILL_ONE_HOLE_PER_TICK} planted, the kernel's own HoleFilledInTime (issue 17)
 * stops the run at the first fill of one hole of two, so the trace never shows the split fill
 * TLC used to reject here: TLC accepts what the kernel did up to there.
 */
class TraceValidationHoleTimerTest {
    static final long SEEDS_MAX = 3000;
    static final int TRACES = 2;
    static final List<Long> seeds = new ArrayList<>();

    @BeforeAll
    static void findSeeds() {
        for (long seed = 1; seed <= SEEDS_MAX && seeds.size() < TRACES; seed++) {
            if (SimulatorTraces.recordLossy(seed, PlantedBug.NONE).events.stream().anyMatch(SpecEventRecorder::fillsMany)) {
                seeds.add(seed);
            }
        }
        System.out.println("[trace-validation] hole timer: lossy seeds whose trace fills two indices in one step: " + seeds
                + " (searched 1.." + SEEDS_MAX + ")");
        assertEquals(TRACES, seeds.size(), "fewer than " + TRACES + " lossy runs filled two holes in one step");
    }

    @Test
    void aHoleTimerFillingEveryHoleOfOneVisitInOneStepIsAccepted() {
        for (long seed : seeds) {
            SpecEventRecorder trace = SimulatorTraces.recordLossy(seed, PlantedBug.NONE);
            assertNull(trace.kernelViolation);
            String fill = trace.events.stream().filter(SpecEventRecorder::fillsMany).findFirst().orElseThrow();
            TlcTraceChecker.Verdict v = TlcTraceChecker.check("holes_seed" + seed, trace.events, trace.constants());
            System.out.println("[trace-validation] hole timer: " + v.message() + " (" + fill.trim() + ")");
            assertTrue(v.accepted(), v.message());
        }
    }

    @Test
    void fillingOneHolePerTickIsStoppedByTheKernelAtItsFirstFill() {
        for (long seed : seeds) {
            SpecEventRecorder trace = SimulatorTraces.recordLossy(seed, PlantedBug.FILL_ONE_HOLE_PER_TICK);
            assertTrue(trace.kernelViolation != null && trace.kernelViolation.contains("HoleFilledInTime violated"),
                    "seed " + seed + ": " + trace.kernelViolation);
            assertFalse(trace.events.stream().anyMatch(SpecEventRecorder::fillsMany), "the planted bug filled two at once");
            TlcTraceChecker.Verdict v = TlcTraceChecker.check("FILL_ONE_HOLE_PER_TICK_seed" + seed, trace.events,
                    trace.constants());
            System.out.println("[trace-validation] planted FILL_ONE_HOLE_PER_TICK: " + trace.kernelViolation + "; "
                    + v.message());
            assertTrue(v.accepted(), v.message());
        }
    }
}
