package io.ringworld.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.checker.history.History;
import io.ringworld.checker.history.HistoryWriter;
import io.ringworld.checker.log.LogChecker;
import io.ringworld.checker.oracle.BruteForce;
import io.ringworld.checker.report.Validity;
import io.ringworld.checker.report.Verdict;
import io.ringworld.checker.wgl.Budget;
import io.ringworld.checker.wgl.Models;
import io.ringworld.checker.wgl.WglChecker;
import org.junit.jupiter.api.Test;

/**
 * One hand-written history per SharedLog rule, with the expected verdict of all three checkers
 * (fast, WGL, brute force) and, for violations, the fast checker's one-line reason.
 */
class SharedLogRulesTest {
    private static void valid(History h) {
        String edn = HistoryWriter.toEdn(h);
        Verdict fast = LogChecker.check(h);
        assertEquals(Validity.VALID, fast.validity(), "fast: " + fast.reason() + "\n" + edn);
        assertEquals(Validity.VALID, WglChecker.check(h, Models.sharedLog(), Budget.DEFAULT).validity(), "wgl\n" + edn);
        assertTrue(BruteForce.linearizable(h), "oracle\n" + edn);
    }

    private static Verdict invalid(History h, String reason) {
        String edn = HistoryWriter.toEdn(h);
        Verdict fast = LogChecker.check(h);
        assertEquals(Validity.INVALID, fast.validity(), "fast\n" + edn);
        assertEquals(reason, fast.reason(), edn);
        assertFalse(fast.offending().isEmpty());
        assertTrue(fast.windowFrom() >= 0 && fast.windowFrom() <= fast.windowTo());
        Verdict wgl = WglChecker.check(h, Models.sharedLog(), Budget.DEFAULT);
        assertEquals(Validity.INVALID, wgl.validity(), "wgl\n" + edn);
        assertFalse(wgl.reason().isEmpty());
        assertFalse(BruteForce.linearizable(h), "oracle\n" + edn);
        return fast;
    }

    @Test
    void duplicatePositionsAreRejected() {
        invalid(Dsl.history("1 invoke append a", "2 invoke append b", "1 ok append a 0", "2 ok append b 0"),
            "append a (position 0) and append b (position 0) got the same position");
    }

    @Test
    void concurrentAppendsMayTakePositionsInEitherOrder() {
        valid(Dsl.history("1 invoke append a", "2 invoke append b", "2 ok append b 0", "1 ok append a 1"));
        valid(Dsl.history("1 invoke append a", "2 invoke append b", "2 ok append b 1", "1 ok append a 0"));
    }

    @Test
    void aReadThatDisagreesWithItsAppendIsRejected() {
        invalid(Dsl.history("1 invoke append a", "1 ok append a 0", "1 invoke append b", "1 ok append b 1",
            "2 invoke read 0", "2 ok read 0 b"), "read of position 0 returned b but append b (position 1) is elsewhere");
    }

    @Test
    void aReadOfAFailedAppendIsRejected() {
        invalid(Dsl.history("1 invoke append a", "1 fail append a", "2 invoke read 0", "2 ok read 0 a"),
            "read of position 0 returned a whose append failed");
    }

    @Test
    void aReadOfAPayloadNeverAppendedIsRejected() {
        invalid(Dsl.history("2 invoke read 0", "2 ok read 0 zz"), "read of position 0 returned zz, which was never appended");
    }

    @Test
    void realTimeOrderMustMatchPositionOrder() {
        Verdict v = invalid(Dsl.history("1 invoke append a", "1 ok append a 1", "2 invoke append b", "2 ok append b 0"),
            "append b (position 0) after append a (position 1) completed");
        assertEquals(2, v.offending().size());
        assertEquals(0, v.windowFrom());
        assertEquals(3, v.windowTo());
    }

    @Test
    void aReadBeforeItsAppendWasInvokedIsRejected() {
        invalid(Dsl.history("2 invoke read 0", "2 ok read 0 a", "1 invoke append a", "1 ok append a 0"),
            "append a (position 0) after read of position 0 returned a completed");
        valid(Dsl.history("2 invoke read 0", "1 invoke append a", "2 ok read 0 a", "1 ok append a 0"));
    }

    @Test
    void aTailThatMovesBackwardsIsRejected() {
        invalid(Dsl.history("1 invoke tail", "1 ok tail 3", "2 invoke tail", "2 ok tail 1"),
            "tail 1 after tail 3 completed");
    }

    @Test
    void aTailThatMissesACompletedAppendIsRejected() {
        invalid(Dsl.history("1 invoke append a", "1 ok append a 2", "2 invoke tail", "2 ok tail 1"),
            "tail 1 after append a (position 2) completed");
    }

    @Test
    void aTailMayCountJunkSlots() {
        valid(Dsl.history("1 invoke append a", "1 ok append a 0", "2 invoke tail", "2 ok tail 4",
            "1 invoke append b", "1 ok append b 5"));
    }

    @Test
    void aReadOfATrimmedPositionAfterTheTrimCompletedIsRejected() {
        invalid(Dsl.history("1 invoke append a7", "1 ok append a7 7", "3 invoke trim 9", "3 ok trim 9",
            "2 invoke read 7", "2 ok read 7 a7"), "read of position 7 returned a7 after trim 9 completed");
    }

    @Test
    void wglShrinksAViolationToTheOperationsThatShowIt() {
        History h = Dsl.history("1 invoke append a7", "1 ok append a7 7", "4 invoke tail", "4 ok tail 7",
            "3 invoke trim 9", "3 ok trim 9", "2 invoke read 7", "2 ok read 7 a7");
        Verdict wgl = WglChecker.check(h, Models.sharedLog(), Budget.DEFAULT);
        assertEquals(Validity.INVALID, wgl.validity());
        assertEquals(java.util.List.of("trim", "read"), wgl.offending().stream().map(o -> o.f()).toList(), wgl.reason());
        assertEquals(4, wgl.windowFrom());
        assertEquals(7, wgl.windowTo());
    }

    @Test
    void aReadConcurrentWithATrimMayStillSucceed() {
        valid(Dsl.history("1 invoke append a", "1 ok append a 0", "2 invoke read 0", "3 invoke trim 1",
            "3 ok trim 1", "2 ok read 0 a"));
    }

    @Test
    void trimmedNeedsATrimThatCouldPrecedeTheRead() {
        invalid(Dsl.history("1 invoke append a", "1 ok append a 0", "2 invoke read 0", "2 fail read 0 trimmed",
            "3 invoke trim 1", "3 ok trim 1"), "read of position 0 answered trimmed before trim 1 could take effect");
        valid(Dsl.history("1 invoke append a", "1 ok append a 0", "3 invoke trim 1", "2 invoke read 0",
            "2 fail read 0 trimmed", "3 ok trim 1"));
    }

    @Test
    void notYetMeansTheSlotWasEmptyAtSomeInstant() {
        invalid(Dsl.history("1 invoke append a", "1 ok append a 0", "2 invoke read 0", "2 fail read 0 not-yet"),
            "read of position 0 answered not-yet after append a (position 0) completed");
        valid(Dsl.history("1 invoke append a", "2 invoke read 0", "2 fail read 0 not-yet", "1 ok append a 0"));
    }

    @Test
    void infoAppendsMayOrMayNotAppear() {
        valid(Dsl.history("1 invoke append a", "1 info append a", "2 invoke read 0", "2 ok read 0 a"));
        valid(Dsl.history("1 invoke append a", "1 info append a", "2 invoke tail", "2 ok tail -1"));
        valid(Dsl.history("1 invoke append a", "2 invoke read 0", "2 ok read 0 a"));
    }

    @Test
    void anInfoAppendAppearsAtMostOnce() {
        invalid(Dsl.history("1 invoke append a", "1 info append a", "2 invoke read 0", "2 ok read 0 a",
            "2 invoke read 1", "2 ok read 1 a"), "read of position 1 returned a but append a (outcome unknown) is elsewhere");
    }

    @Test
    void anInfoAppendCannotTakeAnOccupiedSlot() {
        invalid(Dsl.history("1 invoke append a", "1 info append a", "3 invoke append b", "3 ok append b 0",
            "2 invoke read 0", "2 ok read 0 a"), "read of position 0 returned a but append b (position 0) holds that slot");
    }

    @Test
    void junkMayAppearAnywhereNotYetOccupied() {
        valid(Dsl.history("2 invoke read 0", "2 ok read 0 junk", "1 invoke append a", "1 ok append a 1",
            "3 invoke read 2", "3 fail read 2 not-yet"));
        invalid(Dsl.history("1 invoke append a", "1 ok append a 0", "2 invoke read 0", "2 ok read 0 junk"),
            "read of position 0 returned junk but append a (position 0) holds that slot");
        invalid(Dsl.history("2 invoke read 0", "2 ok read 0 junk", "1 invoke append a", "1 ok append a 0"),
            "read of position 0 returned junk but append a (position 0) holds that slot");
    }

    @Test
    void nemesisOpsAreIgnored() {
        valid(Dsl.history("nemesis invoke kill", "1 invoke append a", "nemesis info kill", "1 ok append a 0"));
    }
}
