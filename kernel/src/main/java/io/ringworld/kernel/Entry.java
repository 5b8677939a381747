package io.ringworld.kernel;

import java.util.Objects;

/** A log entry as a server stores it: {@code index -> (view, payload)}. Indices start at 1. */
public record Entry(long index, View view, Payload payload) {
    public Entry {
        if (index < 1) {
            throw new IllegalArgumentException("log index must be >= 1, got " + index);
        }
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(payload, "payload");
    }
}
