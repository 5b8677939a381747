package io.ringworld.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.DurableRecord;
import io.ringworld.kernel.Entry;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.View;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GroupCommitterTest {
    @Test
    void acknowledgesEachPersistOnceInOrderAfterTheForceThatCoversItWithFewForces() throws Exception {
        FaultyFileLayer fs = new FaultyFileLayer();
        int n = 2000;
        List<Long> durable = Collections.synchronizedList(new ArrayList<>());
        List<String> early = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(1);
        LogStore[] store = new LogStore[1];
        try (LogStore s = LogStore.initialise(Workload.DIR, StoreOptions.of(Workload.CLUSTER).withFiles(fs).withSegmentBytes(1 << 20));
             GroupCommitter c = new GroupCommitter(s, persistId -> {
                 // The store has forced at least this persist when the callback runs.
                 if (store[0].durablePersistId() < persistId) {
                     early.add("persist " + persistId + " called back before the force (durable " + store[0].durablePersistId() + ")");
                 }
                 durable.add(persistId);
                 if (persistId == n) {
                     done.countDown();
                 }
             }, 5)) {
            store[0] = s;
            long forcesBefore = fs.forces();
            for (long i = 1; i <= n; i++) {
                c.submit(i, List.of(new DurableRecord.PutEntry(new Entry(i, View.INITIAL, Payload.ofString("p" + i)))));
            }
            assertTrue(done.await(10, TimeUnit.SECONDS));
            long forces = fs.forces() - forcesBefore;
            System.out.println("group commit: " + n + " persists, " + c.rounds() + " rounds, " + forces + " forces");
            assertEquals(java.util.stream.LongStream.rangeClosed(1, n).boxed().toList(), durable);
            assertEquals(List.of(), early);
            assertTrue(forces <= c.rounds() + 2, "one force per round (plus segment allocation): " + forces + " for " + c.rounds());
            assertTrue(c.rounds() < n, "rounds batch persists: " + c.rounds());
            assertEquals(new Entry(n, View.INITIAL, Payload.ofString("p" + n)), s.entry(n));
        }
    }

    /** The UNSAFE bench mode acknowledges a persist once written, before the force: each once, in order. */
    @Test
    void pageCacheAcksComeBeforeTheForceEachOnceInOrder() throws Exception {
        FaultyFileLayer fs = new FaultyFileLayer();
        int n = 500;
        List<Long> acked = Collections.synchronizedList(new ArrayList<>());
        List<Long> early = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(1);
        LogStore[] store = new LogStore[1];
        try (LogStore s = LogStore.initialise(Workload.DIR, StoreOptions.of(Workload.CLUSTER).withFiles(fs).withSegmentBytes(1 << 20));
             GroupCommitter c = new GroupCommitter(s, persistId -> {
                 if (store[0].durablePersistId() < persistId) {
                     early.add(persistId);
                 }
                 acked.add(persistId);
                 if (persistId == n) {
                     done.countDown();
                 }
             }, 5, true)) {
            store[0] = s;
            for (long i = 1; i <= n; i++) {
                c.submit(i, List.of(new DurableRecord.PutEntry(new Entry(i, View.INITIAL, Payload.ofString("p" + i)))));
            }
            assertTrue(done.await(10, TimeUnit.SECONDS));
            assertEquals(java.util.stream.LongStream.rangeClosed(1, n).boxed().toList(), acked);
            assertTrue(!early.isEmpty(), "acknowledged before the force that covers them");
        }
    }
}
