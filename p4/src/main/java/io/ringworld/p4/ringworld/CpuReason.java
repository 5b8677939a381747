package io.ringworld.p4.ringworld;

/**
 * Why the data plane sent a packet to the CPU port: the packet_in header's reason, as
 * {@code ringworld.p4} defines {@code REASON_*}. Every frame the switch receives reaches the CPU
 * exactly once: as a {@link #MIRROR} if the fast path took it, else with the reason it did not.
 * The agent hands each to the kernel's switch role (or its decoder, which rejects and counts
 * what is malformed).
 */
public enum CpuReason {
    /**
     * Not a fast-path message (everything but APPEND_REQUEST, TOKEN, ASSIGN and WRITE_ACK), an
     * APPEND_REQUEST the data plane does not take (a negative request id, a frame the
     * decoder might reject, sequencing off), or a waiting append when sequencing was turned off.
     */
    SLOW_PATH(1),
    /** A fast-path message of a view the data plane is not installed for (or sealed). */
    NOT_IN_VIEW(2),
    /** A frame the kernel's decoder would reject (sender, key id, length, field). */
    MALFORMED(3),
    /** The MAC does not match under the cluster key. */
    BAD_MAC(4),
    /** An ASSIGN of an index below the commit index, junk-filled or already committed. */
    ASSIGN_SEEN(5),
    /** A WRITE_ACK that refuses (the server promised a later view). */
    ACK_REFUSED(6),
    /** A WRITE_ACK from a server outside the index's replica set. */
    ACK_NOT_OF_SET(7),
    /** The status map's bound was broken, or one index assigned twice: the agent halts. */
    INVARIANT(9),
    /** An index committed whose client has no route or key in the data plane. */
    NO_CLIENT(10),
    /**
     * A copy of a frame the fast path took, as received: the agent steps its kernel on it and
     * drops the kernel's WRITEs and APPEND_REPLYs of that step, which the data plane sent.
     */
    MIRROR(11),
    /** An APPEND_REQUEST addressed to another life or dedup epoch of the switch: the kernel refuses it. */
    APPEND_STALE(12),
    /** An APPEND_REQUEST from a client whose dedup window the data plane does not hold (yet). */
    NEW_CLIENT(13),
    /** An APPEND_REQUEST 64 or more ids below the client's highest: the kernel refuses it. */
    DEDUP_TOO_OLD(14),
    /** An APPEND_REQUEST when the queue is full: the kernel answers Busy (its id is marked seen). */
    BUSY(15),
    /** An ASSIGN of an index another switch of the ring leads ({@code i mod n}, from the residue tables). */
    NOT_LEADER(16),
    /**
     * A TOKEN the data plane does not pass: the agent set token_off (a visit would do more than
     * sequence and pass), or it is of another view, from another switch, a copy of a hop visited
     * already, with switches admitted or other trim points than the switch's.
     */
    TOKEN(17);

    private final int code;

    CpuReason(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The reason of a packet_in code; throws naming the code if the program sent another. */
    public static CpuReason of(int code) {
        for (CpuReason r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        throw new IllegalArgumentException("no packet_in reason has code " + code);
    }
}
