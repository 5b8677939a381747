package io.ringworld.kernel.wire;

import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.message.Message;

/** What {@link WireDecoder#decode} makes of a frame: a message, or a counted rejection. */
public sealed interface Decoded {
    /** An authenticated, well-formed message from {@code sender}. */
    record Ok(NodeId sender, Message message) implements Decoded {
    }

    /** A rejected frame: {@code detail} names the field and the values (never the key). */
    record Rejected(RejectReason reason, String detail) implements Decoded {
    }
}
