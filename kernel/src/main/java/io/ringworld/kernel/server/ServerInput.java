package io.ringworld.kernel.server;

import io.ringworld.kernel.message.Message;

/** Inputs of a {@link LogServer}. */
public sealed interface ServerInput {
    /** A message arrived. */
    record Deliver(Message message) implements ServerInput {
    }

    /** Every Persist with {@code persistId <= this.persistId} is durable. */
    record PersistDone(long persistId) implements ServerInput {
    }

    /** One unit of the server's local clock (the server has no timers today; accepted for symmetry). */
    record Tick() implements ServerInput {
        public static final Tick INSTANCE = new Tick();
    }
}
