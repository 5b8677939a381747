package io.ringworld.runtime.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.testhooks.PlantedBug;
import io.ringworld.runtime.sim.FaultKind;
import io.ringworld.runtime.sim.RunResult;
import io.ringworld.runtime.sim.SimConfig;
import io.ringworld.runtime.sim.Simulation;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/**
 * The fixed campaign every build runs: 200 seeds with every fault kind, zero violations; and the
 * same campaign with planted kernel bugs, which it must find, with a failing seed that replays.
 * The first seed is 1, or {@code -Dseed=N}.
 */
class CampaignTest {
    private static final int SEEDS = 200;
    private static final long FROM = Long.getLong("seed", 1L);
    private static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());

    private static Campaign.Summary campaign(SimConfig config) {
        System.out.printf("campaign seeds %d..%d planted-bug=%s (replay one: -Dseed=N or ./ringworld campaign --seed N)%n",
                FROM, FROM + SEEDS - 1, config.plantedBug());
        return new Campaign(config, THREADS).run(FROM, SEEDS, r -> { });
    }

    @Test
    void fixedCampaignWithEveryFaultKindHasNoViolations() {
        Campaign.Summary summary = campaign(SimConfig.defaults());
        StringBuilder failures = new StringBuilder();
        for (RunResult r : summary.failures) {
            failures.append("\n  seed ").append(r.seed()).append(": ").append(r.firstViolation());
        }
        System.out.printf("campaign: runs=%d ops=%d messages=%d view-changes=%d failed=%d%n", summary.runs, summary.ops,
                summary.messages, summary.viewChanges, summary.failures.size());
        assertTrue(summary.allPassed(), summary.failures.size() + " of " + SEEDS + " runs failed:" + failures);
        for (FaultKind kind : FaultKind.values()) {
            if (FaultKind.DISK.contains(kind)) {
                assertEquals(0, summary.faultsByKind[kind.ordinal()], "disk faults only with --disk-faults: " + kind);
            } else {
                assertTrue(summary.faultsByKind[kind.ordinal()] > 0, "the campaign injected " + kind);
            }
        }
        assertTrue(summary.viewChanges > 0, "the campaign went through view changes");
    }

    @Test
    void plantedCommitOnOneAckIsFoundAndItsSeedReplays() {
        assertFoundAndReplays(PlantedBug.COMMIT_ON_ONE_ACK);
    }

    @Test
    void plantedSkipSealIsFoundAndItsSeedReplays() {
        assertFoundAndReplays(PlantedBug.SKIP_SEAL);
    }

    private static void assertFoundAndReplays(PlantedBug bug) {
        SimConfig config = SimConfig.defaults().withPlantedBug(bug);
        Campaign.Summary summary = campaign(config);
        assertFalse(summary.allPassed(), "a campaign of " + SEEDS + " seeds must find " + bug);
        RunResult first = summary.failures.get(0);
        System.out.println(bug + " found by seed " + first.seed() + ": " + first.firstViolation());
        RunResult replay = Simulation.run(first.seed(), config, null);
        assertEquals(first.violations(), replay.violations(), "the failing seed replays the same violation");
        assertEquals(first.traceHash(), replay.traceHash(), "the failing seed replays the same trace");
        RunResult healthy = Simulation.run(first.seed(), SimConfig.defaults(), null);
        assertTrue(healthy.passed() || !healthy.firstViolation().equals(first.firstViolation()),
                "without the bug the seed does not fail the same way");
    }

    @Test
    void noFaultsMeansEveryAppendCommits() {
        SimConfig calm = SimConfig.defaults().withFaults(EnumSet.noneOf(FaultKind.class), false);
        for (long seed = FROM; seed < FROM + 20; seed++) {
            RunResult r = Simulation.run(seed, calm, null);
            assertTrue(r.passed(), "seed " + seed + ": " + r.firstViolation());
            assertEquals(0, r.viewChanges(), "no faults, no view change (seed " + seed + ")");
            assertTrue(r.history().ops().stream().noneMatch(op -> op.type().name().equals("INFO")),
                    "no faults, no indeterminate operation (seed " + seed + ")");
        }
    }
}
