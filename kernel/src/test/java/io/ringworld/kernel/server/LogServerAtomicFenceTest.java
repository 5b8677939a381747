package io.ringworld.kernel.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.Config;
import io.ringworld.kernel.Effect;
import io.ringworld.kernel.Entry;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.DurableRecord;
import io.ringworld.kernel.message.Message;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ServerRewrite is one step in the spec (a server stores the rewritten entries and the fence
 * together): a server applies and acknowledges a view's Fence only once it holds that view's
 * rewrites of its set below the fence's start, whichever arrives first. A fence applied alone let
 * a later coordinator, which reads only the highest fence, adopt an entry a lower fence rules out
 * (FencedNeverAdopted; campaign seed 399 at commit 5967b88).
 */
class LogServerAtomicFenceTest {
    private static final Config CONFIG = Config.defaults(2, 1);
    private static final ServerId ID = new ServerId(0, 0);
    private static final SwitchId COORD = new SwitchId(1);
    private static final View V2 = new View(2, 1);

    private final InMemoryDurableState disk = new InMemoryDurableState();

    /** Delivers {@code m}, makes its persist durable, returns every message the server sent. */
    private List<Message> deliver(LogServer server, Message m) {
        List<Effect> out = new ArrayList<>(server.deliver(m).toList());
        if (!out.isEmpty() && out.get(out.size() - 1) instanceof Effect.Persist p) {
            disk.apply(p.records());
            out.addAll(server.step(new ServerInput.PersistDone(p.persistId())).toList());
        }
        List<Message> sent = new ArrayList<>();
        for (Effect e : out) {
            if (e instanceof Effect.Send s) {
                sent.add(s.message());
            }
        }
        return sent;
    }

    private static Message.Write rewrite(long index, String payload) {
        return new Message.Write(V2, index, Payload.ofString(payload), COORD, 4);
    }

    private static boolean fenceAcked(List<Message> sent) {
        return sent.stream().anyMatch(m -> m instanceof Message.FenceAck a && a.accepted());
    }

    @Test
    void aFenceWaitsForTheRewritesBelowItsStart() {
        disk.apply(new DurableRecord.PutEntry(new Entry(2, View.INITIAL, Payload.ofString("stale"))));
        LogServer server = new LogServer(ID, CONFIG, disk);
        Message.Fence fence = new Message.Fence(V2, 4, COORD, 4, 1);
        assertTrue(deliver(server, fence).isEmpty(), "no ack: rewrites 1..3 have not arrived");
        assertEquals(View.NONE, server.status().fenceView(), "the fence is not applied alone");
        assertTrue(!fenceAcked(deliver(server, rewrite(1, "a"))));
        assertTrue(!fenceAcked(deliver(server, rewrite(1, "a"))), "a resend fills nothing new");
        assertTrue(!fenceAcked(deliver(server, rewrite(2, "b"))));
        assertEquals(View.NONE, server.status().fenceView());
        List<Message> last = deliver(server, rewrite(3, "junk"));
        assertTrue(fenceAcked(last), "the last rewrite completes the step: " + last);
        assertEquals(V2, server.status().fenceView());
        assertEquals(4, server.status().fenceStart());
    }

    @Test
    void rewritesFirstThenTheFenceIsAppliedAtOnce() {
        LogServer server = new LogServer(ID, CONFIG, disk);
        deliver(server, rewrite(1, "a"));
        deliver(server, rewrite(2, "b"));
        assertTrue(fenceAcked(deliver(server, new Message.Fence(V2, 3, COORD, 4, 1))));
        assertEquals(V2, server.status().fenceView());
    }

    @Test
    void aFenceWithNothingToRewriteIsAppliedAtOnce() {
        LogServer server = new LogServer(ID, CONFIG, disk);
        assertTrue(fenceAcked(deliver(server, new Message.Fence(V2, 5, COORD, 4))));
        assertEquals(V2, server.status().fenceView());
    }
}
