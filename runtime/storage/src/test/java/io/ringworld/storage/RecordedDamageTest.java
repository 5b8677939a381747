package io.ringworld.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.DurableRecord;
import io.ringworld.kernel.Entry;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.View;
import io.ringworld.kernel.server.IndexRange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DurableRecord.Damaged and DurableRecord.Relearned in the state file: they survive a reopen, a
 * trim drops what is below it, a Relearned clears the pending relearn but not the unknown
 * indices, more ranges than a slot holds are merged (never dropped), and a damaged newest slot
 * falls back to the one before.
 */
class RecordedDamageTest {
    static final IndexRange OPEN_10 = new IndexRange(10, Long.MAX_VALUE);

    static StoreOptions options(FaultyFileLayer fs) {
        return Workload.options(fs);
    }

    static LogStore reopen(FaultyFileLayer fs) throws IOException {
        return LogStore.openExisting(Workload.DIR, options(fs));
    }

    static DurableRecord put(long i) {
        return new DurableRecord.PutEntry(new Entry(i, View.INITIAL, Payload.ofString("e" + i)));
    }

    @Test
    void damagedAndRelearnedSurviveAReopenAndATrimDropsWhatIsBelowIt() throws IOException {
        FaultyFileLayer fs = new FaultyFileLayer();
        try (LogStore s = LogStore.initialise(Workload.DIR, options(fs))) {
            assertFalse(s.relearnPending());
            s.write(1, List.of(put(1), put(2), put(3), put(4)));
            // Unsorted and overlapping, as any list may be: kept merged.
            s.write(2, List.of(new DurableRecord.Damaged(List.of(OPEN_10, new IndexRange(4, 5), new IndexRange(3, 4)))));
            assertTrue(s.relearnPending(), "a Damaged written makes a relearn pending at once");
            s.force();
        }
        try (LogStore s = reopen(fs)) {
            assertTrue(s.recoveryReport().findings().isEmpty() && !s.recoveryReport().damageFound());
            assertEquals(List.of(new IndexRange(3, 5), OPEN_10), s.unknownIndices());
            assertEquals(List.of(new IndexRange(3, 5), OPEN_10), s.recoveryReport().recordedUnknown());
            assertTrue(s.relearnPending() && s.recoveryReport().relearnPending(), "recorded and not relearned");
            assertEquals("e3", s.entry(3).payload().asString(), "recorded damage drops no entry (an entry there is known again)");
            s.write(1, List.of(new DurableRecord.Promise(new View(3, 0)), new DurableRecord.Relearned()));
            assertFalse(s.relearnPending(), "a Relearned clears it at once");
            s.force();
        }
        try (LogStore s = reopen(fs)) {
            assertFalse(s.relearnPending(), "relearned before the restart");
            assertEquals(new View(3, 0), s.promisedView());
            assertEquals(List.of(new IndexRange(3, 5), OPEN_10), s.unknownIndices(), "a relearn repairs nothing: still unknown");
            s.write(1, List.of(new DurableRecord.TrimTo(5)));
            assertEquals(List.of(new IndexRange(5, 5), OPEN_10), s.unknownIndices(), "nothing below the trim point is unknown");
            s.write(2, List.of(new DurableRecord.Damaged(List.of(new IndexRange(1, 2))))); // wholly below the trim point
            assertEquals(List.of(new IndexRange(5, 5), OPEN_10), s.unknownIndices());
            assertTrue(s.relearnPending(), "any Damaged means relearning again");
            s.force();
        }
        try (LogStore s = reopen(fs)) {
            assertEquals(5, s.trimPoint());
            assertEquals(List.of(new IndexRange(5, 5), OPEN_10), s.unknownIndices());
            assertTrue(s.relearnPending());
            s.write(1, List.of(new DurableRecord.Relearned(), new DurableRecord.TrimTo(20)));
            s.force();
        }
        try (LogStore s = reopen(fs)) {
            assertEquals(List.of(new IndexRange(20, Long.MAX_VALUE)), s.unknownIndices());
            assertFalse(s.relearnPending());
        }
    }

    @Test
    void aDamagedThenARelearnedInOnePersistLeaveNothingPendingAndTheOtherOrderLeavesItPending() throws IOException {
        FaultyFileLayer fs = new FaultyFileLayer();
        DurableRecord damaged = new DurableRecord.Damaged(List.of(new IndexRange(7, 7)));
        try (LogStore s = LogStore.initialise(Workload.DIR, options(fs))) {
            s.write(1, List.of(damaged, new DurableRecord.Relearned()));
            s.force();
        }
        try (LogStore s = reopen(fs)) {
            assertFalse(s.relearnPending());
            assertEquals(List.of(new IndexRange(7, 7)), s.unknownIndices());
            s.write(1, List.of(new DurableRecord.Relearned(), damaged));
            s.force();
        }
        try (LogStore s = reopen(fs)) {
            assertTrue(s.relearnPending());
        }
    }

    @Test
    void moreRangesThanASlotHoldsAreMergedNeverDropped() throws IOException {
        FaultyFileLayer fs = new FaultyFileLayer();
        List<IndexRange> many = new ArrayList<>();
        for (long i = 0; i < 3 * Ranges.RECORDED_MAX; i++) {
            many.add(new IndexRange(10 * i + 1, 10 * i + 1 + (i % 3)));
        }
        try (LogStore s = LogStore.initialise(Workload.DIR, options(fs))) {
            s.write(1, List.of(new DurableRecord.Damaged(many.subList(0, Ranges.RECORDED_MAX))));
            s.write(2, List.of(new DurableRecord.Damaged(many.subList(Ranges.RECORDED_MAX, many.size()))));
            s.force();
        }
        try (LogStore s = reopen(fs)) {
            List<IndexRange> got = s.unknownIndices();
            assertTrue(got.size() <= Ranges.RECORDED_MAX, got.size() + " ranges");
            for (IndexRange r : many) {
                assertTrue(Ranges.covers(got, r), r + " not covered by " + got);
            }
            assertTrue(s.relearnPending());
        }
    }

    @Test
    void aDamagedNewestStateSlotFallsBackToThePreviousOne() throws IOException {
        FaultyFileLayer fs = new FaultyFileLayer();
        try (LogStore s = LogStore.initialise(Workload.DIR, options(fs))) {
            s.write(1, List.of(new DurableRecord.Damaged(List.of(new IndexRange(2, 2)))));
            s.force(); // sequence 2, slot A
            s.write(2, List.of(new DurableRecord.Relearned()));
            s.force(); // sequence 3, slot B
        }
        // Flip a bit of slot B's recorded range: slot B fails its CRC, slot A (pending) is taken.
        fs.flipBit(Workload.DIR.resolve(StateFile.NAME), Codec.SLOT_OFFSETS[1] + Codec.S_RANGES + 1, 2);
        try (LogStore s = reopen(fs)) {
            assertTrue(s.relearnPending(), "the older slot: damaged, not yet relearned");
            assertEquals(List.of(new IndexRange(2, 2)), s.unknownIndices());
        }
    }

    @Test
    void damageFoundAtRecoveryIsUnknownAndPendingBeforeAnythingIsRecorded() throws IOException {
        FaultyFileLayer fs = new FaultyFileLayer();
        List<Long> at = DamageTest.write(fs);
        fs.flipBit(DamageTest.FILE, at.get(4) + Codec.RECORD_HEADER_BYTES + 50, 3); // payload of index 5
        try (LogStore s = reopen(fs)) {
            assertEquals(List.of(new IndexRange(5, 5)), s.unknownIndices());
            assertTrue(s.relearnPending() && s.recoveryReport().damageFound() && !s.recoveryReport().lostState());
            assertEquals(List.of(), s.recoveryReport().recordedUnknown(), "nothing recorded yet: the kernel's first step does it");
            s.write(1, List.of(new DurableRecord.Damaged(s.unknownIndices())));
            s.force();
        }
        try (LogStore s = reopen(fs)) {
            assertEquals(List.of(new IndexRange(5, 5)), s.recoveryReport().recordedUnknown());
            assertEquals(List.of(new IndexRange(5, 5)), s.unknownIndices(), "found again and recorded: one range");
            assertTrue(s.relearnPending());
            s.write(1, List.of(new DurableRecord.Relearned()));
            assertFalse(s.relearnPending(), "relearned in this life");
            s.force();
        }
        try (LogStore s = reopen(fs)) {
            assertTrue(s.relearnPending(), "the damaged record is found again at this recovery: relearn again");
        }
    }
}
