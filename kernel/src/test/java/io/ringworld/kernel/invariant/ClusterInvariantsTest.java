package io.ringworld.kernel.invariant;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.Config;
import io.ringworld.kernel.Effect;
import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.Result;
import io.ringworld.kernel.message.Message;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each global invariant fires on a crafted history that breaks it, and stays quiet on a good one. */
class ClusterInvariantsTest {
    private static final Config CONFIG = Config.defaults(3, 2);
    private static final SwitchId S0 = new SwitchId(0);
    private static final SwitchId S1 = new SwitchId(1);
    private static final ClientId C = new ClientId(0);
    private static final View V1 = View.INITIAL;
    private static final View V2 = new View(2, 1);

    private final ClusterInvariants inv = new ClusterInvariants(CONFIG);

    private void send(NodeId from, NodeId to, Message m) {
        inv.afterStep(from, List.of(new Effect.Send(to, m)));
    }

    private void outcome(long requestId, Result r) {
        inv.afterStep(C, List.of(new Effect.Outcome(C, requestId, r)));
    }

    /** Leader writes (i, v, p) and servers 0..acks-1 of set i mod 2 acknowledge it. */
    private void writeAndAck(long i, View v, String p, int acks) {
        send(S0, new ServerId((int) (i % 2), 0), new Message.Write(v, i, p == null ? Payload.JUNK : Payload.ofString(p), S0));
        for (int m = 0; m < acks; m++) {
            ServerId s = new ServerId((int) (i % 2), m);
            send(s, S0, new Message.WriteAck(v, i, s, true, v));
        }
    }

    private Invariant violated(Runnable r) {
        return assertThrows(InvariantViolation.class, r::run).invariant();
    }

    @Test
    void goodHistoryPasses() {
        assertDoesNotThrow(() -> {
            send(C, S0, new Message.AppendRequest(C, 1, Payload.ofString("a")));
            writeAndAck(1, V1, "a", 2);
            send(S0, C, new Message.AppendReply(1, 1, V1));
            outcome(1, new Result.Appended(1));
            writeAndAck(1, V2, "a", 3); // a view change rewrites the same payload
            send(S1, S0, new Message.Token(V2, 1, 1, 1, 1, S1));
            outcome(2, new Result.ReadValue(1, Payload.ofString("a")));
        });
        assertEquals(1, inv.chosenCount());
    }

    @Test
    void commitNeedsMajority() {
        writeAndAck(1, V1, "a", 1);
        assertEquals(Invariant.CommitNeedsMajority, violated(() -> send(S0, C, new Message.AppendReply(1, 1, V1))));
        assertEquals(Invariant.CommitNeedsMajority, violated(() -> send(S0, S1, new Message.Token(V1, 1, 1, 1, 1, S0))));
    }

    @Test
    void agreement() {
        // Writes of both views are sent before either is acknowledged, so CommittedStable cannot fire
        // on a write; the second majority then chooses another payload: Agreement.
        ClusterInvariants other = new ClusterInvariants(CONFIG);
        other.afterStep(S0, List.of(new Effect.Send(new ServerId(1, 0), new Message.Write(V2, 5, Payload.ofString("b"), S0))));
        other.afterStep(S0, List.of(new Effect.Send(new ServerId(1, 0), new Message.Write(V1, 5, Payload.ofString("a"), S0))));
        for (int m = 0; m < 2; m++) {
            ServerId s = new ServerId(1, m);
            other.afterStep(s, List.of(new Effect.Send(S0, new Message.WriteAck(V2, 5, s, true, V2))));
        }
        Invariant got = violated(() -> {
            for (int m = 0; m < 2; m++) {
                ServerId s = new ServerId(1, m);
                other.afterStep(s, List.of(new Effect.Send(S0, new Message.WriteAck(V1, 5, s, true, V1))));
            }
        });
        assertEquals(Invariant.Agreement, got);
    }

    /** View V2 fences from index 5 on a majority of both sets (or of set 0 only). */
    private void fenceOnMajority(boolean bothSets) {
        Message.Fence fence = new Message.Fence(V2, 5, S1, 0);
        for (int set = 0; set < 2; set++) {
            for (int m = 0; m < 2 && (bothSets || set == 0); m++) {
                ServerId s = new ServerId(set, m);
                send(S1, s, fence);
                send(s, S1, new Message.FenceAck(V2, s, true, V2));
            }
        }
    }

    @Test
    void fencedNeverAdopted() {
        View v3 = new View(3, 0);
        writeAndAck(6, V1, "old", 1); // a left-behind V1 leader wrote index 6 to one server
        fenceOnMajority(true); // V2's fence (start 5) is on a majority of every set: that entry never committed
        writeAndAck(5, V1, "older", 1);
        assertEquals(Invariant.FencedNeverAdopted,
                violated(() -> send(S0, new ServerId(0, 2), new Message.Write(v3, 6, Payload.ofString("old"), S0))));
        // below the fence's start, or junk, a later view may write what it likes
        assertDoesNotThrow(() -> send(S0, new ServerId(0, 2), new Message.Write(v3, 4, Payload.ofString("x"), S0)));
        assertDoesNotThrow(() -> send(S0, new ServerId(1, 2), new Message.Write(v3, 5, Payload.JUNK, S0)));
    }

    @Test
    void aFenceOnAMinorityOfSomeSetFencesNothing() {
        View v3 = new View(3, 0);
        writeAndAck(6, V1, "old", 1);
        fenceOnMajority(false); // V2 never finished its fence: a later seal may not see it
        assertDoesNotThrow(() -> send(S0, new ServerId(0, 2), new Message.Write(v3, 6, Payload.ofString("old"), S0)));
    }

    @Test
    void committedStable() {
        writeAndAck(3, V1, "a", 2);
        assertEquals(Invariant.CommittedStable,
                violated(() -> send(S1, new ServerId(1, 0), new Message.Write(V2, 3, Payload.JUNK, S1))));
    }

    @Test
    void uniqueAssignment() {
        send(S0, S1, new Message.Assign(V1, 4, C, 1, Payload.ofString("a")));
        assertEquals(Invariant.UniqueAssignment, violated(() -> send(S1, S0,
                new Message.Assign(V1, 4, new ClientId(1), 1, Payload.ofString("b")))));
        send(S0, new ServerId(0, 0), new Message.Write(V1, 6, Payload.ofString("x"), S0));
        assertEquals(Invariant.UniqueAssignment, violated(() ->
                send(S0, new ServerId(0, 1), new Message.Write(V1, 6, Payload.JUNK, S0))));
    }

    @Test
    void oneTokenPerView() {
        send(S0, S1, new Message.Token(V1, 0, 0, 0, 1, S0));
        send(S0, S1, new Message.Token(V1, 0, 0, 0, 1, S0)); // a retransmission is the same token
        assertEquals(Invariant.OneTokenPerView, violated(() -> send(S1, S0, new Message.Token(V1, 0, 0, 0, 1, S1))));
    }

    @Test
    void readCommitted() {
        writeAndAck(1, V1, "a", 2);
        assertEquals(Invariant.ReadCommitted, violated(() -> outcome(9, new Result.ReadValue(1, Payload.ofString("b")))));
        writeAndAck(2, V1, "u", 1);
        assertEquals(Invariant.ReadCommitted, violated(() -> outcome(10, new Result.ReadValue(2, Payload.ofString("u")))));
    }

    @Test
    void notYetBelowACompletedAppendIsCaught() {
        for (int i = 1; i <= 3; i++) {
            writeAndAck(i, V1, "p" + i, 2);
        }
        outcome(1, new Result.Appended(3));
        send(C, S0, new Message.ReadRequest(C, 2, 4));
        assertDoesNotThrow(() -> outcome(2, new Result.ReadNotYet(4)));
        send(C, S0, new Message.ReadRequest(C, 3, 3));
        assertEquals(Invariant.ReadCommitted, violated(() -> outcome(3, new Result.ReadNotYet(3))));
    }

    @Test
    void payloadAfterACompletedTrimmedReadIsCaught() {
        writeAndAck(2, V1, "p2", 2);
        send(C, S0, new Message.ReadRequest(C, 1, 3));
        outcome(1, new Result.ReadTrimmed(3));
        send(C, S0, new Message.ReadRequest(C, 2, 2));
        assertEquals(Invariant.ReadCommitted, violated(() -> outcome(2, new Result.ReadValue(2, Payload.ofString("p2")))));
    }

    @Test
    void payloadAfterACompletedTrimIsCaughtButNotForAReadThatBeganBefore() {
        writeAndAck(2, V1, "p2", 2);
        send(C, S0, new Message.ReadRequest(C, 1, 2)); // began before the trim completed
        outcome(9, new Result.TrimDone(3));
        send(C, S0, new Message.ReadRequest(C, 2, 2));
        assertEquals(Invariant.ReadCommitted, violated(() -> outcome(2, new Result.ReadValue(2, Payload.ofString("p2")))));
        assertDoesNotThrow(() -> outcome(1, new Result.ReadValue(2, Payload.ofString("p2"))),
                "a read redirected before the trim linearizes before it");
        send(C, S0, new Message.ReadRequest(C, 3, 3));
        assertDoesNotThrow(() -> outcome(3, new Result.ReadTrimmed(2)));
    }

    @Test
    void oneAppendCommittedAtTwoIndicesIsCaught() {
        writeAndAck(1, V1, "a", 2);
        writeAndAck(2, V1, "a", 2);
        send(S0, C, new Message.AppendReply(7, 1, V1));
        send(S0, C, new Message.AppendReply(7, 1, V1)); // a resent reply names the same index
        assertEquals(Invariant.UniqueAssignment, violated(() -> send(S1, C, new Message.AppendReply(7, 2, V1))));
    }

    @Test
    void tailCoversCompletedAndTailMonotonic() {
        for (int i = 1; i <= 5; i++) {
            writeAndAck(i, V1, "p" + i, 2);
        }
        outcome(1, new Result.Appended(5));
        send(C, S0, new Message.GetTailRequest(C, 2));
        assertEquals(Invariant.TailCoversCompleted, violated(() -> outcome(2, new Result.Tail(4))));
        send(C, S0, new Message.GetTailRequest(C, 3));
        outcome(3, new Result.Tail(5));
        send(C, S0, new Message.GetTailRequest(C, 4));
        assertEquals(Invariant.TailCoversCompleted, violated(() -> outcome(4, new Result.Tail(3))));
        writeAndAck(6, V1, "p6", 1);
        send(C, S0, new Message.GetTailRequest(C, 5));
        assertEquals(Invariant.TailMonotonic, violated(() -> outcome(5, new Result.Tail(6))));
    }
}
