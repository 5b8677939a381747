package io.ringworld.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.checker.gen.PlannedOp;
import io.ringworld.checker.gen.RandomLogHistory;
import io.ringworld.checker.history.History;
import io.ringworld.checker.history.HistoryWriter;
import io.ringworld.checker.log.LogChecker;
import io.ringworld.checker.oracle.BruteForce;
import io.ringworld.checker.oracle.Mutations;
import io.ringworld.checker.report.Validity;
import io.ringworld.checker.report.Verdict;
import io.ringworld.checker.wgl.Budget;
import io.ringworld.checker.wgl.Models;
import io.ringworld.checker.wgl.WglChecker;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;

/**
 * The fast checker, WGL and the brute-force oracle agree on random histories: linearizable ones
 * generated from sequential runs (random concurrency, crashes, junk, trims), and mutated ones,
 * which are rejected whenever the oracle rejects them. Each try is one seed (printed on failure;
 * -Dseed=N replays it).
 */
class CrossCheckProperties {
    private static final Budget BUDGET = new Budget(5_000, 5_000_000);

    @Provide
    Arbitrary<Long> seeds() {
        return Seeds.arbitrary();
    }

    static List<PlannedOp> smallPlan(SplittableRandom random) {
        return RandomLogHistory.plan(random, RandomLogHistory.Params.small(1 + random.nextInt(7)));
    }

    @Property(tries = 12_000, shrinking = ShrinkingMode.OFF)
    void generatedHistoriesAreLinearizableForAllThree(@ForAll("seeds") long seed) {
        History h = RandomLogHistory.render(smallPlan(new SplittableRandom(seed)));
        String context = Seeds.replay(seed) + "\n" + HistoryWriter.toEdn(h);
        assertTrue(BruteForce.linearizable(h), "oracle rejects a generated history: " + context);
        assertEquals(Validity.VALID, LogChecker.check(h).validity(), "fast: " + context);
        assertEquals(Validity.VALID, WglChecker.check(h, Models.sharedLog(), BUDGET).validity(), "wgl: " + context);
    }

    @Property(tries = 20_000, shrinking = ShrinkingMode.OFF)
    void mutatedHistoriesGetTheOraclesVerdict(@ForAll("seeds") long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<PlannedOp> plan = Mutations.mutate(smallPlan(random), random, 1 + random.nextInt(2));
        History h = RandomLogHistory.render(plan);
        String context = Seeds.replay(seed) + "\n" + HistoryWriter.toEdn(h);
        boolean oracle = BruteForce.linearizable(h);
        Verdict fast = LogChecker.check(h);
        Verdict wgl = WglChecker.check(h, Models.sharedLog(), BUDGET);
        Statistics.label("oracle").collect(oracle ? "linearizable" : "rejected");
        if (Seeds.fixed() == null) {
            // The mutations must actually break histories often, or this property proves little.
            Statistics.label("oracle").coverage(c -> c.check("rejected").percentage(p -> p > 15));
        }
        assertEquals(oracle, fast.isValid(), "fast disagrees with the oracle (" + fast.reason() + "): " + context);
        assertEquals(oracle, wgl.isValid(), "wgl disagrees with the oracle (" + wgl.reason() + "): " + context);
        if (!oracle) {
            assertTrue(fast.reason() != null && !fast.offending().isEmpty() && fast.windowFrom() <= fast.windowTo(),
                "a violation names a reason, ops and a window: " + context);
        }
    }

    @Property(tries = 1_500, shrinking = ShrinkingMode.OFF)
    void fastAndWglAgreeOnLongerHistories(@ForAll("seeds") long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<PlannedOp> plan = RandomLogHistory.plan(random, RandomLogHistory.Params.small(10 + random.nextInt(150)));
        if (random.nextBoolean()) {
            plan = Mutations.mutate(plan, random, 1 + random.nextInt(3));
        }
        History h = RandomLogHistory.render(plan);
        Verdict fast = LogChecker.check(h);
        Verdict wgl = WglChecker.check(h, Models.sharedLog(), BUDGET);
        Statistics.label("verdict").collect(fast.validity());
        if (wgl.validity() != Validity.UNKNOWN) {
            assertEquals(wgl.isValid(), fast.isValid(), "fast (" + fast.reason() + ") vs wgl (" + wgl.reason() + "): "
                + Seeds.replay(seed) + "\n" + HistoryWriter.toEdn(h));
        }
    }
}
