package io.ringworld.runtime.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class SimRandomTest {
    @Test
    void sameSeedSameStreamAndDerivedStreamsDiffer() {
        SimRandom a = new SimRandom(42);
        SimRandom b = new SimRandom(42);
        for (int k = 0; k < 100; k++) {
            assertEquals(a.nextLong(), b.nextLong());
        }
        SimRandom root = new SimRandom(42);
        assertNotEquals(root.derive("network").nextLong(), root.derive("faults").nextLong());
    }

    @Test
    void boundedDrawsStayInRange() {
        SimRandom r = new SimRandom(1);
        for (int k = 0; k < 10_000; k++) {
            int v = r.nextInt(7);
            assertTrue(v >= 0 && v < 7);
            long w = r.nextLong(-3, 3);
            assertTrue(w >= -3 && w <= 3);
            double d = r.nextDouble();
            assertTrue(d >= 0 && d < 1);
        }
        assertThrows(IllegalArgumentException.class, () -> r.nextInt(0));
    }

    @Test
    void swarmPlansSwitchOnSubsetsOfTheAllowedFaults() {
        SimRandom r = new SimRandom(3);
        int sizes = 0;
        for (int k = 0; k < 200; k++) {
            FaultPlan plan = FaultPlan.draw(r, EnumSet.of(FaultKind.LOSS, FaultKind.SERVER_CRASH), true);
            assertTrue(EnumSet.of(FaultKind.LOSS, FaultKind.SERVER_CRASH).containsAll(plan.enabled()));
            assertEquals(plan.has(FaultKind.LOSS), plan.lossRate() > 0);
            sizes += plan.enabled().size();
        }
        assertTrue(sizes > 200 && sizes < 400, "swarm: most but not all kinds on, got " + sizes);
        FaultPlan all = FaultPlan.draw(r, EnumSet.allOf(FaultKind.class), false);
        assertEquals(EnumSet.allOf(FaultKind.class), all.enabled());
    }

    @Test
    void faultListsParseAndRejectUnknownNames() {
        assertEquals(EnumSet.of(FaultKind.LOSS, FaultKind.SWITCH_CRASH), FaultKind.parseList("loss, switch-crash"));
        EnumSet<FaultKind> allButDisk = EnumSet.allOf(FaultKind.class);
        allButDisk.removeAll(FaultKind.DISK);
        assertEquals(allButDisk, FaultKind.parseList("all"), "all leaves out the disk kinds (--disk-faults)");
        assertTrue(FaultKind.parseList("none").isEmpty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FaultKind.parseList("loss,fire"));
        assertTrue(e.getMessage().contains("'fire'"), e.getMessage());
    }
}
