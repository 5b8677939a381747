package io.ringworld.kernel.wire;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.message.Message;
import java.util.Arrays;

/**
 * Encodes kernel messages as RingWorld frames (docs/wire-format.md), MAC included. Keys: a
 * client signs with its own key; a cluster member signs what it sends to a client with that
 * client's key and everything else with the cluster key. One encoder per thread (it reuses one
 * buffer); pure: no I/O, no clock.
 */
public final class WireEncoder {
    private final Keyring keys;
    private final WireLimits limits;
    private final BodyWriter w = new BodyWriter();

    public WireEncoder(Keyring keys, WireLimits limits) {
        this.keys = keys;
        this.limits = limits;
    }

    /**
     * The frame that carries {@code message} from {@code sender} to {@code to}. Throws
     * IllegalArgumentException if the sender may not send this type, if a key it needs is not
     * in its keyring, or if the frame would break a limit (a peer would reject it): a host bug,
     * never a peer's input.
     */
    public byte[] encode(NodeId sender, NodeId to, Message message) {
        int length = encodeInPlace(sender, to, message);
        return Arrays.copyOf(w.buf, length);
    }

    /** Where {@link #encode(NodeId, NodeId, Message, FrameSink)} hands a frame: its bytes, valid only during the call. */
    @FunctionalInterface
    public interface FrameSink {
        void accept(byte[] frame, int offset, int length);
    }

    /**
     * As {@link #encode(NodeId, NodeId, Message)}, but hands the frame to {@code sink} from the
     * encoder's reused buffer instead of copying it into a new array: a host copies it once, into
     * the buffer it sends from (no array per message on the send path).
     */
    public void encode(NodeId sender, NodeId to, Message message, FrameSink sink) {
        int length = encodeInPlace(sender, to, message);
        sink.accept(w.buf, 0, length);
    }

    /**
     * Encodes {@code messages[from..]} from {@code sender} to {@code to} as one frame and hands
     * it to {@code sink}; returns the index of the first message it did not take. It takes
     * messages in order while the frame stays within {@code frameBytesTarget} and
     * {@link WireFormat#BATCH_MESSAGES_MAX} messages (the first is always taken, alone if it is
     * larger). One message goes as its own type's frame; two or more as a {@code BATCH} frame,
     * which needs them all keyed alike (all to a client, or none: always so for one receiver).
     * A host calls it until it returns {@code messages.size()}. Same errors as
     * {@link #encode(NodeId, NodeId, Message)}.
     */
    public int encodeBatch(NodeId sender, NodeId to, java.util.List<? extends Message> messages, int from,
            int frameBytesTarget, FrameSink sink) {
        if (from < 0 || from >= messages.size()) {
            throw new IllegalArgumentException("from " + from + " of " + messages.size() + " messages");
        }
        int end = from + 1;
        if (messages.size() - from >= 2) {
            end = batchInPlace(sender, to, messages, from, frameBytesTarget);
        }
        if (end == from + 1) {
            encode(sender, to, messages.get(from), sink);
        } else {
            sink.accept(w.buf, 0, w.pos);
        }
        return end;
    }

    /**
     * Writes a BATCH frame of {@code messages[from, end)} into {@code w.buf} for the largest
     * {@code end} within the targets; returns {@code end} ({@code from + 1}: one message, nothing
     * written that counts).
     */
    private int batchInPlace(NodeId sender, NodeId to, java.util.List<? extends Message> messages, int from,
            int frameBytesTarget) {
        MessageType.NodeKind kind = kindOf(sender);
        int keyId = keyIdFor(sender, to, MessageType.of(messages.get(from)));
        WireKey key = keys.key(keyId);
        if (key == null) {
            throw new IllegalArgumentException("no key " + keyId + " to send a batch from " + sender + " to " + to);
        }
        w.reset();
        writeHeader(MessageType.BATCH, sender, kind, keyId);
        int countAt = w.pos;
        w.i32(0);
        int n = 0;
        int end = from;
        while (end < messages.size() && n < WireFormat.BATCH_MESSAGES_MAX) {
            Message m = messages.get(end);
            MessageType type = MessageType.of(m);
            if (!type.sentBy(kind)) {
                throw new IllegalArgumentException("a " + kind + " does not send " + type);
            }
            if (keyIdFor(sender, to, type) != keyId) {
                throw new IllegalArgumentException(type + " to " + to + " is keyed unlike the batch's first message");
            }
            int pos = w.pos;
            int payloadCount = w.payloads.size();
            long payloadBytes = w.payloadBytes;
            w.i32(type.code());
            writeBody(type, m);
            checkPayloads(type, payloadCount);
            checkCounts(type, m);
            long frameBytes = (long) w.pos + WireFormat.MAC_BYTES + w.payloadBytes;
            if (n >= 1 && frameBytes > frameBytesTarget) { // this one waits for the next frame
                w.pos = pos;
                w.payloads.subList(payloadCount, w.payloads.size()).clear();
                w.payloadBytes = payloadBytes;
                break;
            }
            n++;
            end++;
        }
        if (n < 2) {
            return from + 1;
        }
        BodyWriter.putInt(w.buf, countAt, n);
        finishFrame(key, MessageType.BATCH, null);
        return end;
    }

    /** Lengths, limit, MAC and payload section after the body in {@code w}. */
    private void finishFrame(WireKey key, MessageType type, Message message) {
        int bodyBytes = w.pos - WireFormat.HEADER_BYTES;
        long frameBytes = (long) w.pos + WireFormat.MAC_BYTES + w.payloadBytes;
        if (message != null) {
            checkLimits(type, message, frameBytes);
        } else if (frameBytes > limits.frameBytesMax()) {
            throw new IllegalArgumentException(type + " frame of " + frameBytes + " bytes, the limit is "
                    + limits.frameBytesMax());
        }
        BodyWriter.putInt(w.buf, 16, bodyBytes);
        BodyWriter.putInt(w.buf, 20, (int) w.payloadBytes);
        int tag = key.mac(w.buf, 0, w.pos);
        w.ensure(WireFormat.MAC_BYTES + w.payloadBytes);
        SealedPayload.putTag(w.buf, w.pos, tag);
        w.pos += WireFormat.MAC_BYTES;
        for (Payload p : w.payloads) {
            p.copyTo(w.buf, w.pos);
            w.pos += p.size();
        }
        assert w.pos == frameBytes : "frame length " + w.pos + " != " + frameBytes;
    }

    /** Encodes into {@code w.buf}; returns the frame's length. */
    private int encodeInPlace(NodeId sender, NodeId to, Message message) {
        MessageType type = MessageType.of(message);
        MessageType.NodeKind kind = kindOf(sender);
        if (!type.sentBy(kind)) {
            throw new IllegalArgumentException("a " + kind + " does not send " + type);
        }
        int keyId = keyIdFor(sender, to, type);
        WireKey key = keys.key(keyId);
        if (key == null) {
            throw new IllegalArgumentException("no key " + keyId + " to send " + type + " from " + sender + " to " + to);
        }
        w.reset();
        writeHeader(type, sender, kind, keyId);
        writeBody(type, message);
        finishFrame(key, type, message);
        return w.pos;
    }

    /** The key id a frame from {@code sender} to {@code to} of {@code type} is signed with. */
    static int keyIdFor(NodeId sender, NodeId to, MessageType type) {
        if (sender instanceof ClientId c) {
            return WireFormat.clientKeyId(c.index());
        }
        if (type.toClient()) {
            if (!(to instanceof ClientId c)) {
                throw new IllegalArgumentException(type + " goes to a client, not to " + to);
            }
            return WireFormat.clientKeyId(c.index());
        }
        return WireFormat.CLUSTER_KEY_ID;
    }

    private void writeHeader(MessageType type, NodeId sender, MessageType.NodeKind kind, int keyId) {
        w.u16(WireFormat.MAGIC);
        w.u8(WireFormat.VERSION);
        w.u8(type.code());
        w.u8(kind.code());
        w.u8(0);
        if (sender instanceof ServerId s) {
            if (s.member() > 0xffff) {
                throw new IllegalArgumentException("server member " + s.member() + " does not fit 16 bits");
            }
            w.u16(s.member());
            w.i32(s.replicaSet());
        } else {
            w.u16(0);
            w.i32(sender instanceof SwitchId x ? x.index() : ((ClientId) sender).index());
        }
        w.i32(keyId);
        w.i32(0);
        w.i32(0);
        assert w.pos == WireFormat.HEADER_BYTES;
    }

    private void writeBody(MessageType type, Message message) {
        if (type.code() < 30) {
            ClientBodies.write(type, message, w);
        } else if (type.code() < 40) {
            RingBodies.write(type, message, w);
        } else if (type.code() < 50) {
            ServerBodies.write(type, message, w);
        } else if (type.code() >= MergedBodies.FIRST_CODE) {
            MergedBodies.write(type, message, w);
        } else if (type.code() >= PreVoteBodies.FIRST_CODE) {
            PreVoteBodies.write(type, message, w);
        } else {
            RepairBodies.write(type, message, w);
        }
    }

    private void checkLimits(MessageType type, Message message, long frameBytes) {
        if (frameBytes > limits.frameBytesMax()) {
            throw new IllegalArgumentException(type + " frame of " + frameBytes + " bytes, the limit is "
                    + limits.frameBytesMax());
        }
        checkPayloads(type, 0);
        checkCounts(type, message);
    }

    /** Each payload from {@code w.payloads[from]} on is within its limit. */
    private void checkPayloads(MessageType type, int from) {
        for (int k = from; k < w.payloads.size(); k++) {
            Payload p = w.payloads.get(k);
            if (p.size() > limits.payloadBytesMax()) {
                throw new IllegalArgumentException(type + " payload of " + p.size() + " bytes, the limit is "
                        + limits.payloadBytesMax());
            }
        }
    }

    /** The message's lists are within their limits. */
    private void checkCounts(MessageType type, Message message) {
        int count = 0;
        int max = Integer.MAX_VALUE;
        if (message instanceof Message.ServerSealReply r) {
            count = r.entries().size();
            max = limits.sealReplyEntriesMax();
        } else if (message instanceof Message.Install m) {
            count = m.projection().ring().size() + m.joined().size();
            max = limits.ringSwitchesMax();
        } else if (message instanceof Message.Token t) {
            count = t.joined().size();
            max = limits.ringSwitchesMax();
        } else if (message instanceof Message.ReadRedirect r) {
            count = r.replicas().size();
            max = limits.replicasMax();
        }
        if (count > max) {
            throw new IllegalArgumentException(type + " with " + count + " list elements, the limit is " + max);
        }
        if (message instanceof Message.ServerSealReply r && r.unknown().size() > limits.unknownRangesMax()) {
            throw new IllegalArgumentException(type + " with " + r.unknown().size() + " unknown ranges, the limit is "
                    + limits.unknownRangesMax());
        }
    }

    static MessageType.NodeKind kindOf(NodeId node) {
        if (node instanceof SwitchId) {
            return MessageType.NodeKind.SWITCH;
        }
        return node instanceof ServerId ? MessageType.NodeKind.SERVER : MessageType.NodeKind.CLIENT;
    }
}
