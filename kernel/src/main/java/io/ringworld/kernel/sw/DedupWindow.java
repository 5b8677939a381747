package io.ringworld.kernel.sw;

/**
 * What a switch remembers of one client's append ids in its dedup epoch (ClientAppend): the
 * highest request id seen, and a mask whose bit {@code d} is set when id {@code highest - d} was
 * seen (d below 64). An id above {@code highest} is fresh, one 64 or more below it too old to
 * tell. For hosts that keep a copy of the window, as the P4 data plane's agent does. A value.
 */
public record DedupWindow(long highestRequestId, long seenMask) {
    /** The ids a window remembers: {@code highest - 63 .. highest}. */
    public static final int IDS = 64;

    /** Whether {@code requestId} (within the window) was seen. */
    public boolean seen(long requestId) {
        long d = highestRequestId - requestId;
        return d >= 0 && d < IDS && (seenMask & (1L << d)) != 0;
    }
}
