package io.ringworld.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.DurableRecord;
import io.ringworld.kernel.Entry;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.View;
import io.ringworld.kernel.server.IndexRange;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Bit flips and cut tails at chosen offsets of a segment: each is found, reported with its file
 * and byte offset and kind, its indices are reported unknown, and entry() never returns damaged
 * data.
 */
class DamageTest {
    static final View V1 = View.INITIAL;
    static final View V2 = new View(2, 1);
    static final String SEGMENT = Segment.name(1);
    static final Path FILE = Workload.DIR.resolve(SEGMENT);
    static final int COUNT = 20;

    /**
     * Entries 1..10 at v1 (100-byte payloads), index 3 rewritten at v2, entries 11..20 at v1, all
     * in segment 1 (with {@code rewriteLast}, the rewrite comes last). Returns the records' offsets
     * in write order.
     */
    static List<Long> write(FaultyFileLayer fs) throws IOException {
        return write(fs, false);
    }

    static List<Long> write(FaultyFileLayer fs, boolean rewriteLast) throws IOException {
        List<Long> offsets = new ArrayList<>();
        long at = Codec.FILE_HEADER_BYTES;
        try (LogStore s = LogStore.initialise(Workload.DIR, options(fs))) {
            long id = 0;
            for (Entry e : entries(rewriteLast)) {
                s.write(++id, List.of(new DurableRecord.PutEntry(e)));
                offsets.add(at);
                at += Codec.recordBytes(e);
            }
            s.force();
        }
        return offsets;
    }

    static List<Entry> entries(boolean rewriteLast) {
        List<Entry> out = new ArrayList<>();
        for (int i = 1; i <= COUNT; i++) {
            out.add(new Entry(i, V1, payload(i, V1)));
        }
        out.add(rewriteLast ? COUNT : 10, new Entry(3, V2, payload(3, V2)));
        return out;
    }

    /** The write-order position of index {@code i}'s v1 record (layout without rewriteLast). */
    static int pos(int i) {
        return i <= 10 ? i - 1 : i;
    }

    static Payload payload(long i, View v) {
        byte[] b = new byte[100];
        java.util.Arrays.fill(b, (byte) (i * 7 + v.epoch()));
        return Payload.of(b);
    }

    static StoreOptions options(FaultyFileLayer fs) {
        return StoreOptions.of(Workload.CLUSTER).withFiles(fs).withSegmentBytes(64 << 10).withWriteBufferBytes(64 << 10).withPreallocateAhead(false);
    }

    static LogStore reopen(FaultyFileLayer fs) throws IOException {
        return LogStore.openExisting(Workload.DIR, options(fs));
    }

    /** Damage that leaves indices unknown means a relearn; a finding that loses no index does not. */
    static void relearnPendingIffUnknown(LogStore s) {
        assertEquals(!s.unknownIndices().isEmpty(), s.relearnPending(), s.recoveryReport().toString());
        assertEquals(s.relearnPending(), s.recoveryReport().relearnPending());
        assertEquals(s.relearnPending(), s.recoveryReport().damageFound());
        assertFalse(s.recoveryReport().lostState());
    }

    /** Every entry served is one that was written, and the newest view of its index. */
    static void servesOnlyWhatWasWritten(LogStore s) {
        for (long i = 1; i <= COUNT; i++) {
            Entry got = s.entry(i);
            if (got != null) {
                assertEquals(new Entry(i, i == 3 ? V2 : V1, payload(i, i == 3 ? V2 : V1)), got);
            } else {
                long index = i;
                assertTrue(s.unknownIndices().stream().anyMatch(r -> r.contains(index)), "index " + i + " absent but not reported unknown");
            }
        }
    }

    @Test
    void undamagedStoreReportsNothing() throws IOException {
        FaultyFileLayer fs = new FaultyFileLayer();
        write(fs);
        try (LogStore s = reopen(fs)) {
            assertTrue(s.recoveryReport().clean(), s.recoveryReport().toString());
            assertEquals(List.of(), s.unknownIndices());
            assertFalse(s.relearnPending());
            servesOnlyWhatWasWritten(s);
            assertEquals(V2, s.promisedView(), "the highest entry view is promised");
        }
    }

    @Test
    void bitFlipInABodyIsCorruptionOfAKnownIndex() throws IOException {
        FaultyFileLayer fs = new FaultyFileLayer();
        List<Long> at = write(fs);
        fs.flipBit(FILE, at.get(4) + Codec.RECORD_HEADER_BYTES + 50, 3); // payload of index 5
        try (LogStore s = reopen(fs)) {
            RecoveryReport r = s.recoveryReport();
            System.out.println(r);
            assertEquals(List.of(new RecoveryReport.Finding(SEGMENT, at.get(4), RecoveryReport.Kind.CORRUPT, 5,
                    "header valid, body checksum mismatch")), r.findings());
            assertEquals(List.of(new IndexRange(5, 5)), s.unknownIndices());
            assertNull(s.entry(5));
            assertTrue(s.relearnPending());
            servesOnlyWhatWasWritten(s);
        }
    }

    @Test
    void bitFlipInAHeaderBeforeValidRecordsLosesAnIndexThatMayBeAnySoNothingIsVouchedFor() throws IOException {
        FaultyFileLayer fs = new FaultyFileLayer();
        List<Long> at = write(fs);
        fs.flipBit(FILE, at.get(4) + Codec.R_INDEX, 0); // index 5's index field
        try (LogStore s = reopen(fs)) {
            RecoveryReport r = s.recoveryReport();
            System.out.println(r);
            assertEquals(List.of(new RecoveryReport.Finding(SEGMENT, at.get(4), RecoveryReport.Kind.CORRUPT, -1,
                    "record header invalid (magic, fields or checksum)")), r.findings());
            assertEquals(COUNT, r.recordsFound(), "every other record was found again after the damage (resync)");
            assertEquals(List.of(new IndexRange(1, Long.MAX_VALUE)), s.unknownIndices(), "the lost record may have been a newer view of any index");
            for (long i = 1; i <= COUNT; i++) {
                assertNull(s.entry(i));
            }
            assertEquals(COUNT, s.highestIndex(), "the indices handed out are still known");
            assertTrue(s.relearnPending());
        }
    }

    @Test
    void cutBodyOfTheLastRecordIsACutTailOfAKnownIndex() throws IOException {
        FaultyFileLayer fs = new FaultyFileLayer();
        List<Long> at = write(fs);
        long last = at.get(COUNT); // index 20
        fs.overwrite(FILE, last + Codec.RECORD_HEADER_BYTES + 40, new byte[80]);
        try (LogStore s = reopen(fs)) {
            assertEquals(List.of(new RecoveryReport.Finding(SEGMENT, last, RecoveryReport.Kind.CUT_TAIL, COUNT,
                    "header valid, body checksum mismatch")), s.recoveryReport().findings());
            assertEquals(List.of(new IndexRange(COUNT, COUNT)), s.unknownIndices());
            assertNull(s.entry(COUNT));
            assertTrue(s.relearnPending(), "a torn record too");
            servesOnlyWhatWasWritten(s);
        }
    }

    @Test
    void bodyDamageToARewriteHidesTheOlderViewToo() throws IOException {
        FaultyFileLayer fs = new FaultyFileLayer();
        List<Long> at = write(fs);
        fs.flipBit(FILE, at.get(10) + Codec.RECORD_HEADER_BYTES + 7, 6); // index 3 at v2
        try (LogStore s = reopen(fs)) {
            assertEquals(List.of(new RecoveryReport.Finding(SEGMENT, at.get(10), RecoveryReport.Kind.CORRUPT, 3,
                    "header valid, body checksum mismatch")), s.recoveryReport().findings());
            assertEquals(List.of(new IndexRange(3, 3)), s.unknownIndices());
            assertNull(s.entry(3), "the older v1 value of index 3 may be stale: not served either");
            assertEquals(V2, s.promisedView(), "the damaged record's trusted header still raises the promise");
        }
    }

    @Test
    void aTornHeaderAtTheTailIsTakenForTheUnacknowledgedWriteACrashCut() throws IOException {
        // The one case the store cannot tell apart: a crash cutting the last write (never forced,
        // never acknowledged) or media damage to exactly the last record's header. It takes it for
        // the former, so the older view of a rewritten index is served; documented in Recovery.
        FaultyFileLayer fs = new FaultyFileLayer();
        List<Long> at = write(fs, true);
        fs.overwrite(FILE, at.get(COUNT) + 10, new byte[30]);
        try (LogStore s = reopen(fs)) {
            assertEquals(RecoveryReport.Kind.CUT_TAIL, s.recoveryReport().findings().get(0).kind());
            assertEquals(List.of(new IndexRange(COUNT + 1, Long.MAX_VALUE)), s.unknownIndices());
            assertEquals(new Entry(3, V1, payload(3, V1)), s.entry(3));
        }
    }

    @Test
    void cutHeaderOfTheLastRecordIsACutTailOfUnknownIndex() throws IOException {
        FaultyFileLayer fs = new FaultyFileLayer();
        List<Long> at = write(fs);
        long last = at.get(COUNT); // index 20
        fs.overwrite(FILE, last + 10, new byte[200]);
        try (LogStore s = reopen(fs)) {
            assertEquals(List.of(new RecoveryReport.Finding(SEGMENT, last, RecoveryReport.Kind.CUT_TAIL, -1,
                    "record header invalid (magic, fields or checksum)")), s.recoveryReport().findings());
            assertEquals(List.of(new IndexRange(COUNT, Long.MAX_VALUE)), s.unknownIndices(),
                    "the torn record may have held any index; every index not held is unknown");
            assertNull(s.entry(COUNT));
            assertEquals(new Entry(3, V2, payload(3, V2)), s.entry(3), "held records are served");
            relearnPendingIffUnknown(s);
        }
    }

    @Test
    void damageToAnOlderViewOfARewrittenIndexLosesNothing() throws IOException {
        FaultyFileLayer fs = new FaultyFileLayer();
        List<Long> at = write(fs);
        fs.flipBit(FILE, at.get(2) + Codec.RECORD_HEADER_BYTES + 5, 1); // index 3 at v1's body, superseded by v2
        try (LogStore s = reopen(fs)) {
            assertEquals(1, s.recoveryReport().findings().size());
            assertEquals(List.of(), s.unknownIndices(), "a newer valid record of the index holds");
            assertFalse(s.relearnPending(), "nothing the server vouched for was lost: no relearn");
            assertEquals(new Entry(3, V2, payload(3, V2)), s.entry(3));
        }
    }

    @Test
    void newWritesAfterDamageGoToAFreshSegmentAndTheDamageStaysReported() throws IOException {
        FaultyFileLayer fs = new FaultyFileLayer();
        List<Long> at = write(fs);
        fs.flipBit(FILE, at.get(7) + Codec.RECORD_HEADER_BYTES, 0);
        Entry next = new Entry(COUNT + 1, V2, payload(COUNT + 1, V2));
        try (LogStore s = reopen(fs)) {
            s.write(1, List.of(new DurableRecord.PutEntry(next)));
            s.force();
            assertEquals(2, s.segmentCount());
        }
        byte[] old = fs.contents(FILE);
        assertEquals(0, old[(int) (long) at.get(COUNT) + Codec.recordBytes(entries(false).get(COUNT))], "nothing appended after the damage");
        try (LogStore s = reopen(fs)) {
            assertEquals(next, s.entry(COUNT + 1), "written after recovery: served");
            assertEquals(List.of(new IndexRange(8, 8)), s.unknownIndices(), "the damage is still reported");
            assertTrue(s.relearnPending(), "found again at this recovery");
            assertEquals(1, s.recoveryReport().findings().size());
        }
    }

    @Property(tries = 200)
    void anyBitFlipIsReportedAndNeverServed(@ForAll @IntRange(min = 64, max = 3000) int offset, @ForAll @IntRange(min = 0, max = 7) int bit)
            throws IOException {
        FaultyFileLayer fs = new FaultyFileLayer();
        write(fs);
        fs.flipBit(FILE, offset, bit);
        try (LogStore s = reopen(fs)) {
            assertFalse(s.recoveryReport().clean(), "a flip at byte " + offset + " went unnoticed");
            assertTrue(s.recoveryReport().findings().stream().allMatch(f -> f.file().equals(SEGMENT)));
            servesOnlyWhatWasWritten(s);
            relearnPendingIffUnknown(s);
        }
    }
}
