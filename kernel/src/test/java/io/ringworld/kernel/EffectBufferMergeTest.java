package io.ringworld.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ringworld.kernel.internal.EffectBuffer;
import io.ringworld.kernel.message.Message;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The effect list merges as a step sends (EffectBuffer.send joins a member to its receiver's
 * open merged message, placeMerged puts each in its first member's place): which messages go
 * together, where the merged message stands, and what stays alone.
 */
class EffectBufferMergeTest {
    private static final View V1 = View.INITIAL;
    private static final View V2 = new View(2, 0);
    private static final SwitchId S0 = new SwitchId(0);
    private static final SwitchId S1 = new SwitchId(1);
    private static final ServerId R00 = new ServerId(0, 0);
    private static final ClientId C0 = new ClientId(0);

    private static Message.Assign assign(View v, long index) {
        return new Message.Assign(v, index, C0, index, Payload.ofString("p" + index));
    }

    private static List<Effect> effects(EffectBuffer b) {
        List<Effect> out = new ArrayList<>();
        for (Effect e : b) {
            out.add(e);
        }
        return out;
    }

    @Test
    void membersJoinTheirReceiversMergedMessageAtItsFirstPlace() {
        EffectBuffer b = new EffectBuffer();
        b.mergeSendsUpTo(64 << 10);
        Message.Token token = new Message.Token(V1, 1, 0, 0, 1, S0);
        Message.Write fromS0 = new Message.Write(V1, 3, Payload.ofString("w"), S0);
        Message.Write fromS1 = new Message.Write(V1, 4, Payload.ofString("w"), S1);
        b.send(S1, assign(V1, 1));
        b.send(S1, assign(V1, 2));
        b.send(S0, token);
        b.send(R00, fromS0);
        b.send(R00, fromS1); // another sender: its own message
        b.send(S1, assign(V2, 5)); // another view: its own
        b.send(new SwitchId(1), assign(V1, 6)); // an equal receiver, another instance: joins the first
        b.placeMerged();
        assertEquals(List.of(
                new Effect.Send(S1, new Message.Assigns(List.of(assign(V1, 1), assign(V1, 2), assign(V1, 6)))),
                new Effect.Send(S0, token),
                new Effect.Send(R00, fromS0),
                new Effect.Send(R00, fromS1),
                new Effect.Send(S1, assign(V2, 5))), effects(b));
    }

    @Test
    void aFullMergedMessageIsFollowedByANewOneInOrder() {
        EffectBuffer b = new EffectBuffer();
        int member = Config.MERGED_MEMBER_OVERHEAD_BYTES + 2; // "pN": two bytes of payload
        b.mergeSendsUpTo(2 * member); // two members a message
        for (long i = 1; i <= 5; i++) {
            b.send(S1, assign(V1, i));
        }
        b.placeMerged();
        assertEquals(List.of(
                new Effect.Send(S1, new Message.Assigns(List.of(assign(V1, 1), assign(V1, 2)))),
                new Effect.Send(S1, new Message.Assigns(List.of(assign(V1, 3), assign(V1, 4)))),
                new Effect.Send(S1, assign(V1, 5))), effects(b));
    }

    @Test
    void withMergingOffOrAfterClearNothingJoins() {
        EffectBuffer off = new EffectBuffer();
        off.send(S1, assign(V1, 1));
        off.send(S1, assign(V1, 2));
        off.placeMerged();
        assertEquals(2, off.size(), "merging was never turned on");

        EffectBuffer b = new EffectBuffer();
        b.mergeSendsUpTo(64 << 10);
        b.send(S1, assign(V1, 1)); // a step that ended without placing (it threw)
        b.clear();
        b.send(S1, assign(V1, 2));
        b.send(S1, assign(V1, 3));
        b.placeMerged();
        assertEquals(List.of(new Effect.Send(S1, new Message.Assigns(List.of(assign(V1, 2), assign(V1, 3))))),
                effects(b), "a new step does not join the last step's groups");
    }
}
