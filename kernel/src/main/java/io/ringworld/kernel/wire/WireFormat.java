package io.ringworld.kernel.wire;

/**
 * The frame layout's constants (docs/wire-format.md has the whole layout). Every frame:
 * <pre>
 *  0  u16 magic 0x5257 ("RW")     2  u8 version        3  u8 type (MessageType)
 *  4  u8  sender kind              5  u8 reserved (0)   6  u16 sender member (servers)
 *  8  u32 sender index            12  u32 key id (0: the cluster key; c + 1: client c's key)
 * 16  u32 body bytes              20  u32 payload bytes
 * 24  body (fixed fields, counts, payload descriptors), then
 *     u32 MAC: HalfSipHash-2-4 of bytes [0, 24 + body bytes) under the key named by key id, then
 *     the payload section (the payloads' bytes, in body order)
 * </pre>
 * Integers are big-endian (network order); the MAC's four bytes are the tag bytes in the order
 * the HalfSipHash reference emits them. A {@code BATCH} frame (type 60) carries 2 to
 * {@link #BATCH_MESSAGES_MAX} messages of one sender to one receiver: its body is a count, then
 * each message's type code (u32) and body, and its payload section holds all their payloads in
 * body order; one MAC covers them all.
 */
public final class WireFormat {
    /** "RW". */
    public static final int MAGIC = 0x5257;
    /** The only wire version this codec speaks. */
    public static final int VERSION = 8;
    /**
     * Members of one merged message (ASSIGNS, WRITES, WRITE_ACKS, APPEND_REQUESTS, APPEND_REPLIES), at most: a decoder's bound,
     * checked before it allocates the list; the kernel merges no more ({@code Config.MERGED_MEMBERS_MAX}).
     */
    public static final int MERGED_MEMBERS_MAX = 1024;
    /**
     * Messages in one {@code BATCH} frame, at most (a decoder's bound, checked before it
     * allocates the list; a batch has at least 2).
     */
    public static final int BATCH_MESSAGES_MAX = 4096;
    public static final int HEADER_BYTES = 24;
    public static final int MAC_BYTES = 4;
    /** A payload descriptor's bit for {@code Payload.JUNK}. */
    public static final int PAYLOAD_JUNK_BIT = 0x8000_0000;
    /** A payload descriptor's bit for "no payload" (a read reply that is not OK). */
    public static final int PAYLOAD_ABSENT_BIT = 0x4000_0000;
    /** A payload descriptor's length bits. */
    public static final int PAYLOAD_LENGTH_MASK = 0x3fff_ffff;
    /** The key id of the cluster key; client {@code c} signs with key id {@code c + 1}. */
    public static final int CLUSTER_KEY_ID = 0;

    private WireFormat() {
    }

    /** The key id of client {@code clientIndex}'s key. */
    public static int clientKeyId(int clientIndex) {
        return clientIndex + 1;
    }
}
