package io.ringworld.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.DurableRecord;
import io.ringworld.kernel.Entry;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.View;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A log server reads back the payloads it keeps on disk only (issue 21) on its event loop, while
 * the group committer forces the store: the read must not wait for the fsync. Here a segment's
 * fsync is held open until the test lets it go ({@link FaultyFileLayer#holdForces}); a read issued meanwhile must return (on the
 * earlier store, whose force held the store's lock through the fsync, it waited for the release:
 * the test's 10 s guard fails it).
 */
class ReadDuringForceTest {
    private static final View V1 = View.INITIAL;

    private static DurableRecord put(long i) {
        return new DurableRecord.PutEntry(new Entry(i, V1, Payload.ofString("entry " + i)));
    }

    @Test
    void aReadOfAnEntryOnDiskDoesNotWaitForAForceInProgress() throws Exception {
        FaultyFileLayer files = new FaultyFileLayer();
        CountDownLatch forceStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        StoreOptions options = StoreOptions.of(Workload.CLUSTER).withFiles(files).withSegmentBytes(64 << 10)
                .withWriteBufferBytes(64 << 10).withPreallocateAhead(false);
        try (LogStore store = LogStore.initialise(Workload.DIR, options)) {
            store.write(1, List.of(put(1)));
            assertEquals(1, store.force());
            store.write(2, List.of(put(2)));
            files.holdForces(forceStarted, release);
            AtomicLong forced = new AtomicLong(-1);
            AtomicReference<Throwable> failed = new AtomicReference<>();
            Thread committer = new Thread(() -> {
                try {
                    forced.set(store.force());
                } catch (Throwable t) {
                    failed.set(t);
                }
            }, "group-commit");
            committer.start();
            try {
                assertTrue(forceStarted.await(10, TimeUnit.SECONDS), "the force reached the fsync");
                Entry one = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> store.entry(1),
                        "a read waited for the fsync in progress");
                assertEquals("entry 1", one.payload().asString());
                assertEquals(1, store.durablePersistId(), "persist 2 is not durable while its fsync runs");
            } finally {
                release.countDown();
                committer.join(10_000);
            }
            assertEquals(null, failed.get());
            assertEquals(2, forced.get(), "the force covered persist 2 once its fsync returned");
            assertEquals(2, store.durablePersistId());
            assertEquals("entry 2", store.entry(2).payload().asString());
        }
    }
}
