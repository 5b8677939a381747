package io.ringworld.storage;

import io.ringworld.kernel.server.IndexRange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The damage file (issue 19): the indices this server cannot vouch for and whether it must still
 * relearn before it acknowledges anything, as the kernel recorded them (DurableRecord.Damaged and
 * Relearned). Written whole to a temporary name, forced, renamed in and the directory forced: it
 * exists whole or not at all. Absent: no damage ever recorded. A damaged damage file is read as
 * the worst case (everything unknown, relearn pending): that is always safe.
 *
 * <p>Layout (little-endian): the 64-byte file header (kind 3), then {@code u32 relearnPending},
 * {@code u32 count}, {@code count} pairs of {@code i64 first, i64 last}, then a CRC32C of
 * everything before it.
 */
final class DamageFile {
    static final String NAME = "damage";
    private static final String TMP_NAME = "damage.tmp";
    /** More ranges than the kernel ever reports (it merges neighbours past 64). */
    static final int RANGES_MAX = 1024;

    /** What the file says. */
    record Damage(boolean relearnPending, List<IndexRange> unknown) {
        static final Damage NONE = new Damage(false, List.of());
        static final Damage EVERYTHING = new Damage(true, List.of(new IndexRange(1, Long.MAX_VALUE)));

        Damage {
            unknown = List.copyOf(unknown);
        }
    }

    private DamageFile() {
    }

    static void write(FileLayer fs, Path dir, UUID cluster, Damage d) throws IOException {
        if (d.unknown().size() > RANGES_MAX) {
            throw new IllegalArgumentException(d.unknown().size() + " unknown ranges, the damage file holds " + RANGES_MAX);
        }
        int bytes = Codec.FILE_HEADER_BYTES + 8 + 16 * d.unknown().size() + 4;
        ByteBuffer b = Codec.le(ByteBuffer.allocate(bytes));
        b.put(Codec.fileHeader(Codec.KIND_DAMAGE, cluster, 0, bytes));
        b.putInt(d.relearnPending() ? 1 : 0).putInt(d.unknown().size());
        for (IndexRange r : d.unknown()) {
            b.putLong(r.first()).putLong(r.last());
        }
        b.putInt(Codec.crc(b, 0, bytes - 4));
        b.flip();
        Path tmp = dir.resolve(TMP_NAME);
        fs.delete(tmp);
        try (FileLayer.Handle h = fs.create(tmp)) {
            h.write(b, 0);
            h.force();
        }
        fs.rename(tmp, dir.resolve(NAME));
        fs.forceDirectory(dir);
    }

    /** What the file says; {@link Damage#NONE} if there is none; the worst case (noted) if it is damaged. */
    static Damage read(FileLayer fs, Path dir, UUID cluster, List<String> notes) throws IOException {
        Path file = dir.resolve(NAME);
        if (!fs.exists(file)) {
            return Damage.NONE;
        }
        ByteBuffer b;
        try (FileLayer.Handle h = fs.open(file)) {
            long size = h.size();
            if (size > Codec.FILE_HEADER_BYTES + 8 + 16L * RANGES_MAX + 4) {
                notes.add(file + ": " + size + " bytes, larger than any damage file: everything unknown, relearn");
                return Damage.EVERYTHING;
            }
            b = Codec.le(ByteBuffer.allocate((int) size));
            h.read(b, 0);
            b.flip();
        }
        String bad = Headers.check(b, file, Codec.KIND_DAMAGE, cluster, dir);
        if (bad == null) {
            bad = body(b);
        }
        if (bad != null) {
            notes.add(file + ": " + bad + ": everything unknown, relearn");
            return Damage.EVERYTHING;
        }
        int n = b.getInt(Codec.FILE_HEADER_BYTES + 4);
        List<IndexRange> ranges = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            int at = Codec.FILE_HEADER_BYTES + 8 + 16 * k;
            ranges.add(new IndexRange(b.getLong(at), b.getLong(at + 8)));
        }
        return new Damage(b.getInt(Codec.FILE_HEADER_BYTES) == 1, ranges);
    }

    /** Null if the body is whole and valid, else what is wrong. */
    private static String body(ByteBuffer b) {
        if (b.limit() < Codec.FILE_HEADER_BYTES + 12) {
            return "short file";
        }
        int n = b.getInt(Codec.FILE_HEADER_BYTES + 4);
        if (n < 0 || n > RANGES_MAX || b.limit() != Codec.FILE_HEADER_BYTES + 8 + 16 * n + 4) {
            return "range count " + n + " does not fit " + b.limit() + " bytes";
        }
        if (b.getInt(b.limit() - 4) != Codec.crc(b, 0, b.limit() - 4)) {
            return "checksum mismatch";
        }
        long after = 0;
        for (int k = 0; k < n; k++) {
            int at = Codec.FILE_HEADER_BYTES + 8 + 16 * k;
            long first = b.getLong(at);
            long last = b.getLong(at + 8);
            if (first <= after || last < first) {
                return "range " + k + " (" + first + ".." + last + ") not sorted, disjoint and >= 1";
            }
            after = last;
        }
        return null;
    }
}
