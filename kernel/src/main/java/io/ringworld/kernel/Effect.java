package io.ringworld.kernel;

/**
 * One thing a role asks its host to do. A step returns an ordered list of effects; the host
 * applies them in list order. Kinds:
 * <ul>
 *   <li>{@link Send}: deliver a message to a node (fair-lossy is fine: the kernel retransmits);</li>
 *   <li>{@link Persist}: make records durable (log server only), then feed back
 *       {@code PersistDone(persistId)};</li>
 *   <li>{@link Outcome}: a client operation finished (client only).</li>
 * </ul>
 */
public sealed interface Effect permits Effect.Send, Effect.Persist, Effect.Outcome {

    /** Send {@code message} to node {@code to}. {@code to} may be the sender itself. */
    record Send(NodeId to, io.ringworld.kernel.message.Message message) implements Effect {
    }

    /**
     * Write {@code records} to stable storage, in order, after every earlier Persist of this
     * server. When they (and every earlier one) are durable, the host steps the server with
     * {@code ServerInput.PersistDone(persistId)}; only then does the server release the replies
     * that depend on them.
     */
    record Persist(long persistId, java.util.List<io.ringworld.kernel.DurableRecord> records)
            implements Effect {
    }

    /** Client operation {@code requestId} finished with {@code result}. Emitted exactly once. */
    record Outcome(ClientId client, long requestId, io.ringworld.kernel.Result result) implements Effect {
    }
}
