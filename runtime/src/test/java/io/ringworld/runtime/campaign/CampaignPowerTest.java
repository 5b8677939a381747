package io.ringworld.runtime.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.testhooks.PlantedBug;
import io.ringworld.runtime.sim.FaultKind;
import io.ringworld.runtime.sim.FaultPlan;
import io.ringworld.runtime.sim.RunResult;
import io.ringworld.runtime.sim.SimConfig;
import io.ringworld.runtime.sim.SimRandom;
import io.ringworld.runtime.sim.Simulation;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The campaign's power (issue 17): with the default fault configuration, every planted kernel bug
 * a campaign must find fails some seed among the first 1,000 (from 1, or {@code -Dseed=N});
 * seeds run in order and the search stops at the first failure, so a bug found early costs little.
 * The full table is {@code ./ringworld campaign --planted-bug-matrix --seeds 1000 --from 1}.
 */
class CampaignPowerTest {
    private static final int SEEDS_MAX = 1000;
    private static final long FROM = Long.getLong("seed", 1L);
    private static final int BATCH = 2 * Math.max(1, Runtime.getRuntime().availableProcessors());

    static List<PlantedBug> campaignBugs() {
        return CampaignBugs.found();
    }

    @ParameterizedTest
    @MethodSource("campaignBugs")
    void theDefaultCampaignFindsThePlantedBug(PlantedBug bug) throws Exception {
        SimConfig config = SimConfig.defaults().withPlantedBug(bug);
        ExecutorService pool = Executors.newFixedThreadPool(BATCH / 2);
        try {
            for (long first = FROM; first < FROM + SEEDS_MAX; first += BATCH) {
                List<Future<RunResult>> runs = new ArrayList<>();
                for (long seed = first; seed < first + BATCH && seed < FROM + SEEDS_MAX; seed++) {
                    long s = seed;
                    runs.add(pool.submit(() -> Simulation.run(s, config, null)));
                }
                for (Future<RunResult> f : runs) {
                    RunResult r = f.get();
                    if (!r.passed()) {
                        System.out.printf("%s found by seed %d: %s%n  replay: ./ringworld campaign --seed %d"
                                + " --planted-bug %s --trace%n", bug, r.seed(), r.firstViolation(), r.seed(), bug);
                        assertEquals(r.firstViolation(), Simulation.run(r.seed(), config, null).firstViolation(),
                                "the failing seed replays");
                        return;
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        throw new AssertionError(bug + " was not found by seeds " + FROM + ".." + (FROM + SEEDS_MAX - 1));
    }

    @Test
    void everyPlantedBugIsInTheCampaignListOrRetiredWithAReason() {
        for (PlantedBug bug : PlantedBug.values()) {
            boolean listed = CampaignBugs.found(true).contains(bug);
            boolean retired = CampaignBugs.retired().containsKey(bug);
            assertTrue(bug == PlantedBug.NONE || listed != retired, bug + " is listed or retired, not both");
        }
        assertFalse(CampaignBugs.found().contains(PlantedBug.NONE));
        CampaignBugs.retired().values().forEach(reason -> assertFalse(reason.isBlank()));
    }

    @Test
    void theSteeringKindsDoNotShiftAClassicPlan() {
        for (long seed = 1; seed <= 200; seed++) {
            FaultPlan classic = FaultPlan.draw(new SimRandom(seed), FaultKind.CLASSIC, true);
            FaultPlan all = FaultPlan.draw(new SimRandom(seed), EnumSet.allOf(FaultKind.class), true);
            EnumSet<FaultKind> allClassic = EnumSet.noneOf(FaultKind.class);
            allClassic.addAll(all.enabled());
            allClassic.retainAll(FaultKind.CLASSIC);
            assertEquals(classic.enabled(), allClassic, "seed " + seed);
            assertEquals(classic.lossRate(), all.lossRate(), "seed " + seed);
            assertEquals(classic.switchCrashRatePerTick(), all.switchCrashRatePerTick(), "seed " + seed);
            assertEquals(FaultPlan.Steering.NONE, classic.steering(), "seed " + seed);
        }
    }
}
