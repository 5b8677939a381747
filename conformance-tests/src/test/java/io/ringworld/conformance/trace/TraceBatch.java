package io.ringworld.conformance.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongFunction;

/**
 * Records one seed range of simulator runs ({@link SimulatorTraces}) and has TLC check every
 * trace, {@link #BATCH} traces per TLC run, two runs at a time while the next seeds are
 * recorded; counts what the traces hold.
 * Each seed is printed with its outcome; {@code -Dseed=S -Dtrace.seeds=1} replays one.
 */
final class TraceBatch {
    /** Traces per TLC run (TlcTraceChecker.checkBatch): one JVM start and one parse for all. */
    static final int BATCH = 8;
    final String label;
    int count;
    int accepted;
    int withViewChange;
    int withCrash;
    int cutAtCaps;
    long heardOf;
    long events;
    int withTails;
    long tailStarts;
    long tailReplies;
    long viewCheckReplies;
    long tailRestarts;
    long holeFills;
    long holeFillsOfMany;
    /** Event counts per action name, for the actions a wide run adds (reads, trims). */
    final java.util.Map<String, Long> actions = new java.util.TreeMap<>();
    final List<String> failures = new ArrayList<>();

    private TraceBatch(String label) {
        this.label = label;
    }

    static TraceBatch run(String label, LongFunction<SpecEventRecorder> record, long first, int count) throws Exception {
        TraceBatch b = new TraceBatch(label);
        b.count = count;
        System.out.println("[trace-validation] " + label + ": seeds " + first + ".." + (first + count - 1)
                + " (replay one: -Dseed=S -Dtrace.seeds=1)");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<List<String>>> results = new ArrayList<>();
        try {
            List<TlcTraceChecker.Job> chunk = new ArrayList<>();
            List<String> summaries = new ArrayList<>();
            for (long seed = first; seed < first + count; seed++) {
                SpecEventRecorder trace = record.apply(seed);
                String summary = b.count(seed, trace);
                System.out.println("[trace-validation] " + label + " " + summary);
                if (trace.kernelViolation != null || !trace.run.passed()) {
                    b.failures.add(label + " seed " + seed + ": the simulator's own checks failed: "
                            + (trace.kernelViolation != null ? trace.kernelViolation : trace.run.firstViolation()));
                }
                chunk.add(new TlcTraceChecker.Job(label + "_seed" + seed, trace.events, trace.constants()));
                summaries.add(summary);
                if (chunk.size() == BATCH || seed == first + count - 1) {
                    List<TlcTraceChecker.Job> jobs = List.copyOf(chunk);
                    List<String> sums = List.copyOf(summaries);
                    String name = label + "_batch" + (seed - jobs.size() + 1);
                    results.add(pool.submit(() -> {
                        List<TlcTraceChecker.Verdict> vs = TlcTraceChecker.checkBatch(name, jobs);
                        List<String> out = new ArrayList<>();
                        for (int k = 0; k < vs.size(); k++) {
                            out.add((vs.get(k).accepted() ? "OK " : "FAIL ") + vs.get(k).message() + " [" + sums.get(k) + "]");
                        }
                        return out;
                    }));
                    chunk.clear();
                    summaries.clear();
                }
            }
            for (Future<List<String>> f : results) {
                for (String r : f.get()) {
                    if (r.startsWith("OK ")) {
                        b.accepted++;
                    } else {
                        b.failures.add(r);
                        System.out.println("[trace-validation] " + r);
                    }
                }
            }
        } finally {
            pool.shutdown();
        }
        return b;
    }

    private String count(long seed, SpecEventRecorder trace) {
        List<String> ev = trace.events;
        boolean viewChange = trace.hasViewChange();
        long crashes = ev.stream().filter(e -> e.contains("Crash\"")).count();
        withViewChange += viewChange ? 1 : 0;
        withCrash += crashes > 0 ? 1 : 0;
        cutAtCaps += trace.cut ? 1 : 0;
        heardOf += count(ev, "InstallIgnored") + count(ev, "DropStaleToken") + count(ev, "AbandonViewChange");
        events += ev.size();
        long starts = count(ev, "GetTailStart");
        withTails += starts > 0 ? 1 : 0;
        tailStarts += starts;
        tailReplies += count(ev, "GetTailReply");
        viewCheckReplies += count(ev, "ViewCheckReply");
        tailRestarts += trace.tails.restarts;
        holeFills += count(ev, "FillHole");
        holeFillsOfMany += ev.stream().filter(SpecEventRecorder::fillsMany).count();
        for (String e : ev) {
            String a = e.replaceAll("^\\[a \\|-> \"(\\w+)\".*", "$1");
            actions.merge(a, 1L, Long::sum);
        }
        return "seed " + seed + ": " + ev.size() + " events, " + crashes + " crashes, "
                + (viewChange ? "view change" : "no view change") + (trace.cut ? ", cut: " + trace.cutReason : "");
    }

    long actionCount(String action) {
        return actions.getOrDefault(action, 0L);
    }

    /** The lines printed after a batch: what was validated and what the traces hold. */
    void print() {
        System.out.println("[trace-validation] " + label + ": " + accepted + " of " + count
                + " simulator traces validated against RingWorld.tla by TLC (" + withViewChange
                + " with view changes, " + withCrash + " with crashes; " + events + " events; cut: "
                + cutAtCaps + " at the recorder's caps; " + heardOf + " events of a switch hearing of a view"
                + " without acting on it: InstallIgnored, DropStaleToken, AbandonViewChange)");
        System.out.println("[trace-validation] " + label + " getTails: " + withTails + " traces with getTails; " + tailStarts
                + " GetTailStart events (" + tailRestarts + " of them a wait restarted at a new view), " + tailReplies
                + " GetTailReply events, " + viewCheckReplies + " ViewCheckReply events");
        System.out.println("[trace-validation] " + label + " hole timers: " + holeFills + " FillHole events, " + holeFillsOfMany
                + " of them filling more than one index");
        System.out.println("[trace-validation] " + label + " events by action: " + actions);
    }

    private static long count(List<String> events, String action) {
        return events.stream().filter(e -> e.startsWith("[a |-> \"" + action + "\"")).count();
    }
}
