package io.ringworld.p4.runtime;

/** One register cell: register control-plane name, index, value (masked to the cell width on write). */
public record RegisterEntry(String register, int index, long value) {}
