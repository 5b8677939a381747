package io.ringworld.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.DurableRecord;
import io.ringworld.kernel.Entry;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.View;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** ENOSPC and EIO through the fault layer. */
class DiskFullTest {
    static final int SEGMENT_BYTES = 4096;
    /** What a store holds besides its segments: the state file and the initialisation marker. */
    static final long FIXED_BYTES = Codec.STATE_FILE_BYTES + Codec.FILE_HEADER_BYTES;

    static DurableRecord put(long i) {
        return new DurableRecord.PutEntry(entry(i));
    }

    static Entry entry(long i) {
        return new Entry(i, View.INITIAL, Payload.ofString("entry " + i + " ".repeat(200)));
    }

    static final class Events implements StoreListener {
        final List<String> seen = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onStatus(StoreStatus status, StorageException cause) {
            seen.add(status + (cause == null ? "" : ": " + cause.getMessage()));
        }

        @Override
        public void onWarning(String message) {
            seen.add("warning: " + message);
        }
    }

    static StoreOptions options(FaultyFileLayer fs, Events events) {
        return Workload.options(fs).withListener(events).withFullRetryNanos(Long.MAX_VALUE);
    }

    @Test
    void fullDiskRefusesWritesClearlyWhileReadsAndTrimsGoOnAndWritesResumeAfterTheTrim() throws IOException {
        FaultyFileLayer fs = new FaultyFileLayer();
        fs.capacityBytes(FIXED_BYTES + 3 * SEGMENT_BYTES + 100); // three segments and a bit
        Events events = new Events();
        long acked = 0;
        long id = 0;
        StorageException full = null;
        try (LogStore s = LogStore.initialise(Workload.DIR, options(fs, events))) {
            for (long i = 1; i < 1000 && full == null; i++) {
                try {
                    s.write(++id, List.of(put(i)));
                    acked = i == 0 ? 0 : s.force();
                } catch (StorageException e) {
                    full = e;
                }
            }
            assertEquals(StorageException.Kind.DISK_FULL, full.kind());
            assertTrue(full.getMessage().contains(Workload.DIR.toString()) && full.getMessage().contains("no space left"), full.getMessage());
            assertEquals(StoreStatus.FULL, s.status());
            assertEquals(FIXED_BYTES + 3 * SEGMENT_BYTES, fs.usedBytes(), "the failed preallocation left no partial file");
            long lastAcked = acked;
            assertTrue(lastAcked > 20, "filled three segments first: " + lastAcked);
            for (long i = 1; i <= lastAcked; i++) {
                assertEquals(entry(i), s.entry(i), "reads go on while full");
            }
            // A second refusal is immediate and equally clear; the persist that failed is written again later.
            long failedIndex = lastAcked + 1;
            StorageException again = assertThrows(StorageException.class, () -> s.write(lastAcked + 1000, List.of(put(failedIndex))));
            assertEquals(StorageException.Kind.DISK_FULL, again.kind());
            // A trim needs no new space (the state slots are preallocated) and deletes whole segments.
            s.write(lastAcked + 2000, List.of(new DurableRecord.TrimTo(lastAcked - 2)));
            assertEquals(lastAcked + 2000, s.force());
            assertTrue(s.segmentCount() < 3, "trim deleted segments: " + s.segmentCount());
            s.write(lastAcked + 3000, List.of(put(failedIndex)));
            assertEquals(lastAcked + 3000, s.force(), "writes resume after the trim freed space");
            assertEquals(StoreStatus.WRITABLE, s.status());
            acked = failedIndex;
        }
        assertEquals("FULL", events.seen.get(0).substring(0, 4));
        assertTrue(events.seen.contains("WRITABLE"), events.seen.toString());
        try (LogStore s = LogStore.openExisting(Workload.DIR, options(fs, events))) {
            for (long i = s.trimPoint(); i <= acked; i++) {
                assertEquals(entry(i), s.entry(i), "nothing acknowledged lost");
            }
            assertTrue(s.recoveryReport().clean(), s.recoveryReport().toString());
        }
    }

    @Test
    void committerHoldsRefusedPersistsInOrderAndATrimQueuedBehindThemFreesTheDisk() throws Exception {
        FaultyFileLayer fs = new FaultyFileLayer();
        fs.capacityBytes(FIXED_BYTES + 2 * SEGMENT_BYTES);
        Events events = new Events();
        List<Long> durable = Collections.synchronizedList(new ArrayList<>());
        List<StorageException> refusals = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch all = new CountDownLatch(1);
        int n = 60;
        try (LogStore s = LogStore.initialise(Workload.DIR, options(fs, events).withFullRetryNanos(1_000_000));
             GroupCommitter c = new GroupCommitter(s, new GroupCommitter.Listener() {
                 @Override
                 public void onDurable(long persistId) {
                     durable.add(persistId);
                     if (persistId == n + 1) {
                         all.countDown();
                     }
                 }

                 @Override
                 public void onRefused(StorageException e) {
                     refusals.add(e);
                 }
             }, 5)) {
            for (long i = 1; i <= n; i++) {
                c.submit(i, List.of(put(i)));
            }
            while (refusals.isEmpty()) {
                Thread.sleep(1);
            }
            c.submit(n + 1, List.of(new DurableRecord.TrimTo(45))); // below it: segments 1 and 2
            assertTrue(all.await(10, TimeUnit.SECONDS), "every persist durable after the trim; durable: " + durable.size());
            assertEquals(java.util.stream.LongStream.rangeClosed(1, n + 1).boxed().toList(), durable, "each once, in order");
            assertEquals(StorageException.Kind.DISK_FULL, refusals.get(0).kind());
            for (long i = 45; i <= n; i++) {
                assertEquals(entry(i), s.entry(i));
            }
        }
    }

    @Test
    void failedFsyncIsFatalAndNeverRetried() throws Exception {
        FaultyFileLayer fs = new FaultyFileLayer();
        Events events = new Events();
        try (LogStore s = LogStore.initialise(Workload.DIR, options(fs, events))) {
            s.write(1, List.of(put(1)));
            assertEquals(1, s.force());
            fs.failForces(true);
            s.write(2, List.of(put(2)));
            StorageException e = assertThrows(StorageException.class, s::force);
            assertEquals(StorageException.Kind.FATAL, e.kind());
            assertTrue(e.getMessage().contains("stop the process") && e.getMessage().contains(Workload.DIR.toString()), e.getMessage());
            assertEquals(StoreStatus.FAILED, s.status());
            assertEquals(1, fs.failedForces());
            fs.failForces(false);
            assertEquals(StorageException.Kind.FATAL, assertThrows(StorageException.class, s::force).kind());
            assertEquals(StorageException.Kind.FATAL, assertThrows(StorageException.class, () -> s.write(3, List.of(put(3)))).kind());
            assertThrows(UncheckedIOException.class, () -> s.entry(1));
            assertEquals(1, fs.failedForces(), "the failed force is never retried");
            assertEquals(1, s.durablePersistId(), "persist 2 was never reported durable");
            assertTrue(events.seen.get(0).startsWith("FAILED"), events.seen.toString());
        }
    }

    @Test
    void committerStopsOnAFailedFsyncAndAcknowledgesNothingMore() throws Exception {
        FaultyFileLayer fs = new FaultyFileLayer();
        List<Long> durable = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch stopped = new CountDownLatch(1);
        try (LogStore s = LogStore.initialise(Workload.DIR, options(fs, new Events()));
             GroupCommitter c = new GroupCommitter(s, new GroupCommitter.Listener() {
                 @Override
                 public void onDurable(long persistId) {
                     durable.add(persistId);
                 }

                 @Override
                 public void onRefused(StorageException e) {
                     if (e.kind() == StorageException.Kind.FATAL) {
                         stopped.countDown();
                     }
                 }
             }, 5)) {
            c.submit(1, List.of(put(1)));
            while (durable.isEmpty()) {
                Thread.sleep(1);
            }
            fs.failForces(true);
            c.submit(2, List.of(put(2)));
            assertTrue(stopped.await(5, TimeUnit.SECONDS));
            assertThrows(IllegalStateException.class, () -> c.submit(3, List.of(put(3))));
            assertEquals(List.of(1L), durable);
            assertEquals(1, fs.failedForces());
        }
    }

    /**
     * ENOSPC on a write inside a preallocated segment: the buffered records are forgotten and
     * their bytes zeroed (one failure) or, if zeroing fails too (two), the segment is abandoned
     * and its half-written tail shows as a cut tail; either way nothing acknowledged is lost and
     * the persists are written again once the write goes through.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2})
    void noSpaceInsideASegmentRollsBackToTheLastForce(int failures) throws IOException {
        FaultyFileLayer fs = new FaultyFileLayer();
        Events events = new Events();
        try (LogStore s = LogStore.initialise(Workload.DIR, options(fs, events).withFullRetryNanos(0))) {
            s.write(1, List.of(put(1)));
            s.write(2, List.of(put(2)));
            assertEquals(2, s.force());
            s.write(3, List.of(put(3)));
            s.write(4, List.of(put(4)));
            fs.failNextWrites(failures);
            StorageException e = assertThrows(StorageException.class, s::force);
            assertEquals(StorageException.Kind.DISK_FULL, e.kind());
            assertEquals(null, s.entry(3), "a record whose write failed is not served");
            assertEquals(entry(2), s.entry(2));
            s.write(3, List.of(put(3))); // the committer writes the refused persists again
            s.write(4, List.of(put(4)));
            assertEquals(4, s.force());
            assertEquals(StoreStatus.WRITABLE, s.status());
        }
        try (LogStore s = LogStore.openExisting(Workload.DIR, options(fs, events))) {
            for (long i = 1; i <= 4; i++) {
                assertEquals(entry(i), s.entry(i));
            }
            System.out.println("after " + failures + " failed writes: " + s.recoveryReport());
            if (failures == 1) {
                assertTrue(s.recoveryReport().clean(), "the failed bytes were zeroed: " + s.recoveryReport());
                assertEquals(1, s.segmentCount());
            } else {
                assertEquals(2, s.segmentCount(), "the segment whose zeroing failed was abandoned for a fresh one");
            }
        }
    }
}
