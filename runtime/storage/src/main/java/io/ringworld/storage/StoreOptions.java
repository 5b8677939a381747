package io.ringworld.storage;

import java.util.Objects;
import java.util.UUID;

/**
 * How a {@link LogStore} opens its directory. {@code clusterId} is written into every file (and the
 * initialisation marker) at creation and checked at every open.
 *
 * @param clusterId         the cluster this server belongs to
 * @param createIfMissing   only for the deprecated {@link LogStore#open(java.nio.file.Path, StoreOptions)}:
 *                          initialise a directory that holds nothing ({@link LogStore#initialise} and
 *                          {@link LogStore#openExisting} ignore it)
 * @param segmentBytes      size each segment file is preallocated to
 * @param writeBufferBytes  records are gathered into a buffer this large before a write call
 * @param fullRetryNanos    while the disk is full, how long before a write tries to allocate again
 *                          (a trim that deletes a segment makes it try at once)
 * @param files             the file layer (the real one, or a fault-injecting one in tests)
 * @param listener          told of status changes and warnings, for the host to log
 * @param preallocateAhead  preallocate the next segment on a background thread while the current one
 *                          fills, so the writer never waits for 64 MiB of zeros (off in tests that
 *                          count file operations: it makes their order depend on timing)
 */
public record StoreOptions(UUID clusterId, boolean createIfMissing, long segmentBytes, int writeBufferBytes,
                           long fullRetryNanos, FileLayer files, StoreListener listener, boolean preallocateAhead) {
    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
    public static final int DEFAULT_WRITE_BUFFER_BYTES = 4 << 20;

    public StoreOptions {
        Objects.requireNonNull(clusterId, "clusterId");
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(listener, "listener");
        if (segmentBytes < 4096 || segmentBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("segmentBytes must be in 4 KiB..2 GiB, got " + segmentBytes);
        }
        if (writeBufferBytes < 4096) {
            throw new IllegalArgumentException("writeBufferBytes must be >= 4 KiB, got " + writeBufferBytes);
        }
    }

    /** Defaults: real files, 64 MiB segments, 4 MiB write buffer, retry a full disk every second. */
    public static StoreOptions of(UUID clusterId) {
        return new StoreOptions(clusterId, true, DEFAULT_SEGMENT_BYTES, DEFAULT_WRITE_BUFFER_BYTES,
                1_000_000_000L, NioFileLayer.INSTANCE, StoreListener.NONE, true);
    }

    public StoreOptions withSegmentBytes(long bytes) {
        return new StoreOptions(clusterId, createIfMissing, bytes, writeBufferBytes, fullRetryNanos, files, listener, preallocateAhead);
    }

    public StoreOptions withWriteBufferBytes(int bytes) {
        return new StoreOptions(clusterId, createIfMissing, segmentBytes, bytes, fullRetryNanos, files, listener, preallocateAhead);
    }

    public StoreOptions withFiles(FileLayer layer) {
        return new StoreOptions(clusterId, createIfMissing, segmentBytes, writeBufferBytes, fullRetryNanos, layer, listener, preallocateAhead);
    }

    public StoreOptions withListener(StoreListener l) {
        return new StoreOptions(clusterId, createIfMissing, segmentBytes, writeBufferBytes, fullRetryNanos, files, l, preallocateAhead);
    }

    public StoreOptions withFullRetryNanos(long nanos) {
        return new StoreOptions(clusterId, createIfMissing, segmentBytes, writeBufferBytes, nanos, files, listener, preallocateAhead);
    }

    public StoreOptions withPreallocateAhead(boolean ahead) {
        return new StoreOptions(clusterId, createIfMissing, segmentBytes, writeBufferBytes, fullRetryNanos, files, listener, ahead);
    }

    public StoreOptions withCreateIfMissing(boolean create) {
        return new StoreOptions(clusterId, create, segmentBytes, writeBufferBytes, fullRetryNanos, files, listener, preallocateAhead);
    }
}
