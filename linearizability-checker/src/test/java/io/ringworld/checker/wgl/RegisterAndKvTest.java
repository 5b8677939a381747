package io.ringworld.checker.wgl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.checker.history.History;
import io.ringworld.checker.history.HistoryFormatException;
import io.ringworld.checker.history.HistoryReader;
import io.ringworld.checker.report.Validity;
import io.ringworld.checker.report.Verdict;
import org.junit.jupiter.api.Test;

/** The register and key-value models, P-compositionality, and budgets giving :unknown. */
class RegisterAndKvTest {
    private static History edn(String... lines) {
        return HistoryReader.readString(String.join("\n", lines));
    }

    private static String op(String type, String f, String value, int process) {
        return "{:type :" + type + ", :f :" + f + ", :value " + value + ", :process " + process + "}";
    }

    @Test
    void aStaleReadOfARegisterIsRejected() {
        History h = edn(op("invoke", "write", "1", 1), op("ok", "write", "1", 1),
            op("invoke", "write", "2", 1), op("ok", "write", "2", 1),
            op("invoke", "read", "nil", 2), op("ok", "read", "1", 2));
        Verdict v = WglChecker.check(h, Models.register(), Budget.DEFAULT);
        assertEquals(Validity.INVALID, v.validity());
        assertTrue(v.reason().contains("read"), v.reason());
    }

    @Test
    void concurrentWritesAndCasLinearize() {
        History h = edn(op("invoke", "write", "1", 1), op("invoke", "write", "2", 2), op("invoke", "read", "nil", 3),
            op("ok", "read", "2", 3), op("ok", "write", "1", 1), op("ok", "write", "2", 2),
            op("invoke", "cas", "[1 3]", 4), op("ok", "cas", "[1 3]", 4), op("invoke", "read", "nil", 3),
            op("ok", "read", "3", 3));
        assertEquals(Validity.VALID, WglChecker.check(h, Models.register(), Budget.DEFAULT).validity());
    }

    @Test
    void aCasThatCouldNotSucceedIsRejected() {
        History h = edn(op("invoke", "write", "1", 1), op("ok", "write", "1", 1),
            op("invoke", "cas", "[2 3]", 1), op("ok", "cas", "[2 3]", 1));
        assertEquals(Validity.INVALID, WglChecker.check(h, Models.register(), Budget.DEFAULT).validity());
    }

    @Test
    void infoWritesMayOrMayNotTakeEffect() {
        History h = edn(op("invoke", "write", "1", 1), op("info", "write", "1", 1),
            op("invoke", "read", "nil", 2), op("ok", "read", "nil", 2),
            op("invoke", "read", "nil", 2), op("ok", "read", "1", 2));
        assertEquals(Validity.VALID, WglChecker.check(h, Models.register(), Budget.DEFAULT).validity());
    }

    @Test
    void kvKeysAreCheckedIndependently() {
        History good = edn(op("invoke", "write", "[:a 1]", 1), op("ok", "write", "[:a 1]", 1),
            op("invoke", "write", "[:b 2]", 1), op("ok", "write", "[:b 2]", 1),
            op("invoke", "read", "[:a nil]", 2), op("ok", "read", "[:a 1]", 2));
        Verdict v = WglChecker.check(good, Models.kv(), Budget.DEFAULT);
        assertEquals(Validity.VALID, v.validity());
        assertEquals(2L, v.stats().get("partitions"));
        History bad = edn(op("invoke", "write", "[:a 1]", 1), op("ok", "write", "[:a 1]", 1),
            op("invoke", "read", "[:b nil]", 2), op("ok", "read", "[:b 1]", 2));
        assertEquals(Validity.INVALID, WglChecker.check(bad, Models.kv(), Budget.DEFAULT).validity());
    }

    @Test
    void aSpentBudgetAnswersUnknown() {
        History h = edn(op("invoke", "write", "1", 1), op("invoke", "write", "2", 2), op("ok", "write", "1", 1),
            op("ok", "write", "2", 2), op("invoke", "read", "nil", 3), op("ok", "read", "2", 3));
        Verdict v = WglChecker.check(h, Models.register(), new Budget(10_000, 1));
        assertEquals(Validity.UNKNOWN, v.validity());
        assertTrue(v.reason().contains("memory budget"), v.reason());
    }

    @Test
    void opsAModelDoesNotKnowAreBadInput() {
        History h = edn(op("invoke", "append", "{:payload 1}", 1), op("ok", "append", "{:payload 1 :position 0}", 1));
        HistoryFormatException e = assertThrows(HistoryFormatException.class,
            () -> WglChecker.check(h, Models.register(), Budget.DEFAULT));
        assertEquals(":f", e.field());
        assertEquals(1, e.line());
    }
}
