package io.ringworld.net;

/** A cluster file (or a key file it names) that cannot be used; the message names the file, the line and the field. */
public final class ClusterFileException extends Exception {
    public ClusterFileException(String message) {
        super(message);
    }
}
