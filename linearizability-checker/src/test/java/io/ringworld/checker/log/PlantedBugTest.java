package io.ringworld.checker.log;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.checker.Seeds;
import io.ringworld.checker.gen.PlannedOp;
import io.ringworld.checker.gen.RandomLogHistory;
import io.ringworld.checker.history.History;
import io.ringworld.checker.history.HistoryWriter;
import io.ringworld.checker.oracle.BruteForce;
import io.ringworld.checker.oracle.Mutations;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The cross-check is strong enough to catch a broken checker: with a planted bug the fast
 * checker disagrees with the brute-force oracle on some random mutated history.
 */
class PlantedBugTest {
    private static final int HISTORIES_MAX = 50_000;

    @ParameterizedTest
    @EnumSource(PlantedBug.class)
    void theCrossCheckCatchesThePlantedBug(PlantedBug bug) {
        LogChecker broken = new LogChecker(EnumSet.of(bug));
        long base = Seeds.fixed() != null ? Seeds.fixed() : new SplittableRandom().nextLong();
        System.out.println("PlantedBugTest " + bug + ": " + Seeds.replay(base));
        for (int i = 0; i < HISTORIES_MAX; i++) {
            SplittableRandom random = new SplittableRandom(base + i);
            List<PlannedOp> plan = RandomLogHistory.plan(random, RandomLogHistory.Params.small(1 + random.nextInt(7)));
            History h = RandomLogHistory.render(Mutations.mutate(plan, random, 1 + random.nextInt(2)));
            if (broken.run(h).isValid() != BruteForce.linearizable(h)) {
                System.out.println("caught " + bug + " after " + (i + 1) + " histories:\n" + HistoryWriter.toEdn(h));
                return;
            }
        }
        assertTrue(false, bug + " went unnoticed over " + HISTORIES_MAX + " histories");
    }
}
