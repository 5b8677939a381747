package io.ringworld.kernel;

import io.ringworld.kernel.internal.EffectBuffer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.Result;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.DurableRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Effects#dispatch}: every effect once, in the step's order, to the method of its kind. */
class EffectsDispatchTest {

    private static final ServerId SERVER = new ServerId(0, 1);
    private static final SwitchId SWITCH = new SwitchId(0);

    @Test
    void everyEffectReachesItsMethodInOrder() {
        EffectBuffer effects = new EffectBuffer();
        Message ack = new Message.TokenAck(View.INITIAL, 3, SWITCH);
        List<DurableRecord> records = List.of(new DurableRecord.Promise(View.INITIAL));
        effects.send(SWITCH, ack);
        effects.add(new Effect.Persist(7, records));
        effects.add(new Effect.Outcome(new ClientId(2), 9, new Result.Appended(4)));
        effects.send(SWITCH, ack);
        List<String> seen = new ArrayList<>();
        effects.dispatch(SERVER, new EffectHandler() {
            @Override
            public void onSend(NodeId from, NodeId to, Message message) {
                seen.add("send " + from + "->" + to + " " + (message == ack));
            }

            @Override
            public void onPersist(NodeId from, long persistId, List<DurableRecord> r) {
                seen.add("persist " + from + " " + persistId + " " + (r == records));
            }

            @Override
            public void onOutcome(NodeId from, long requestId, Result result) {
                seen.add("outcome " + from + " " + requestId + " " + result);
            }
        });
        assertEquals(List.of("send " + SERVER + "->" + SWITCH + " true", "persist " + SERVER + " 7 true",
                "outcome " + SERVER + " 9 " + new Result.Appended(4), "send " + SERVER + "->" + SWITCH + " true"), seen);
    }

    @Test
    void aHandlerForSendsOnlyRejectsAPersistNamingTheNode() {
        EffectBuffer effects = new EffectBuffer();
        effects.add(new Effect.Persist(5, List.of()));
        EffectHandler sendsOnly = (from, to, message) -> { };
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> effects.dispatch(SERVER, sendsOnly));
        assertTrue(e.getMessage().contains(SERVER.toString()) && e.getMessage().contains("persist 5"), e.getMessage());
    }
}
