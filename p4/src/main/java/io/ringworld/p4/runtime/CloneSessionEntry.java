package io.ringworld.p4.runtime;

/** A clone session: a clone to {@code sessionId} leaves on {@code port}. */
public record CloneSessionEntry(int sessionId, int port) {}
