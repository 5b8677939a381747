package io.ringworld.runtime.real;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The nemesis schedule replays from its seed (whatever order the set of kinds iterates in), runs
 * every enabled kind at least once, picks targets of the right kind, keeps a split's side a proper
 * subset; the damage gate reads a server's status line; fault lists parse or are refused by name.
 */
class NemesisPlanTest {
    static final List<String> SWITCHES = List.of("sw0", "sw1", "sw2");
    static final List<List<String>> SETS = List.of(List.of("s0-0", "s0-1", "s0-2"), List.of("s1-0", "s1-1", "s1-2"));

    @Test
    void aPlanReplaysFromItsSeedAndCoversEveryKind() {
        Set<RealFault> all = EnumSet.allOf(RealFault.class);
        List<RealFault> backwards = new java.util.ArrayList<>(List.of(RealFault.values()));
        java.util.Collections.reverse(backwards);
        Set<RealFault> shuffled = new LinkedHashSet<>(backwards);
        for (long seed = 1; seed <= 50; seed++) {
            List<NemesisPlan.Step> a = NemesisPlan.plan(seed, all, SWITCHES, SETS, 10_000);
            assertEquals(a, NemesisPlan.plan(seed, shuffled, SWITCHES, SETS, 10_000), "seed " + seed);
            Set<RealFault> seen = EnumSet.noneOf(RealFault.class);
            for (NemesisPlan.Step s : a) {
                seen.add(s.fault());
                checkTargets(s);
            }
            assertEquals(all, seen, "seed " + seed + " left kinds out");
        }
        assertNotEquals(NemesisPlan.plan(1, all, SWITCHES, SETS, 10_000), NemesisPlan.plan(2, all, SWITCHES, SETS, 10_000));
    }

    @Test
    void aLongPhaseRepeatsKindsAndStepsNeverOverlap() {
        List<NemesisPlan.Step> plan = NemesisPlan.plan(3, EnumSet.of(RealFault.PAUSE, RealFault.KILL_SERVER), SWITCHES, SETS,
                60_000);
        assertTrue(plan.size() > 10, "only " + plan.size() + " steps in 60 s");
        for (int k = 1; k < plan.size(); k++) {
            NemesisPlan.Step before = plan.get(k - 1);
            assertTrue(plan.get(k).atMillis() >= before.atMillis() + before.holdMillis() + 500, plan.get(k) + " overlaps " + before);
            assertTrue(plan.get(k).atMillis() + plan.get(k).holdMillis() <= 60_000);
        }
    }

    private static void checkTargets(NemesisPlan.Step s) {
        List<String> t = s.targets();
        switch (s.fault()) {
            case KILL_SWITCH -> assertTrue(SWITCHES.contains(t.get(0)), s.toString());
            case KILL_SERVER, TORN_RECORD, BIT_FLIP, WIPE, DISK_FULL -> assertTrue(t.get(0).startsWith("s") && !t.get(0)
                    .startsWith("sw"), s.toString());
            case LOSE_UNSYNCED -> assertTrue(SETS.contains(t), s.toString());
            case CUT_ONE_WAY -> assertNotEquals(t.get(0), t.get(1));
            case SPLIT_RING -> assertTrue(!t.isEmpty() && t.size() < SWITCHES.size() && SWITCHES.containsAll(t), s.toString());
            case HALVES -> assertTrue(!t.isEmpty() && t.size() < 9 && new HashSet<>(t).size() == t.size(), s.toString());
            case CLOCK_SKEW -> assertTrue(List.of(25L, 50L, 200L, 400L).contains(s.param()), s.toString());
            default -> assertEquals(1, t.size(), s.toString());
        }
    }

    @Test
    void theDamageGateReadsAServersStatus() {
        assertFalse(Nemesis.lacksEntries("server view=2.2 relearning=false highestIndex=21549 unknown=none"));
        assertTrue(Nemesis.lacksEntries("server view=4.0 relearning=false highestIndex=39777 unknown=39778.."));
        assertTrue(Nemesis.lacksEntries("server view=2.2 relearning=false highestIndex=21549 unknown=8586..8600,21550.."));
        assertTrue(Nemesis.lacksEntries("server view=2.2 relearning=true highestIndex=0 unknown=1.."));
        assertTrue(Nemesis.lacksEntries("switch view=1.0 active=true ring=true knownCommitted=5"));
        assertEquals("unknown 877..880,7563..", Nemesis.lacking("server view=1.0 relearning=false highestIndex=7562 unknown=877..880,7563.."));
        assertEquals("relearning", Nemesis.lacking("server view=1.0 relearning=true highestIndex=0 unknown=1.."));
    }

    @Test
    void faultListsParseByKindAndGroupAndBadNamesAreNamed() {
        assertEquals(EnumSet.allOf(RealFault.class), RealFault.parse("all"));
        assertEquals(EnumSet.of(RealFault.KILL_SERVER, RealFault.KILL_SWITCH, RealFault.PAUSE, RealFault.CLOCK_SKEW),
                RealFault.parse("process, clock-skew"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RealFault.parse("pause,nope"));
        assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
    }
}
