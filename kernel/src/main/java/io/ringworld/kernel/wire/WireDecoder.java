package io.ringworld.kernel.wire;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.message.Message;

/**
 * Decodes RingWorld frames into kernel messages. Order of checks: header, lengths against the
 * limits and the frame's size, sender kind, key id, MAC (nothing unauthenticated is parsed),
 * body (every count and length checked before allocation), named sender, sealed payloads. Never
 * throws: every refusal is a {@link Decoded.Rejected}, counted by reason. One decoder per thread
 * (the counters are plain fields); pure.
 */
public final class WireDecoder {
    /** Which sealed-payload tags a decoder checks. */
    public enum PayloadCheck {
        /** None (a switch data plane, or tests of unsealed payloads). */
        NONE,
        /** Those whose writer's key this node holds (a client reading others' entries). */
        KNOWN_WRITERS,
        /**
         * Those a client sends (its appends: each sealed by that client, its key held here), not
         * those a switch or a server forwards (an Assign, a seal reply): a software switch. The
         * servers that store an entry check its payload (ALL), which is what keeps a switch from
         * altering one unseen, as it keeps a switch data plane that checks none; a second check
         * at the leader switch added nothing to that and cost a third of a switch's CPU samples
         * under load (issue 21's profile).
         */
        FROM_CLIENTS,
        /** All: a payload of a writer without a key here is rejected (log servers). */
        ALL
    }

    private final Keyring keys;
    private final WireLimits limits;
    private final PayloadCheck payloadCheck;
    private final long[] rejected = new long[RejectReason.values().length];
    private long accepted;
    /**
     * False only in the codec's own tests: the fuzz target turns the MAC off to reach the body
     * parser with mutated bytes, and the planted-bug test shows the forgery test notices.
     */
    boolean verifyMac = true;

    public WireDecoder(Keyring keys, WireLimits limits, PayloadCheck payloadCheck) {
        this.keys = keys;
        this.limits = limits;
        this.payloadCheck = payloadCheck;
    }

    public Decoded decode(byte[] frame) {
        return decode(frame, 0, frame.length);
    }

    /** Decodes the frame {@code buf[offset, offset + length)}. */
    public Decoded decode(byte[] buf, int offset, int length) {
        try {
            Decoded.Ok ok = decodeOrThrow(buf, offset, length);
            accepted++;
            return ok;
        } catch (Malformed m) {
            return reject(m.reason, m.getMessage());
        } catch (RuntimeException e) {
            // A kernel record refused a value the body checks let through: still the peer's input.
            return reject(RejectReason.BAD_FIELD, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /**
     * For stream transports: the whole frame's size from its first {@code available} bytes, or
     * -1 if fewer than a header are there yet. A header that is not a RingWorld v1 frame, or a
     * frame over the limit, is counted and returns -2: the stream cannot be resynchronised and
     * the host closes the connection (nothing is allocated for the frame).
     */
    public long frameBytes(byte[] buf, int offset, int available) {
        if (available < WireFormat.HEADER_BYTES) {
            return -1;
        }
        try {
            return checkedFrameBytes(buf, offset);
        } catch (Malformed m) {
            reject(m.reason, m.getMessage());
            return -2;
        }
    }

    /** Frames accepted so far. */
    public long accepted() {
        return accepted;
    }

    /** Frames rejected so far for {@code reason}. */
    public long rejected(RejectReason reason) {
        return rejected[reason.ordinal()];
    }

    /** Frames rejected so far, for every reason. */
    public long rejectedTotal() {
        long sum = 0;
        for (long n : rejected) {
            sum += n;
        }
        return sum;
    }

    public WireLimits limits() {
        return limits;
    }

    private Decoded.Rejected reject(RejectReason reason, String detail) {
        rejected[reason.ordinal()]++;
        return new Decoded.Rejected(reason, detail);
    }

    private Decoded.Ok decodeOrThrow(byte[] buf, int off, int len) {
        if (off < 0 || len < 0 || off > buf.length - len) {
            throw new IllegalArgumentException("range [" + off + ", " + off + "+" + len + ") of " + buf.length);
        }
        if (len < WireFormat.HEADER_BYTES) {
            throw new Malformed(RejectReason.TRUNCATED_HEADER, len + " bytes, a header is " + WireFormat.HEADER_BYTES);
        }
        long frameBytes = checkedFrameBytes(buf, off);
        if (frameBytes != len) {
            throw new Malformed(RejectReason.LENGTH_MISMATCH, "the header says " + frameBytes
                    + " bytes, the frame has " + len);
        }
        MessageType type = MessageType.ofCode(buf[off + 3] & 0xff);
        if (type == null) {
            throw new Malformed(RejectReason.UNKNOWN_TYPE, "type " + (buf[off + 3] & 0xff));
        }
        NodeId sender = sender(buf, off, type);
        int bodyBytes = BodyReader.getInt(buf, off + 16);
        int keyId = checkMac(buf, off, type, sender, bodyBytes);
        int bodyEnd = off + WireFormat.HEADER_BYTES + bodyBytes;
        BodyReader r = new BodyReader(buf, off + WireFormat.HEADER_BYTES, bodyEnd, bodyEnd + WireFormat.MAC_BYTES,
                off + len, limits);
        if (type == MessageType.BATCH) {
            java.util.List<Message> batch = readBatch(r, sender, keyId);
            r.expectEnd();
            checkPayloadTags(buf, r, sender);
            return new Decoded.Ok(sender, batch);
        }
        Message m = readBody(type, r);
        r.expectEnd();
        checkNamedSender(type, sender, m);
        checkPayloadTags(buf, r, sender);
        return new Decoded.Ok(sender, m);
    }

    /**
     * A BATCH body (authenticated by now): a count of 2 to {@link WireFormat#BATCH_MESSAGES_MAX}
     * (each message takes at least its 4-byte type, checked against the body's bytes before the
     * list is allocated), then each message's type and body. Each message must be one its sender
     * may send, keyed as its type requires (the frame's one key id serves all), naming the
     * header's sender; a batch inside a batch is refused.
     */
    private static java.util.List<Message> readBatch(BodyReader r, NodeId sender, int keyId) {
        int n = r.count(WireFormat.BATCH_MESSAGES_MAX, 4, "batch");
        if (n < 2) {
            throw new Malformed(RejectReason.BAD_FIELD, "a batch of " + n + " messages (at least 2)");
        }
        MessageType.NodeKind kind = WireEncoder.kindOf(sender);
        java.util.List<Message> out = new java.util.ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            int code = r.i32("a batch's type field"); // (no name built per message: it is read for every one)
            MessageType type = MessageType.ofCode(code);
            if (type == null || type == MessageType.BATCH) {
                throw new Malformed(RejectReason.UNKNOWN_TYPE, "batch[" + k + "] has type " + code
                        + (type == MessageType.BATCH ? " (a batch inside a batch)" : ""));
            }
            if (!type.sentBy(kind)) {
                throw new Malformed(RejectReason.BAD_SENDER, "batch[" + k + "]: a " + kind + " does not send " + type);
            }
            if (!(sender instanceof ClientId) && type.toClient() != (keyId != WireFormat.CLUSTER_KEY_ID)) {
                throw new Malformed(RejectReason.KEY_NOT_ALLOWED, "batch[" + k + "]: " + sender + " may not sign "
                        + type + " with key id " + keyId);
            }
            Message m = readBody(type, r);
            checkNamedSender(type, sender, m);
            out.add(m);
        }
        return out;
    }

    /** Magic, version, reserved byte, lengths against the limit; the frame's total size. */
    private long checkedFrameBytes(byte[] buf, int off) {
        int magic = (buf[off] & 0xff) << 8 | (buf[off + 1] & 0xff);
        if (magic != WireFormat.MAGIC) {
            throw new Malformed(RejectReason.BAD_MAGIC, String.format("magic 0x%04x", magic));
        }
        if ((buf[off + 2] & 0xff) != WireFormat.VERSION) {
            throw new Malformed(RejectReason.UNKNOWN_VERSION, "version " + (buf[off + 2] & 0xff)
                    + ", this codec speaks " + WireFormat.VERSION);
        }
        if (buf[off + 5] != 0) {
            throw new Malformed(RejectReason.BAD_FIELD, "reserved header byte is " + (buf[off + 5] & 0xff));
        }
        long bodyBytes = BodyReader.getInt(buf, off + 16) & 0xffff_ffffL;
        long payloadBytes = BodyReader.getInt(buf, off + 20) & 0xffff_ffffL;
        long frameBytes = WireFormat.HEADER_BYTES + bodyBytes + WireFormat.MAC_BYTES + payloadBytes;
        if (frameBytes > limits.frameBytesMax()) {
            throw new Malformed(RejectReason.FRAME_TOO_LARGE, "frame of " + frameBytes + " bytes, the limit is "
                    + limits.frameBytesMax());
        }
        return frameBytes;
    }

    private static NodeId sender(byte[] buf, int off, MessageType type) {
        MessageType.NodeKind kind = MessageType.NodeKind.ofCode(buf[off + 4] & 0xff);
        int member = (buf[off + 6] & 0xff) << 8 | (buf[off + 7] & 0xff);
        int index = BodyReader.getInt(buf, off + 8);
        if (kind == null || index < 0 || (kind != MessageType.NodeKind.SERVER && member != 0)) {
            throw new Malformed(RejectReason.BAD_SENDER, "sender kind " + (buf[off + 4] & 0xff) + ", index "
                    + index + ", member " + member);
        }
        if (!type.sentBy(kind)) {
            throw new Malformed(RejectReason.BAD_SENDER, "a " + kind + " does not send " + type);
        }
        return switch (kind) {
            case SWITCH -> new SwitchId(index);
            case SERVER -> new ServerId(index, member);
            case CLIENT -> new ClientId(index);
        };
    }

    /**
     * The key id must be one the sender may use for the type, and held here; then the MAC.
     * Returns the key id. A member's BATCH may use the cluster key or a client's: which one its
     * messages need is checked as they are read ({@link #readBatch}), after the MAC.
     */
    private int checkMac(byte[] buf, int off, MessageType type, NodeId sender, int bodyBytes) {
        int keyId = BodyReader.getInt(buf, off + 12);
        boolean allowed;
        if (sender instanceof ClientId c) {
            allowed = keyId == WireFormat.clientKeyId(c.index());
        } else if (type == MessageType.BATCH) {
            allowed = keyId >= 0;
        } else {
            allowed = type.toClient() ? keyId > 0 : keyId == WireFormat.CLUSTER_KEY_ID;
        }
        if (!allowed) {
            throw new Malformed(RejectReason.KEY_NOT_ALLOWED, sender + " may not sign " + type + " with key id " + keyId);
        }
        WireKey key = keys.key(keyId);
        if (key == null) {
            throw new Malformed(RejectReason.UNKNOWN_KEY, "key id " + keyId + " is not held here");
        }
        int macAt = off + WireFormat.HEADER_BYTES + bodyBytes;
        if (verifyMac && HalfSipHash.littleEndianInt(buf, macAt) != key.mac(buf, off, macAt - off)) {
            throw new Malformed(RejectReason.BAD_MAC, type + " from " + sender + ": MAC mismatch");
        }
        return keyId;
    }

    private static Message readBody(MessageType type, BodyReader r) {
        if (type.code() < 30) {
            return ClientBodies.read(type, r);
        }
        if (type.code() >= MergedBodies.FIRST_CODE) {
            return MergedBodies.read(type, r);
        }
        if (type.code() >= PreVoteBodies.FIRST_CODE) {
            return PreVoteBodies.read(type, r);
        }
        return type.code() < 40 ? RingBodies.read(type, r)
                : type.code() < 50 ? ServerBodies.read(type, r) : RepairBodies.read(type, r);
    }

    /**
     * A message that names its sender must name the header's (the MAC vouches for the header).
     * A switch forwarding a client's ReadRequest keeps the client's name in it.
     */
    private static void checkNamedSender(MessageType type, NodeId sender, Message m) {
        NodeId named = type.code() >= MergedBodies.FIRST_CODE ? MergedBodies.namedSender(m)
                : type.code() >= PreVoteBodies.FIRST_CODE ? PreVoteBodies.namedSender(m)
                : type.code() < 30 ? ClientBodies.namedSender(m)
                : type.code() < 40 ? RingBodies.namedSender(m)
                : type.code() < 50 ? ServerBodies.namedSender(m) : RepairBodies.namedSender(m);
        boolean forwarded = type == MessageType.READ_REQUEST && sender instanceof SwitchId;
        if (named != null && !forwarded && !named.equals(sender)) {
            throw new Malformed(RejectReason.BAD_SENDER, type + " names " + named + " but comes from " + sender);
        }
    }

    /**
     * Every payload's end-to-end tag. A client sends payloads only in its appends, so each must
     * be sealed by that client (in a batch of appends too).
     */
    private void checkPayloadTags(byte[] buf, BodyReader r, NodeId sender) {
        if (payloadCheck == PayloadCheck.NONE || (payloadCheck == PayloadCheck.FROM_CLIENTS && !(sender instanceof ClientId))) {
            return;
        }
        for (int k = 0; k < r.payloadCount; k++) {
            int at = r.payloadSpans[2 * k];
            int length = r.payloadSpans[2 * k + 1];
            if (length < SealedPayload.OVERHEAD_BYTES) {
                throw new Malformed(RejectReason.BAD_PAYLOAD_TAG, "payload of " + length + " bytes is not sealed");
            }
            int writer = SealedPayload.writerAt(buf, at);
            if (sender instanceof ClientId c && writer != c.index()) {
                throw new Malformed(RejectReason.BAD_PAYLOAD_TAG, sender + " appends a payload sealed by writer "
                        + writer);
            }
            WireKey key = writer >= 0 ? keys.clientKey(writer) : null;
            if (key == null) {
                if (payloadCheck != PayloadCheck.KNOWN_WRITERS) {
                    throw new Malformed(RejectReason.UNKNOWN_PAYLOAD_WRITER, "no key for payload writer " + writer);
                }
                continue;
            }
            if (!SealedPayload.tagMatches(buf, at, length, key)) {
                throw new Malformed(RejectReason.BAD_PAYLOAD_TAG, "payload of writer " + writer + ": tag mismatch");
            }
        }
    }
}
