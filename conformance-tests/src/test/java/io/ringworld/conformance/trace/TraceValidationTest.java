package io.ringworld.conformance.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.Config;
import io.ringworld.kernel.PlantedBug;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

/**
 * Issue 6, part 2 (kernel to spec): seeded runs of the kernel under faults (loss, duplication,
 * reordering, switch crash and restart, server crash and recovery, the view changes they force)
 * are recorded as traces of RingWorld actions and TLC checks that each trace is a behaviour of
 * RingWorld.tla (RingWorldTrace.tla). -Dtrace.seeds=N sets the number of traces (default 110),
 * -Dseed=S the first seed (default 1; printed).
 */
class TraceValidationTest {
    static final int STEPS = 900;

    static Config config() {
        return Config.defaults(TraceHost.SWITCHES, 1);
    }

    @Test
    void simulatorTracesAreBehavioursOfRingWorld() throws Exception {
        long first = Long.getLong("seed", 1L);
        int count = Integer.getInteger("trace.seeds", 110);
        System.out.println("[trace-validation] seeds " + first + ".." + (first + count - 1)
                + " (replay one: -Dseed=S -Dtrace.seeds=1)");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<String>> results = new ArrayList<>();
        int[] withViewChange = {0};
        int[] withCrash = {0};
        long[] eventsTotal = {0};
        int[] cutAtBounds = {0};
        for (long seed = first; seed < first + count; seed++) {
            TraceHost host = new TraceHost(seed, config());
            List<String> events = host.run(STEPS);
            if (events.stream().anyMatch(e -> e.contains("\"InstallView\""))) {
                withViewChange[0]++;
            }
            if (events.stream().anyMatch(e -> e.contains("Crash\""))) {
                withCrash[0]++;
            }
            eventsTotal[0] += events.size();
            cutAtBounds[0] += host.cut ? 1 : 0;
            if (host.kernelViolation != null) {
                throw new AssertionError("seed " + seed + ": the kernel's own check failed: " + host.kernelViolation);
            }
            String name = "seed" + seed;
            results.add(pool.submit(() -> {
                TlcTraceChecker.Verdict v = TlcTraceChecker.check(name, events);
                return (v.accepted() ? "OK " : "FAIL ") + v.message() + " [" + events.size() + " events"
                        + (host.cut ? ", cut: " + host.cutReason : "") + "]";
            }));
        }
        List<String> failures = new ArrayList<>();
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
                + " simulator traces validated against RingWorld.tla by TLC (" + withViewChange[0]
                + " with view changes, " + withCrash[0] + " with crashes; " + eventsTotal[0] + " events; "
                + cutAtBounds[0] + " cut where the run left the config's bounds)");
        assertEquals(List.of(), failures);
        assertTrue(withViewChange[0] > 0 && withCrash[0] > 0, "no trace had a view change or a crash");
    }
}
