package io.ringworld.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.DurableRecord;
import io.ringworld.kernel.Entry;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.View;
import io.ringworld.kernel.server.IndexRange;
import io.ringworld.storage.FaultyFileLayer.CrashMode;
import io.ringworld.storage.FaultyFileLayer.SimulatedCrash;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The crash walk: cluster initialisation then a scripted workload, with a crash injected at every
 * write, force, create, rename, delete and directory-force point in turn (the test counts them on
 * a clean run, then walks them all), both losing every unforced write and keeping them with the
 * crashing write torn. After each crash the store is opened as existing and must hold every
 * acknowledged record unchanged (entries, promise, fence, trim, recorded damage), serve nothing
 * torn, say relearnPending as the acknowledged damage/relearned records (or damage found, or a
 * lost state) require, and take new writes. A crash before initialisation's marker is durable
 * comes back as a lost state. The planted-bug tests show the walk catches a recovery that skips
 * the body CRC, a force that acknowledges before it is durable, and a state file that drops
 * recorded damage.
 */
class CrashWalkTest {
    static final long SEED = 18;
    static final int ROUNDS = 50;

    /**
     * @param lostStates   cuts that came back as a lost state (a crash before the marker was durable)
     * @param pendingCuts  cuts whose recovered store had a relearn pending
     * @param ackedPending cuts where the acknowledged records left a relearn pending (a Damaged not yet relearned)
     */
    record Walk(long points, long crashes, long findings, long lostStates, long pendingCuts, long ackedPending,
                List<String> violations) {
    }

    /** What one cut's recovery showed. */
    private record Cut(int findings, boolean lostState, boolean pending) {
    }

    static Walk walk(CrashMode mode) throws IOException {
        FaultyFileLayer clean = new FaultyFileLayer();
        try (LogStore s = LogStore.initialise(Workload.DIR, Workload.options(clean))) {
            new Workload(SEED, ROUNDS).run(s);
        }
        long points = clean.ops();
        List<String> violations = new ArrayList<>();
        long findings = 0;
        long lostStates = 0;
        long pendingCuts = 0;
        long ackedPending = 0;
        for (long k = 1; k <= points; k++) {
            FaultyFileLayer fs = new FaultyFileLayer();
            Workload w = new Workload(SEED, ROUNDS);
            fs.crashAtOp(k, mode, (int) (k * 37 % 200));
            try {
                LogStore s = LogStore.initialise(Workload.DIR, Workload.options(fs));
                w.run(s);
                s.close();
            } catch (SimulatedCrash expected) {
                // the crash point: the store object is abandoned, as a process would be
            }
            if (!fs.crashed()) {
                violations.add("crash point " + k + " was never reached");
                continue;
            }
            fs.restart();
            Cut c = check(fs, w, mode, "crash at op " + k + "/" + points + " (" + mode + ")", violations);
            findings += c.findings;
            lostStates += c.lostState ? 1 : 0;
            pendingCuts += c.pending ? 1 : 0;
            ackedPending += w.ackedRelearnPending ? 1 : 0;
        }
        return new Walk(points, points, findings, lostStates, pendingCuts, ackedPending, violations);
    }

    private static Cut check(FaultyFileLayer fs, Workload w, CrashMode mode, String where, List<String> out) throws IOException {
        Entry extra;
        int findings;
        boolean pending;
        boolean lostState;
        boolean markerDurable = fs.exists(Workload.DIR.resolve(Marker.NAME));
        try (LogStore r = LogStore.openExisting(Workload.DIR, Workload.options(fs))) {
            RecoveryReport report = r.recoveryReport();
            findings = report.findings().size();
            for (String v : w.violations(r)) {
                out.add(where + ": " + v);
            }
            if (report.lostState() == markerDurable) {
                out.add(where + ": lost state " + report.lostState() + " although the marker " + (markerDurable ? "was" : "was not")
                        + " durable: " + report);
            }
            if (report.lostState() && (!r.relearnPending() || !r.unknownIndices().equals(List.of(new IndexRange(1, Long.MAX_VALUE))))) {
                out.add(where + ": a lost state must leave every index unknown and a relearn pending: " + report);
            }
            if (mode == CrashMode.LOSE_UNFORCED && !report.findings().isEmpty()) {
                out.add(where + ": damage found although only unforced writes were lost: " + report);
            }
            pending = r.relearnPending();
            lostState = report.lostState();
            View v = r.promisedView().isAfter(View.INITIAL) ? r.promisedView() : View.INITIAL;
            extra = new Entry(r.highestIndex() + 1, v, Payload.ofString("after " + where));
            r.write(1, List.of(new DurableRecord.PutEntry(extra)));
            r.force();
        }
        try (LogStore again = LogStore.openExisting(Workload.DIR, Workload.options(fs))) {
            if (!extra.equals(again.entry(extra.index()))) {
                out.add(where + ": a write after recovery was not read back: " + again.entry(extra.index()));
            }
            if (again.relearnPending() != pending || again.recoveryReport().lostState()) {
                out.add(where + ": reopened without a relearn in between, relearnPending went from " + pending + " to "
                        + again.relearnPending() + ": " + again.recoveryReport());
            }
        }
        return new Cut(findings, lostState, pending);
    }

    @Test
    void crashAtEveryPointLosingUnforcedWritesLosesNothingAcknowledged() throws IOException {
        Walk w = walk(CrashMode.LOSE_UNFORCED);
        System.out.println("crash walk LOSE_UNFORCED: " + w.points + " crash points, " + w.lostStates + " lost states, "
                + w.pendingCuts + " with a relearn pending (" + w.ackedPending + " acknowledged), " + w.violations.size() + " violations");
        assertTrue(w.points > 200, "the workload has enough crash points to walk: " + w.points);
        assertTrue(w.lostStates > 0 && w.ackedPending > 0 && w.pendingCuts > w.lostStates
                        && w.pendingCuts < w.points - w.lostStates,
                "the walk cuts before the marker, with damage recorded and not, relearned and not: " + w.lostStates + " lost states, "
                        + w.ackedPending + " acknowledged pending, " + w.pendingCuts + " pending of " + w.points);
        assertEquals(List.of(), w.violations.subList(0, Math.min(10, w.violations.size())));
    }

    @Test
    void crashAtEveryPointWithTheCrashingWriteTornServesNothingTorn() throws IOException {
        Walk w = walk(CrashMode.KEEP_UNFORCED_TEAR_LAST);
        System.out.println("crash walk KEEP_UNFORCED_TEAR_LAST: " + w.points + " crash points, " + w.findings
                + " damaged spots found and reported, " + w.lostStates + " lost states, " + w.pendingCuts
                + " with a relearn pending, " + w.violations.size() + " violations");
        assertTrue(w.findings > 0, "some crash points tear a record, and recovery reports them");
        assertEquals(List.of(), w.violations.subList(0, Math.min(10, w.violations.size())));
    }

    @Test
    void plantedSkipBodyCrcIsCaughtByTheWalk() throws IOException {
        Recovery.plantedSkipBodyCrc = true;
        try {
            Walk w = walk(CrashMode.KEEP_UNFORCED_TEAR_LAST);
            System.out.println("planted SKIP_BODY_CRC: " + w.violations.size() + " violations, first: "
                    + (w.violations.isEmpty() ? "-" : w.violations.get(0)));
            assertFalse(w.violations.isEmpty(), "the walk must catch a recovery that skips the body CRC");
            assertTrue(w.violations.stream().anyMatch(v -> v.contains("never written")), "as torn data served");
        } finally {
            Recovery.plantedSkipBodyCrc = false;
        }
    }

    @Test
    void plantedDropRecordedDamageIsCaughtByTheWalk() throws IOException {
        LogStore.plantedDropRecordedDamage = true;
        try {
            Walk w = walk(CrashMode.LOSE_UNFORCED);
            System.out.println("planted DROP_RECORDED_DAMAGE: " + w.violations.size() + " violations, first: "
                    + (w.violations.isEmpty() ? "-" : w.violations.get(0)));
            assertTrue(w.violations.stream().anyMatch(v -> v.contains("acknowledged damage")), "recorded damage forgotten");
            assertTrue(w.violations.stream().anyMatch(v -> v.contains("relearnPending false")), "a pending relearn forgotten");
        } finally {
            LogStore.plantedDropRecordedDamage = false;
        }
    }

    @Test
    void plantedAckBeforeForceIsCaughtByTheWalk() throws IOException {
        LogStore.plantedAckBeforeForce = true;
        try {
            Walk w = walk(CrashMode.LOSE_UNFORCED);
            System.out.println("planted ACK_BEFORE_FORCE: " + w.violations.size() + " violations, first: "
                    + (w.violations.isEmpty() ? "-" : w.violations.get(0)));
            assertTrue(w.violations.stream().anyMatch(v -> v.contains("lost")), "the walk must catch an acknowledged entry lost");
        } finally {
            LogStore.plantedAckBeforeForce = false;
        }
    }
}
