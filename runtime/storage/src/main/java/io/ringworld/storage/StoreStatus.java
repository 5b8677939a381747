package io.ringworld.storage;

/** A store's state, for the host to act on and report. */
public enum StoreStatus {
    /** Reads and writes work. */
    WRITABLE,
    /** No space to allocate a segment: writes that need one are refused; reads and trims go on. */
    FULL,
    /** A force failed: durability is unknown, everything is refused. The host must stop the process. */
    FAILED,
    CLOSED
}
