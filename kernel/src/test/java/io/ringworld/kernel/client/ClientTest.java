package io.ringworld.kernel.client;

import io.ringworld.kernel.Result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.Config;
import io.ringworld.kernel.Effect;
import io.ringworld.kernel.Effects;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.invariant.Invariant;
import io.ringworld.kernel.invariant.InvariantViolation;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.message.Message.ReadStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The client library: one precise outcome per operation; retries only where they are safe. */
class ClientTest {
    private static final Config CONFIG = Config.defaults(3, 2);
    private static final ClientId ID = new ClientId(4);
    private static final SwitchId S0 = new SwitchId(0);
    private static final View V = new View(3, 1);
    private static final List<ServerId> SET1 = List.of(new ServerId(1, 0), new ServerId(1, 1), new ServerId(1, 2));

    private final Client client = new Client(ID, CONFIG);
    private final List<Effect> all = new ArrayList<>();

    private List<Effect> step(ClientInput in) {
        Effects e = client.step(in);
        List<Effect> l = e.toList();
        all.addAll(l);
        return l;
    }

    private List<Effect> deliver(Message m) {
        return step(new ClientInput.Deliver(m));
    }

    private List<Effect> ticks(int n) {
        List<Effect> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            out.addAll(step(ClientInput.Tick.INSTANCE));
        }
        return out;
    }

    private List<Result> outcomes() {
        return all.stream().filter(e -> e instanceof Effect.Outcome).map(e -> ((Effect.Outcome) e).result()).toList();
    }

    @Test
    void appendIsSentOnceAndNeverResentATimeOutIsIndeterminate() {
        List<Effect> sent = step(new ClientInput.Append(1, Payload.ofString("x"), S0));
        assertEquals(List.of(new Effect.Send(S0, new Message.AppendRequest(ID, 1, Payload.ofString("x")))), sent);
        List<Effect> later = ticks(CONFIG.clientAppendTimeoutTicks());
        assertTrue(later.stream().noneMatch(e -> e instanceof Effect.Send), "an append is never resent");
        assertEquals(1, outcomes().size());
        assertEquals(Result.Status.INDETERMINATE, outcomes().get(0).status());
        deliver(new Message.AppendReply(1, 5, V));
        assertEquals(1, outcomes().size(), "exactly one outcome per operation");
    }

    @Test
    void appendOutcomesOkBusyAndJunkFilled() {
        step(new ClientInput.Append(1, Payload.ofString("a"), S0));
        step(new ClientInput.Append(2, Payload.ofString("b"), S0));
        step(new ClientInput.Append(3, Payload.ofString("c"), S0));
        deliver(new Message.AppendReply(1, 7, V));
        deliver(new Message.Busy(2));
        deliver(new Message.AppendJunked(3, 8));
        deliver(new Message.AppendReply(1, 7, V));
        List<Result> r = outcomes();
        assertEquals(new Result.Appended(7), r.get(0));
        assertEquals(Result.FailureReason.BUSY, ((Result.Failed) r.get(1)).reason());
        assertEquals(Result.FailureReason.JUNK_FILLED, ((Result.Failed) r.get(2)).reason());
        assertEquals(3, r.size());
    }

    @Test
    void readFollowsTheRedirectToOneServerThenTheNextOnNotThisView() {
        step(new ClientInput.Read(1, 9, S0));
        List<Effect> toServer = deliver(new Message.ReadRedirect(1, 9, V, SET1));
        assertEquals(List.of(new Effect.Send(SET1.get(0), new Message.ServerRead(ID, 1, 9, V))), toServer);
        List<Effect> next = deliver(new Message.ServerReadReply(1, 9, SET1.get(0), ReadStatus.WRONG_VIEW, View.INITIAL, null));
        assertEquals(List.of(new Effect.Send(SET1.get(1), new Message.ServerRead(ID, 1, 9, V))), next);
        deliver(new Message.ServerReadReply(1, 9, SET1.get(1), ReadStatus.OK, V, Payload.ofString("nine")));
        assertEquals(List.of(new Result.ReadValue(9, Payload.ofString("nine"))), outcomes());
    }

    @Test
    void readWithAnUnknownViewTakesTheHighestViewOfAMajority() {
        step(new ClientInput.Read(1, 9, S0));
        List<Effect> sent = deliver(new Message.ReadRedirect(1, 9, View.NONE, SET1));
        assertEquals(3, sent.size(), "asks every member");
        deliver(new Message.ServerReadReply(1, 9, SET1.get(2), ReadStatus.OK, View.INITIAL, Payload.ofString("old")));
        assertTrue(outcomes().isEmpty(), "one reply is not a majority");
        deliver(new Message.ServerReadReply(1, 9, SET1.get(2), ReadStatus.OK, View.INITIAL, Payload.ofString("old")));
        assertTrue(outcomes().isEmpty(), "a duplicate reply does not count twice");
        deliver(new Message.ServerReadReply(1, 9, SET1.get(0), ReadStatus.OK, V, Payload.JUNK));
        assertEquals(List.of(new Result.ReadValue(9, Payload.JUNK)), outcomes());
    }

    @Test
    void aMajorityReadCountsOnlyItsReplicasAndAnAppendReplyNeedsAnIndex() {
        step(new ClientInput.Read(1, 9, S0));
        deliver(new Message.ReadRedirect(1, 9, View.NONE, SET1));
        deliver(new Message.ServerReadReply(1, 9, SET1.get(2), ReadStatus.OK, View.INITIAL, Payload.ofString("old")));
        // Set 1's member 7 and set 0's member 0 are not replicas of index 9: neither counts.
        deliver(new Message.ServerReadReply(1, 9, new ServerId(1, 7), ReadStatus.OK, V, Payload.ofString("forged")));
        deliver(new Message.ServerReadReply(1, 9, new ServerId(0, 0), ReadStatus.OK, V, Payload.ofString("forged")));
        assertTrue(outcomes().isEmpty(), "two replies from outside the replica set are no majority");
        assertEquals(2, client.status().badInputs());
        deliver(new Message.ServerReadReply(1, 9, SET1.get(0), ReadStatus.OK, View.INITIAL, Payload.ofString("old")));
        assertEquals(List.of(new Result.ReadValue(9, Payload.ofString("old"))), outcomes());
        step(new ClientInput.Append(2, Payload.ofString("x"), S0));
        deliver(new Message.AppendReply(2, 0, V));
        assertEquals(1, outcomes().size(), "an append reply naming index 0 ends nothing");
        assertEquals(3, client.status().badInputs());
    }

    @Test
    void readOfAnUncommittedIndexRetriesOnTheNextSwitchThenAnswersNotYet() {
        step(new ClientInput.Read(1, 50, S0));
        deliver(new Message.ReadNotYet(1, 50));
        List<Effect> retry = ticks(CONFIG.clientRetryTicks());
        assertEquals(List.of(new Effect.Send(new SwitchId(1), new Message.ReadRequest(ID, 1, 50))), retry);
        ticks(CONFIG.clientReadTimeoutTicks());
        assertEquals(List.of(new Result.ReadNotYet(50)), outcomes());
    }

    @Test
    void readTimingOutWithoutNotYetIsIndeterminate() {
        step(new ClientInput.Read(1, 50, S0));
        deliver(new Message.ReadRetry(1, 50));
        ticks(CONFIG.clientReadTimeoutTicks());
        assertEquals(Result.Status.INDETERMINATE, outcomes().get(0).status());
    }

    @Test
    void trimmedReadAndInvalidRequests() {
        step(new ClientInput.Read(1, 2, S0));
        deliver(new Message.ReadRedirect(1, 2, V, SET1));
        List<Effect> next = deliver(new Message.ServerReadReply(1, 2, SET1.get(0), ReadStatus.TRIMMED, null, null));
        assertEquals(List.of(new Effect.Send(SET1.get(1), new Message.ServerRead(ID, 1, 2, V))), next,
                "a server's TRIMMED is not final: the trim may not be done, so ask the next replica");
        assertTrue(outcomes().isEmpty());
        deliver(new Message.ReadTrimmed(1, 2));
        step(new ClientInput.Read(2, 0, S0));
        step(new ClientInput.Append(2, Payload.ofString("reused id"), S0));
        List<Result> r = outcomes();
        assertEquals(new Result.ReadTrimmed(2), r.get(0));
        assertEquals(Result.FailureReason.INVALID, ((Result.Failed) r.get(1)).reason());
        assertEquals(Result.FailureReason.INVALID, ((Result.Failed) r.get(2)).reason());
        assertEquals(1, client.status().badInputs());
    }

    @Test
    void getTailRetriesAndChecksTailMonotonicLocally() {
        step(new ClientInput.GetTail(1, S0));
        List<Effect> retry = ticks(CONFIG.clientRetryTicks());
        assertEquals(List.of(new Effect.Send(new SwitchId(1), new Message.GetTailRequest(ID, 1))), retry);
        deliver(new Message.GetTailReply(1, 10));
        assertEquals(List.of(new Result.Tail(10)), outcomes());
        step(new ClientInput.GetTail(2, S0));
        InvariantViolation v = assertThrows(InvariantViolation.class, () -> deliver(new Message.GetTailReply(2, 9)));
        assertEquals(Invariant.TailMonotonic, v.invariant());
    }

    @Test
    void aTrimBusyAfterARetryIsIndeterminateNeverFailed() {
        step(new ClientInput.Trim(1, 5, S0));
        ticks(CONFIG.clientRetryTicks()); // resent to switch1: switch0 may have started it
        deliver(new Message.Busy(1));
        assertTrue(outcomes().isEmpty(), "Busy of a retry says nothing about the first attempt");
        ticks(CONFIG.clientTrimTimeoutTicks());
        assertEquals(Result.Status.INDETERMINATE, outcomes().get(0).status());
        step(new ClientInput.Trim(2, 5, S0));
        deliver(new Message.Busy(2));
        assertEquals(Result.FailureReason.BUSY, ((Result.Failed) outcomes().get(1)).reason(),
                "Busy of the only attempt is a definite failure");
    }

    @Test
    void trimIsRetriedUntilAcknowledged() {
        step(new ClientInput.Trim(1, 5, S0));
        List<Effect> retry = ticks(CONFIG.clientRetryTicks());
        assertEquals(List.of(new Effect.Send(new SwitchId(1), new Message.TrimRequest(ID, 1, 5))), retry);
        deliver(new Message.TrimReply(1, 5));
        assertEquals(List.of(new Result.TrimDone(5)), outcomes());
    }

    /** A refusal naming a new dedup epoch: the append ends INDETERMINATE, the next addresses the epoch. */
    @Test
    void anAppendRefusedInANewDedupEpochIsIndeterminateAndTheNextAddressesTheEpoch() {
        step(new ClientInput.Append(1, Payload.ofString("x"), S0));
        assertTrue(deliver(new Message.AppendStale(1, S0, 0, 3)).isEmpty(), "no outcome yet: a reply may still come");
        List<Effect> sent = step(new ClientInput.Append(2, Payload.ofString("y"), S0));
        assertEquals(List.of(new Effect.Send(S0, new Message.AppendRequest(ID, 2, Payload.ofString("y"), 0, 3))), sent);
        ticks(CONFIG.clientAppendTimeoutTicks());
        Result first = outcomes().get(0);
        assertEquals(Result.Status.INDETERMINATE, first.status());
        assertTrue(first.toString().contains("in dedup epoch 3"), first.toString());
    }

    /**
     * The status says which switches' lives the client heard (a host addresses appends only to
     * those): none at first; a getTail answered by another switch than the one asked (the retry
     * goes round) teaches only the answering switch's life; a reply naming no switch, none.
     */
    @Test
    void theStatusNamesTheLivesHeardAndOnlyThose() {
        assertEquals(List.of(-1L, -1L, -1L), client.status().switchLives(), "a fresh client knows no life");
        SwitchId s1 = new SwitchId(1);
        step(new ClientInput.GetTail(1, new SwitchId(0)));
        deliver(new Message.GetTailReply(1, 0, s1, 2, 1)); // asked switch 0, answered by switch 1
        assertEquals(List.of(-1L, 2L, -1L), client.status().switchLives());
        step(new ClientInput.GetTail(2, new SwitchId(2)));
        deliver(new Message.GetTailReply(2, 0));
        assertEquals(List.of(-1L, 2L, -1L), client.status().switchLives(), "a reply naming no switch teaches nothing");
    }

    /**
     * A getTail answered by a restarted switch names its life: the next append is addressed to
     * it (a restarted switch would refuse one addressed to its boot life, and that append's
     * outcome would be unknown); an append sent before keeps the life it was addressed to; a late
     * reply of an older life, or one naming no switch, moves nothing back.
     */
    @Test
    void aGetTailReplyNamingANewLifeAddressesTheNextAppendsToIt() {
        SwitchId s1 = new SwitchId(1);
        step(new ClientInput.Append(1, Payload.ofString("x"), s1));
        step(new ClientInput.GetTail(2, s1));
        deliver(new Message.GetTailReply(2, 0, s1, 2, 1));
        List<Effect> sent = step(new ClientInput.Append(3, Payload.ofString("y"), s1));
        assertEquals(List.of(new Effect.Send(s1, new Message.AppendRequest(ID, 3, Payload.ofString("y"), 2, 1))), sent);
        step(new ClientInput.GetTail(4, s1));
        deliver(new Message.GetTailReply(4, 0, s1, 1, 7)); // a late answer of an earlier life
        step(new ClientInput.GetTail(5, s1));
        long bad = client.status().badInputs();
        assertTrue(deliver(new Message.GetTailReply(5, 0, new SwitchId(99), 7, 7)).isEmpty(), "a reply from no switch of the cluster");
        assertEquals(bad + 1, client.status().badInputs(), "is counted and ends nothing");
        deliver(new Message.GetTailReply(5, 0)); // names no switch
        sent = step(new ClientInput.Append(6, Payload.ofString("z"), s1));
        assertEquals(List.of(new Effect.Send(s1, new Message.AppendRequest(ID, 6, Payload.ofString("z"), 2, 1))), sent);
        assertTrue(deliver(new Message.AppendStale(1, s1, 2, 1)).isEmpty(), "the first append still waits");
        ticks(CONFIG.clientAppendTimeoutTicks());
        assertEquals(Result.Status.INDETERMINATE, outcomes().stream().filter(r -> !(r instanceof Result.Tail)).findFirst()
                .orElseThrow().status(), "the append addressed to the boot life stays unknown: that life may have taken it");
    }
}
