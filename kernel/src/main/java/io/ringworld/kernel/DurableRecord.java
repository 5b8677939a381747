package io.ringworld.kernel;

/** One record a log server asks its host to make durable (inside an {@code Effect.Persist}). */
public sealed interface DurableRecord {
    /** Store (or overwrite) the entry at {@code entry.index()}. */
    record PutEntry(Entry entry) implements DurableRecord {
    }

    /** The server promised {@code view}: it never again accepts a write of a lower view. */
    record Promise(View view) implements DurableRecord {
    }

    /**
     * The fence (the specs' {@code vs}): the latest view change whose Fence the server applied
     * and that view's start index. It survives crashes: a later coordinator must see it.
     */
    record Fence(View view, long start) implements DurableRecord {
    }

    /** Every index {@code < prefix} is trimmed; its space may be reclaimed. */
    record TrimTo(long prefix) implements DurableRecord {
    }
}
