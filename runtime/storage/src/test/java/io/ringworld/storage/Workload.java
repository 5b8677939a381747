package io.ringworld.storage;

import io.ringworld.kernel.DurableRecord;
import io.ringworld.kernel.Entry;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.View;
import io.ringworld.kernel.server.IndexRange;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * A scripted log-server workload (entries, rewrites at higher views, duplicates, promises, fences,
 * trims, damage recorded and relearned) in rounds of several persists and one force (a group
 * commit), with a model of what was acknowledged and a checker of a recovered store against it.
 */
final class Workload {
    static final UUID CLUSTER = new UUID(0x5249_4e47_574f_524cL, 0x4400_0000_0000_0001L);
    static final Path DIR = Path.of("/data/server-1");

    /** One round: persists written, then one force. */
    final List<List<List<DurableRecord>>> rounds = new ArrayList<>();
    /** Every entry ever issued, by index: what a recovered store may serve. */
    final Map<Long, Set<Entry>> issued = new HashMap<>();

    // What was acknowledged (forced and called back).
    final Map<Long, Entry> ackedEntries = new HashMap<>();
    View ackedPromise = View.NONE;
    DurableRecord.Fence ackedFence = new DurableRecord.Fence(View.NONE, 1);
    long ackedTrim = 1;
    /** Every range of an acknowledged DurableRecord.Damaged: a recovered store must still report it unknown (from its trim point on). */
    final List<IndexRange> ackedDamaged = new ArrayList<>();
    /** Whether the acknowledged persists leave a relearn pending (a Damaged not followed by a Relearned). */
    boolean ackedRelearnPending;
    /** Persists written but not (yet) acknowledged, in order: a crash may leave their state durable. */
    final List<List<DurableRecord>> unacked = new ArrayList<>();

    Workload(long seed, int roundCount) {
        Random rnd = new Random(seed);
        long next = 1;
        View view = View.INITIAL;
        long trim = 1;
        for (int r = 0; r < roundCount; r++) {
            List<List<DurableRecord>> round = new ArrayList<>();
            int persists = 1 + rnd.nextInt(4);
            for (int p = 0; p < persists; p++) {
                List<DurableRecord> recs = new ArrayList<>();
                int kind = rnd.nextInt(20);
                if (kind == 0) {
                    view = new View(view.epoch() + 1, rnd.nextInt(3));
                    recs.add(new DurableRecord.Promise(view));
                } else if (kind == 1) {
                    view = new View(view.epoch() + 1, rnd.nextInt(3));
                    long start = Math.max(trim, next - 1 - rnd.nextInt(3));
                    recs.add(new DurableRecord.Promise(view));
                    recs.add(new DurableRecord.Fence(view, start));
                    for (long i = start; i < next; i++) {
                        recs.add(put(new Entry(i, view, payload(rnd, i, view))));
                    }
                } else if (kind == 2 && next - trim > 6) {
                    trim = trim + 1 + rnd.nextInt((int) (next - trim) / 2);
                    recs.add(new DurableRecord.TrimTo(trim));
                } else if (kind == 4) {
                    // Damage the kernel records: any ranges (overlapping, open-ended) around what was handed out.
                    List<IndexRange> ranges = new ArrayList<>();
                    for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
                        long first = trim + rnd.nextInt((int) (next - trim) + 5);
                        ranges.add(new IndexRange(first, rnd.nextInt(4) == 0 ? Long.MAX_VALUE : first + rnd.nextInt(4)));
                    }
                    recs.add(new DurableRecord.Damaged(ranges));
                } else if (kind == 5) {
                    // A relearn completing: sometimes with the higher promise it learned, in the same persist.
                    if (rnd.nextBoolean()) {
                        view = new View(view.epoch() + 1, rnd.nextInt(3));
                        recs.add(new DurableRecord.Promise(view));
                    }
                    recs.add(new DurableRecord.Relearned());
                } else if (kind == 3 && next > trim) {
                    // A duplicate of an entry already written: the same view and payload again.
                    long i = trim + rnd.nextInt((int) (next - trim));
                    Set<Entry> s = issued.get(i);
                    if (s != null) {
                        recs.add(new DurableRecord.PutEntry(s.stream().max((a, b) -> a.view().compareTo(b.view())).orElseThrow()));
                    }
                } else {
                    int n = 1 + rnd.nextInt(3);
                    for (int k = 0; k < n; k++) {
                        recs.add(put(new Entry(next, view, payload(rnd, next, view))));
                        next++;
                    }
                }
                if (!recs.isEmpty()) {
                    round.add(recs);
                }
            }
            rounds.add(round);
        }
    }

    private DurableRecord put(Entry e) {
        issued.computeIfAbsent(e.index(), k -> new HashSet<>()).add(e);
        return new DurableRecord.PutEntry(e);
    }

    private static Payload payload(Random rnd, long index, View view) {
        if (rnd.nextInt(10) == 0) {
            return Payload.JUNK;
        }
        byte[] b = new byte[rnd.nextInt(300)];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (1 + rnd.nextInt(255)); // never zero: a torn (zeroed) payload must differ
        }
        return Payload.of(b);
    }

    /** Records an acknowledged persist in the model. */
    void acked(List<DurableRecord> recs) {
        for (DurableRecord r : recs) {
            if (r instanceof DurableRecord.PutEntry p) {
                Entry old = ackedEntries.get(p.entry().index());
                if (old == null || !old.view().isAfter(p.entry().view())) {
                    ackedEntries.put(p.entry().index(), p.entry());
                }
            } else if (r instanceof DurableRecord.Promise p && p.view().isAfter(ackedPromise)) {
                ackedPromise = p.view();
            } else if (r instanceof DurableRecord.Fence f && f.view().isAfter(ackedFence.view())) {
                ackedFence = f;
            } else if (r instanceof DurableRecord.TrimTo t) {
                ackedTrim = Math.max(ackedTrim, t.prefix());
            } else if (r instanceof DurableRecord.Damaged d) {
                ackedDamaged.addAll(d.unknown());
                ackedRelearnPending = true;
            } else if (r instanceof DurableRecord.Relearned) {
                ackedRelearnPending = false;
            }
        }
    }

    /**
     * The relearnPending values a store recovered from a crash may show when it found no damage:
     * the acknowledged one, or the one after any persist written since (their state may have been
     * forced before the crash cut the acknowledgement).
     */
    Set<Boolean> allowedRelearnPending() {
        Set<Boolean> out = new HashSet<>();
        boolean pending = ackedRelearnPending;
        out.add(pending);
        for (List<DurableRecord> recs : unacked) {
            for (DurableRecord r : recs) {
                if (r instanceof DurableRecord.Damaged) {
                    pending = true;
                } else if (r instanceof DurableRecord.Relearned) {
                    pending = false;
                }
            }
            out.add(pending);
        }
        return out;
    }

    /**
     * Runs the rounds on {@code store} (write each persist, one force, acknowledge what force
     * covers) until done or the file layer crashes. Returns the number of rounds completed.
     */
    int run(LogStore store) throws StorageException {
        long id = 0;
        List<long[]> ids = new ArrayList<>();
        int done = 0;
        for (List<List<DurableRecord>> round : rounds) {
            for (List<DurableRecord> recs : round) {
                store.write(++id, recs);
                ids.add(new long[] {id});
                unacked.add(recs);
            }
            long durable = store.force();
            while (!ids.isEmpty() && ids.get(0)[0] <= durable) {
                acked(unacked.remove(0));
                ids.remove(0);
            }
            done++;
        }
        return done;
    }

    /** Everything wrong with {@code s} as a recovery of this workload's acknowledged state (empty if nothing). */
    List<String> violations(LogStore s) {
        List<String> v = new ArrayList<>();
        if (s.trimPoint() < ackedTrim) {
            v.add("trim point " + s.trimPoint() + " below the acknowledged " + ackedTrim);
        }
        if (s.promisedView().isBefore(ackedPromise)) {
            v.add("promise " + s.promisedView() + " below the acknowledged " + ackedPromise);
        }
        if (s.fenceView().isBefore(ackedFence.view())
                || (s.fenceView().equals(ackedFence.view()) && s.fenceStart() != ackedFence.start())) {
            v.add("fence " + s.fenceView() + "@" + s.fenceStart() + " older than the acknowledged " + ackedFence);
        }
        for (Entry e : ackedEntries.values()) {
            if (e.index() < s.trimPoint()) {
                continue;
            }
            Entry got = s.entry(e.index());
            // Only damage found at this recovery excuses a missing entry: a recorded Damaged never drops one.
            boolean unknown = s.recoveryReport().unknownIndices().stream().anyMatch(r -> r.contains(e.index()));
            if (got == null && !unknown) {
                v.add("acknowledged " + e + " lost (absent and not reported unknown)");
            } else if (got != null && (got.view().isBefore(e.view()) || (got.view().equals(e.view()) && !got.equals(e)))) {
                v.add("acknowledged " + e + " changed to " + got);
            }
            if (got != null && s.promisedView().isBefore(got.view())) {
                v.add("promise " + s.promisedView() + " below a held entry's view " + got.view());
            }
        }
        for (IndexRange r : Ranges.trimBelow(Ranges.union(ackedDamaged, List.of()), s.trimPoint())) {
            if (!Ranges.covers(s.unknownIndices(), r)) {
                v.add("acknowledged damage " + r + " not reported unknown: " + s.unknownIndices());
            }
        }
        boolean damageFound = s.recoveryReport().damageFound() || s.recoveryReport().lostState();
        if (damageFound ? !s.relearnPending() : !allowedRelearnPending().contains(s.relearnPending())) {
            v.add("relearnPending " + s.relearnPending() + (damageFound ? " although damage was found" : ", acknowledged "
                    + ackedRelearnPending + ", allowed " + allowedRelearnPending()));
        }
        for (long i = s.trimPoint(); i <= s.highestIndex(); i++) {
            Entry got = s.entry(i);
            if (got != null && !issued.getOrDefault(i, Set.of()).contains(got)) {
                v.add("served " + got + " at index " + i + ", which was never written (torn or damaged data)");
            }
        }
        return v;
    }

    static StoreOptions options(FileLayer fs) {
        return StoreOptions.of(CLUSTER).withFiles(fs).withSegmentBytes(4096).withWriteBufferBytes(4096).withPreallocateAhead(false);
    }
}
