package io.ringworld.kernel;

import io.ringworld.kernel.Result;
import io.ringworld.kernel.DurableRecord;
import java.util.List;

/**
 * What a host does with each kind of {@link Effect}; {@link Effects#dispatch} calls it once per
 * effect, in the step's order, so a host writes its effects loop once for every role. {@code from}
 * is the node whose step produced the effect.
 *
 * <p>Duties (see {@link Effect}): a Send may be lost, duplicated or delayed, but must never be
 * changed; a Persist must be durable, and every earlier Persist of that server with it, before the
 * host steps the server with {@code PersistDone(persistId)}; an Outcome is a client operation's
 * one answer. Only log servers persist and only clients produce outcomes, so a host whose handler
 * serves one role may leave the other methods to their defaults, which reject the effect.
 */
public interface EffectHandler {

    /** Hands {@code effect} to the method for its kind ({@link Effects#dispatch} does it for a whole step). */
    default void handle(NodeId from, Effect effect) {
        if (effect instanceof Effect.Send s) {
            onSend(from, s.to(), s.message());
        } else if (effect instanceof Effect.Persist p) {
            onPersist(from, p.persistId(), p.records());
        } else {
            Effect.Outcome o = (Effect.Outcome) effect;
            onOutcome(from, o.requestId(), o.result());
        }
    }

    /** Deliver {@code message} from {@code from} to {@code to} (fair-lossy is fine). */
    void onSend(NodeId from, NodeId to, io.ringworld.kernel.message.Message message);

    /** Make {@code records} of server {@code from} durable, in order, then confirm {@code persistId}. */
    default void onPersist(NodeId from, long persistId, List<DurableRecord> records) {
        throw new IllegalStateException("this host does not persist, but " + from + " asked to (persist " + persistId + ")");
    }

    /** Client {@code from}'s operation {@code requestId} finished with {@code result}. */
    default void onOutcome(NodeId from, long requestId, Result result) {
        throw new IllegalStateException("this host takes no outcomes, but " + from + " produced one (request "
                + requestId + ": " + result + ")");
    }
}
