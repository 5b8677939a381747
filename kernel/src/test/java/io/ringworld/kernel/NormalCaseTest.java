package io.ringworld.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.Result;
import io.ringworld.kernel.harness.TestCluster;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Paper section 3.2 (normal case): append, read, getTail and trim over a 3-switch ring. */
class NormalCaseTest {
    private static TestCluster cluster() {
        return new TestCluster(Config.defaults(3, 2), 42, TestCluster.Faults.none(), 2, true);
    }

    @Test
    void section_3_2_3_appendsCommitWithDistinctIndicesAndReadBack() {
        TestCluster c = cluster();
        List<Long> ids = new ArrayList<>();
        for (int k = 0; k < 20; k++) {
            ids.add(c.append(k % 2, "v" + k, k % 3));
        }
        assertTrue(c.runUntilClientsIdle(500), "appends did not finish");
        HashSet<Long> indices = new HashSet<>();
        long[] indexOf = new long[20];
        for (int k = 0; k < 20; k++) {
            Result r = c.outcome(k % 2, ids.get(k));
            Result.Appended a = assertInstanceOf(Result.Appended.class, r, "append " + k + ": " + r);
            assertTrue(indices.add(a.index()), "index handed out twice: " + a.index());
            indexOf[k] = a.index();
        }
        assertEquals(20, indices.size());
        long[] reads = new long[20];
        for (int k = 0; k < 20; k++) {
            reads[k] = c.read(0, indexOf[k], k % 3);
        }
        assertTrue(c.runUntilClientsIdle(500));
        for (int k = 0; k < 20; k++) {
            Result r = c.outcome(0, reads[k]);
            Result.ReadValue v = assertInstanceOf(Result.ReadValue.class, r, "read " + k + ": " + r);
            assertEquals("v" + k, v.payload().asString());
        }
        long tail = c.getTail(1, 2);
        assertTrue(c.runUntilClientsIdle(500));
        Result.Tail t = assertInstanceOf(Result.Tail.class, c.outcome(1, tail));
        assertEquals(20, t.tail(), "20 appends on an empty log, no junk: tail is 20");
    }

    @Test
    void readBeyondTheTailAnswersNotYet() {
        TestCluster c = cluster();
        long id = c.read(0, 1000, 0);
        assertTrue(c.runUntilClientsIdle(1000));
        assertInstanceOf(Result.ReadNotYet.class, c.outcome(0, id));
    }

    @Test
    void getTailOfAnEmptyLogIsZero() {
        TestCluster c = cluster();
        long id = c.getTail(0, 1);
        assertTrue(c.runUntilClientsIdle(500));
        assertEquals(new Result.Tail(0), c.outcome(0, id));
    }

    @Test
    void trimmedIndicesReadAsTrimmed() {
        TestCluster c = cluster();
        for (int k = 0; k < 10; k++) {
            c.append(0, "t" + k, k % 3);
        }
        assertTrue(c.runUntilClientsIdle(500));
        c.run(30); // let the committed prefix travel around the ring
        long trim = c.trim(1, 6, 0);
        assertTrue(c.runUntilClientsIdle(500));
        assertEquals(new Result.TrimDone(6), c.outcome(1, trim));
        long r3 = c.read(1, 3, 1);
        long r8 = c.read(1, 8, 1);
        assertTrue(c.runUntilClientsIdle(500));
        assertEquals(new Result.ReadTrimmed(3), c.outcome(1, r3));
        assertInstanceOf(Result.ReadValue.class, c.outcome(1, r8));
    }

    @Test
    void aServerDownDuringATrimTrimsAfterItRecovers() {
        TestCluster c = cluster();
        for (int k = 0; k < 10; k++) {
            c.append(0, "t" + k, k % 3);
        }
        assertTrue(c.runUntilClientsIdle(500));
        c.run(30);
        c.crashServer(0, 2);
        long trim = c.trim(1, 6, 0);
        assertTrue(c.runUntilClientsIdle(500));
        assertEquals(new Result.TrimDone(6), c.outcome(1, trim), "a majority of every set suffices");
        c.recoverServer(0, 2);
        assertEquals(1, c.server(0, 2).status().trimPoint(), "it missed the trim while down");
        c.run(20);
        assertEquals(6, c.server(0, 2).status().trimPoint(), "the switch keeps sending the trim to replicas that missed it");
    }
}
