package io.ringworld.storage;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.UUID;

/** Checks the 64-byte header every file of a data directory starts with. */
final class Headers {
    private Headers() {
    }

    /**
     * Returns null if {@code b} starts with a valid header of {@code kind} for {@code cluster};
     * a description if the header is damaged; throws WRONG_DIRECTORY if it is a valid header of
     * another format version or another cluster (the directory is not this server's).
     */
    static String check(ByteBuffer b, Path file, int kind, UUID cluster, Path dir) throws StorageException {
        if (b.limit() < Codec.FILE_HEADER_BYTES || b.getInt(0) != Codec.FILE_MAGIC) {
            return "no file header (bad magic or short file)";
        }
        // Magic and version come first and never move, so any later format is recognized as such.
        int version = b.getInt(Codec.FH_VERSION);
        if (version != Codec.FORMAT_VERSION) {
            throw new StorageException(StorageException.Kind.WRONG_DIRECTORY, dir, "format version: expected "
                    + Codec.FORMAT_VERSION + ", found " + version + " in " + file);
        }
        if (b.getInt(Codec.FH_CRC) != Codec.crc(b, 0, Codec.FH_CRC)) {
            return "file header checksum mismatch";
        }
        if (b.getInt(Codec.FH_KIND) != kind) {
            return "file kind " + b.getInt(Codec.FH_KIND) + " where " + kind + " was expected";
        }
        UUID found = new UUID(b.getLong(Codec.FH_CLUSTER_HI), b.getLong(Codec.FH_CLUSTER_LO));
        if (!found.equals(cluster)) {
            throw new StorageException(StorageException.Kind.WRONG_DIRECTORY, dir, "cluster id: expected "
                    + cluster + ", found " + found + " in " + file + " (this directory belongs to another cluster)");
        }
        return null;
    }
}
