package io.ringworld.client;

/** An operation that definitely did not take effect (or a client that could not be used). */
public class RingWorldException extends Exception {
    public RingWorldException(String message) {
        super(message);
    }
}
