package io.ringworld.kernel.wire;

import io.ringworld.kernel.Payload;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;

/**
 * Reads a frame's body big-endian, and its payloads from the payload section, checking every
 * length and count against the limits and against the bytes actually present before anything
 * is allocated. Throws {@link Malformed}, which the decoder turns into a counted rejection.
 */
final class BodyReader {
    private final byte[] buf;
    private int pos;
    private final int end;
    private int payloadPos;
    private final int payloadEnd;
    private final WireLimits limits;
    /** Offset and length in {@code buf} of each non-junk payload read, for the tag check. */
    int[] payloadSpans = new int[4];
    int payloadCount;

    BodyReader(byte[] buf, int bodyStart, int bodyEnd, int payloadStart, int payloadEnd, WireLimits limits) {
        this.buf = buf;
        this.pos = bodyStart;
        this.end = bodyEnd;
        this.payloadPos = payloadStart;
        this.payloadEnd = payloadEnd;
        this.limits = limits;
    }

    private void need(int bytes, String field) {
        if (end - pos < bytes) {
            throw new Malformed(RejectReason.BAD_FIELD, "body ends inside " + field);
        }
    }

    int i32(String field) {
        need(4, field);
        int v = getInt(buf, pos);
        pos += 4;
        return v;
    }

    long i64(String field) {
        need(8, field);
        long v = getLong(buf, pos);
        pos += 8;
        return v;
    }

    /** A long that must be {@code >= min} (indices, prefixes, ids on the wire). */
    long i64AtLeast(long min, String field) {
        long v = i64(field);
        if (v < min) {
            throw new Malformed(RejectReason.BAD_FIELD, field + " is " + v + ", below " + min);
        }
        return v;
    }

    int u31(String field) {
        int v = i32(field);
        if (v < 0) {
            throw new Malformed(RejectReason.BAD_FIELD, field + " is negative: " + v);
        }
        return v;
    }

    boolean bool(String field) {
        int v = i32(field);
        if (v != 0 && v != 1) {
            throw new Malformed(RejectReason.BAD_FIELD, field + " is " + v + ", not a boolean (0 or 1)");
        }
        return v == 1;
    }

    View view(String field) {
        // the field names of the two parts are built only for an error: a view is read per message
        need(12, field);
        long epoch = getLong(buf, pos);
        int coordinator = getInt(buf, pos + 8);
        pos += 12;
        if (epoch < 0 || coordinator < -1 || (coordinator == -1 && epoch != 0)) {
            throw new Malformed(RejectReason.BAD_FIELD, field + " is not a view: epoch " + epoch
                    + ", coordinator " + coordinator);
        }
        return coordinator == View.NONE.coordinator() && epoch == View.NONE.epoch() ? View.NONE
                : new View(epoch, coordinator);
    }

    /** A view, or null where the writer had none (epoch -1, coordinator 0). */
    View viewOrNull(String field) {
        need(12, field);
        long epoch = getLong(buf, pos);
        if (epoch != -1) {
            return view(field);
        }
        pos += 8;
        if (i32(field + ".coordinator") != 0) {
            throw new Malformed(RejectReason.BAD_FIELD, field + ": an absent view has coordinator 0");
        }
        return null;
    }

    SwitchId switchId(String field) {
        return new SwitchId(u31(field));
    }

    ServerId serverId(String field) {
        int set = u31(field + ".replicaSet");
        int member = u31(field + ".member");
        return new ServerId(set, member);
    }

    /** A list count, checked against its limit and against the bytes left for its elements. */
    int count(int max, int minElementBytes, String field) {
        int n = i32(field + ".count");
        if (n < 0 || n > max) {
            throw new Malformed(RejectReason.TOO_MANY_ENTRIES, field + " has " + (n & 0xffff_ffffL)
                    + " elements, the limit is " + max);
        }
        if ((long) n * minElementBytes > end - pos) {
            throw new Malformed(RejectReason.BAD_FIELD, field + " claims " + n + " elements, the body has "
                    + (end - pos) + " bytes left");
        }
        return n;
    }

    /** A payload: its descriptor here, its bytes from the payload section (or null if absent). */
    Payload payload(String field) {
        int word = i32(field);
        int length = word & WireFormat.PAYLOAD_LENGTH_MASK;
        int flags = word & ~WireFormat.PAYLOAD_LENGTH_MASK;
        if (flags == WireFormat.PAYLOAD_ABSENT_BIT || flags == WireFormat.PAYLOAD_JUNK_BIT) {
            if (length != 0) {
                throw new Malformed(RejectReason.BAD_FIELD, field + ": an absent or junk payload has length "
                        + length);
            }
            return flags == WireFormat.PAYLOAD_JUNK_BIT ? Payload.JUNK : null;
        }
        if (flags != 0) {
            throw new Malformed(RejectReason.BAD_FIELD, field + ": both the junk and the absent bit are set");
        }
        if (length > limits.payloadBytesMax()) {
            throw new Malformed(RejectReason.PAYLOAD_TOO_LARGE, field + " has " + length
                    + " bytes, the limit is " + limits.payloadBytesMax());
        }
        if (length > payloadEnd - payloadPos) {
            throw new Malformed(RejectReason.LENGTH_MISMATCH, field + " has " + length
                    + " bytes, the payload section has " + (payloadEnd - payloadPos) + " left");
        }
        Payload p = Payload.ofRange(buf, payloadPos, length);
        if (2 * payloadCount + 2 > payloadSpans.length) {
            payloadSpans = java.util.Arrays.copyOf(payloadSpans, 2 * payloadSpans.length);
        }
        payloadSpans[2 * payloadCount] = payloadPos;
        payloadSpans[2 * payloadCount + 1] = length;
        payloadCount++;
        payloadPos += length;
        return p;
    }

    /** A payload that must be there (every payload but a read reply's). */
    Payload presentPayload(String field) {
        Payload p = payload(field);
        if (p == null) {
            throw new Malformed(RejectReason.BAD_FIELD, field + " is absent");
        }
        return p;
    }

    WireLimits limits() {
        return limits;
    }

    /** Every body and payload byte was read (a longer frame hides something the MAC vouched for). */
    void expectEnd() {
        if (pos != end) {
            throw new Malformed(RejectReason.TRAILING_BYTES, (end - pos) + " body bytes after the message");
        }
        if (payloadPos != payloadEnd) {
            throw new Malformed(RejectReason.TRAILING_BYTES, (payloadEnd - payloadPos)
                    + " payload-section bytes after the message's payloads");
        }
    }

    static long getLong(byte[] b, int at) {
        return ((long) getInt(b, at) << 32) | (getInt(b, at + 4) & 0xffff_ffffL);
    }

    static int getInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }
}
