package io.ringworld.kernel.sw;

import static io.ringworld.kernel.sw.SwitchTest.of;
import static io.ringworld.kernel.sw.SwitchTest.sends;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.Config;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.Projection;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.message.Message;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, item 3 (ii), a switch's side of AdmitSwitch: the view's first member admits a switch
 * that asked to join at its next token visit, without a view change; the joiner sequences from
 * the token's next pass and leads nothing in the view. A view of ring 0, 1 in a configuration of
 * 3 switches: switch 2 is outside it (left out or restarted).
 */
class AdmitSwitchTest {
    private static final Config CONFIG = Config.defaults(3, 2);
    private static final View V = new View(3, 1);
    private static final SwitchId S0 = new SwitchId(0);
    private static final SwitchId S1 = new SwitchId(1);
    private static final SwitchId S2 = new SwitchId(2);
    private static final long START = 11;
    private static final Projection P = new Projection(V, List.of(S0, S1), 2, START);
    private static final long JOINER_LIFE = 7;

    /** Switches 0 and 1 in view V (ring 0, 1), and the token switch 0 minted. */
    private record Ring(Switch s0, Switch s1, Message.Token minted) {
    }

    private static Ring ring(Config config) {
        Switch s0 = Switch.bootingInto(S0, config, P);
        Message.Token minted = of(sends(s0.start()), Message.Token.class).get(0);
        Switch s1 = Switch.bootingInto(S1, config, P);
        s1.start();
        return new Ring(s0, s1, minted);
    }

    /** Switch 2 restarted in life {@link #JOINER_LIFE}: it announces Join to both others. */
    private static Switch joiner(Config config) {
        Switch s2 = Switch.restarted(S2, config, JOINER_LIFE);
        List<SwitchTest.Sent> joins = sends(s2.start());
        assertEquals(List.of(new Message.Join(S2, JOINER_LIFE), new Message.Join(S2, JOINER_LIFE)),
                of(joins, Message.Join.class), "the specs' JoinRequest names the life that asks");
        return s2;
    }

    @Test
    void theFirstMemberAdmitsAtItsNextVisitAndTheJoinerSequencesFromTheNextPass() {
        Ring r = ring(CONFIG);
        Switch s2 = joiner(CONFIG);
        assertTrue(sends(r.s0().deliver(new Message.Join(S2, JOINER_LIFE))).isEmpty(), "recorded: no view change, no message");
        assertFalse(r.s0().status().coordinating());
        List<SwitchTest.Sent> visit = sends(r.s0().deliver(r.minted()));
        Message.Install install = of(visit, Message.Install.class).get(0);
        assertEquals(new Message.Install(P, 1, 1, List.of(0L, 0L, JOINER_LIFE), 1, List.of(S2)), install,
                "the current view, the incarnations of ring ++ joined, the joined list (its place)");
        assertTrue(visit.contains(new SwitchTest.Sent(S2, install)), "sent to the joiner");
        Message.Token toS1 = of(visit, Message.Token.class).get(0);
        assertEquals(List.of(S2), toS1.joined(), "the token carries the joiner from this visit on");
        assertEquals(List.of(S2), r.s0().status().joined());

        assertTrue(s2.deliver(install).isEmpty());
        assertTrue(s2.status().active(), "installed: " + s2.status());
        assertEquals(V, s2.status().view(), "the same view: no view change");
        assertEquals(List.of(S0, S1), s2.status().projection().ring(), "the view's ring is unchanged");
        assertEquals(START - 1, s2.status().commitIndex(), "it leads nothing");
        assertEquals(0, s2.status().expectedIndices());

        // Switch 1, the view's last member, passes to the joiner once the token says so.
        List<SwitchTest.Sent> atS1 = sends(r.s1().deliver(toS1));
        Message.Token passed = of(atS1, Message.Token.class).get(0);
        assertEquals(S2, atS1.get(atS1.size() - 1).to(), "the last member passes to the joiner: " + atS1);
        assertEquals(List.of(S2), passed.joined());
        // As it would be later in the view: indices handed out, the round's minimum above the
        // joiner's start - 1.
        Message.Token toS2 = new Message.Token(V, 30, 12, 20, passed.hop(), S1, 1, 1, passed.joined());
        // The joiner sequences an append at its first visit and hands it to the view's leader.
        s2.deliver(new Message.AppendRequest(new ClientId(0), 1, Payload.ofString("x"), JOINER_LIFE));
        List<SwitchTest.Sent> atS2 = sends(s2.deliver(toS2));
        Message.Assign a = of(atS2, Message.Assign.class).get(0);
        long index = toS2.h() + 1;
        assertEquals(index, a.index());
        SwitchId leader = P.leaderOf(index);
        assertTrue(atS2.contains(new SwitchTest.Sent(leader, a)), "index " + index + " is led by the view's " + leader);
        Message.Token back = of(atS2, Message.Token.class).get(0);
        assertEquals(S0, atS2.get(atS2.size() - 1).to(), "the joiner passes to the first member");
        assertEquals(toS2.roundMin(), back.roundMin(), "it folds nothing: its commit index does not lower the round");
        assertEquals(toS2.c(), back.c());
        // The first member takes it from the joiner, its predecessor now.
        List<SwitchTest.Sent> again = sends(r.s0().deliver(back));
        assertEquals(new SwitchTest.Sent(S2, new Message.TokenAck(V, back.hop(), S0)), again.get(0));
        assertTrue(of(again, Message.Install.class).isEmpty(), "admitted once");
        assertEquals(0, r.s0().status().badInputs() + r.s1().status().badInputs() + s2.status().badInputs());
    }

    /**
     * The specs' AdmitSwitch admits at the round boundary, before the first member's visit, every
     * switch whose request it takes there (RingWorld_replay_join3: switches 1 and 2 admitted to
     * ring 3 before one visit, the token then goes 3, 1, 2). The kernel recorded one joiner at a
     * time and dropped a second Join until the first was admitted, so its visit admitted one
     * and the token skipped the other (found by the conformance replay of that model).
     */
    @Test
    void everySwitchThatAskedBeforeTheVisitIsAdmittedAtIt() {
        Config config = Config.defaults(4, 2);
        SwitchId s3 = new SwitchId(3);
        Ring r = ring(config);
        Switch.restarted(S2, config, JOINER_LIFE).start();
        Switch.restarted(s3, config, 2).start();
        r.s0().deliver(new Message.Join(S2, JOINER_LIFE));
        r.s0().deliver(new Message.Join(s3, 2));
        List<SwitchTest.Sent> visit = sends(r.s0().deliver(r.minted()));
        Message.Install install = new Message.Install(P, 1, 1, List.of(0L, 0L, JOINER_LIFE, 2L), 1, List.of(S2, s3));
        assertTrue(visit.contains(new SwitchTest.Sent(S2, install)) && visit.contains(new SwitchTest.Sent(s3, install)),
                "both admitted, in the order they asked, each finding its place in joined: " + visit);
        assertEquals(List.of(S2, s3), of(visit, Message.Token.class).get(0).joined());
        assertEquals(List.of(S2, s3), r.s0().status().joined());
        int resent = 0;
        for (int t = 0; t < 10 * config.sealRetryTicks(); t++) {
            resent += of(sends(r.s0().tick()), Message.Install.class).size();
        }
        assertEquals(6, resent, "the admission's Install is resent to each joiner it admitted");
    }

    @Test
    void anAdmissionInstallIsResentAFewTimes() {
        Ring r = ring(CONFIG);
        r.s0().deliver(new Message.Join(S2, JOINER_LIFE));
        r.s0().deliver(r.minted());
        int resent = 0;
        for (int t = 0; t < 10 * CONFIG.sealRetryTicks(); t++) {
            resent += of(sends(r.s0().tick()), Message.Install.class).size();
        }
        assertEquals(3, resent, "a lost admission would stall the token at the joiner");
    }

    @Test
    void theJoinerRefusesAnAdmissionOfAnotherLifeOrBelowItsPromise() {
        Ring r = ring(CONFIG);
        r.s0().deliver(new Message.Join(S2, JOINER_LIFE + 1)); // an earlier life asked... a later one is up
        Message.Install install = of(sends(r.s0().deliver(r.minted())), Message.Install.class).get(0);
        Switch s2 = joiner(CONFIG);
        s2.deliver(install);
        assertFalse(s2.status().active(), "addressed to another life of switch 2");
        // A switch promised to a later view (a view change is under way) does not install.
        Switch promised = joiner(CONFIG);
        promised.deliver(new Message.Seal(new View(4, 0), 0, S0, 0));
        Message.Install mine = new Message.Install(P, 1, 1, List.of(0L, 0L, JOINER_LIFE), 1, List.of(S2));
        promised.deliver(mine);
        assertFalse(promised.status().active(), "promised v4.0, the admission is of " + V);
        // Nor a coordinator, even of a view below the admission's (the spec's ~Coordinating(y)).
        // (Its view change started at once: without the pre-vote, which is no part of the guard.)
        Switch coordinating = joiner(CONFIG.toBuilder().preVote(false).build());
        coordinating.step(new SwitchInput.Suspect("test"));
        assertTrue(coordinating.status().coordinating());
        assertTrue(coordinating.status().view().isBefore(V), "it coordinates " + coordinating.status().view());
        coordinating.deliver(mine);
        assertFalse(coordinating.status().active(), "a coordinator is not admitted");
    }

    @Test
    void onlyTheFirstMemberAdmitsAndNeverASwitchAlreadyInRingOrJoined() {
        Ring r = ring(CONFIG);
        assertTrue(sends(r.s1().deliver(new Message.Join(S2, JOINER_LIFE))).isEmpty(), "switch 1 only records the ask");
        List<SwitchTest.Sent> visit = sends(r.s0().deliver(r.minted()));
        assertTrue(of(visit, Message.Install.class).isEmpty(), "nothing recorded at the first member: no admission");
        assertEquals(List.of(), of(visit, Message.Token.class).get(0).joined());
        // Admitted once, a Join of the joiner (a duplicate, or its next life) admits it no second time.
        Ring q = ring(CONFIG);
        q.s0().deliver(new Message.Join(S2, JOINER_LIFE));
        Message.Token toS1 = of(sends(q.s0().deliver(q.minted())), Message.Token.class).get(0);
        Message.Token toS2 = of(sends(q.s1().deliver(toS1)), Message.Token.class).get(0);
        Switch s2 = joiner(CONFIG);
        s2.deliver(new Message.Install(P, 1, 1, List.of(0L, 0L, JOINER_LIFE), 1, List.of(S2)));
        Message.Token back = of(sends(s2.deliver(toS2)), Message.Token.class).get(0);
        q.s0().deliver(new Message.Join(S2, JOINER_LIFE + 1));
        List<SwitchTest.Sent> next = sends(q.s0().deliver(back));
        assertTrue(of(next, Message.Install.class).isEmpty(), "switch 2 is in ring ++ joined already");
        assertEquals(List.of(S2), of(next, Message.Token.class).get(0).joined());
        assertFalse(q.s0().status().coordinating() || q.s1().status().coordinating());
    }

    @Test
    void aTokenWhoseJoinedListIsNoGrowthOfTheKnownOneIsBadInput() {
        Ring r = ring(CONFIG);
        r.s0().deliver(new Message.Join(S2, JOINER_LIFE));
        Message.Token toS1 = of(sends(r.s0().deliver(r.minted())), Message.Token.class).get(0);
        r.s1().deliver(toS1);
        // A copy naming a ring member, or another joiner than the one switch 1 knows, is malformed.
        Message.Token ringMember = new Message.Token(V, toS1.h(), toS1.c(), toS1.roundMin(), toS1.hop() + 3, S0,
                1, 1, List.of(S1));
        assertTrue(sends(r.s1().deliver(ringMember)).isEmpty());
        Switch fresh = Switch.bootingInto(S1, Config.defaults(4, 2), P);
        fresh.start();
        fresh.deliver(new Message.Token(V, toS1.h(), toS1.c(), toS1.roundMin(), toS1.hop(), S0, 1, 1,
                List.of(new SwitchId(3))));
        assertTrue(sends(fresh.deliver(new Message.Token(V, toS1.h(), toS1.c(), toS1.roundMin(), toS1.hop() + 3, S0,
                1, 1, List.of(S2)))).isEmpty(), "switch 3 was admitted first, not 2");
        assertEquals(1, r.s1().status().badInputs());
        assertEquals(1, fresh.status().badInputs());
    }

    @Test
    void withoutThePreVoteAJoinStillStartsAViewChangeAtTheFirstMember() {
        Config off = CONFIG.toBuilder().preVote(false).build();
        Ring r = ring(off);
        List<SwitchTest.Sent> sent = sends(r.s0().deliver(new Message.Join(S2, JOINER_LIFE)));
        assertFalse(of(sent, Message.Seal.class).isEmpty(), "as before AdmitSwitch: the replay models have no admission");
        assertTrue(r.s0().status().coordinating());
    }

    @Test
    void aJoinerTheFirstMemberNeverAdmitsGetsTheFallbackViewChangeFromTheSecondMember() {
        Ring r = ring(CONFIG);
        long backoff = 4L * CONFIG.viewChangeTimeoutTicks();
        boolean started = false;
        for (long t = 0; t <= backoff + CONFIG.joinRetryTicks() && !started; t++) {
            r.s1().tick();
            if (t % CONFIG.joinRetryTicks() == 0) {
                started = !of(sends(r.s1().deliver(new Message.Join(S2, JOINER_LIFE))), Message.Seal.class).isEmpty();
                assertTrue(started == (t >= backoff), "the fallback waits 4 x viewChangeTimeoutTicks, at tick " + t);
            }
        }
        assertTrue(started, "switch 1 started the Join's view change");
    }
}
