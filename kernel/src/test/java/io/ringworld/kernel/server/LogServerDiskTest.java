package io.ringworld.kernel.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.Config;
import io.ringworld.kernel.DurableRecord;
import io.ringworld.kernel.Effect;
import io.ringworld.kernel.Effects;
import io.ringworld.kernel.Entry;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.message.Message.ReadStatus;
import io.ringworld.kernel.testhooks.PlantedBug;
import io.ringworld.kernel.testhooks.TestHooks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Damaged and wiped disks (issue 19; the specs' ServerWipe, ServerCorrupt, ServerRelearn,
 * ServerRepair, Vouches): server a1 of one replica set a1..a3, two switches.
 */
class LogServerDiskTest {
    private static final Config CONFIG = Config.defaults(2, 1);
    private static final ServerId A1 = new ServerId(0, 0);
    private static final ServerId A2 = new ServerId(0, 1);
    private static final ServerId A3 = new ServerId(0, 2);
    private static final SwitchId S0 = new SwitchId(0);
    private static final SwitchId S1 = new SwitchId(1);
    private static final View V1 = View.INITIAL;
    private static final View V3 = new View(3, 1);

    private static Message.Write write(View v, long i, String p) {
        return new Message.Write(v, i, Payload.ofString(p), S0);
    }

    private static List<Effect.Send> sends(Effects effects) {
        List<Effect.Send> out = new ArrayList<>();
        for (Effect e : effects.toList()) {
            if (e instanceof Effect.Send s) {
                out.add(s);
            }
        }
        return out;
    }

    private static List<DurableRecord> persisted(Effects effects) {
        for (Effect e : effects.toList()) {
            if (e instanceof Effect.Persist p) {
                return p.records();
            }
        }
        return List.of();
    }

    /** A server whose disk held index 1..3 in V1 and a promise of V1. */
    private static InMemoryDurableState diskWithThree() {
        InMemoryDurableState d = new InMemoryDurableState();
        d.apply(new DurableRecord.Promise(V1));
        for (long i = 1; i <= 3; i++) {
            d.apply(new DurableRecord.PutEntry(new Entry(i, V1, Payload.ofString("p" + i))));
        }
        return d;
    }

    /** Answers a1's relearn: both others vouch (a3 promised {@code serverView}), both switches report {@code seen}. */
    private static Effects relearn(LogServer s, long queryId, View serverView, View seen, long committed) {
        s.deliver(new Message.RelearnServerReply(queryId, A2, true, V1, View.NONE, 1, 1));
        s.deliver(new Message.RelearnServerReply(queryId, A3, true, serverView, View.NONE, 1, 1));
        s.deliver(new Message.RelearnSwitchReply(queryId, S0, seen, committed));
        return s.deliver(new Message.RelearnSwitchReply(queryId, S1, V1, committed));
    }

    @Test
    void aWipedServerAcknowledgesNothingUntilItRelearnedAndRecordsTheDamageFirst() {
        LogServer s = new LogServer(A1, CONFIG, InMemoryDurableState.lostState());
        assertTrue(s.status().relearning());
        assertTrue(s.deliver(write(V1, 4, "x")).toList().isEmpty(), "the write is ignored, nothing written");
        Effects first = s.tick();
        // The first tick records the damage and sends the relearn queries.
        assertInstanceOf(DurableRecord.Damaged.class, persisted(first).get(0));
        List<Effect.Send> out = sends(first);
        assertEquals(4, out.size(), "relearn queries to a2, a3, s0, s1: " + out);
        assertTrue(out.stream().allMatch(x -> x.message() instanceof Message.RelearnQuery));
        assertTrue(sends(s.deliver(new Message.Seal(V3, 0, S1, 0))).isEmpty(), "no seal reply while relearning");
        assertEquals(2, s.status().ignoredWhileRelearning());
        assertTrue(sends(s.tick()).isEmpty(), "no query again before sealRetryTicks");
        assertTrue(s.status().relearnWaitingFor().contains("switch 0"), s.status().relearnWaitingFor());
    }

    @Test
    void theRelearnedPromiseIsTheHighestAnyServerOrSwitchKnowsAndOlderWritesAreRefused() {
        LogServer s = new LogServer(A1, CONFIG, InMemoryDurableState.lostState());
        s.tick();
        View seenBySwitch = new View(4, 0);
        s.deliver(new Message.RelearnServerReply(1, A2, true, V1, View.NONE, 1, 1));
        s.deliver(new Message.RelearnServerReply(1, A3, false, V3, View.NONE, 1, 1)); // damaged itself: no vote
        s.deliver(new Message.RelearnSwitchReply(1, S0, seenBySwitch, 0));
        s.deliver(new Message.RelearnSwitchReply(1, S1, V1, 0));
        assertTrue(s.status().relearning(), "a3 did not vouch: a majority of the others is still missing");
        s.deliver(new Message.RelearnServerReply(1, A3, true, V3, View.NONE, 1, 1));
        assertFalse(s.status().relearning());
        assertEquals(seenBySwitch, s.status().promisedView(), "a switch's view counts (the RelearnServersOnly finding)");
        assertEquals(-1, s.status().promisedIncarnation());
        Effects refused = s.deliver(write(V3, 5, "old"));
        Message.WriteAck ack = (Message.WriteAck) sends(refused).get(0).message();
        assertFalse(ack.accepted(), "a write of a view below the relearned promise is refused");
    }

    @Test
    void unknownIndicesAreReportedNeverAsEmpty() {
        InMemoryDurableState d = diskWithThree();
        d.markUnknown(new IndexRange(2, 2));
        LogServer s = new LogServer(A1, CONFIG, d);
        s.tick();
        relearn(s, 1, V1, V1, 0);
        // Read of the damaged index: UNKNOWN, of an intact one: OK.
        ClientId c = new ClientId(0);
        Message.ServerReadReply r2 = (Message.ServerReadReply) sends(s.deliver(new Message.ServerRead(c, 7, 2, View.NONE))).get(0).message();
        assertEquals(ReadStatus.UNKNOWN, r2.status());
        Message.ServerReadReply r3 = (Message.ServerReadReply) sends(s.deliver(new Message.ServerRead(c, 8, 3, View.NONE))).get(0).message();
        assertEquals(ReadStatus.OK, r3.status());
        // Seal reply: the entries it holds and the unknown index.
        Effects e = s.deliver(new Message.Seal(V3, 0, S1, 0));
        Effect.Persist p = (Effect.Persist) e.toList().get(e.size() - 1);
        Message.ServerSealReply sr = (Message.ServerSealReply) sends(s.step(new ServerInput.PersistDone(p.persistId()))).get(0).message();
        assertEquals(List.of(new IndexRange(2, 2)), sr.unknown());
        assertEquals(2, sr.entries().size());
    }

    @Test
    void aWipedServersUnknownRangeStaysOpenAndSkipsWhatItStoredSince() {
        LogServer s = new LogServer(A1, CONFIG, InMemoryDurableState.lostState());
        s.tick();
        relearn(s, 1, V1, V1, 0);
        Effects w = s.deliver(write(V1, 3, "new"));
        s.step(new ServerInput.PersistDone(((Effect.Persist) w.toList().get(w.size() - 1)).persistId()));
        Effects e = s.deliver(new Message.Seal(V3, 0, S1, 0));
        Effect.Persist p = (Effect.Persist) e.toList().get(e.size() - 1);
        Message.ServerSealReply sr = (Message.ServerSealReply) sends(s.step(new ServerInput.PersistDone(p.persistId()))).get(0).message();
        assertEquals(List.of(new IndexRange(1, 2), new IndexRange(4, Long.MAX_VALUE)), sr.unknown());
    }

    @Test
    void repairCopiesACommittedEntryOnceBothOthersVouched() {
        InMemoryDurableState d = diskWithThree();
        d.markUnknown(new IndexRange(2, 2));
        LogServer s = new LogServer(A1, CONFIG, d);
        s.tick();
        relearn(s, 1, V1, V1, 3); // switches know index 3 committed
        List<Effect.Send> reads = new ArrayList<>();
        for (int k = 0; k < 3 && reads.isEmpty(); k++) {
            sends(s.tick()).stream().filter(x -> x.message() instanceof Message.RepairRead).forEach(reads::add);
        }
        assertEquals(2, reads.size(), "asks a2 and a3: " + reads);
        long id = ((Message.RepairRead) reads.get(0).message()).repairId();
        s.deliver(new Message.RepairReply(id, 2, A2, ReadStatus.UNKNOWN, null, null));
        assertEquals(null, s.entry(2), "UNKNOWN vouches for nothing");
        s.deliver(new Message.RepairReply(id, 2, A3, ReadStatus.OK, V1, Payload.ofString("p2")));
        assertEquals(null, s.entry(2), "one vouching answer is no majority of the others");
        Effects stored = s.deliver(new Message.RepairReply(id, 2, A2, ReadStatus.MISSING, null, null));
        assertNotNull(s.entry(2));
        assertEquals(Payload.ofString("p2"), s.entry(2).payload());
        assertInstanceOf(DurableRecord.PutEntry.class, persisted(stored).get(0));
        assertEquals(1, s.status().repaired());
        assertTrue(s.status().unknown().isEmpty());
    }

    /**
     * Repair copies only up to the committed prefix a switch reported, and that prefix moves on
     * after the relearn: the relearned server asks every switch again (seen on a real cluster:
     * a torn tail's indices, committed after the relearn, stayed unknown for good while the
     * server asked only the switches that had not answered, which was none).
     */
    @Test
    void aRelearnedServerAsksTheSwitchesAgainAndRepairsWhatWasCommittedSince() {
        InMemoryDurableState d = diskWithThree();
        d.markUnknown(new IndexRange(2, 3));
        LogServer s = new LogServer(A1, CONFIG, d);
        s.tick();
        relearn(s, 1, V1, V1, 1); // at the relearn, only index 1 is known committed
        List<Message.RelearnQuery> asked = new ArrayList<>();
        List<Effect.Send> early = new ArrayList<>();
        for (int k = 0; k < 3 * CONFIG.sealRetryTicks(); k++) {
            for (Effect.Send x : sends(s.tick())) {
                if (x.message() instanceof Message.RelearnQuery q && x.to() instanceof SwitchId) {
                    asked.add(q);
                }
                if (x.message() instanceof Message.RepairRead) {
                    early.add(x);
                }
            }
        }
        assertEquals(List.of(), early, "nothing above the committed prefix is repaired");
        assertTrue(asked.size() >= 2 * CONFIG.switchCount(), "every switch asked again, more than once: " + asked);
        s.deliver(new Message.RelearnSwitchReply(asked.get(0).queryId(), S1, V1, 3)); // 2 and 3 committed since
        List<Long> reads = new ArrayList<>();
        for (int k = 0; k < 3 && reads.isEmpty(); k++) {
            sends(s.tick()).stream().filter(x -> x.message() instanceof Message.RepairRead)
                    .forEach(x -> reads.add(((Message.RepairRead) x.message()).index()));
        }
        assertTrue(reads.contains(2L), "index 2 is repaired now: " + reads);
    }

    /**
     * The committed prefix a relearned server learned dies with its life, but its unknown
     * indices do not: restarted, it asks the switches again, or repair copies nothing until the
     * next view change (seen on a real cluster: a wiped server killed after its relearn held 750
     * acknowledged appends' indices unknown for good while the view stayed put, leaving them on
     * one server of three).
     */
    @Test
    void aServerRestartedAfterItsRelearnAsksTheSwitchesAgainAndRepairs() {
        InMemoryDurableState d = diskWithThree();
        d.markUnknown(new IndexRange(2, 3));
        LogServer s = new LogServer(A1, CONFIG, d);
        d.apply(persisted(s.tick()));
        d.apply(persisted(relearn(s, 1, V1, V1, 0)));
        LogServer restarted = new LogServer(A1, CONFIG, d);
        assertFalse(restarted.status().relearning(), "Relearned was recorded: no relearn again");
        List<Message.RelearnQuery> asked = new ArrayList<>();
        for (int k = 0; k < 2 * CONFIG.sealRetryTicks(); k++) {
            for (Effect.Send x : sends(restarted.tick())) {
                if (x.message() instanceof Message.RelearnQuery q) {
                    assertInstanceOf(SwitchId.class, x.to(), "only the switches are asked: " + x);
                    asked.add(q);
                }
            }
        }
        assertTrue(asked.size() >= CONFIG.switchCount(), "every switch asked for the committed prefix: " + asked);
        restarted.deliver(new Message.RelearnSwitchReply(asked.get(0).queryId(), S0, V1, 3));
        List<Long> reads = new ArrayList<>();
        for (int k = 0; k < 3 && reads.isEmpty(); k++) {
            sends(restarted.tick()).stream().filter(x -> x.message() instanceof Message.RepairRead)
                    .forEach(x -> reads.add(((Message.RepairRead) x.message()).index()));
        }
        assertTrue(reads.contains(2L) && reads.contains(3L), "indices 2 and 3 are repaired now: " + reads);
    }

    @Test
    void aCrashBeforeTheRelearnDoesNotForgetTheDamage() {
        InMemoryDurableState d = diskWithThree();
        d.markUnknown(new IndexRange(3, 3));
        LogServer s = new LogServer(A1, CONFIG, d);
        Effects first = s.tick();
        d.apply(persisted(first));
        // The host's own damage report is gone after a rebuild (a store replayed from the records).
        InMemoryDurableState replayed = new InMemoryDurableState();
        replayed.apply(new DurableRecord.Promise(V1));
        replayed.apply(persisted(first));
        assertTrue(new LogServer(A1, CONFIG, replayed).status().relearning(), "Damaged without Relearned: relearn again");
        Effects done = relearn(s, 1, V1, V1, 0);
        assertTrue(persisted(done).stream().anyMatch(r -> r instanceof DurableRecord.Relearned), persisted(done).toString());
        replayed.apply(persisted(done));
        assertFalse(new LogServer(A1, CONFIG, replayed).status().relearning(), "Relearned recorded");
        assertEquals(List.of(new IndexRange(3, 3)), new LogServer(A1, CONFIG, replayed).status().unknown(),
                "the index stays unknown after the relearn");
    }

    @Test
    void thePlantedAckBeforeRelearnAcknowledges() {
        LogServer s = new LogServer(A1, CONFIG, InMemoryDurableState.lostState(), TestHooks.planting(PlantedBug.ACK_BEFORE_RELEARN));
        s.tick();
        Effects e = s.deliver(write(V1, 4, "x"));
        assertTrue(persisted(e).stream().anyMatch(r -> r instanceof DurableRecord.PutEntry), "the planted server stores it");
    }
}
