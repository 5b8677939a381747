package io.ringworld.conformance.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.testhooks.PlantedBug;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Issue 6, part 2 (kernel to spec): seeded runs of the runtime's deterministic simulator under
 * faults (loss, duplication, reordering, delay, partitions, clock drift, switch crash and restart, server
 * crash and recovery, the view changes they cause) are recorded by {@link SpecEventRecorder} as
 * traces of RingWorld actions, and TLC checks that each trace is a behaviour of RingWorld.tla
 * (RingWorldTrace.tla). The simulator's own checks (kernel invariants, linearizability, read-back,
 * liveness) must pass too. -Dtrace.seeds=N sets the number of traces (default 110), -Dseed=S the
 * first seed (default 1); {@code -Dseed=S -Dtrace.seeds=1} replays one.
 */
class TraceValidationTest {

    /** Records and validates the seeds -Dseed=S.. of a set of runs; every trace must be accepted. */
    private static TraceBatch validated(String label, java.util.function.LongFunction<SpecEventRecorder> record,
            int count) throws Exception {
        TraceBatch b = TraceBatch.run(label, record, Long.getLong("seed", 1L), count);
        b.print();
        assertEquals(List.of(), b.failures);
        if (count >= 10) {                                  // not for a replay of a few seeds
            assertTrue(b.withViewChange >= count / 2 && b.withCrash >= count / 2,
                    label + ": fewer than half of the traces had a view change or a crash");
        }
        return b;
    }

    @Test
    void simulatorTracesAreBehavioursOfRingWorld() throws Exception {
        int count = Integer.getInteger("trace.seeds", 110);
        TraceBatch b = validated("default", seed -> SimulatorTraces.record(seed, PlantedBug.NONE), count);
        if (count >= 10) {
            assertTrue(b.withTails >= count / 2 && b.tailReplies >= count / 2,
                    "fewer than half of the traces had a getTail, or too few getTails were answered");
        }
    }

    /**
     * The wide runs ({@link SimulatorTraces#wideConfig}): 3 switches, 2 replica sets, reads and
     * trims. -Dtrace.wideSeeds=N sets their number (default 40), -Dseed=S the first.
     */
    @Test
    void wideSimulatorTracesAreBehavioursOfRingWorld() throws Exception {
        int count = Integer.getInteger("trace.wideSeeds", 40);
        TraceBatch b = validated("wide", seed -> SimulatorTraces.recordWide(seed, PlantedBug.NONE), count);
        if (count >= 10) {
            for (String action : List.of("ReadRequest", "ReadForward", "ReadReply", "TrimRequest", "ServerTrim", "TrimAck")) {
                assertTrue(b.actionCount(action) >= count / 4, "wide: only " + b.actionCount(action) + " " + action
                        + " events in " + count + " traces");
            }
        }
    }

    /**
     * The wide runs with P4 switches (issue 23): the switches' data plane is ringworld.p4 on the
     * p4 module's interpreter, their control plane the kernel; their traces must be behaviours of
     * RingWorld too. -Dtrace.p4Seeds=N sets their number (default 12), -Dseed=S the first.
     */
    @Test
    void simulatorTracesWithP4SwitchesAreBehavioursOfRingWorld() throws Exception {
        int count = Integer.getInteger("trace.p4Seeds", 12);
        TraceBatch b = validated("wideP4", SimulatorTraces::recordWideP4, count);
        if (count >= 10) {
            assertTrue(b.actionCount("LeaderCommit") >= count, "P4: only " + b.actionCount("LeaderCommit")
                    + " LeaderCommit events in " + count + " traces");
        }
    }
}
