package io.ringworld.kernel.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.Config;
import io.ringworld.kernel.Effect;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.message.Message;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 19, item 3 (i): a server's side of the pre-vote (the specs' PreVoteGranted, RingAlive). */
class LogServerPreVoteTest {
    private static final Config CONFIG = Config.defaults(3, 1);
    private static final ServerId ID = new ServerId(0, 1);
    private static final SwitchId S0 = new SwitchId(0);
    private static final SwitchId S2 = new SwitchId(2);

    private static List<Message.PreVoteReply> replies(List<Effect> effects) {
        return effects.stream().filter(e -> e instanceof Effect.Send s && s.message() instanceof Message.PreVoteReply)
                .map(e -> (Message.PreVoteReply) ((Effect.Send) e).message()).toList();
    }

    private static Message.PreVoteReply ask(LogServer server, long round) {
        List<Message.PreVoteReply> r = replies(server.deliver(new Message.PreVote(View.INITIAL, round, S2)).toList());
        assertEquals(1, r.size(), "one answer to one pre-vote");
        assertEquals(round, r.get(0).round());
        assertEquals(ID, r.get(0).from());
        return r.get(0);
    }

    @Test
    void grantsUntilTheRingOfItsPromisedViewIsHeardThenRefusesUntilItGoesQuietAgain() {
        LogServer server = new LogServer(ID, CONFIG);
        View promised = server.status().promisedView();
        assertTrue(ask(server, 1).granted(), "no ring heard yet: granted");
        server.deliver(new Message.RingAlive(promised, S0));
        Message.PreVoteReply refused = ask(server, 2);
        assertFalse(refused.granted(), "the ring of its promised view goes round: refused");
        assertEquals(promised, refused.promised());
        for (int t = 1; t < CONFIG.ringAliveTimeoutTicks(); t++) {
            server.tick();
        }
        assertFalse(ask(server, 3).granted(), "heard " + (CONFIG.ringAliveTimeoutTicks() - 1) + " ticks ago: still alive");
        server.tick();
        assertTrue(ask(server, 4).granted(), "quiet for ringAliveTimeoutTicks: granted");
        assertEquals(0, server.status().heldReplies(), "a grant holds nothing and persists nothing");
    }

    @Test
    void onlyTheRingOfExactlyThePromisedViewCounts() {
        LogServer server = new LogServer(ID, CONFIG);
        View promised = server.status().promisedView();
        server.deliver(new Message.RingAlive(new View(promised.epoch() + 1, 0), S0));
        assertTrue(ask(server, 1).granted(), "a ring of a view this server never promised tells it nothing");
    }

    @Test
    void aPreVoteOrRingAliveFromNoSwitchOfTheConfigurationIsBadInputAndUnanswered() {
        LogServer server = new LogServer(ID, CONFIG);
        List<Effect> out = server.deliver(new Message.PreVote(View.INITIAL, 1, new SwitchId(64))).toList();
        assertTrue(out.isEmpty(), "no answer: " + out);
        assertEquals(1, server.status().badInputs());
        server.deliver(new Message.RingAlive(server.status().promisedView(), new SwitchId(64)));
        assertEquals(2, server.status().badInputs());
        assertTrue(ask(server, 2).granted(), "the malformed RingAlive was not counted");
    }

    @Test
    void aRelearningServerIgnoresPreVotesAsItIgnoresSeals() {
        LogServer server = new LogServer(ID, CONFIG, InMemoryDurableState.lostState());
        assertTrue(server.status().relearning());
        List<Effect> out = server.deliver(new Message.PreVote(View.INITIAL, 1, S2)).toList();
        assertTrue(replies(out).isEmpty(), "a server that cannot vouch grants nothing (the specs' Vouches)");
        assertEquals(1, server.status().ignoredWhileRelearning());
    }
}
