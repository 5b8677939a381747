package io.ringworld.client;

/** What a read of one index found. */
public sealed interface ReadResult {
    long index();

    /** The entry at {@code index}: its writer's client index and the bytes it appended. */
    record Value(long index, int writer, byte[] data) implements ReadResult {
    }

    /** The index was filled with junk (its append never reached its leader); no entry is there. */
    record Junk(long index) implements ReadResult {
    }

    /** The index is below the trim point. */
    record Trimmed(long index) implements ReadResult {
    }

    /** At some moment during the read the index was beyond the tail. */
    record NotYet(long index) implements ReadResult {
    }
}
