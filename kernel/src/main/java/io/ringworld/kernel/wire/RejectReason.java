package io.ringworld.kernel.wire;

/** Why a decoder rejected a frame; each is counted ({@link WireDecoder#rejected(RejectReason)}). */
public enum RejectReason {
    /** Fewer bytes than a header. */
    TRUNCATED_HEADER,
    /** The first two bytes are not "RW": not a RingWorld frame. */
    BAD_MAGIC,
    /** A wire version this codec does not speak. */
    UNKNOWN_VERSION,
    /** A type byte no message has. */
    UNKNOWN_TYPE,
    /** The header's lengths disagree with the frame's size. */
    LENGTH_MISMATCH,
    /** The frame is larger than {@link WireLimits#frameBytesMax()}. */
    FRAME_TOO_LARGE,
    /** A payload is larger than {@link WireLimits#payloadBytesMax()}. */
    PAYLOAD_TOO_LARGE,
    /** A list (seal-reply entries, ring, replicas) is longer than its limit. */
    TOO_MANY_ENTRIES,
    /** The sender kind is unknown, may not send this type, or the message names another sender. */
    BAD_SENDER,
    /** The key id names a key this node does not hold. */
    UNKNOWN_KEY,
    /** The key id is one the sender may not use for this type (a client with the cluster key, ...). */
    KEY_NOT_ALLOWED,
    /** The MAC does not match: forged, altered or keyed with another key. */
    BAD_MAC,
    /** A sealed payload's end-to-end tag does not match its bytes and writer. */
    BAD_PAYLOAD_TAG,
    /** A sealed payload's writer has no key here, and this decoder requires every tag checked. */
    UNKNOWN_PAYLOAD_WRITER,
    /** The body ends inside a field, or a field's value is invalid (negative index, bad enum, ...). */
    BAD_FIELD,
    /** Bytes left over in the body or the payload section after the message. */
    TRAILING_BYTES
}
