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

    /**
     * The server found it cannot vouch for these indices (damaged records, a wiped directory:
     * the last range may be open, {@code last = Long.MAX_VALUE}) and must relearn before it
     * acknowledges anything. Recorded so that a crash before the relearn (or a later one) does
     * not forget the damage once the damaged records are gone from the files. An index stays
     * unknown until an entry is stored there again or it is trimmed.
     */
    record Damaged(java.util.List<io.ringworld.kernel.server.IndexRange> unknown) implements DurableRecord {
        public Damaged {
            unknown = java.util.List.copyOf(unknown);
        }
    }

    /** The server relearned its set's promise after damage (ServerRelearn): it acknowledges again. */
    record Relearned() implements DurableRecord {
    }
}
