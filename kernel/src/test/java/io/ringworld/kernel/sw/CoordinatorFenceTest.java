package io.ringworld.kernel.sw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.Config;
import io.ringworld.kernel.Entry;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.testhooks.PlantedBug;
import io.ringworld.kernel.testhooks.TestHooks;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.message.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's side of the fence (ChooseEntries, ServerRewrite acks, InstallView), one input
 * at a time: switch 0 coordinates on 2 switches and one replica set a1, a2, a3.
 */
class CoordinatorFenceTest {
    // The view change itself, started at once: the pre-vote (issue 19) is PreVoteTest's.
    private static final Config CONFIG = Config.builder(2, 1).preVote(false).build();
    private static final SwitchId S0 = new SwitchId(0);
    private static final SwitchId S1 = new SwitchId(1);
    private static final ServerId A1 = new ServerId(0, 0);
    private static final ServerId A2 = new ServerId(0, 1);
    private static final ServerId A3 = new ServerId(0, 2);
    /** A view between the boot view and the coordinator's (2, 0). */
    private static final View FENCED = new View(1, 1);

    private static Entry entry(long i, View v, String p) {
        return new Entry(i, v, Payload.ofString(p));
    }

    /** Switch 0 coordinating a view change that switch 1 answered. */
    private static Switch sealed(TestHooks hooks) {
        Switch s0 = Switch.booting(S0, CONFIG, hooks);
        s0.start();
        s0.step(new SwitchInput.Suspect("test"));
        View v = s0.status().view();
        s0.deliver(new Message.SwitchSealReply(v, S1, true, v, 0, 0));
        return s0;
    }

    private static Message.ServerSealReply reply(View v, ServerId from, long highest, List<Entry> entries,
                                                 View fenceView, long fenceStart) {
        return new Message.ServerSealReply(v, from, true, v, highest, 1, entries, fenceView, fenceStart, 0);
    }

    /** ChooseEntries from a1 (fence FENCED at 3) and a3 (entries only); the rewrites it sends. */
    private static Map<Long, String> chooseWithFence(TestHooks hooks, List<Message.Fence> fences) {
        Switch s0 = sealed(hooks);
        View v = s0.status().view();
        s0.deliver(reply(v, A1, 4, List.of(entry(4, FENCED, "d")), FENCED, 3));
        List<SwitchTest.Sent> sent = SwitchTest.sends(s0.deliver(reply(v, A3, 3,
                List.of(entry(2, View.INITIAL, "b"), entry(3, View.INITIAL, "stale")), View.NONE, 1)));
        TreeMap<Long, String> chosen = new TreeMap<>();
        for (Message.Write w : SwitchTest.of(sent, Message.Write.class)) {
            assertEquals(v, w.view());
            chosen.put(w.index(), w.payload().isJunk() ? "junk" : w.payload().asString());
        }
        fences.addAll(SwitchTest.of(sent, Message.Fence.class));
        return chosen;
    }

    @Test
    void aRefusalNamingItsOwnViewDoesNotEndAViewChangeOnlyAHigherOneDoes() {
        // A server that recovered (or whose promise a rewrite Write raised) cannot name the
        // ballot it promised: it refuses a copy of our Seal naming our own view. Abandoning there
        // gave up view changes whose fence was on a majority (TLC, finding F13).
        Switch s0 = sealed(TestHooks.NONE);
        View v = s0.status().view();
        s0.deliver(new Message.ServerSealReply(v, A1, false, v, 0, 1, List.of(), 0));
        assertTrue(s0.status().coordinating(), "still coordinating " + v);
        View higher = new View(v.epoch(), 1);
        s0.deliver(new Message.ServerSealReply(v, A2, false, higher, 0, 1, List.of(), 0));
        assertTrue(!s0.status().coordinating(), "a higher promise ends it");
        assertEquals(higher, s0.status().seenView(), "and the next view change starts above it");
    }

    @Test
    void aRestartedCoordinatorDoesNotCountRepliesToItsEarlierLifesSealOfTheSameView() {
        // It knows no view (a restart), so it starts v2.0 again, as its earlier life did. The
        // servers' replies to that life's Seal (still in flight, or duplicated) name the same
        // view: counted, both lives could finish phase 1 and rewrite the view differently.
        Switch s0 = Switch.restarted(S0, CONFIG, 1);
        s0.start();
        s0.step(new SwitchInput.Suspect("test"));
        View v = s0.status().view();
        assertEquals(new View(2, 0), v);
        s0.deliver(new Message.SwitchSealReply(v, S1, true, v, 0, 0));
        for (ServerId a : List.of(A1, A2, A3)) {
            List<SwitchTest.Sent> sent = SwitchTest.sends(s0.deliver(reply(v, a, 0, List.of(), View.NONE, 1)));
            assertTrue(SwitchTest.of(sent, Message.Fence.class).isEmpty(), "no choice from replies to life 0");
        }
        assertEquals(0, s0.status().coordinatorStart(), "still sealing");
        s0.deliver(new Message.ServerSealReply(v, A1, true, v, 0, 1, List.of(), 1));
        List<SwitchTest.Sent> sent = SwitchTest.sends(s0.deliver(new Message.ServerSealReply(v, A2, true, v, 0, 1, List.of(), 1)));
        assertEquals(3, SwitchTest.of(sent, Message.Fence.class).size(), "chooses from a majority of its own ballot's replies");
    }

    @Test
    void chooseIgnoresOlderViewEntriesAtOrAboveTheHighestFence() {
        List<Message.Fence> fences = new ArrayList<>();
        Map<Long, String> chosen = chooseWithFence(TestHooks.NONE, fences);
        // 2: below the fence's start, kept; 3: a boot-view entry at the fence's start, ignored;
        // 4: an entry of the fenced view itself, kept.
        assertEquals(Map.of(1L, "junk", 2L, "b", 3L, "junk", 4L, "d"), chosen);
        assertEquals(List.of(new Message.Fence(new View(2, 0), 5, S0, 0, 1)), fences.subList(0, 1));
        assertEquals(3, fences.size(), "the fence goes to every server");
    }

    @Test
    void plantedNoFenceAdoptsTheStaleEntry() {
        Map<Long, String> chosen = chooseWithFence(TestHooks.planting(PlantedBug.NO_FENCE), new ArrayList<>());
        assertEquals("stale", chosen.get(3L));
    }

    @Test
    void installWaitsForTheFenceOnAMajorityEvenWithNothingToRewrite() {
        Switch s0 = sealed(TestHooks.NONE);
        View v = s0.status().view();
        s0.deliver(reply(v, A1, 0, List.of(), FENCED, 9));
        List<SwitchTest.Sent> sent = SwitchTest.sends(s0.deliver(reply(v, A2, 0, List.of(), View.NONE, 1)));
        // Indices 1..8 were handed out by the fenced view: the new view starts above them.
        List<Message.Fence> fences = SwitchTest.of(sent, Message.Fence.class);
        assertEquals(new Message.Fence(v, 9, S0, 0, 1), fences.get(0));
        assertEquals(8, SwitchTest.of(sent, Message.Write.class).size() / 3, "junk rewrites of 1..8");
        for (Message.Write w : SwitchTest.of(sent, Message.Write.class)) {
            for (ServerId a : List.of(A1, A2)) {
                s0.deliver(new Message.WriteAck(v, w.index(), a, true, v));
            }
        }
        assertTrue(s0.status().coordinating(), "rewrites done, fence not acked: not installed");
        assertTrue(SwitchTest.sends(s0.deliver(new Message.FenceAck(v, A1, true, v))).isEmpty());
        // A retransmission after the retry timer reaches only the servers that did not ack.
        List<SwitchTest.Sent> retry = List.of();
        for (int k = 0; k < CONFIG.writeRetryTicks() && retry.isEmpty(); k++) {
            retry = SwitchTest.sends(s0.tick());
        }
        assertEquals(List.of(A2, A3), retryTargets(retry));
        List<SwitchTest.Sent> done = SwitchTest.sends(s0.deliver(new Message.FenceAck(v, A2, true, v)));
        Message.Install install = SwitchTest.of(done, Message.Install.class).get(0);
        assertEquals(9, install.projection().start());
        assertTrue(s0.status().active() && !s0.status().coordinating());
    }

    private static List<ServerId> retryTargets(List<SwitchTest.Sent> sent) {
        return sent.stream().filter(x -> x.m() instanceof Message.Fence).map(x -> (ServerId) x.to()).toList();
    }

    @Test
    void refusedFenceAbandonsTheViewChange() {
        Switch s0 = sealed(TestHooks.NONE);
        View v = s0.status().view();
        s0.deliver(reply(v, A1, 0, List.of(), View.NONE, 1));
        s0.deliver(reply(v, A2, 0, List.of(), View.NONE, 1));
        s0.deliver(new Message.FenceAck(v, A1, false, new View(7, 1)));
        assertTrue(!s0.status().coordinating() && !s0.status().active(), "outranked: gives up, no install");
    }
}
