package io.ringworld.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.message.Message;
import org.junit.jupiter.api.Test;

class TokenPacerTest {
    private static final View VIEW = new View(1, 0);

    private static Message.Token token(long h, long c) {
        return new Message.Token(VIEW, h, c, c, 1, new SwitchId(0));
    }

    @Test
    void holdsOnlyAfterManyIdlePassesInARow() {
        TokenPacer pacer = new TokenPacer(1_000_000);
        assertEquals(0, pacer.holdNanos(token(5, 5)), "the first pass is never idle");
        for (int k = 0; k < TokenPacer.IDLE_PASSES_BEFORE_HOLD; k++) {
            assertEquals(0, pacer.holdNanos(token(5, 5)), "idle pass " + (k + 1) + " is below the threshold");
        }
        assertEquals(1_000_000, pacer.holdNanos(token(5, 5)), "a ring idle this long is held");
        assertEquals(1_000_000, pacer.holdNanos(token(5, 5)));
        assertEquals(2, pacer.held());
    }

    @Test
    void aPassThatSequencedOrCommittedLeavesAtOnceAndEndsTheHolding() {
        TokenPacer pacer = new TokenPacer(1_000_000);
        for (int k = 0; k <= TokenPacer.IDLE_PASSES_BEFORE_HOLD + 1; k++) {
            pacer.holdNanos(token(5, 5));
        }
        assertEquals(0, pacer.holdNanos(token(9, 5)), "new appends sequenced: sent at once");
        assertEquals(0, pacer.holdNanos(token(9, 5)), "idle again, but the count starts over");
        for (int k = 0; k < TokenPacer.IDLE_PASSES_BEFORE_HOLD; k++) {
            pacer.holdNanos(token(9, 5));
        }
        assertEquals(0, pacer.holdNanos(token(9, 9)), "a committed prefix that moved: sent at once");
    }

    @Test
    void aNewViewOrASwitchAdmittedIsNeverIdle() {
        TokenPacer pacer = new TokenPacer(1_000_000);
        for (int k = 0; k <= TokenPacer.IDLE_PASSES_BEFORE_HOLD + 1; k++) {
            pacer.holdNanos(token(5, 5));
        }
        Message.Token nextView = new Message.Token(new View(2, 1), 5, 5, 5, 1, new SwitchId(0));
        assertEquals(0, pacer.holdNanos(nextView), "the same h and c in another view: sent at once, the count starts over");
        Message.Token withJoiner = new Message.Token(new View(2, 1), 5, 5, 5, 2, new SwitchId(0), 1, 1,
                java.util.List.of(new SwitchId(2)));
        for (int k = 0; k < 3 * TokenPacer.IDLE_PASSES_BEFORE_HOLD; k++) {
            assertEquals(0, pacer.holdNanos(withJoiner), "a ring with an admitted switch is not paced");
        }
    }

    @Test
    void zeroHoldNeverHoldsAndNegativeIsRefused() {
        TokenPacer pacer = new TokenPacer(0);
        for (int k = 0; k < 3 * TokenPacer.IDLE_PASSES_BEFORE_HOLD; k++) {
            assertEquals(0, pacer.holdNanos(token(1, 1)));
        }
        assertThrows(IllegalArgumentException.class, () -> new TokenPacer(-1));
    }
}
