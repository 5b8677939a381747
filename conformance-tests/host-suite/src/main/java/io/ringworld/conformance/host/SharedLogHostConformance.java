package io.ringworld.conformance.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ringworld.kernel.Result;
import io.ringworld.kernel.message.Message;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One suite of shared-log scenarios that every host must pass: append, read, getTail, trim, hole
 * filling and view change (DESIGN.md, "Normal case" and "View change"). A host subclass supplies
 * a fresh cluster of 3 switches and 2 replica sets per test.
 */
public abstract class SharedLogHostConformance {
    protected ConformanceHost host;

    /** A fresh cluster of 3 switches and 2 replica sets of 3 servers, 4 clients. */
    protected abstract ConformanceHost newHost();

    @BeforeEach
    protected void start() {
        host = newHost();
    }

    @AfterEach
    void stop() {
        if (host == null) {
            return; // the host did not start: its own failure is the test's
        }
        host.close();
    }

    private long appended(Result r, String what) {
        assertNotNull(r, what + ": no outcome");
        assertInstanceOf(Result.Appended.class, r, what);
        return ((Result.Appended) r).index();
    }

    /** Appends {@code payload}-0, -1, ... until one commits (after faults an attempt may be indeterminate). */
    private long appendEventually(String payload, int via) {
        for (int attempt = 0; attempt < 8; attempt++) {
            Result r = host.append(0, payload + "-" + attempt, via);
            if (r instanceof Result.Appended a) {
                return a.index();
            }
            host.settle(50);
        }
        fail("no append of " + payload + " committed in 8 attempts");
        return -1;
    }

    private void assertReads(long index, String payload) {
        Result r = host.read(1, index, 0);
        assertEquals(new Result.ReadValue(index, io.ringworld.kernel.Payload.ofString(payload)), r,
                "read of index " + index);
    }

    @Test
    protected void appendThenReadReturnsThePayloadThroughAnySwitch() {
        long index = appended(host.append(0, "a", 1), "append a");
        for (int via = 0; via < 3; via++) {
            Result r = host.read(1, index, via);
            assertEquals(new Result.ReadValue(index, io.ringworld.kernel.Payload.ofString("a")), r, "via switch " + via);
        }
    }

    @Test
    void appendsCompletedOneAfterAnotherGetIncreasingIndices() {
        long previous = 0;
        for (int k = 0; k < 9; k++) {
            long index = appended(host.append(k % 4, "p" + k, k % 3), "append p" + k);
            assertTrue(index > previous, "index " + index + " after " + previous);
            previous = index;
        }
    }

    @Test
    void getTailCoversEveryCompletedAppendAndNeverGoesBack() {
        long lastTail = -1;
        long maxIndex = 0;
        for (int k = 0; k < 6; k++) {
            maxIndex = Math.max(maxIndex, appended(host.append(0, "t" + k, k % 3), "append"));
            Result r = host.tail(1, (k + 1) % 3);
            assertInstanceOf(Result.Tail.class, r, "getTail");
            long tail = ((Result.Tail) r).tail();
            assertTrue(tail >= maxIndex, "tail " + tail + " covers completed append " + maxIndex);
            assertTrue(tail >= lastTail, "tail " + tail + " not below earlier tail " + lastTail);
            lastTail = tail;
        }
    }

    @Test
    void readBeyondTheTailIsNotYet() {
        long index = appended(host.append(0, "x", 0), "append");
        Result r = host.read(1, index + 50, 2);
        assertEquals(new Result.ReadNotYet(index + 50), r);
    }

    @Test
    protected void trimMakesThePrefixUnreadableAndKeepsTheRest() {
        List<Long> indices = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            indices.add(appended(host.append(0, "r" + k, k % 3), "append"));
        }
        long prefix = indices.get(3);
        assertInstanceOf(Result.TrimDone.class, host.trim(2, prefix, 1), "trim");
        for (int k = 0; k < 3; k++) {
            assertEquals(new Result.ReadTrimmed(indices.get(k)), host.read(1, indices.get(k), k % 3),
                    "index " + indices.get(k) + " is below the trim point " + prefix);
        }
        assertReads(indices.get(3), "r3");
        assertReads(indices.get(4), "r4");
    }

    @Test
    void anIndexWhoseEntryNeverReachedItsLeaderIsFilledWithJunk() {
        long before = appended(host.append(0, "before", 0), "append");
        host.dropMessagesOf(Message.Assign.class);
        Result lost = host.append(1, "lost", 1);
        assertTrue(lost == null || lost.status() != Result.Status.OK, "an append whose assignment was lost: " + lost);
        host.stopDropping();
        host.settle(200);
        long after = appendEventually("after", 2);
        assertTrue(after > before + 1, "a hole between " + before + " and " + after);
        for (long i = before + 1; i < after; i++) {
            Result r = host.read(3, i, 0);
            assertInstanceOf(Result.ReadValue.class, r, "index " + i + " is readable");
            Result.ReadValue v = (Result.ReadValue) r;
            assertTrue(v.payload().isJunk() || v.payload().asString().startsWith("after"),
                    "index " + i + " holds junk, not the lost payload: " + v.payload());
        }
    }

    @Test
    void aCrashedSwitchIsReplacedByAViewChangeAndCommittedEntriesSurvive() {
        long index = appended(host.append(0, "kept", 1), "append");
        host.crashSwitch(1);
        host.settle(400);
        long after = appendEventually("post-crash", 0);
        assertTrue(host.viewChanges() > 0, "a view change happened");
        assertTrue(after > index);
        assertReads(index, "kept");
        host.restartSwitch(1);
        host.settle(400);
        long rejoined = appendEventually("rejoined", 1);
        assertTrue(rejoined > after);
        assertReads(index, "kept");
    }

    /**
     * Issue 19: a committed entry is on two servers of its set, the third never got the write (it
     * was down when the entry committed; a leader resends only until a majority has it). One
     * holder is wiped and comes back; then the other holder is down, and a switch that restarted
     * knowing nothing (committed prefix 0) is the only one up, so it coordinates and asks for
     * every entry. The wiped server must not answer as one that never held the entry: it relearns
     * first, and reports what it cannot vouch for (or has repaired it from the other holder).
     */
    @Test
    void aWipedServerIsNeverTakenForOneThatNeverHeldTheEntry() {
        host.crashServer(0, 2);
        host.crashServer(1, 2);
        long index = appended(host.append(0, "kept", 0), "append");
        host.recoverServer(0, 2);
        host.recoverServer(1, 2);
        host.settle(50);
        for (int set = 0; set < 2; set++) {
            host.crashServer(set, 0);
            host.wipeServer(set, 0);
            host.recoverServer(set, 0);
        }
        host.settle(200); // the wiped servers relearn
        host.crashServer(0, 1);
        host.crashServer(1, 1);
        for (int k = 0; k < 3; k++) {
            host.crashSwitch(k);
        }
        host.restartSwitch(0);
        host.settle(600); // it suspects, seals the wiped server and the one without the entry, and waits
        host.recoverServer(0, 1);
        host.recoverServer(1, 1);
        host.restartSwitch(1);
        host.restartSwitch(2);
        host.settle(600);
        assertReads(index, "kept");
        assertTrue(appendEventually("after", 1) > index);
    }

    @Test
    void aCrashedServerRecoversFromStableStorage() {
        long index = appended(host.append(0, "durable", 0), "append");
        host.crashServer(0, 0);
        host.crashServer(1, 0);
        long whileDown = appendEventually("while-down", 1);
        host.recoverServer(0, 0);
        host.recoverServer(1, 0);
        host.settle(100);
        assertReads(index, "durable");
        assertTrue(whileDown > index);
        host.crashServer(0, 1);
        host.crashServer(1, 1);
        assertReads(index, "durable");
    }
}
