package io.ringworld.kernel.wire;

import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.message.Message;

/**
 * Bodies of the pre-vote messages (types 56-58, issue 19 item 3). Fixed size: no length field,
 * so nothing is allocated from a length the frame claims.
 */
final class PreVoteBodies {
    /** The first code of this group (55 and below are the repair and seal-page messages). */
    static final int FIRST_CODE = 56;

    private PreVoteBodies() {
    }

    static void write(MessageType type, Message m, BodyWriter w) {
        switch (type) {
            case RING_ALIVE -> {
                Message.RingAlive a = (Message.RingAlive) m;
                w.view(a.view());
                w.switchId(a.from());
            }
            case PRE_VOTE -> {
                Message.PreVote p = (Message.PreVote) m;
                w.view(p.view());
                w.i64(p.round());
                w.switchId(p.from());
            }
            case PRE_VOTE_REPLY -> {
                Message.PreVoteReply r = (Message.PreVoteReply) m;
                w.i64(r.round());
                w.serverId(r.from());
                w.bool(r.granted());
                w.view(r.promised());
            }
            default -> throw new IllegalStateException(type + " is not a pre-vote message");
        }
    }

    static Message read(MessageType type, BodyReader r) {
        return switch (type) {
            case RING_ALIVE -> new Message.RingAlive(r.view("view"), r.switchId("from"));
            case PRE_VOTE -> new Message.PreVote(r.view("view"), r.i64("round"), r.switchId("from"));
            case PRE_VOTE_REPLY -> new Message.PreVoteReply(r.i64("round"), r.serverId("from"), r.bool("granted"),
                    r.view("promised"));
            default -> throw new IllegalStateException(type + " is not a pre-vote message");
        };
    }

    /** The node a pre-vote message says it comes from. */
    static NodeId namedSender(Message m) {
        if (m instanceof Message.RingAlive a) {
            return a.from();
        } else if (m instanceof Message.PreVote p) {
            return p.from();
        } else if (m instanceof Message.PreVoteReply r) {
            return r.from();
        }
        return null;
    }
}
