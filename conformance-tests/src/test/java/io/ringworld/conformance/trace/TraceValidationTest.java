package io.ringworld.conformance.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.PlantedBug;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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

    @Test
    void simulatorTracesAreBehavioursOfRingWorld() throws Exception {
        long first = Long.getLong("seed", 1L);
        int count = Integer.getInteger("trace.seeds", 110);
        System.out.println("[trace-validation] seeds " + first + ".." + (first + count - 1)
                + " (replay one: -Dseed=S -Dtrace.seeds=1)");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<String>> results = new ArrayList<>();
        int withViewChange = 0;
        int withCrash = 0;
        int cutAtCaps = 0;
        long heardOf = 0;
        long eventsTotal = 0;
        int withTails = 0;
        long tailStarts = 0;
        long tailReplies = 0;
        long viewCheckReplies = 0;
        long tailRestarts = 0;
        long holeFills = 0;
        long holeFillsOfMany = 0;
        List<String> runFailures = new ArrayList<>();
        for (long seed = first; seed < first + count; seed++) {
            SpecEventRecorder trace = SimulatorTraces.record(seed, PlantedBug.NONE);
            List<String> events = trace.events;
            boolean viewChange = trace.hasViewChange();
            long crashes = events.stream().filter(e -> e.contains("Crash\"")).count();
            withViewChange += viewChange ? 1 : 0;
            withCrash += crashes > 0 ? 1 : 0;
            cutAtCaps += trace.cut ? 1 : 0;
            heardOf += count(events, "InstallIgnored") + count(events, "DropStaleToken") + count(events, "AbandonViewChange");
            eventsTotal += events.size();
            long starts = count(events, "GetTailStart");
            withTails += starts > 0 ? 1 : 0;
            tailStarts += starts;
            tailReplies += count(events, "GetTailReply");
            viewCheckReplies += count(events, "ViewCheckReply");
            tailRestarts += trace.tails.restarts;
            holeFills += count(events, "FillHole");
            holeFillsOfMany += events.stream().filter(SpecEventRecorder::fillsMany).count();
            String summary = "seed " + seed + ": " + events.size() + " events, " + crashes + " crashes, "
                    + (viewChange ? "view change" : "no view change") + (trace.cut ? ", cut: " + trace.cutReason : "");
            System.out.println("[trace-validation] " + summary);
            if (trace.kernelViolation != null || !trace.run.passed()) {
                runFailures.add("seed " + seed + ": the simulator's own checks failed: "
                        + (trace.kernelViolation != null ? trace.kernelViolation : trace.run.firstViolation()));
            }
            String name = "seed" + seed;
            results.add(pool.submit(() -> {
                TlcTraceChecker.Verdict v = TlcTraceChecker.check(name, events, trace.constants());
                return (v.accepted() ? "OK " : "FAIL ") + v.message() + " [" + summary + "]";
            }));
        }
        List<String> failures = new ArrayList<>(runFailures);
        int accepted = 0;
        for (Future<String> f : results) {
            String r = f.get();
            if (r.startsWith("OK ")) {
                accepted++;
            } else {
                failures.add(r);
                System.out.println("[trace-validation] " + r);
            }
        }
        pool.shutdown();
        System.out.println("[trace-validation] " + accepted + " of " + count
                + " simulator traces validated against RingWorld.tla by TLC (" + withViewChange
                + " with view changes, " + withCrash + " with crashes; " + eventsTotal + " events; cut: "
                + cutAtCaps + " at the recorder's caps; " + heardOf + " events of a switch hearing of a view"
                + " without acting on it: InstallIgnored, DropStaleToken, AbandonViewChange)");
        System.out.println("[trace-validation] getTails: " + withTails + " traces with getTails; " + tailStarts
                + " GetTailStart events (" + tailRestarts + " of them a wait restarted at a new view), " + tailReplies
                + " GetTailReply events, " + viewCheckReplies + " ViewCheckReply events");
        System.out.println("[trace-validation] hole timers: " + holeFills + " FillHole events, " + holeFillsOfMany
                + " of them filling more than one index");
        assertEquals(List.of(), failures);
        if (count >= 10) {                                  // not for a replay of a few seeds
            assertTrue(withViewChange >= count / 2 && withCrash >= count / 2,
                    "fewer than half of the traces had a view change or a crash");
            assertTrue(withTails >= count / 2 && tailReplies >= count / 2,
                    "fewer than half of the traces had a getTail, or too few getTails were answered");
        }
    }

    private static long count(List<String> events, String action) {
        return events.stream().filter(e -> e.startsWith("[a |-> \"" + action + "\"")).count();
    }
}
