package io.ringworld.kernel;

/**
 * The precise outcome of one client operation. Every result is one of three kinds
 * ({@link #status()}): OK (the operation took effect and this is its answer), FAILED (it
 * definitely did not take effect) or INDETERMINATE (it may or may not have taken effect; only
 * appends and trims can be indeterminate in a way that matters to a history checker).
 */
public sealed interface Result {

    enum Status { OK, FAILED, INDETERMINATE }

    Status status();

    /** append: the payload is at {@code index}. */
    record Appended(long index) implements Result {
        public Status status() {
            return Status.OK;
        }
    }

    /** read: the committed value at {@code index}; {@code payload} may be {@link Payload#JUNK}. */
    record ReadValue(long index, Payload payload) implements Result {
        public Status status() {
            return Status.OK;
        }
    }

    /** read: {@code index} is trimmed. */
    record ReadTrimmed(long index) implements Result {
        public Status status() {
            return Status.OK;
        }
    }

    /** read: at some moment during the call {@code index} was beyond the tail. */
    record ReadNotYet(long index) implements Result {
        public Status status() {
            return Status.OK;
        }
    }

    /** getTail: every index {@code <= tail} is committed or junk; 0 for an empty log. */
    record Tail(long tail) implements Result {
        public Status status() {
            return Status.OK;
        }
    }

    /** trim: every index {@code < prefix} is trimmed on a majority of every replica set. */
    record TrimDone(long prefix) implements Result {
        public Status status() {
            return Status.OK;
        }
    }

    /** Why an operation definitely failed. */
    enum FailureReason {
        /** The switch's pending queue was full; the request was never sequenced. */
        BUSY,
        /** The index assigned to the append was filled with junk first; the payload is not in the log. */
        JUNK_FILLED,
        /** The request was malformed (for example a read of index 0); nothing was sent. */
        INVALID
    }

    /** The operation definitely did not take effect. */
    record Failed(FailureReason reason, String detail) implements Result {
        public Status status() {
            return Status.FAILED;
        }
    }

    /** The operation may or may not have taken effect (for example an append that timed out). */
    record Indeterminate(String reason) implements Result {
        public Status status() {
            return Status.INDETERMINATE;
        }
    }
}
