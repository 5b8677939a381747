package io.ringworld.kernel.server;

/**
 * The log indices {@code first..last}, both included ({@code last} may be {@link Long#MAX_VALUE}:
 * every index from {@code first} on). Used by a durable store to say which indices it cannot
 * vouch for after recovery.
 */
public record IndexRange(long first, long last) {
    public IndexRange {
        if (first < 1 || last < first) {
            throw new IllegalArgumentException("index range needs 1 <= first <= last, got " + first + ".." + last);
        }
    }

    public boolean contains(long index) {
        return index >= first && index <= last;
    }

    @Override
    public String toString() {
        return last == Long.MAX_VALUE ? first + ".." : first + ".." + last;
    }
}
