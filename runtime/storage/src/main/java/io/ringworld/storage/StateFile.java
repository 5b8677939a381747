package io.ringworld.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The state file: the promise, the fence, the trim point, the indices recorded unknown and a
 * pending relearn in two preallocated, checksummed slots. A write goes to the slot the current state is not in, then is forced; recovery takes the
 * valid slot with the highest sequence. So a crash at any moment leaves the old state or the new
 * one, and nothing is allocated after creation: a trim (the way out of a full disk) can always be
 * written.
 */
final class StateFile implements Closeable {
    static final String NAME = "state";
    static final String TMP_NAME = "state.tmp";

    private final FileLayer.Handle handle;
    private StateImage current;

    private StateFile(FileLayer.Handle handle, StateImage current) {
        this.handle = handle;
        this.current = current;
    }

    StateImage current() {
        return current;
    }

    /**
     * Creates the file holding {@code first} (sequence 1) beside a temporary name, forces it, then
     * renames it in: it exists whole or not at all.
     */
    static StateFile create(FileLayer fs, Path dir, UUID cluster, StateImage first) throws IOException {
        assert first.sequence() == 1 : "a new state file starts at sequence 1";
        Path tmp = dir.resolve(TMP_NAME);
        fs.delete(tmp);
        try (FileLayer.Handle h = fs.create(tmp)) {
            ByteBuffer all = Codec.le(ByteBuffer.allocate((int) Codec.STATE_FILE_BYTES));
            all.put(Codec.fileHeader(Codec.KIND_STATE, cluster, 0, Codec.STATE_FILE_BYTES));
            all.position((int) Codec.SLOT_OFFSETS[slotOf(first)]).put(Codec.slot(first)).clear();
            h.write(all, 0);
            h.force();
        }
        fs.rename(tmp, dir.resolve(NAME));
        fs.forceDirectory(dir);
        return open(fs, dir, cluster);
    }

    static StateFile open(FileLayer fs, Path dir, UUID cluster) throws IOException {
        Path file = dir.resolve(NAME);
        FileLayer.Handle h = fs.open(file);
        try {
            ByteBuffer all = Codec.le(ByteBuffer.allocate((int) Codec.STATE_FILE_BYTES));
            h.read(all, 0);
            all.flip();
            String damage = Headers.check(all, file, Codec.KIND_STATE, cluster, dir);
            if (damage != null) {
                throw new StorageException(StorageException.Kind.STATE_LOST, dir, file + ": " + damage);
            }
            StateImage best = null;
            for (long off : Codec.SLOT_OFFSETS) {
                int end = (int) Math.min(all.limit(), off + Codec.SLOT_BLOCK_BYTES);
                StateImage s = end > off ? Codec.slotAt(Codec.le(all.duplicate().position((int) off).limit(end).slice())) : null;
                if (s != null && (best == null || s.sequence() > best.sequence())) {
                    best = s;
                }
            }
            if (best == null) {
                throw new StorageException(StorageException.Kind.STATE_LOST, dir, file
                        + ": neither state slot is valid; the promised view is lost, so this server must not start on it");
            }
            return new StateFile(h, best);
        } catch (IOException | RuntimeException e) {
            h.close();
            throw e;
        }
    }

    private static int slotOf(StateImage s) {
        return (int) (s.sequence() & 1);
    }

    /** Writes {@code next} into the slot the current state is not in (not yet forced). */
    void write(StateImage next) throws IOException {
        assert next.sequence() == current.sequence() + 1 : "state sequences go up by one";
        assert slotOf(next) != slotOf(current) : "never overwrite the current slot";
        handle.write(Codec.slot(next), Codec.SLOT_OFFSETS[slotOf(next)]);
    }

    /** Forces the slot written last; from now on it is the current state. */
    void force(StateImage written) throws IOException {
        handle.force();
        current = written;
    }

    @Override
    public void close() throws IOException {
        handle.close();
    }
}
