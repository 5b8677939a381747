package io.ringworld.runtime.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.checker.history.Op;
import io.ringworld.kernel.Entry;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.View;
import io.ringworld.kernel.DurableRecord;
import io.ringworld.kernel.server.DurableState;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The options that keep a run inside a model (trace validation): fixed plan, appends only, stable disks. */
class SimConfigOptionsTest {

    private static List<DurableRecord> put(long index) {
        return List.of(new DurableRecord.PutEntry(new Entry(index, View.INITIAL, Payload.ofString("p" + index))));
    }

    /** Persists indices 1..5 and crashes before any sync; returns how many survived. */
    private static int survivorsOfACrash(SimConfig.DiskModel model, long seed) {
        SimDisk disk = new SimDisk(new SimRandom(seed), model);
        for (long i = 1; i <= 5; i++) {
            disk.persist(0, i, put(i));
        }
        disk.crash();
        DurableState after = disk.recover();
        int survived = 0;
        for (long i = 1; i <= 5; i++) {
            survived += after.entry(i) != null ? 1 : 0;
        }
        return survived;
    }

    @Test
    void aStableDiskKeepsUnsyncedWritesThroughACrashALossyOneMayNot() {
        int lostOnLossy = 0;
        for (long seed = 1; seed <= 20; seed++) {
            assertEquals(5, survivorsOfACrash(SimConfig.DiskModel.STABLE, seed), "seed " + seed);
            lostOnLossy += 5 - survivorsOfACrash(SimConfig.DiskModel.LOSSY, seed);
        }
        assertTrue(lostOnLossy > 0, "a lossy disk loses unsynced writes");
    }

    @Test
    void anEvenWorkloadIssuesEveryKindOfOperationAndPassesItsChecks() {
        // The classic faults: probes (FaultKind.PROBE) add reads and getTails of their own.
        SimConfig config = SimConfig.defaults().withOpMix(SimConfig.OpMix.EVEN).withFaults(FaultKind.CLASSIC, true);
        java.util.Map<String, Long> kinds = new java.util.TreeMap<>();
        for (long seed = 1; seed <= 5; seed++) {
            RunResult r = Simulation.run(seed, config, null);
            assertTrue(r.passed(), "seed " + seed + ": " + r.firstViolation());
            for (Op op : r.history().ops()) {
                if (!op.isNemesis() && op.type() == io.ringworld.checker.history.OpType.INVOKE) {
                    kinds.merge(op.f(), 1L, Long::sum);
                }
            }
        }
        assertEquals(Set.of("append", "read", "tail", "trim"), kinds.keySet(), kinds.toString());
        // 15% of the operations trim (MIXED: 3%, and only once 4 indices were seen)
        long all = kinds.values().stream().mapToLong(Long::longValue).sum();
        assertTrue(kinds.get("trim") * 20 >= all, "trims " + kinds);
    }

    @Test
    void anAppendsOnlyWorkloadIssuesNoTailsTrimsOrReadsWhileFaultsAreOn() {
        SimConfig config = SimConfig.defaults().withOpMix(SimConfig.OpMix.APPENDS);
        for (long seed = 1; seed <= 5; seed++) {
            RunResult r = Simulation.run(seed, config, null);
            assertTrue(r.passed(), r.firstViolation());
            Set<String> fs = new TreeSet<>();
            long appends = 0;
            for (Op op : r.history().ops()) {
                if (!op.isNemesis()) {
                    fs.add(op.f());
                    appends += op.f().equals("append") ? 1 : 0;
                }
            }
            assertTrue(Set.of("append", "read").containsAll(fs), "seed " + seed + ": " + fs);
            // every client's ops while faults are on, and one more each for liveness (reads: read-back)
            assertTrue(appends >= 2L * config.clientCount() * (config.opsPerClient() + 1), "seed " + seed);
        }
    }

    @Test
    void aFixedFaultPlanIsTheRunsPlanWhateverTheSeed() {
        FaultPlan plan = new FaultPlan(EnumSet.of(FaultKind.SWITCH_CRASH), 0, 0, 0, 0, 0, 0, 0.05, 0, 0);
        SimConfig config = SimConfig.defaults().withFaultPlan(plan);
        long crashes = 0;
        for (long seed = 1; seed <= 4; seed++) {
            RunResult r = Simulation.run(seed, config, null);
            assertEquals(plan, r.plan());
            assertTrue(Set.of(FaultKind.SWITCH_CRASH).containsAll(r.faultsInjected().keySet()), "seed " + seed);
            crashes += r.faultsInjected().getOrDefault(FaultKind.SWITCH_CRASH, 0L);
        }
        assertTrue(crashes > 0, "the plan's switch crashes happened");
        assertNull(SimConfig.defaults().faultPlan(), "by default each seed draws its plan");
        assertNotNull(Simulation.run(1, SimConfig.defaults(), null).plan());
    }

    @Test
    void theDefaultsLeaveEveryRunAsItWas() {
        EnumSet<FaultKind> allButDisk = EnumSet.allOf(FaultKind.class);
        allButDisk.removeAll(FaultKind.DISK);
        SimConfig eight = new SimConfig(3, 2, 4, 40, allButDisk, true,
                io.ringworld.kernel.testhooks.PlantedBug.NONE, SimConfig.TraceMode.HASH);
        assertEquals(SimConfig.defaults(), eight);
        assertEquals(SimConfig.OpMix.MIXED, eight.opMix());
        assertEquals(SimConfig.DiskModel.LOSSY, eight.diskModel());
        assertEquals(SimConfig.DEFAULT_THINK_MICROS_MAX, eight.thinkMicrosMax());
    }

    @Test
    void theKernelConfigOfARunIsSetFromOutsideAndMustMatchItsSize() {
        SimConfig base = SimConfig.defaults();
        assertEquals(SimConfig.defaultKernelConfig(3, 2), base.kernelConfig());
        assertEquals(16, base.kernelConfig().pendingRequestsMax());
        // Suspecting a successor after 3 ticks instead of 40: the same seed runs differently.
        SimConfig jumpy = base.withKernelConfig(base.kernelConfig().toBuilder().suspectTimeoutTicks(3)
                .tokenLossTimeoutTicks(6).build());
        RunResult normal = Simulation.run(7, base, null);
        RunResult changed = Simulation.run(7, jumpy, null);
        assertTrue(normal.traceHash() != changed.traceHash(), "a kernel timeout set from outside changes the run");
        assertTrue(changed.viewChanges() > normal.viewChanges(),
                "suspecting after 3 ticks changes views more often: " + changed.viewChanges() + " vs "
                        + normal.viewChanges());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> base.withKernelConfig(io.ringworld.kernel.Config.defaults(2, 2)));
        assertEquals("the kernel config is for 2 switches and 2 replica sets, the run has 3 and 2", e.getMessage());
    }
}
