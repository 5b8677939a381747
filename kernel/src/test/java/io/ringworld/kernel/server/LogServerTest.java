package io.ringworld.kernel.server;

import io.ringworld.kernel.DurableRecord;
import io.ringworld.kernel.testhooks.TestHooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.Config;
import io.ringworld.kernel.Effect;
import io.ringworld.kernel.Effects;
import io.ringworld.kernel.Entry;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.testhooks.PlantedBug;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.invariant.Invariant;
import io.ringworld.kernel.invariant.InvariantViolation;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.message.Message.ReadStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The log server role: ServerWrite, ServerSeal, reads, trim, persistence, ServerRecover. */
class LogServerTest {
    private static final Config CONFIG = Config.defaults(3, 2);
    private static final ServerId ID = new ServerId(1, 2);
    private static final SwitchId LEADER = new SwitchId(0);
    private static final ClientId CLIENT = new ClientId(0);
    private static final View V1 = View.INITIAL;
    private static final View V2 = new View(2, 1);

    private final InMemoryDurableState disk = new InMemoryDurableState();
    private final LogServer server = new LogServer(ID, CONFIG, disk);

    private static Message.Write write(View v, long i, String p) {
        return new Message.Write(v, i, Payload.ofString(p), LEADER);
    }

    /** Applies the Persist of a step to the disk and confirms it, returning the released effects. */
    private List<Effect> persistAndConfirm(Effects effects) {
        Effect.Persist p = assertInstanceOf(Effect.Persist.class, effects.get(effects.size() - 1));
        disk.apply(p.records());
        return server.step(new ServerInput.PersistDone(p.persistId())).toList();
    }

    @Test
    void serverWriteAcksOnlyAfterThePersistIsConfirmed() {
        Effects e = server.deliver(write(V1, 1, "a"));
        assertEquals(1, e.size(), "only the Persist: the ack waits for it");
        Effect.Persist p = (Effect.Persist) e.get(0);
        assertEquals(List.of(new DurableRecord.Promise(V1), new DurableRecord.PutEntry(new Entry(1, V1, Payload.ofString("a")))),
                p.records());
        assertEquals(1, server.status().heldReplies());
        List<Effect> released = persistAndConfirm(e);
        assertEquals(1, released.size());
        Message.WriteAck ack = (Message.WriteAck) ((Effect.Send) released.get(0)).message();
        assertEquals(new Message.WriteAck(V1, 1, ID, true, V1), ack);
        assertEquals(LEADER, ((Effect.Send) released.get(0)).to());
        assertEquals(0, server.status().heldReplies());
    }

    /**
     * Campaign seed 3468 (2 switches, 1 replica set): both switches restarted, so the coordinator
     * knew no committed prefix and rewrote 272 entries; it resends every unacked write each
     * writeRetryTicks, faster than a disk persists them, and the servers persisted every resend
     * again. Their disks fell ever further behind (~1800 persists for 272 entries), the acks and
     * the next views' seal replies waited behind them, and every view change timed out: no view
     * was installed again. A resend must cost no disk write; its ack waits for the first persist.
     */
    @Test
    void serverWriteResendOfTheEntryHeldIsNotPersistedAgain() {
        Effects first = server.deliver(write(V1, 1, "a"));
        Effect.Persist p = assertInstanceOf(Effect.Persist.class, first.get(0));
        for (int resend = 1; resend <= 3; resend++) {
            Effects e = server.deliver(write(V1, 1, "a"));
            assertTrue(e.isEmpty(), "resend " + resend + " before the persist: no new Persist, ack held: " + e);
        }
        assertEquals(4, server.status().heldReplies(), "every copy is acked, none before the first persist");
        disk.apply(p.records());
        List<Effect> released = server.step(new ServerInput.PersistDone(p.persistId())).toList();
        assertEquals(1, released.size(), "the acks one persist releases to one leader leave as one message");
        Message.WriteAcks acks = assertInstanceOf(Message.WriteAcks.class, ((Effect.Send) released.get(0)).message());
        assertEquals(4, acks.members().size());
        for (Message.WriteAck a : acks.members()) {
            assertEquals(new Message.WriteAck(V1, 1, ID, true, V1), a);
        }
        // Once durable, a resend is acked at once, still without a disk write.
        List<Effect> late = server.deliver(write(V1, 1, "a")).toList();
        assertEquals(List.of(new Effect.Send(LEADER, new Message.WriteAck(V1, 1, ID, true, V1))), late);
        // The same index in a later view is a new entry: stored and persisted.
        assertInstanceOf(Effect.Persist.class, server.deliver(write(V2, 1, "a")).get(0));
        assertEquals(V2, server.entry(1).view());
    }

    @Test
    void serverWriteRejectsAViewBelowThePromise() {
        persistAndConfirm(server.deliver(new Message.Seal(V2, 0, new SwitchId(1), 0)));
        Effects e = server.deliver(write(V1, 1, "old"));
        assertEquals(1, e.size());
        assertEquals(new Message.WriteAck(V1, 1, ID, false, V2), ((Effect.Send) e.get(0)).message());
        assertNull(server.entry(1));
    }

    @Test
    void plantedIgnorePromiseAcceptsTheStaleWrite() {
        LogServer buggy = new LogServer(ID, CONFIG, DurableState.empty(), TestHooks.planting(PlantedBug.IGNORE_PROMISE));
        buggy.deliver(new Message.Seal(V2, 0, new SwitchId(1), 0));
        buggy.step(new ServerInput.PersistDone(1));
        buggy.deliver(write(V1, 1, "old"));
        assertEquals(V1, buggy.entry(1).view(), "the bug lets a sealed server store a view-1 write");
    }

    @Test
    void serverSealPromisesDurablyAndReportsEntriesAboveTheCommittedPrefix() {
        for (int i = 1; i <= 4; i++) {
            persistAndConfirm(server.deliver(write(V1, i, "e" + i)));
        }
        Effects e = server.deliver(new Message.Seal(V2, 2, new SwitchId(1), 0));
        assertEquals(1, e.size(), "the reply waits for the promise to be durable");
        List<Effect> released = persistAndConfirm(e);
        Message.ServerSealReply r = (Message.ServerSealReply) ((Effect.Send) released.get(0)).message();
        assertTrue(r.accepted());
        assertEquals(4, r.highestIndex());
        assertEquals(List.of(3L, 4L), r.entries().stream().map(Entry::index).toList());
        assertEquals(V2, disk.promisedView());
        // A lower view is refused at once, naming the promise.
        Effects low = server.deliver(new Message.Seal(new View(2, 0), 0, new SwitchId(0), 0));
        Message.ServerSealReply no = (Message.ServerSealReply) ((Effect.Send) low.get(0)).message();
        assertEquals(false, no.accepted());
        assertEquals(V2, no.promised());
    }

    @Test
    void serverSealRefusesTheSameViewFromAnotherIncarnation() {
        persistAndConfirm(server.deliver(new Message.Seal(V2, 0, new SwitchId(1), 0)));
        // A retransmission from the same life is answered again.
        Effects again = server.deliver(new Message.Seal(V2, 0, new SwitchId(1), 0));
        assertTrue(((Message.ServerSealReply) ((Effect.Send) again.get(0)).message()).accepted());
        // The restarted switch 1 (incarnation 5) picked the same view: a ballot is never reused.
        Effects reuse = server.deliver(new Message.Seal(V2, 0, new SwitchId(1), 5));
        Message.ServerSealReply no = (Message.ServerSealReply) ((Effect.Send) reuse.get(0)).message();
        assertEquals(false, no.accepted());
        assertEquals(V2, no.promised());
    }

    /** A coordinator's rewrite Write: it names the ballot's incarnation, as the Seal and Fence. */
    private static Message.Write rewrite(View v, long i, String p, long incarnation) {
        return new Message.Write(v, i, Payload.ofString(p), new SwitchId(1), incarnation);
    }

    @Test
    void aRewriteOfThePromisedViewFromAnotherLifeIsRefused() {
        persistAndConfirm(server.deliver(new Message.Seal(V2, 0, new SwitchId(1), 0)));
        // Switch 1 restarted (incarnation 5) and picked V2 again: its rewrite is another ballot.
        Effects e = server.deliver(rewrite(V2, 1, "other", 5));
        Effect.Send refusal = assertInstanceOf(Effect.Send.class, e.get(0), "refused at once, nothing persisted");
        assertEquals(new Message.WriteAck(V2, 1, ID, false, V2), refusal.message());
        assertNull(server.entry(1));
        // The life that sealed us rewrites as before.
        persistAndConfirm(server.deliver(rewrite(V2, 1, "mine", 0)));
        assertEquals(Payload.ofString("mine"), server.entry(1).payload());
    }

    @Test
    void aRewriteOfAHigherViewRecordsItsBallotSoAnotherLifesFenceIsRefused() {
        persistAndConfirm(server.deliver(rewrite(V2, 1, "a", 3)));
        assertEquals(V2, server.status().promisedView());
        assertEquals(3, server.status().promisedIncarnation(), "the rewrite's ballot, not an unknown one");
        Message.FenceAck no = (Message.FenceAck) ((Effect.Send) server.deliver(new Message.Fence(V2, 2, new SwitchId(1), 4))
                .get(0)).message();
        assertEquals(new Message.FenceAck(V2, ID, false, V2), no);
        assertEquals(View.NONE, server.status().fenceView());
        // Its own life's fence, reaching the server after the rewrite, is applied.
        assertEquals(new Message.FenceAck(V2, ID, true, V2),
                ((Effect.Send) persistAndConfirm(server.deliver(new Message.Fence(V2, 2, new SwitchId(1), 3))).get(0)).message());
    }

    @Test
    void aLeadersWriteOfAHigherViewLeavesTheBallotUnknown() {
        persistAndConfirm(server.deliver(write(V2, 1, "a")));
        assertEquals(V2, server.status().promisedView());
        assertEquals(-1, server.status().promisedIncarnation(), "a leader is no ballot");
        // So a rewrite of that view from any life is taken (the server cannot tell it is another).
        persistAndConfirm(server.deliver(rewrite(V2, 2, "b", 7)));
        assertEquals(Payload.ofString("b"), server.entry(2).payload());
        assertEquals(-1, server.status().promisedIncarnation());
    }

    @Test
    void readsAnswerOkWrongViewMissingAndTrimmed() {
        persistAndConfirm(server.deliver(write(V1, 5, "five")));
        persistAndConfirm(server.deliver(new Message.ServerTrim(1, 3, LEADER, V1)));
        assertEquals(ReadStatus.OK, read(5, V1).status());
        assertEquals("five", read(5, View.NONE).payload().asString());
        assertEquals(ReadStatus.WRONG_VIEW, read(5, V2).status());
        assertEquals(ReadStatus.MISSING, read(6, V1).status());
        assertEquals(ReadStatus.TRIMMED, read(2, V1).status());
    }

    private Message.ServerReadReply read(long index, View view) {
        Effects e = server.deliver(new Message.ServerRead(CLIENT, 9, index, view));
        assertEquals(CLIENT, ((Effect.Send) e.get(0)).to());
        return (Message.ServerReadReply) ((Effect.Send) e.get(0)).message();
    }

    @Test
    void trimDropsEntriesAndAcksAfterPersist() {
        for (int i = 1; i <= 3; i++) {
            persistAndConfirm(server.deliver(write(V1, i, "e" + i)));
        }
        List<Effect> released = persistAndConfirm(server.deliver(new Message.ServerTrim(7, 3, LEADER, V1)));
        assertEquals(new Message.TrimAck(7, 3, ID, true, V1), ((Effect.Send) released.get(0)).message());
        assertNull(server.entry(2));
        assertNull(disk.entry(1));
        assertEquals(3, disk.trimPoint());
        assertEquals("e3", server.entry(3).payload().asString());
    }

    @Test
    void aTrimOfAViewOlderThanThePromiseIsRefused() {
        persistAndConfirm(server.deliver(write(V1, 1, "kept")));
        persistAndConfirm(server.deliver(new Message.Seal(V2, 0, LEADER, 0)));
        Effects e = server.deliver(new Message.ServerTrim(4, 2, LEADER, V1));
        assertEquals(new Message.TrimAck(4, 2, ID, false, V2), ((Effect.Send) e.get(0)).message());
        assertEquals(1, server.status().trimPoint(), "a coordinator that sealed this server must see every trim it applied");
        assertEquals("kept", server.entry(1).payload().asString());
    }

    @Test
    void serverRecoverKeepsOnlyWhatWasPersisted() {
        persistAndConfirm(server.deliver(write(V1, 1, "durable")));
        server.deliver(write(V1, 2, "lost")); // never persisted: the crash loses it
        persistAndConfirm(server.deliver(new Message.Seal(V2, 0, LEADER, 0)));
        LogServer recovered = new LogServer(ID, CONFIG, disk.copy());
        assertEquals("durable", recovered.entry(1).payload().asString());
        assertNull(recovered.entry(2), "an unconfirmed write must not survive the crash");
        assertEquals(V2, recovered.status().promisedView(), "the promise survives");
        Effects e = recovered.deliver(write(V1, 3, "stale"));
        assertEquals(false, ((Message.WriteAck) ((Effect.Send) e.get(0)).message()).accepted());
    }

    @Test
    void aServerWhoseEntriesWereAllTrimmedStillReportsTheirIndices() {
        for (int i = 1; i <= 4; i++) {
            persistAndConfirm(server.deliver(write(V1, i, "e" + i)));
        }
        persistAndConfirm(server.deliver(new Message.ServerTrim(1, 5, LEADER, V1)));
        LogServer recovered = new LogServer(ID, CONFIG, disk.copy());
        assertEquals(4, recovered.status().highestIndex(), "a coordinator must not start a view below trimmed indices");
        Effect.Persist p = (Effect.Persist) recovered.deliver(new Message.Seal(V2, 0, LEADER, 0)).get(0);
        Effects r = recovered.step(new ServerInput.PersistDone(p.persistId()));
        Message.ServerSealReply reply = (Message.ServerSealReply) ((Effect.Send) r.get(0)).message();
        assertEquals(4, reply.highestIndex());
        assertEquals(5, reply.trimPoint());
    }

    @Test
    void twoPayloadsAtOneIndexInOneViewViolateUniqueAssignment() {
        server.deliver(write(V1, 1, "a"));
        InvariantViolation v = assertThrows(InvariantViolation.class, () -> server.deliver(write(V1, 1, "b")));
        assertEquals(Invariant.UniqueAssignment, v.invariant());
        assertTrue(v.getMessage().startsWith("UniqueAssignment violated"), v.getMessage());
    }

    @Test
    void badInputIsCountedAndSurvived() {
        server.step(new ServerInput.PersistDone(42));
        assertEquals(1, server.status().badInputs());
        assertTrue(server.status().lastBadInput().contains("PersistDone(42)"), server.status().lastBadInput());
        server.deliver(new Message.TokenAck(V1, 1, LEADER));
        assertEquals(2, server.status().badInputs());
        assertTrue(server.status().lastBadInput().contains("TokenAck"), server.status().lastBadInput());
        persistAndConfirm(server.deliver(write(V1, 1, "still works")));
        assertEquals("still works", server.entry(1).payload().asString());
    }

    @Test
    void messagesFromASwitchOutsideTheConfigurationAreCountedNotStored() {
        SwitchId stranger = new SwitchId(CONFIG.switchCount());
        List<Message> fromStranger = List.of(new Message.Write(V1, 1, Payload.ofString("x"), stranger),
                new Message.Seal(V2, 0, stranger, 0), new Message.Fence(V2, 1, stranger, 0),
                new Message.ServerTrim(1, 2, stranger, V1), new Message.ViewCheck(V1, 1, stranger));
        for (Message m : fromStranger) {
            Effects e = server.deliver(m);
            assertEquals(List.of(), e.toList(), m.toString());
        }
        assertEquals(fromStranger.size(), server.status().badInputs());
        assertNull(server.entry(1));
        assertEquals(View.NONE, server.status().promisedView());
    }
}
