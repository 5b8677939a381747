package io.ringworld.kernel.client;

import io.ringworld.kernel.Payload;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.message.Message;

/**
 * Inputs of a {@link Client}. Operations carry a host-chosen {@code requestId}, unique and
 * increasing per client; the matching {@code Effect.Outcome} carries the same id. {@code via} is
 * the switch the operation enters through (any switch; reads and getTails move on to other
 * switches on retries).
 */
public sealed interface ClientInput {
    /** append(payload). */
    record Append(long requestId, Payload payload, io.ringworld.kernel.SwitchId via) implements ClientInput {
    }

    /**
     * Several appends in one step, each as {@link Append} alone, in order: those to one switch
     * leave as one merged message (wire version 8, {@code Message.AppendRequests}), bounded by
     * {@code Config.mergedMessageBytesMax}. Each keeps its own request id and outcome.
     */
    record Appends(java.util.List<Append> appends) implements ClientInput {
        public Appends {
            appends = java.util.List.copyOf(appends);
        }
    }

    /** read(index). */
    record Read(long requestId, long index, SwitchId via) implements ClientInput {
    }

    /** getTail(). */
    record GetTail(long requestId, SwitchId via) implements ClientInput {
    }

    /** trim(prefix): every index {@code < prefix}. */
    record Trim(long requestId, long prefix, SwitchId via) implements ClientInput {
    }

    /** A message arrived. */
    record Deliver(Message message) implements ClientInput {
    }

    /** One unit of the client's local clock. */
    record Tick() implements ClientInput {
        public static final Tick INSTANCE = new Tick();
    }
}
