package io.ringworld.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * Every file operation the store does, so a test can put faults under it ({@link FaultyFileLayer})
 * while a real node uses {@link NioFileLayer}. Paths are absolute; "directory force" is what makes
 * a create, rename or delete survive a crash.
 */
public interface FileLayer {
    /** An open file. Writes and reads are positional and complete (or throw). */
    interface Handle extends Closeable {
        /** Writes all of {@code src} at {@code position}. */
        void write(ByteBuffer src, long position) throws IOException;

        /** Reads into {@code dst} from {@code position} until it is full or the file ends; returns bytes read. */
        int read(ByteBuffer dst, long position) throws IOException;

        /** fdatasync: every write before it is durable when it returns. */
        void force() throws IOException;

        long size() throws IOException;

        void truncate(long sizeBytes) throws IOException;
    }

    /** Opens an existing file for reading and writing. */
    Handle open(Path file) throws IOException;

    /** Creates a new, empty file (fails if it exists) and opens it for reading and writing. */
    Handle create(Path file) throws IOException;

    boolean exists(Path path);

    void delete(Path file) throws IOException;

    /** Atomically renames {@code from} to {@code to}, replacing {@code to}. */
    void rename(Path from, Path to) throws IOException;

    /** The names (not paths) of the files in {@code dir}. */
    List<String> list(Path dir) throws IOException;

    void createDirectories(Path dir) throws IOException;

    /** Makes the directory's entries (creates, renames, deletes) durable. */
    void forceDirectory(Path dir) throws IOException;

    /**
     * Takes an exclusive lock on {@code lockFile} (created if missing), held until the returned
     * handle is closed. Throws {@link StorageException} of kind {@code IN_USE} if another process
     * or another store in this process holds it.
     */
    Closeable lock(Path lockFile) throws IOException;
}
