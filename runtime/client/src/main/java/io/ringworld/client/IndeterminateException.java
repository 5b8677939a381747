package io.ringworld.client;

/**
 * An operation whose outcome is unknown: it may or may not have taken effect (an append that
 * timed out may still be in the log). Never a plain failure: an application that retries it may
 * append the entry twice, and a history checker must treat it as info, not fail.
 */
public final class IndeterminateException extends RingWorldException {
    public IndeterminateException(String reason) {
        super("outcome unknown: " + reason);
    }
}
