package io.ringworld.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The initialisation marker: a file {@code initialised} that is nothing but a 64-byte file header
 * of kind marker naming the cluster. Cluster initialisation writes it after the state file, so a
 * marker means the store was created whole; an empty directory, or store files without a marker,
 * in an initialised cluster means a server that lost its state, not a new one.
 */
final class Marker {
    static final String NAME = "initialised";
    static final String TMP_NAME = "initialised.tmp";

    /** What {@link #read} found. */
    enum Found {
        /** A valid marker naming this cluster. */
        PRESENT,
        /** A marker file whose header is damaged: initialisation completed, the cluster id is unreadable. */
        DAMAGED,
        MISSING
    }

    private Marker() {
    }

    /**
     * Reads the marker. Throws WRONG_DIRECTORY (touching nothing) if it is a valid marker of
     * another cluster or another format version.
     */
    static Found read(FileLayer fs, Path dir, UUID cluster) throws IOException {
        Path file = dir.resolve(NAME);
        if (!fs.exists(file)) {
            return Found.MISSING;
        }
        ByteBuffer b = Codec.le(ByteBuffer.allocate(Codec.FILE_HEADER_BYTES + 1));
        try (FileLayer.Handle h = fs.open(file)) {
            h.read(b, 0);
        }
        b.flip();
        if (b.limit() != Codec.FILE_HEADER_BYTES) {
            return Found.DAMAGED;
        }
        return Headers.check(b, file, Codec.KIND_MARKER, cluster, dir) == null ? Found.PRESENT : Found.DAMAGED;
    }

    /** Writes the marker beside a temporary name, forces it, renames it in and forces the directory. */
    static void write(FileLayer fs, Path dir, UUID cluster) throws IOException {
        Path tmp = dir.resolve(TMP_NAME);
        fs.delete(tmp);
        try (FileLayer.Handle h = fs.create(tmp)) {
            h.write(Codec.fileHeader(Codec.KIND_MARKER, cluster, 0, Codec.FILE_HEADER_BYTES), 0);
            h.force();
        }
        fs.rename(tmp, dir.resolve(NAME));
        fs.forceDirectory(dir);
    }
}
