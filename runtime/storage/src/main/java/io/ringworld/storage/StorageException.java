package io.ringworld.storage;

import java.io.IOException;
import java.nio.file.Path;

/** Every failure the store reports: a kind the host can act on and a message naming the directory. */
public final class StorageException extends IOException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, and so what the host does next. */
    public enum Kind {
        /** Another process (or another store in this process) has the directory open: do not start. */
        IN_USE,
        /** The directory belongs to another cluster or another format version: do not start. */
        WRONG_DIRECTORY,
        /** The state file has no valid slot: the promise is lost, do not start (repair by hand). */
        STATE_LOST,
        /** No space left: the write was refused; reads and trims go on, writes resume once space returns. */
        DISK_FULL,
        /** The directory's file system is read-only. */
        READ_ONLY,
        /** A force (or a write) failed: durability is unknown. Stop the process; never retry. */
        FATAL,
        /** The store was closed. */
        CLOSED
    }

    private final Kind kind;
    private final transient Path directory;

    public StorageException(Kind kind, Path directory, String message, Throwable cause) {
        super(kind + " in " + directory + ": " + message, cause);
        this.kind = kind;
        this.directory = directory;
    }

    public StorageException(Kind kind, Path directory, String message) {
        this(kind, directory, message, null);
    }

    public Kind kind() {
        return kind;
    }

    public Path directory() {
        return directory;
    }

    /** True if {@code e} (or a cause) says the device is full (ENOSPC). */
    static boolean isNoSpace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StorageException s && s.kind == Kind.DISK_FULL) {
                return true;
            }
            String m = t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }

    /** True if {@code e} (or a cause) says the file system is read-only (EROFS). */
    static boolean isReadOnly(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.nio.file.ReadOnlyFileSystemException) {
                return true;
            }
            String m = t.getMessage();
            if (m != null && m.contains("Read-only file system")) {
                return true;
            }
        }
        return false;
    }
}
