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
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 19: the fixed disk-fault campaign of every build. With wiped and corrupt server disks
 * (at most one damaged server per replica set) no invariant is violated and no committed entry
 * changes (CommittedStable, ReadCommitted, AckedIsDurable for what the disk still holds); the
 * planted UNKNOWN_AS_EMPTY (a coordinator counts an unknown index as empty) is found. The
 * 2,000-seed run is {@code ./ringworld campaign --seeds 2000 --from 1 --disk-faults} (README).
 */
class DiskFaultCampaignTest {
    private static final long FROM = Long.getLong("seed", 1L);
    private static final int SEEDS = 60;

    static SimConfig diskConfig() {
        Set<FaultKind> kinds = EnumSet.copyOf(FaultKind.parseList("all"));
        kinds.addAll(FaultKind.DISK);
        return SimConfig.defaults().withFaults(kinds, true);
    }

    @Test
    void aDiskFaultCampaignPassesAndInjectsBothKinds() {
        System.out.println("disk-fault campaign: seeds " + FROM + ".." + (FROM + SEEDS - 1)
                + " (rerun one with ./ringworld campaign --seed N --disk-faults --trace; -Dseed=S moves the range)");
        Campaign.Summary s = new Campaign(diskConfig(), Math.max(1, Runtime.getRuntime().availableProcessors()))
                .run(FROM, SEEDS, r -> { });
        for (RunResult r : s.failures) {
            System.out.println("FAILED seed " + r.seed() + ": " + r.firstViolation());
        }
        assertTrue(s.allPassed(), s.failures.size() + " of " + SEEDS + " seeds failed");
        long wipes = s.faultsByKind[FaultKind.DISK_WIPE.ordinal()];
        long corrupts = s.faultsByKind[FaultKind.DISK_CORRUPT.ordinal()];
        System.out.println("disk-fault campaign: " + wipes + " wipes, " + corrupts + " corruptions, "
                + s.viewChanges + " view changes, " + s.ops + " ops");
        assertTrue(wipes > 10 && corrupts > 10, "disk faults were injected: " + wipes + " wipes, " + corrupts + " corrupt");
    }

    @Test
    void theDefaultCampaignInjectsNoDiskFault() {
        assertFalse(SimConfig.defaults().allowedFaults().contains(FaultKind.DISK_WIPE));
        RunResult r = Simulation.run(7, SimConfig.defaults(), null);
        assertEquals(0L, (long) r.faultsInjected().getOrDefault(FaultKind.DISK_WIPE, 0L)
                + r.faultsInjected().getOrDefault(FaultKind.DISK_CORRUPT, 0L));
    }

    /**
     * Seed 128 of the disk campaign (the first of 3 in seeds 1..500; found with the CLI's
     * {@code campaign --seeds 500 --from 1 --disk-faults --planted-bug UNKNOWN_AS_EMPTY}): a
     * coordinator that can read only a damaged server and one that missed the write must wait,
     * the planted one chooses junk for a committed index (at seed 46 the disk window cut a switch
     * from the ring and a server of the set off, damaged the third, then paused the one intact
     * copy). Until issue 19's pre-vote it
     * was seed 110, where the cut switch itself started that view change; then seed 5 (the first
     * of 13 in seeds 1..500), until the first ring member told replica set 0 RingAlive at the
     * install too (conformance finding F18), which moves every random schedule; then seed 115
     * (the first of 2 in 1..300), until merged messages (wire version 7) moved them again; then
     * seed 46 (the first of 7 in 1..500), until the simulator's burst client sent its bursts as
     * merged requests (wire version 8); then seed 60 (the first of 5 in 1..500), until a relearned
     * server asked the switches for the committed prefix again (issue 22), so repair closes the
     * unknown indices sooner and leaves the planted bug fewer to read as empty.
     */
    @Test
    void thePlantedUnknownAsEmptyIsFound() {
        SimConfig planted = diskConfig().withPlantedBug(PlantedBug.UNKNOWN_AS_EMPTY);
        RunResult bad = Simulation.run(128, planted, null);
        assertFalse(bad.passed(), "UNKNOWN_AS_EMPTY not found by seed 128");
        assertTrue(bad.firstViolation().contains("CommittedStable"), bad.firstViolation());
        System.out.println("UNKNOWN_AS_EMPTY found by seed 128: " + bad.firstViolation()
                + "\n  replay: ./ringworld campaign --seed 128 --disk-faults --planted-bug UNKNOWN_AS_EMPTY --trace");
        assertTrue(Simulation.run(128, diskConfig(), null).passed(), "seed 128 passes without the planted bug");
    }
}
