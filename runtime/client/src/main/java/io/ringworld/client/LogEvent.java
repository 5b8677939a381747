package io.ringworld.client;

/** What a subscription delivers, in index order. */
public sealed interface LogEvent {
    /** The committed entry at {@code index}: its writer's client index and the bytes it appended. */
    record Entry(long index, int writer, byte[] data) implements LogEvent {
    }

    /** Indices {@code [fromIndex, toIndex)} were trimmed before the subscription reached them. */
    record Trimmed(long fromIndex, long toIndex) implements LogEvent {
    }
}
