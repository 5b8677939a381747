package io.ringworld.kernel.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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
 * A log server keeps at most {@code payloadHeapBytesMax} bytes of payload in its heap and reads
 * older ones back from its durable state; an entry damaged on disk that a read finds is unknown
 * (the specs' ServerCorrupt), never absent. The host here applies every Persist to the disk the server was
 * built on and confirms it, as the Netty host and the simulator do.
 */
class LogServerHeapWindowTest {
    private static final int IN_HEAP = 4;
    private static final int PAYLOAD_BYTES = 100;
    private static final Config CONFIG = Config.builder(2, 1).payloadHeapBytesMax(IN_HEAP * PAYLOAD_BYTES).build();
    private static final ServerId A1 = new ServerId(0, 0);
    private static final SwitchId S0 = new SwitchId(0);
    private static final ClientId C = new ClientId(0);
    private static final View V1 = View.INITIAL;

    private final InMemoryDurableState disk = new InMemoryDurableState();

    /** Entry {@code i}'s payload: {@value #PAYLOAD_BYTES} bytes. */
    private static Payload payload(long i) {
        return Payload.ofString(String.format("p%0" + (PAYLOAD_BYTES - 1) + "d", i));
    }

    /** Delivers {@code m}, applies its Persist to the disk and confirms it; returns the sends of both steps. */
    private List<Effect.Send> durably(LogServer s, Message m) {
        List<Effect.Send> out = new ArrayList<>();
        long persistId = -1;
        for (Effect e : s.deliver(m).toList()) {
            if (e instanceof Effect.Persist p) {
                disk.apply(p.records());
                persistId = p.persistId();
            } else if (e instanceof Effect.Send send) {
                out.add(send);
            }
        }
        if (persistId >= 0) {
            for (Effect e : s.step(new ServerInput.PersistDone(persistId)).toList()) {
                if (e instanceof Effect.Send send) {
                    out.add(send);
                }
            }
        }
        return out;
    }

    private LogServer serverWithTwenty(TestHooks hooks) {
        LogServer s = new LogServer(A1, CONFIG, disk, hooks);
        for (long i = 1; i <= 20; i++) {
            durably(s, new Message.Write(V1, i, payload(i), S0));
        }
        return s;
    }

    private static Message.ServerReadReply readReply(List<Effect.Send> sends) {
        for (Effect.Send s : sends) {
            if (s.message() instanceof Message.ServerReadReply r) {
                return r;
            }
        }
        throw new AssertionError("no read reply in " + sends);
    }

    private static Message.ServerSealReply sealReply(List<Effect.Send> sends) {
        for (Effect.Send s : sends) {
            if (s.message() instanceof Message.ServerSealReply r) {
                return r;
            }
        }
        return null;
    }

    @Test
    void onlyTheNewestPayloadsStayInTheHeapAndTheOthersAreReadBackFromDisk() {
        LogServer s = serverWithTwenty(TestHooks.NONE);
        ServerStatus st = s.status();
        assertEquals(20, st.entriesHeld());
        assertEquals(IN_HEAP, st.entriesInHeap(), "at most payloadHeapBytesMax bytes of payload in the heap");
        assertEquals(IN_HEAP * PAYLOAD_BYTES, st.payloadHeapBytes());
        assertEquals(20 - IN_HEAP, st.entriesMovedToDisk());
        for (long i = 1; i <= 20; i++) {
            Message.ServerReadReply r = readReply(durably(s, new Message.ServerRead(C, i, i, View.NONE)));
            assertEquals(ReadStatus.OK, r.status(), "index " + i);
            assertEquals(payload(i), r.payload(), "index " + i);
        }
        Message.ServerSealReply reply = sealReply(durably(s, new Message.Seal(new View(2, 1), 0, S0, 0)));
        assertNotNull(reply, "the seal is answered");
        assertEquals(20, reply.entries().size(), "every entry, those on disk too");
        for (Entry e : reply.entries()) {
            assertEquals(payload(e.index()), e.payload());
        }
        assertEquals(IN_HEAP, s.status().entriesInHeap(), "reads do not bring payloads back into the heap");
    }

    /** payloadHeapBytesMax 0: no payload stays once durable; every read goes to the durable state. */
    @Test
    void aHeapOfNoBytesReadsEveryDurablePayloadBack() {
        LogServer s = new LogServer(A1, Config.builder(2, 1).payloadHeapBytesMax(0).build(), disk);
        for (long i = 1; i <= 5; i++) {
            durably(s, new Message.Write(V1, i, payload(i), S0));
        }
        assertEquals(5, s.status().entriesHeld());
        assertEquals(0, s.status().entriesInHeap());
        assertEquals(5, s.status().entriesMovedToDisk());
        for (long i = 1; i <= 5; i++) {
            assertEquals(payload(i), readReply(durably(s, new Message.ServerRead(C, i, i, View.NONE))).payload(), "index " + i);
        }
    }

    @Test
    void aPayloadStaysInTheHeapUntilItsPersistIsConfirmed() {
        LogServer s = new LogServer(A1, CONFIG, disk);
        long lastPersist = -1;
        for (long i = 1; i <= 10; i++) {
            for (Effect e : s.deliver(new Message.Write(V1, i, payload(i), S0)).toList()) {
                if (e instanceof Effect.Persist p) {
                    disk.apply(p.records());
                    lastPersist = p.persistId();
                }
            }
        }
        assertEquals(10, s.status().entriesInHeap(), "nothing is confirmed durable: nothing leaves the heap");
        s.step(new ServerInput.PersistDone(lastPersist));
        assertEquals(IN_HEAP, s.status().entriesInHeap());
    }

    @Test
    void anEntryDamagedOnDiskIsFoundByAReadAndBecomesUnknownNeverAbsent() {
        LogServer s = serverWithTwenty(TestHooks.NONE);
        disk.markUnknown(new IndexRange(3, 3)); // its record fails its checksum now (the store returns nothing)
        assertNull(s.entry(3));
        assertFalse(s.status().relearning(), "the status accessor finds nothing and changes nothing");

        List<DurableRecord> persisted = new ArrayList<>();
        List<Effect.Send> sends = new ArrayList<>();
        for (Effect e : s.deliver(new Message.ServerRead(C, 1, 3, View.NONE)).toList()) {
            if (e instanceof Effect.Persist p) {
                persisted.addAll(p.records());
            } else if (e instanceof Effect.Send send) {
                sends.add(send);
            }
        }
        assertEquals(ReadStatus.UNKNOWN, readReply(sends).status(), "damaged is unknown, not missing");
        ServerStatus st = s.status();
        assertTrue(st.relearning(), "the server relearns before it acknowledges anything again");
        assertEquals(List.of(new IndexRange(3, 3)), st.unknown());
        assertEquals(1, st.damagedOnRead());
        assertTrue(persisted.stream().anyMatch(r -> r instanceof DurableRecord.Damaged d
                && d.unknown().contains(new IndexRange(3, 3))), "the damage is recorded: " + persisted);
        assertTrue(sends.stream().anyMatch(x -> x.message() instanceof Message.RelearnQuery), "relearn queries go out");
        assertNull(sealReply(durably(s, new Message.Seal(new View(2, 1), 0, S0, 0))), "a relearning server answers no seal");
    }

    @Test
    void aSealReplyThatWouldReadADamagedEntryIsNotSentAndThePromiseIsNotTaken() {
        LogServer s = serverWithTwenty(TestHooks.NONE);
        disk.markUnknown(new IndexRange(5, 5));
        assertNull(sealReply(durably(s, new Message.Seal(new View(2, 1), 0, S0, 0))));
        assertEquals(V1, s.status().promisedView(), "no promise without the reply it goes with");
        assertTrue(s.status().relearning());
        assertEquals(List.of(new IndexRange(5, 5)), s.status().unknown());
    }

    /** The planted bug: damage read as absent; the seal reply silently leaves the committed entry out. */
    @Test
    void plantedDamageReadAsAbsentLeavesTheEntryOutOfTheSealReply() {
        LogServer s = serverWithTwenty(TestHooks.planting(PlantedBug.DAMAGE_READ_AS_ABSENT));
        disk.markUnknown(new IndexRange(5, 5));
        Message.ServerSealReply reply = sealReply(durably(s, new Message.Seal(new View(2, 1), 0, S0, 0)));
        assertNotNull(reply, "the planted server goes on vouching");
        assertEquals(19, reply.entries().size());
        assertTrue(reply.entries().stream().noneMatch(e -> e.index() == 5));
        assertTrue(reply.unknown().isEmpty(), "nor does it report index 5 unknown: a coordinator takes it as empty");
        assertFalse(s.status().relearning());
    }
}
