package io.ringworld.kernel.server;

import io.ringworld.kernel.DurableRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.Config;
import io.ringworld.kernel.Effect;
import io.ringworld.kernel.Effects;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.message.Message;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ServerRewrite's fence (the specs' vs) at a log server: accept/refuse, persistence, recovery, seal replies. */
class LogServerFenceTest {
    private static final Config CONFIG = Config.defaults(3, 2);
    private static final ServerId ID = new ServerId(1, 2);
    private static final SwitchId COORD = new SwitchId(1);
    private static final View V2 = new View(2, 1);
    private static final View V3 = new View(3, 1);

    private final InMemoryDurableState disk = new InMemoryDurableState();
    private final LogServer server = new LogServer(ID, CONFIG, disk);

    private List<Effect> persistAndConfirm(Effects effects) {
        Effect.Persist p = assertInstanceOf(Effect.Persist.class, effects.get(effects.size() - 1));
        disk.apply(p.records());
        return server.step(new ServerInput.PersistDone(p.persistId())).toList();
    }

    private static Message only(List<Effect> effects) {
        assertEquals(1, effects.size(), effects.toString());
        return ((Effect.Send) effects.get(0)).message();
    }

    private Message.ServerSealReply seal(View v, long incarnation) {
        Effects e = server.deliver(new Message.Seal(v, 0, COORD, incarnation));
        List<Effect> out = e.size() > 0 && e.get(e.size() - 1) instanceof Effect.Persist ? persistAndConfirm(e) : e.toList();
        return (Message.ServerSealReply) only(out);
    }

    @Test
    void fenceIsAckedOnlyOnceDurableAndReportedInLaterSealReplies() {
        assertEquals(View.NONE, seal(V2, 0).fenceView(), "no fence yet");
        Effects e = server.deliver(new Message.Fence(V2, 7, COORD, 0));
        assertEquals(1, e.size(), "only the Persist: the ack waits for it");
        assertEquals(List.of(new DurableRecord.Fence(V2, 7)), ((Effect.Persist) e.get(0)).records());
        assertEquals(new Message.FenceAck(V2, ID, true, V2), only(persistAndConfirm(e)));
        assertEquals(V2, disk.fenceView());
        assertEquals(7, disk.fenceStart());
        // A retransmission changes nothing and is acked again at once.
        assertEquals(new Message.FenceAck(V2, ID, true, V2),
                only(server.deliver(new Message.Fence(V2, 7, COORD, 0)).toList()));
        Message.ServerSealReply r = seal(V3, 0);
        assertEquals(V2, r.fenceView());
        assertEquals(7, r.fenceStart());
    }

    @Test
    void fenceOfAViewBelowThePromiseIsRefused() {
        seal(V3, 0);
        Message.FenceAck no = (Message.FenceAck) only(server.deliver(new Message.Fence(V2, 4, COORD, 0)).toList());
        assertEquals(new Message.FenceAck(V2, ID, false, V3), no);
        assertEquals(View.NONE, server.status().fenceView());
        assertEquals(View.NONE, seal(new View(4, 1), 0).fenceView());
    }

    @Test
    void fenceOfThePromisedViewFromAnotherLifeIsRefused() {
        seal(V2, 0);
        Message.FenceAck no = (Message.FenceAck) only(server.deliver(new Message.Fence(V2, 4, COORD, 5)).toList());
        assertEquals(false, no.accepted());
        assertEquals(View.NONE, server.status().fenceView());
    }

    @Test
    void fenceOfAHigherViewRaisesThePromiseLikeARewrite() {
        Effects e = server.deliver(new Message.Fence(V3, 4, COORD, 2));
        assertEquals(List.of(new DurableRecord.Promise(V3), new DurableRecord.Fence(V3, 4)),
                ((Effect.Persist) e.get(0)).records());
        persistAndConfirm(e);
        assertEquals(V3, server.status().promisedView());
        // The promise came with the coordinator's life: another life's Seal of V3 is refused.
        Effects other = server.deliver(new Message.Seal(V3, 0, COORD, 9));
        assertEquals(false, ((Message.ServerSealReply) only(other.toList())).accepted());
    }

    @Test
    void fenceSurvivesACrash() {
        seal(V2, 0);
        persistAndConfirm(server.deliver(new Message.Fence(V2, 6, COORD, 0)));
        // An unconfirmed later fence is lost with the crash.
        server.deliver(new Message.Fence(V3, 9, COORD, 0));
        LogServer recovered = new LogServer(ID, CONFIG, disk.copy());
        assertEquals(V2, recovered.status().fenceView());
        assertEquals(6, recovered.status().fenceStart());
        Effects e = recovered.deliver(new Message.Seal(V3, 0, COORD, 0));
        Effect.Persist p = assertInstanceOf(Effect.Persist.class, e.get(e.size() - 1));
        Message.ServerSealReply r = (Message.ServerSealReply) only(
                recovered.step(new ServerInput.PersistDone(p.persistId())).toList());
        assertTrue(r.accepted());
        assertEquals(V2, r.fenceView());
        assertEquals(6, r.fenceStart());
    }
}
