package io.ringworld.kernel.wire;

import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.message.Message;
import java.util.List;

/** What {@link WireDecoder#decode} makes of a frame: its messages, or a counted rejection. */
public sealed interface Decoded {
    /**
     * An authenticated, well-formed frame from {@code sender}: one message, or the 2 or more of a
     * {@code BATCH} frame, in the order the sender sent them (a host hands them to its node one
     * by one, in this order).
     */
    record Ok(NodeId sender, List<Message> messages) implements Decoded {
        public Ok {
            messages = List.copyOf(messages);
            if (messages.isEmpty()) {
                throw new IllegalArgumentException("a frame carries at least one message");
            }
        }

        /** A frame of one message. */
        public Ok(NodeId sender, Message message) {
            this(sender, List.of(message));
        }

        /** The frame's only message; throws if it was a batch (call {@link #messages()}). */
        public Message message() {
            if (messages.size() != 1) {
                throw new IllegalStateException("a batch of " + messages.size() + " messages");
            }
            return messages.get(0);
        }
    }

    /** A rejected frame: {@code detail} names the field and the values (never the key). */
    record Rejected(RejectReason reason, String detail) implements Decoded {
    }
}
