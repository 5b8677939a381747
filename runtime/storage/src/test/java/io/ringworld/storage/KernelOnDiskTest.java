package io.ringworld.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.DurableRecord;
import io.ringworld.kernel.Config;
import io.ringworld.kernel.Effect;
import io.ringworld.kernel.Effects;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.server.IndexRange;
import io.ringworld.kernel.server.LogServer;
import io.ringworld.kernel.server.ServerInput;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel's log server on a real data directory: its Persist effects go to a LogStore, its
 * acks leave only after the force, and a server rebuilt from the reopened directory keeps the
 * entries and the promise it acknowledged. A server rebuilt from a damaged or wiped directory
 * acknowledges no Write until it has relearned (both other servers of its set vouching, every
 * switch answering), and the store keeps the damage and the relearn across restarts.
 */
class KernelOnDiskTest {
    static final ServerId ME = new ServerId(0, 0);
    static final SwitchId S0 = new SwitchId(0);
    static final SwitchId S1 = new SwitchId(1);
    static final Config CONFIG = Config.defaults(3, 2);

    /** Applies the step's persists to the store and forces; returns the sends released after PersistDone. */
    static List<Message> stepDurably(LogServer server, LogStore store, Effects effects) throws Exception {
        List<Message> sends = new ArrayList<>();
        List<Long> persists = new ArrayList<>();
        for (Effect e : effects) {
            if (e instanceof Effect.Persist p) {
                store.write(p.persistId(), p.records());
                persists.add(p.persistId());
            } else if (e instanceof Effect.Send s) {
                sends.add(s.message());
            }
        }
        // A refusal changes nothing durable and may leave at once; an acceptance waits for the force.
        assertTrue(sends.stream().noneMatch(m -> m instanceof Message.WriteAck w && w.accepted()
                || m instanceof Message.ServerSealReply r && r.accepted()), "nothing is accepted before the force: " + sends);
        long durable = store.force();
        for (long id : persists) {
            assertTrue(durable >= id, "force covers persist " + id);
            for (Effect e : server.step(new ServerInput.PersistDone(id))) {
                if (e instanceof Effect.Send s) {
                    sends.add(s.message());
                }
            }
        }
        return sends;
    }

    /** One step's Persist records (applied and forced) and the sends it released, PersistDone included. */
    record Step(List<DurableRecord> persisted, List<Effect.Send> sends) {
        List<Message> sent() {
            return sends.stream().map(Effect.Send::message).toList();
        }

        boolean acked(long index) {
            return sent().stream().anyMatch(m -> m instanceof Message.WriteAck w && w.index() == index && w.accepted());
        }
    }

    /** Like {@link #stepDurably}, also returning what was persisted; no assertion on acceptance. */
    static Step step(LogServer server, LogStore store, Effects effects) throws Exception {
        List<DurableRecord> persisted = new ArrayList<>();
        List<Effect.Send> sends = new ArrayList<>();
        List<Long> persists = new ArrayList<>();
        for (Effect e : effects) {
            if (e instanceof Effect.Persist p) {
                store.write(p.persistId(), p.records());
                persisted.addAll(p.records());
                persists.add(p.persistId());
            } else if (e instanceof Effect.Send s) {
                sends.add(s);
            }
        }
        long durable = store.force();
        for (long id : persists) {
            assertTrue(durable >= id, "force covers persist " + id);
            for (Effect e : server.step(new ServerInput.PersistDone(id))) {
                if (e instanceof Effect.Send s) {
                    sends.add(s);
                }
            }
        }
        return new Step(persisted, sends);
    }

    /**
     * Drives one relearn round to completion: vouching replies from both other servers of the
     * set and a reply from every switch, checking that no Write is acknowledged before the last
     * one. Returns the records the server persisted on the way (its Relearned among them).
     */
    static List<DurableRecord> relearn(LogServer server, LogStore store, long queryId, Payload p, long writeIndex)
            throws Exception {
        List<DurableRecord> persisted = new ArrayList<>();
        ServerId other1 = new ServerId(0, 1);
        ServerId other2 = new ServerId(0, 2);
        List<Message> replies = List.of(
                new Message.RelearnServerReply(queryId, other1, false, View.INITIAL, View.NONE, 1, 1), // does not vouch: not counted
                new Message.RelearnServerReply(queryId, other1, true, View.INITIAL, View.NONE, 1, 1),
                new Message.RelearnSwitchReply(queryId, S0, View.INITIAL, 0),
                new Message.RelearnSwitchReply(queryId, S1, View.INITIAL, 0),
                new Message.RelearnServerReply(queryId, other2, true, View.INITIAL, View.NONE, 1, 1),
                new Message.RelearnSwitchReply(queryId, new SwitchId(2), View.INITIAL, 0));
        for (int k = 0; k < replies.size(); k++) {
            Step s = step(server, store, server.deliver(replies.get(k)));
            persisted.addAll(s.persisted());
            boolean last = k == replies.size() - 1;
            assertEquals(last, s.persisted().contains(new DurableRecord.Relearned()),
                    "relearned exactly at the last of the replies (" + replies.get(k) + "): " + s.persisted());
            assertEquals(last, !store.relearnPending(), "the store's relearnPending follows the Relearned record");
            if (!last) {
                Step w = step(server, store, server.deliver(new Message.Write(View.INITIAL, writeIndex, p, S0)));
                assertFalse(w.acked(writeIndex), "no write acknowledged before the relearn completes: " + w.sent());
                assertTrue(w.sent().stream().noneMatch(m -> m instanceof Message.WriteAck), "not even refused: " + w.sent());
            }
        }
        return persisted;
    }

    /** The relearn round's query id; checks it went to both other servers and all three switches (a resend may repeat it). */
    static long relearnQueryId(List<Effect.Send> sent) {
        List<Effect.Send> queries = sent.stream().filter(s -> s.message() instanceof Message.RelearnQuery).toList();
        assertEquals(java.util.Set.of(new ServerId(0, 1), new ServerId(0, 2), S0, S1, new SwitchId(2)),
                queries.stream().map(Effect.Send::to).collect(java.util.stream.Collectors.toSet()),
                "a relearn query to both other servers and all three switches: " + sent);
        assertEquals(1, queries.stream().map(s -> ((Message.RelearnQuery) s.message()).queryId()).distinct().count());
        return ((Message.RelearnQuery) queries.get(0).message()).queryId();
    }

    @Test
    void aServerOnADamagedStoreAcknowledgesNoWriteUntilItHasRelearned(@TempDir Path dir) throws Exception {
        UUID cluster = UUID.randomUUID();
        Payload a = Payload.ofString("a");
        try (LogStore store = LogStore.initialise(dir, StoreOptions.of(cluster))) {
            LogServer server = new LogServer(ME, CONFIG, store);
            for (long i = 1; i <= 3; i++) {
                assertTrue(step(server, store, server.deliver(new Message.Write(View.INITIAL, i, a, S0))).acked(i));
            }
        }
        // Media damage to entry 2's payload (entries 1..3 sit one after the other in segment 1).
        long entry2 = Codec.FILE_HEADER_BYTES + Codec.recordBytes(new io.ringworld.kernel.Entry(1, View.INITIAL, a));
        Path segment = dir.resolve(Segment.name(1));
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, entry2 + Codec.RECORD_HEADER_BYTES);
            b.put(0, (byte) (b.get(0) ^ 0x10)).rewind();
            ch.write(b, entry2 + Codec.RECORD_HEADER_BYTES);
        }
        try (LogStore store = LogStore.openExisting(dir, StoreOptions.of(cluster))) {
            RecoveryReport report = store.recoveryReport();
            System.out.println(report);
            assertTrue(report.damageFound() && report.relearnPending() && !report.lostState(), report.toString());
            assertEquals(List.of(new IndexRange(2, 2)), store.unknownIndices());
            assertTrue(store.relearnPending(), "damage found: relearn pending before the kernel records anything");
            LogServer server = new LogServer(ME, CONFIG, store);
            Step write = step(server, store, server.deliver(new Message.Write(View.INITIAL, 4, a, S0)));
            assertTrue(write.sent().stream().noneMatch(m -> m instanceof Message.WriteAck), "the write is ignored: " + write.sent());
            // The damage is recorded and the relearn started by the first step (the kernel of 5ff83e0)
            // or the first tick (later kernels): either way by the end of the first tick.
            Step tick = step(server, store, server.tick());
            List<DurableRecord> persisted = new ArrayList<>(write.persisted());
            persisted.addAll(tick.persisted());
            assertEquals(List.of(new DurableRecord.Damaged(List.of(new IndexRange(2, 2)))), persisted, "the damage is recorded");
            List<Effect.Send> sent = new ArrayList<>(write.sends());
            sent.addAll(tick.sends());
            long queryId = relearnQueryId(sent);
            relearn(server, store, queryId, a, 4);
            assertTrue(step(server, store, server.deliver(new Message.Write(View.INITIAL, 4, a, S0))).acked(4),
                    "relearned: it acknowledges again");
        }
        try (LogStore store = LogStore.openExisting(dir, StoreOptions.of(cluster))) {
            assertEquals(List.of(new IndexRange(2, 2)), store.recoveryReport().recordedUnknown(), "the damage was recorded");
            assertEquals(a, store.entry(4).payload(), "the write after the relearn is durable");
            // The damaged record is still in the file, so this recovery finds it again and the
            // server relearns again: damage found at recovery always means a relearn.
            assertTrue(store.relearnPending() && store.recoveryReport().damageFound(), store.recoveryReport().toString());
        }
    }

    @Test
    void aServerOnAWipedDirectoryRelearnsOnceAndTheRelearnSurvivesARestart(@TempDir Path dir) throws Exception {
        UUID cluster = UUID.randomUUID();
        Payload a = Payload.ofString("a");
        try (LogStore store = LogStore.initialise(dir, StoreOptions.of(cluster))) {
            LogServer server = new LogServer(ME, CONFIG, store);
            assertTrue(step(server, store, server.deliver(new Message.Write(View.INITIAL, 1, a, S0))).acked(1));
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        try (LogStore store = LogStore.openExisting(dir, StoreOptions.of(cluster))) {
            assertTrue(store.recoveryReport().lostState() && store.relearnPending(), store.recoveryReport().toString());
            LogServer server = new LogServer(ME, CONFIG, store);
            Step write = step(server, store, server.deliver(new Message.Write(View.INITIAL, 2, a, S0)));
            assertTrue(write.sent().stream().noneMatch(m -> m instanceof Message.WriteAck), write.sent().toString());
            List<Effect.Send> sent = new ArrayList<>(write.sends());
            sent.addAll(step(server, store, server.tick()).sends());
            relearnQueryId(sent);
        }
        // A crash before the relearn: the lost state is remembered, and a new life relearns.
        try (LogStore store = LogStore.openExisting(dir, StoreOptions.of(cluster))) {
            assertFalse(store.recoveryReport().lostState(), "the lost state was found once");
            assertTrue(store.relearnPending(), "and is still pending: " + store.recoveryReport());
            assertEquals(List.of(new IndexRange(1, Long.MAX_VALUE)), store.unknownIndices());
            LogServer server = new LogServer(ME, CONFIG, store);
            long queryId = relearnQueryId(step(server, store, server.tick()).sends());
            relearn(server, store, queryId, a, 2);
            assertTrue(step(server, store, server.deliver(new Message.Write(View.INITIAL, 2, a, S0))).acked(2));
        }
        try (LogStore store = LogStore.openExisting(dir, StoreOptions.of(cluster))) {
            assertFalse(store.relearnPending(), "relearned, and nothing found damaged since: " + store.recoveryReport());
            assertEquals(List.of(new IndexRange(1, Long.MAX_VALUE)), store.unknownIndices(), "index 1 is still unknown (never repaired)");
            assertEquals(a, store.entry(2).payload(), "index 2 is stored: known again");
            LogServer server = new LogServer(ME, CONFIG, store);
            Step s = step(server, store, server.deliver(new Message.Write(View.INITIAL, 3, a, S0)));
            assertTrue(s.acked(3), "no relearn needed: the write is acknowledged at once: " + s.sent());
            assertTrue(s.sent().stream().noneMatch(m -> m instanceof Message.RelearnQuery), s.sent().toString());
        }
    }

    @Test
    void acknowledgedEntriesAndPromisesSurviveAReopen(@TempDir Path dir) throws Exception {
        UUID cluster = UUID.randomUUID();
        Payload a = Payload.ofString("a");
        View v2 = new View(2, 1);
        try (LogStore store = LogStore.initialise(dir, StoreOptions.of(cluster))) {
            LogServer server = new LogServer(ME, CONFIG, store);
            List<Message> out = stepDurably(server, store, server.deliver(new Message.Write(View.INITIAL, 2, a, S0)));
            assertEquals(List.of(new Message.WriteAck(View.INITIAL, 2, ME, true, View.INITIAL)), out);
            out = stepDurably(server, store, server.deliver(new Message.Seal(v2, 1, S1, 0)));
            Message.ServerSealReply reply = assertInstanceOf(Message.ServerSealReply.class, out.get(0));
            assertTrue(reply.accepted());
            assertEquals(2, reply.highestIndex());
        }
        try (LogStore store = LogStore.openExisting(dir, StoreOptions.of(cluster))) {
            assertTrue(store.recoveryReport().findings().isEmpty(), store.recoveryReport().toString());
            LogServer server = new LogServer(ME, CONFIG, store);
            List<Message> out = stepDurably(server, store,
                    server.deliver(new Message.ServerRead(new ClientId(0), 7, 2, View.NONE)));
            assertEquals(List.of(new Message.ServerReadReply(7, 2, ME, Message.ReadStatus.OK, View.INITIAL, a)), out);
            out = stepDurably(server, store, server.deliver(new Message.Write(View.INITIAL, 4, a, S0)));
            assertEquals(List.of(new Message.WriteAck(View.INITIAL, 4, ME, false, v2)), out,
                    "the promise of view " + v2 + " survived the restart");
        }
    }
}
