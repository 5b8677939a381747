package io.ringworld.kernel.wire;

/**
 * A frame the decoder refuses, thrown inside the decoder only and turned into a counted
 * {@link Decoded.Rejected} at its boundary (never seen by a host). No stack trace: rejecting a
 * flood of bad frames must cost no more than parsing them.
 */
final class Malformed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final RejectReason reason;

    Malformed(RejectReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }
}
