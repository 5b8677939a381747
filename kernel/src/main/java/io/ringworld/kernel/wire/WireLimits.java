package io.ringworld.kernel.wire;

/**
 * The maxima a decoder checks every length and count against before it allocates anything. A
 * frame over any of them is rejected and counted ({@link RejectReason}); an encoder refuses to
 * produce one. Both ends of a link must use limits at least as large as what the other sends.
 *
 * @param frameBytesMax          a whole frame, header to last payload byte
 * @param payloadBytesMax        one payload (a client's sealed payload: 8 bytes of tag and
 *                               writer plus the application's bytes)
 * @param sealReplyEntriesMax    entries in one ServerSealReply
 * @param ringSwitchesMax        switches in an Install's ring and joined list (and its incarnations), and in a token's joined list
 * @param replicasMax            servers named in a ReadRedirect
 * @param unknownRangesMax       unknown index ranges in one ServerSealReply (a damaged server's;
 *                               the kernel reports at most 64)
 */
public record WireLimits(int frameBytesMax, int payloadBytesMax, int sealReplyEntriesMax, int ringSwitchesMax,
                         int replicasMax, int unknownRangesMax) {
    /** Defaults: 1 MiB payloads, 4,096 entries per seal reply, rings of 1,024 switches, 64 unknown ranges. */
    public static final WireLimits DEFAULT = new WireLimits(64 << 20, 1 << 20, 4096, 1024, 64, 64);

    /** Limits with the default bound on unknown ranges (64). */
    public WireLimits(int frameBytesMax, int payloadBytesMax, int sealReplyEntriesMax, int ringSwitchesMax,
                      int replicasMax) {
        this(frameBytesMax, payloadBytesMax, sealReplyEntriesMax, ringSwitchesMax, replicasMax, 64);
    }

    public WireLimits {
        if (payloadBytesMax < 0 || payloadBytesMax > WireFormat.PAYLOAD_LENGTH_MASK) {
            throw new IllegalArgumentException("payloadBytesMax must be in 0.." + WireFormat.PAYLOAD_LENGTH_MASK
                    + ", got " + payloadBytesMax);
        }
        if (frameBytesMax < WireFormat.HEADER_BYTES + WireFormat.MAC_BYTES) {
            throw new IllegalArgumentException("frameBytesMax must be >= "
                    + (WireFormat.HEADER_BYTES + WireFormat.MAC_BYTES) + ", got " + frameBytesMax);
        }
        if (sealReplyEntriesMax < 0 || ringSwitchesMax < 1 || replicasMax < 1 || unknownRangesMax < 0) {
            throw new IllegalArgumentException("counts must be positive: sealReplyEntriesMax=" + sealReplyEntriesMax
                    + ", ringSwitchesMax=" + ringSwitchesMax + ", replicasMax=" + replicasMax
                    + ", unknownRangesMax=" + unknownRangesMax);
        }
    }
}
