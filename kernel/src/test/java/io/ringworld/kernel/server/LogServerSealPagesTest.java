package io.ringworld.kernel.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ServerSealPage (issue 19, item 2): a server's seal reply comes in pages of at most
 * {@code sealPageEntriesMax} entries and {@code sealPageBytesMax} bytes, each naming where the
 * next starts; a page is answered only while the server is promised to exactly the asking ballot.
 */
class LogServerSealPagesTest {
    private static final Config CONFIG = Config.defaults(2, 1).toBuilder().sealPageEntriesMax(3).build();
    private static final ServerId ID = new ServerId(0, 1);
    private static final SwitchId COORD = new SwitchId(1);
    private static final View V2 = new View(2, 1);
    private static final View V3 = new View(3, 1);

    private final InMemoryDurableState disk = new InMemoryDurableState();

    private LogServer serverHolding(Config config, int entries) {
        for (long i = 1; i <= entries; i++) {
            disk.apply(new DurableRecord.PutEntry(new Entry(i, View.INITIAL, Payload.ofString("p" + i))));
        }
        return new LogServer(ID, config, disk);
    }

    /** Delivers {@code m}, makes any persist durable, and returns the seal reply the server sent. */
    private Message.ServerSealReply answer(LogServer server, Message m) {
        List<Effect> out = new ArrayList<>(server.deliver(m).toList());
        if (!out.isEmpty() && out.get(out.size() - 1) instanceof Effect.Persist p) {
            disk.apply(p.records());
            out.addAll(server.step(new ServerInput.PersistDone(p.persistId())).toList());
        }
        for (Effect e : out) {
            if (e instanceof Effect.Send s && s.message() instanceof Message.ServerSealReply r) {
                return r;
            }
        }
        throw new AssertionError("no seal reply to " + m + " in " + out);
    }

    private static List<Long> indices(Message.ServerSealReply r) {
        return r.entries().stream().map(Entry::index).toList();
    }

    @Test
    void aRestartedCoordinatorReadsTheWholeLogPageByPage() {
        LogServer server = serverHolding(CONFIG, 7);
        Message.ServerSealReply first = answer(server, new Message.Seal(V2, 0, COORD, 4));
        assertEquals(List.of(1L, 2L, 3L), indices(first));
        assertEquals(Message.ServerSealReply.FIRST_PAGE, first.pageFrom());
        assertEquals(4, first.nextFrom());
        Message.ServerSealReply second = answer(server, new Message.SealPage(V2, 4, COORD, 4));
        assertEquals(List.of(4L, 5L, 6L), indices(second));
        assertEquals(4, second.pageFrom());
        Message.ServerSealReply last = answer(server, new Message.SealPage(V2, second.nextFrom(), COORD, 4));
        assertEquals(List.of(7L), indices(last));
        assertTrue(last.lastPage(), "no entry is held above the last page");
        assertEquals(7, last.highestIndex());
    }

    @Test
    void aPageIsBoundedByBytesTooAndAlwaysCarriesOneEntry() {
        int onePayload = Payload.ofString("p1").size() + Config.SEAL_PAGE_ENTRY_OVERHEAD_BYTES;
        Config bytes = CONFIG.toBuilder().sealPageEntriesMax(1000).sealPageBytesMax(2 * onePayload).build();
        LogServer server = serverHolding(bytes, 5);
        assertEquals(List.of(1L, 2L), indices(answer(server, new Message.Seal(V2, 0, COORD, 4))));
        Config tiny = CONFIG.toBuilder().sealPageBytesMax(1).build();
        LogServer other = new LogServer(ID, tiny, disk);
        Message.ServerSealReply page = answer(other, new Message.Seal(V3, 0, COORD, 4));
        assertEquals(List.of(1L), indices(page), "a page below one entry's size still carries one entry");
        assertEquals(2, page.nextFrom());
    }

    @Test
    void aPageIsRefusedToAnyOtherBallot() {
        LogServer server = serverHolding(CONFIG, 7);
        answer(server, new Message.Seal(V2, 0, COORD, 4));
        Message.ServerSealReply otherLife = answer(server, new Message.SealPage(V2, 4, COORD, 5));
        assertFalse(otherLife.accepted(), "another life of the coordinator never gets a page of this ballot");
        answer(server, new Message.Seal(V3, 0, new SwitchId(0), 1));
        Message.ServerSealReply outranked = answer(server, new Message.SealPage(V2, 4, COORD, 4));
        assertFalse(outranked.accepted(), "a higher promise ends the paging");
        assertEquals(V3, outranked.promised());
        assertInstanceOf(Message.ServerSealReply.class, outranked);
    }
}
