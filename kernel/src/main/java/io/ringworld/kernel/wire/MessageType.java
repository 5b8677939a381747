package io.ringworld.kernel.wire;

import io.ringworld.kernel.message.Message;

/**
 * The type byte of every RingWorld frame: one code per kernel message, fixed forever within a
 * wire version (a new message takes a new code; a code is never reused). Codes are grouped by
 * who talks to whom, as {@link Message} is. Each type also says which kinds of node may send it
 * and whether it travels to a client (then it is keyed with that client's key, see
 * docs/wire-format.md).
 */
public enum MessageType {
    // client <-> switch
    APPEND_REQUEST(1, Message.AppendRequest.class, Senders.CLIENT, false),
    APPEND_STALE(2, Message.AppendStale.class, Senders.SWITCH, true),
    APPEND_REPLY(3, Message.AppendReply.class, Senders.SWITCH, true),
    APPEND_JUNKED(4, Message.AppendJunked.class, Senders.SWITCH, true),
    BUSY(5, Message.Busy.class, Senders.SWITCH, true),
    GET_TAIL_REQUEST(6, Message.GetTailRequest.class, Senders.CLIENT, false),
    GET_TAIL_REPLY(7, Message.GetTailReply.class, Senders.SWITCH, true),
    /** From a client, or from a switch forwarding it to the index's leader. */
    READ_REQUEST(8, Message.ReadRequest.class, Senders.CLIENT | Senders.SWITCH, false),
    READ_REDIRECT(9, Message.ReadRedirect.class, Senders.SWITCH, true),
    READ_NOT_YET(10, Message.ReadNotYet.class, Senders.SWITCH, true),
    READ_RETRY(11, Message.ReadRetry.class, Senders.SWITCH, true),
    READ_TRIMMED(12, Message.ReadTrimmed.class, Senders.SWITCH, true),
    TRIM_REQUEST(13, Message.TrimRequest.class, Senders.CLIENT, false),
    TRIM_REPLY(14, Message.TrimReply.class, Senders.SWITCH, true),
    // client <-> server
    SERVER_READ(20, Message.ServerRead.class, Senders.CLIENT, false),
    SERVER_READ_REPLY(21, Message.ServerReadReply.class, Senders.SERVER, true),
    // switch <-> switch
    TOKEN(30, Message.Token.class, Senders.SWITCH, false),
    TOKEN_ACK(31, Message.TokenAck.class, Senders.SWITCH, false),
    ASSIGN(32, Message.Assign.class, Senders.SWITCH, false),
    JOIN(33, Message.Join.class, Senders.SWITCH, false),
    SEAL(34, Message.Seal.class, Senders.SWITCH, false),
    SWITCH_SEAL_REPLY(35, Message.SwitchSealReply.class, Senders.SWITCH, false),
    INSTALL(36, Message.Install.class, Senders.SWITCH, false),
    // switch <-> server
    VIEW_CHECK(40, Message.ViewCheck.class, Senders.SWITCH, false),
    VIEW_CHECK_REPLY(41, Message.ViewCheckReply.class, Senders.SERVER, false),
    WRITE(42, Message.Write.class, Senders.SWITCH, false),
    WRITE_ACK(43, Message.WriteAck.class, Senders.SERVER, false),
    SERVER_SEAL_REPLY(44, Message.ServerSealReply.class, Senders.SERVER, false),
    FENCE(45, Message.Fence.class, Senders.SWITCH, false),
    FENCE_ACK(46, Message.FenceAck.class, Senders.SERVER, false),
    SERVER_TRIM(47, Message.ServerTrim.class, Senders.SWITCH, false),
    TRIM_ACK(48, Message.TrimAck.class, Senders.SERVER, false),
    // damaged and wiped disks (issue 19): relearn and repair, server <-> server and server <-> switch
    /** From a relearning server to the other servers of its set and to every switch. */
    RELEARN_QUERY(50, Message.RelearnQuery.class, Senders.SERVER, false),
    RELEARN_SERVER_REPLY(51, Message.RelearnServerReply.class, Senders.SERVER, false),
    RELEARN_SWITCH_REPLY(52, Message.RelearnSwitchReply.class, Senders.SWITCH, false),
    REPAIR_READ(53, Message.RepairRead.class, Senders.SERVER, false),
    REPAIR_REPLY(54, Message.RepairReply.class, Senders.SERVER, false),
    // bounded seal replies (issue 19): a coordinator asks a server for the next page of its reply
    SEAL_PAGE(55, Message.SealPage.class, Senders.SWITCH, false),
    // pre-vote (issue 19, item 3): switch <-> replica set 0
    RING_ALIVE(56, Message.RingAlive.class, Senders.SWITCH, false),
    PRE_VOTE(57, Message.PreVote.class, Senders.SWITCH, false),
    PRE_VOTE_REPLY(58, Message.PreVoteReply.class, Senders.SERVER, false),
    // wire version 6 (issue 21, batching): several messages of one sender to one receiver in one
    // frame; no kernel record of its own (the receiver gets the messages, in order)
    BATCH(60, null, Senders.SWITCH | Senders.SERVER | Senders.CLIENT, false),
    // wire version 7 (issue 21, merged messages): one step's Assigns, Writes or WriteAcks to one
    // receiver, their shared fields once (Message.Merged; each member is handled as if alone)
    ASSIGNS(61, Message.Assigns.class, Senders.SWITCH, false),
    WRITES(62, Message.Writes.class, Senders.SWITCH, false),
    WRITE_ACKS(63, Message.WriteAcks.class, Senders.SERVER, false),
    // wire version 8 (issue 21, several appends per client request): one step's appends of a
    // client to one switch, and a leader's answers to one client
    APPEND_REQUESTS(64, Message.AppendRequests.class, Senders.CLIENT, false),
    APPEND_REPLIES(65, Message.AppendReplies.class, Senders.SWITCH, true);

    private static final MessageType[] BY_CODE = new MessageType[256];
    private static final java.util.Map<Class<?>, MessageType> BY_CLASS = new java.util.HashMap<>();

    static {
        for (MessageType t : values()) {
            assert BY_CODE[t.code] == null : "two message types share code " + t.code;
            BY_CODE[t.code] = t;
            if (t.recordClass != null) {
                BY_CLASS.put(t.recordClass, t);
            }
        }
    }

    private final int code;
    private final Class<? extends Message> recordClass;
    private final int senderKinds;
    private final boolean toClient;

    MessageType(int code, Class<? extends Message> recordClass, int senderKinds, boolean toClient) {
        this.code = code;
        this.recordClass = recordClass;
        this.senderKinds = senderKinds;
        this.toClient = toClient;
    }

    /** The type byte on the wire. */
    public int code() {
        return code;
    }

    /** The kernel record this type carries; null for {@link #BATCH}, which carries several. */
    public Class<? extends Message> recordClass() {
        return recordClass;
    }

    /**
     * True if a frame of this type travels to a client (keyed with the client's key). A
     * {@link #BATCH} says false: it is keyed as the messages it carries are, all alike.
     */
    public boolean toClient() {
        return toClient;
    }

    /** True if a node of {@code kind} may send this type. */
    public boolean sentBy(NodeKind kind) {
        return (senderKinds & kind.bit) != 0;
    }

    /** The type of code {@code code}, or null if no type has it (the decoder counts it UNKNOWN_TYPE). */
    public static MessageType ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** The merged type whose members are of this type (ASSIGNS for ASSIGN, ...), or null. */
    public MessageType merged() {
        return switch (this) {
            case ASSIGN -> ASSIGNS;
            case WRITE -> WRITES;
            case WRITE_ACK -> WRITE_ACKS;
            case APPEND_REQUEST -> APPEND_REQUESTS;
            case APPEND_REPLY -> APPEND_REPLIES;
            default -> null;
        };
    }

    /** The type of {@code message}. */
    public static MessageType of(Message message) {
        MessageType t = BY_CLASS.get(message.getClass());
        if (t == null) {
            throw new IllegalStateException("no wire type for " + message.getClass().getName());
        }
        return t;
    }

    /** Sender-kind bit masks. */
    private static final class Senders {
        static final int SWITCH = 1;
        static final int SERVER = 2;
        static final int CLIENT = 4;
    }

    /** The kind of a node, as the header's sender-kind byte names it. */
    public enum NodeKind {
        SWITCH(1, Senders.SWITCH),
        SERVER(2, Senders.SERVER),
        CLIENT(3, Senders.CLIENT);

        private final int code;
        private final int bit;

        NodeKind(int code, int bit) {
            this.code = code;
            this.bit = bit;
        }

        /** The header's sender-kind byte. */
        public int code() {
            return code;
        }

        /** The kind of code {@code code}, or null. */
        public static NodeKind ofCode(int code) {
            for (NodeKind k : values()) {
                if (k.code == code) {
                    return k;
                }
            }
            return null;
        }
    }
}
