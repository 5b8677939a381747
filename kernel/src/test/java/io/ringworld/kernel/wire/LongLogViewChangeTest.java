package io.ringworld.kernel.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.Config;
import io.ringworld.kernel.Result;
import io.ringworld.kernel.View;
import io.ringworld.kernel.harness.TestCluster;
import io.ringworld.kernel.invariant.InvariantViolation;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.testhooks.PlantedBug;
import io.ringworld.kernel.testhooks.TestHooks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, item 2 (bounded seal replies): a switch that restarted knows no committed prefix,
 * so its Seal asks every server for every entry it holds. With a 100,000-entry log the view
 * change still completes, every message it sends fits the wire format's limits (each one is
 * encoded by the real encoder, which refuses anything above them), and every entry survives.
 * The same run without paging sends a seal reply above the limit, and a coordinator that takes
 * a first page for the whole reply (planted SEAL_FIRST_PAGE) junks committed entries.
 */
class LongLogViewChangeTest {
    private static final int ENTRIES = 100_000;
    private static final int WINDOW = 64;

    /** What the long view change sent. */
    static final class Seen {
        long frames;
        long frameBytesMax;
        int sealReplyEntriesMax;
        long sealPages;
        long sealPageRequests;
    }

    private static TestCluster logOf(Config config, TestHooks hooks, int entries) {
        TestCluster c = new TestCluster(config, hooks, 7, TestCluster.Faults.none(), 1, false);
        c.run(100);
        // At most WINDOW appends outstanding: the leader's status map bounds what is in flight.
        for (int sent = 0; sent < entries; c.runTick()) {
            while (sent < entries && sent - c.outcomes().size() < WINDOW) {
                c.append(0, "e" + (++sent), 0);
            }
        }
        assertTrue(c.runUntilClientsIdle(20_000), "the appends finish");
        java.util.TreeMap<String, Integer> kinds = new java.util.TreeMap<>();
        for (var o : c.outcomes()) {
            kinds.merge(o.result() instanceof Result.Indeterminate ? o.result().toString() : "ok", 1, Integer::sum);
        }
        assertEquals(entries, c.switchAt(0).status().commitIndex(), "every append committed: " + kinds);
        return c;
    }

    /** Every message from here on goes through the real encoder with the default limits. */
    private static Seen overTheWire(TestCluster c) {
        WireEncoder encoder = new WireEncoder(WireSamples.member(), WireLimits.DEFAULT);
        Seen seen = new Seen();
        c.hold = (from, to, m) -> {
            byte[] frame = encoder.encode(from, to, m); // throws above any limit
            seen.frames++;
            seen.frameBytesMax = Math.max(seen.frameBytesMax, frame.length);
            if (m instanceof Message.ServerSealReply r) {
                seen.sealReplyEntriesMax = Math.max(seen.sealReplyEntriesMax, r.entries().size());
                seen.sealPages++;
            } else if (m instanceof Message.SealPage) {
                seen.sealPageRequests++;
            }
            return false;
        };
        return seen;
    }

    /** The only switch restarts (it knows no committed prefix) and coordinates the view change. */
    private static void restartAndWait(TestCluster c) {
        c.crashSwitch(0);
        c.restartSwitch(0);
        for (int k = 0; k < 5_000 && !c.switchAt(0).status().active(); k++) {
            c.runTick();
        }
    }

    private static List<long[]> readBack(TestCluster c, int entries) {
        ArrayList<long[]> reads = new ArrayList<>();
        for (long i = 1; i <= entries; i += 997) {
            reads.add(new long[] {i, c.read(0, i, 0)});
        }
        reads.add(new long[] {entries, c.read(0, entries, 0)});
        assertTrue(c.runUntilClientsIdle(5_000), "the reads finish");
        return reads;
    }

    @Test
    void aRestartedCoordinatorOfAHundredThousandEntriesSendsNoMessageAboveTheLimit() {
        TestCluster c = logOf(Config.defaults(1, 1), TestHooks.NONE, ENTRIES);
        Seen seen = overTheWire(c);
        restartAndWait(c);
        assertTrue(c.switchAt(0).status().active() && c.switchAt(0).status().view().isAfter(View.INITIAL),
                "the restarted switch installed a new view: " + c.switchAt(0).status());
        System.out.printf("long log view change: %d frames, largest %d bytes, seal reply pages %d (at most %d"
                + " entries), page requests %d%n", seen.frames, seen.frameBytesMax, seen.sealPages,
                seen.sealReplyEntriesMax, seen.sealPageRequests);
        assertTrue(seen.sealReplyEntriesMax <= Config.SEAL_PAGE_ENTRIES_MAX_DEFAULT, "pages are bounded");
        assertTrue(seen.sealPageRequests >= 2L * (ENTRIES / Config.SEAL_PAGE_ENTRIES_MAX_DEFAULT),
                "a majority of the set paged its whole reply: " + seen.sealPageRequests);
        assertEquals(ENTRIES + 1, c.switchAt(0).status().projection().start(), "the new view starts above the log");
        for (long[] r : readBack(c, ENTRIES)) {
            Result.ReadValue v = assertInstanceOf(Result.ReadValue.class, c.outcome(0, r[1]), "read " + r[0]);
            assertEquals(c.invariants.chosen(r[0]), v.payload(), "index " + r[0] + " survived the view change");
        }
    }

    @Test
    void withoutPagesTheSealReplyIsAboveTheWireLimit() {
        Config unbounded = Config.defaults(1, 1).toBuilder().sealPageEntriesMax(Integer.MAX_VALUE)
                .sealPageBytesMax(Integer.MAX_VALUE).build();
        int entries = WireLimits.DEFAULT.sealReplyEntriesMax() + 100;
        TestCluster c = logOf(unbounded, TestHooks.NONE, entries);
        overTheWire(c);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> restartAndWait(c));
        assertTrue(e.getMessage().contains("SERVER_SEAL_REPLY"), e.getMessage());
    }

    @Test
    void aCoordinatorTakingTheFirstPageForTheWholeReplyJunksCommittedEntries() {
        int entries = 3 * Config.SEAL_PAGE_ENTRIES_MAX_DEFAULT;
        TestCluster c = logOf(Config.defaults(1, 1), TestHooks.planting(PlantedBug.SEAL_FIRST_PAGE), entries);
        int lost = 0;
        try {
            restartAndWait(c);
            for (long[] r : readBack(c, entries)) {
                if (!(c.outcome(0, r[1]) instanceof Result.ReadValue v) || !v.payload().equals(c.invariants.chosen(r[0]))) {
                    lost++;
                }
            }
        } catch (InvariantViolation caught) {
            System.out.println("planted SEAL_FIRST_PAGE caught: " + caught.getMessage());
            lost = -1;
        }
        assertTrue(lost != 0, "the planted bug lost no committed entry: the paging is not what keeps them");
    }
}
