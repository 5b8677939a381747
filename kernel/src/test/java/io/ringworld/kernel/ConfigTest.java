package io.ringworld.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The builder: named defaults, one setting changed at a time, every bad value named. */
class ConfigTest {
    @Test
    void defaultsAreTheNamedConstants() {
        Config c = Config.defaults(3, 2);
        assertEquals(3, c.switchCount());
        assertEquals(2, c.replicaSetCount());
        assertEquals(Config.MEMBERS_PER_SET_DEFAULT, c.membersPerSet());
        assertEquals(Config.PENDING_REQUESTS_MAX_DEFAULT, c.pendingRequestsMax());
        assertEquals(Config.SUSPECT_TIMEOUT_TICKS_DEFAULT, c.suspectTimeoutTicks());
        assertEquals(Config.CLIENT_TRIM_TIMEOUT_TICKS_DEFAULT, c.clientTrimTimeoutTicks());
        assertEquals(2, c.majority());
    }

    @Test
    void toBuilderChangesOneSettingAndKeepsTheRest() {
        Config base = Config.builder(3, 2).holeTimeoutTicks(7).build();
        Config changed = base.toBuilder().pendingRequestsMax(16).build();
        assertEquals(16, changed.pendingRequestsMax());
        assertEquals(7, changed.holeTimeoutTicks());
        assertEquals(base.toBuilder().build(), base);
        assertEquals(base.hashCode(), base.toBuilder().build().hashCode());
        assertNotEquals(base, changed);
        assertTrue(changed.toString().contains("pendingRequestsMax=16"), changed.toString());
    }

    @Test
    void thePreVoteIsOnByDefaultAndItsTimesDeriveFromTheSwitchesPatienceUnlessSet() {
        Config c = Config.defaults(3, 2);
        assertTrue(c.preVote());
        assertEquals(Config.SUSPECT_TIMEOUT_TICKS_DEFAULT / 3, c.ringAliveTicks());
        assertEquals(Math.min(Config.SUSPECT_TIMEOUT_TICKS_DEFAULT, Config.TOKEN_LOSS_TIMEOUT_TICKS_DEFAULT) - 1,
                c.ringAliveTimeoutTicks(), "below the patience of every switch: a dead ring is granted in time");
        Config fast = c.toBuilder().suspectTimeoutTicks(9).tokenLossTimeoutTicks(12).build();
        assertEquals(3, fast.ringAliveTicks(), "derived again from the changed timeouts, not copied");
        assertEquals(8, fast.ringAliveTimeoutTicks());
        Config set = Config.builder(3, 2).ringAliveTicks(4).ringAliveTimeoutTicks(30).preVote(false).build();
        assertEquals(4, set.ringAliveTicks());
        assertEquals(30, set.ringAliveTimeoutTicks());
        assertNotEquals(c, c.toBuilder().preVote(false).build());
        assertTrue(set.toString().contains("preVote=false"), set.toString());
        assertNamed("ringAliveTimeoutTicks must be > ringAliveTicks (13), got 13",
                () -> Config.builder(3, 2).ringAliveTimeoutTicks(13).build());
        assertNamed("ringAliveTimeoutTicks must be below suspectTimeoutTicks and tokenLossTimeoutTicks (40), got 40",
                () -> Config.builder(3, 2).ringAliveTimeoutTicks(40).build());
    }

    @Test
    void everyBadSettingIsNamed() {
        assertNamed("switchCount must be > 0, got 0", () -> Config.defaults(0, 1));
        assertNamed("replicaSetCount must be > 0, got -1", () -> Config.defaults(1, -1));
        assertNamed("sealGraceTicks must be > 0, got 0", () -> Config.builder(1, 1).sealGraceTicks(0).build());
        assertNamed("clientRetryTicks must be > 0, got -5", () -> Config.builder(1, 1).clientRetryTicks(-5).build());
        assertNamed("payloadHeapBytesMax must be >= 0 (0: every durable payload is read back), got -1",
                () -> Config.builder(1, 1).payloadHeapBytesMax(-1).build());
        assertNamed("membersPerSet must be <= 31 (the ack bitmap), got 32",
                () -> Config.builder(1, 1).membersPerSet(32).build());
    }

    private static void assertNamed(String message, Runnable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::run);
        assertEquals(message, e.getMessage());
    }
}
