package io.ringworld.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A test mode for real-process fault campaigns: a file layer that keeps every write in this
 * process's memory until the file is forced, so that a SIGKILL of a log server running on it
 * loses every write that was not forced, as a machine crash would. On {@link NioFileLayer} alone
 * a SIGKILL loses nothing the process wrote: the written bytes are in the OS page cache, which
 * outlives the process, so a kill campaign could never catch a store that acknowledges before its
 * fsync. <b>For tests and campaigns only</b>: never run a real server on it.
 *
 * <p>It wraps another layer (the real one in practice). A write is held, per file, in memory
 * (later writes win where they overlap); reads and {@code size()} see the file as it would be
 * after the held writes; a force writes the file's held bytes through in position order, then
 * forces the wrapped file. Every other operation goes straight to the wrapped layer.
 *
 * <p>How it differs from a disk under a machine crash:
 * <ul>
 *   <li>held writes are lost only when the process dies (or drops this object): a store closed
 *       and reopened in the same process on the same layer still sees them, as after a restart
 *       without a crash;</li>
 *   <li>metadata is not held: create, rename, delete, truncate and directory entries reach the
 *       wrapped layer at once, so they survive a kill whether or not the directory was forced
 *       ({@link FaultyFileLayer} covers lost directory entries, in process);</li>
 *   <li>a held write is lost whole, never torn within itself, and a kill during a force's fsync
 *       keeps the bytes already written through (the page cache has them), which a disk may too;
 *       a torn write is made on purpose only: {@link #tearNextWrite}.</li>
 * </ul>
 * Held bytes cost heap: up to what the store writes between two forces of a file (a segment's
 * preallocation, whole, then its appends until the group committer's next force).
 * Thread-safe: one lock for the layer; a force's fsync runs outside it, so reads are not held up
 * by the disk (as the store itself forces without its lock).
 */
public final class HeldWritesFileLayer implements FileLayer {
    /**
     * The held writes of one file, shared by every handle on it. A handle keeps its file across
     * renames (the store keeps appending through the handle it created a segment with under its
     * temporary name), so this is found by path only at open, create, rename and delete.
     */
    private static final class Held {
        /** Disjoint ranges: start position to bytes. */
        final TreeMap<Long, byte[]> ranges = new TreeMap<>();
        /**
         * The file's size as the held writes (and a truncate among them) make it; 0 once forced.
         * Not the end of the last range: a truncate can leave a held size past every range.
         */
        long sizeBytes;
    }

    /** A torn write armed by {@link #tearNextWrite}: the cut's randomness, and what then ends the process. */
    private record Tear(SplittableRandom random, Consumer<String> crash) {
    }

    private final FileLayer files;
    private final Map<Path, Held> held = new HashMap<>();
    private Tear tear;
    private long heldBytes;
    private long forces;

    /** Holds the writes made through it; {@code files} does everything else (in practice {@link NioFileLayer#INSTANCE}). */
    public HeldWritesFileLayer(FileLayer files) {
        this.files = Objects.requireNonNull(files, "files");
    }

    /** Bytes held now, over all files: what a kill would lose. */
    public synchronized long heldBytes() {
        return heldBytes;
    }

    /** Bytes held now for {@code file}. */
    public synchronized long heldBytes(Path file) {
        Held h = held.get(key(file));
        return h == null ? 0 : h.ranges.values().stream().mapToLong(b -> b.length).sum();
    }

    /**
     * Arms a crash in the middle of a write, as a power cut leaves one: the next write to a segment file
     * (not of a preallocation's zeros alone; not to a state file) puts
     * that file's held writes through in full, then only a prefix of its own bytes, cut at a byte
     * drawn from {@code seed} (at least one byte written, at least one lost), forces that, and
     * calls {@code crash} with what it wrote. {@code crash} must end the process (a node halts
     * it); if it returns, the write returns as if whole while only its prefix is held nowhere and
     * written through. What a torn write may lose is only what no force had covered: never an
     * acknowledged record.
     */
    public synchronized void tearNextWrite(long seed, Consumer<String> crash) {
        tear = new Tear(new SplittableRandom(seed), Objects.requireNonNull(crash, "crash"));
    }

    /** Whether a torn write is armed and not yet made. */
    public synchronized boolean tearArmed() {
        return tear != null;
    }

    /** Forces of files completed so far. */
    public synchronized long forces() {
        return forces;
    }

    private static Path key(Path file) {
        return file.toAbsolutePath().normalize();
    }

    private final class HeldHandle implements Handle {
        private final Handle file;
        private final Held writes;
        /** The file's name when opened (a segment is created under a temporary name and renamed). */
        private final String name;
        private boolean closed;

        HeldHandle(Handle file, Held writes, Path path) {
            this.file = file;
            this.writes = writes;
            this.name = String.valueOf(path.getFileName());
        }

        @Override
        public void write(ByteBuffer src, long position) throws IOException {
            if (position < 0) {
                throw new IllegalArgumentException("negative position " + position);
            }
            synchronized (HeldWritesFileLayer.this) {
                requireOpen();
                byte[] bytes = new byte[src.remaining()];
                src.get(bytes);
                if (tear != null && tears(name, bytes)) {
                    tearNow(position, bytes);
                } else if (bytes.length > 0) {
                    hold(writes, position, bytes);
                }
            }
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            if (position < 0) {
                throw new IllegalArgumentException("negative position " + position);
            }
            synchronized (HeldWritesFileLayer.this) {
                requireOpen();
                long sizeBytes = Math.max(file.size(), writes.sizeBytes);
                // As NioFileLayer: until dst is full or the file ends; 0 (never -1) at or past the end.
                int n = (int) Math.max(0, Math.min(dst.remaining(), sizeBytes - position));
                if (n == 0) {
                    return 0;
                }
                ByteBuffer window = dst.slice(dst.position(), n);
                int fromFile = Math.max(0, file.read(window, position));
                for (int i = fromFile; i < n; i++) {
                    window.put(i, (byte) 0); // past the file's end, below the held size: a hole reads as zeros
                }
                overlay(writes, window, position);
                dst.position(dst.position() + n);
                return n;
            }
        }

        @Override
        public void force() throws IOException {
            synchronized (HeldWritesFileLayer.this) {
                requireOpen();
                writeThrough(writes, file);
            }
            // The fsync runs without the layer's lock, as a disk holds no lock of its callers: reads
            // and writes go on meanwhile, and a write held meanwhile waits for the next force.
            file.force();
            synchronized (HeldWritesFileLayer.this) {
                forces++;
            }
        }

        @Override
        public long size() throws IOException {
            synchronized (HeldWritesFileLayer.this) {
                requireOpen();
                return Math.max(file.size(), writes.sizeBytes);
            }
        }

        /** Not held (a metadata operation): the wrapped file is truncated now, and held writes past the size are cut. */
        @Override
        public void truncate(long sizeBytes) throws IOException {
            synchronized (HeldWritesFileLayer.this) {
                requireOpen();
                file.truncate(sizeBytes); // first: if it fails, the held writes are as they were
                cut(writes, sizeBytes, Long.MAX_VALUE);
                writes.sizeBytes = Math.min(writes.sizeBytes, sizeBytes);
            }
        }

        /** Writes nothing through: a close keeps the held writes (a later force of the file, or a kill, settles them). */
        @Override
        public void close() throws IOException {
            synchronized (HeldWritesFileLayer.this) {
                if (!closed) {
                    closed = true;
                    file.close();
                }
            }
        }

        /** The armed torn write, now. Caller holds the lock. */
        private void tearNow(long position, byte[] bytes) throws IOException {
            Tear t = tear;
            tear = null;
            writeThrough(writes, file);
            int kept = 1 + t.random().nextInt(bytes.length - 1);
            file.write(ByteBuffer.wrap(bytes, 0, kept), position);
            file.force();
            t.crash().accept("tore " + name + ": wrote " + kept + " of a " + bytes.length + "-byte write at " + position
                    + " (the file's held writes before it in full)");
        }

        private void requireOpen() throws ClosedChannelException {
            if (closed) {
                throw new ClosedChannelException();
            }
        }
    }

    /** Whether a write of {@code bytes} to the file {@code name} is one a torn write cuts: records of a segment. */
    private static boolean tears(String name, byte[] bytes) {
        if (!name.startsWith(Segment.PREFIX) || bytes.length < 2) { // a handle keeps a new segment's temporary name
            return false;
        }
        for (byte b : bytes) {
            if (b != 0) {
                return true;
            }
        }
        return false; // a preallocation's zeros
    }

    /** Holds {@code bytes} at {@code position}, over whatever was held there. Caller holds the lock. */
    private void hold(Held h, long position, byte[] bytes) {
        long end = position + bytes.length;
        cut(h, position, end);
        h.ranges.put(position, bytes);
        heldBytes += bytes.length;
        h.sizeBytes = Math.max(h.sizeBytes, end);
    }

    /** Removes the held bytes in [from, to), keeping the parts of ranges outside it. Caller holds the lock. */
    private void cut(Held h, long from, long to) {
        Long lower = h.ranges.lowerKey(from);
        long scanFrom = lower != null && lower + h.ranges.get(lower).length > from ? lower : from;
        // Keys first: a TreeMap may reuse a removed entry's node for its successor.
        List<Long> starts = new ArrayList<>(h.ranges.subMap(scanFrom, true, to, false).keySet());
        for (long start : starts) {
            byte[] b = h.ranges.remove(start);
            heldBytes -= b.length;
            long end = start + b.length;
            if (start < from) {
                keep(h, start, Arrays.copyOfRange(b, 0, (int) (from - start)));
            }
            if (end > to) {
                keep(h, to, Arrays.copyOfRange(b, (int) (to - start), b.length));
            }
        }
    }

    private void keep(Held h, long start, byte[] bytes) {
        h.ranges.put(start, bytes);
        heldBytes += bytes.length;
    }

    /** Copies the held bytes that fall in {@code window} (which starts at file position {@code position}) into it. */
    private static void overlay(Held h, ByteBuffer window, long position) {
        long end = position + window.limit();
        Long lower = h.ranges.floorKey(position);
        long scanFrom = lower != null ? lower : position;
        for (Map.Entry<Long, byte[]> e : h.ranges.subMap(scanFrom, true, end, false).entrySet()) {
            long from = Math.max(e.getKey(), position);
            long to = Math.min(e.getKey() + e.getValue().length, end);
            if (from < to) {
                window.put((int) (from - position), e.getValue(), (int) (from - e.getKey()), (int) (to - from));
            }
        }
    }

    /** Writes the held bytes of a file through {@code file} in position order; each stops being held once written. Caller holds the lock. */
    private void writeThrough(Held h, Handle file) throws IOException {
        while (!h.ranges.isEmpty()) {
            Map.Entry<Long, byte[]> first = h.ranges.firstEntry();
            file.write(ByteBuffer.wrap(first.getValue()), first.getKey());
            // Only now: a write that fails leaves it, and the rest, held.
            h.ranges.remove(first.getKey());
            heldBytes -= first.getValue().length;
        }
        if (file.size() < h.sizeBytes) {
            // A truncate left the held size past every held write: the file is that long, its tail a hole.
            file.write(ByteBuffer.allocate(1), h.sizeBytes - 1);
        }
        h.sizeBytes = 0;
    }

    /** Forgets {@code h}'s writes (its file was deleted or replaced). Caller holds the lock. */
    private void drop(Held h) {
        if (h != null) {
            for (byte[] b : h.ranges.values()) {
                heldBytes -= b.length;
            }
            h.ranges.clear();
            h.sizeBytes = 0;
        }
    }

    @Override
    public synchronized Handle open(Path file) throws IOException {
        Handle h = files.open(file);
        return new HeldHandle(h, held.computeIfAbsent(key(file), k -> new Held()), file);
    }

    @Override
    public synchronized Handle create(Path file) throws IOException {
        Handle h = files.create(file);
        Held fresh = new Held();
        // The wrapped layer just created the file, so anything held under its name belonged to no file.
        drop(held.put(key(file), fresh));
        return new HeldHandle(h, fresh, file);
    }

    @Override
    public boolean exists(Path path) {
        return files.exists(path);
    }

    /**
     * Deletes the file and drops its held writes (a handle still open on it then reads what the
     * wrapped file has; the store never reads a file it deleted).
     */
    @Override
    public synchronized void delete(Path file) throws IOException {
        files.delete(file);
        drop(held.remove(key(file)));
    }

    /** Renames, moving the held writes with the file (and with the files under a renamed directory); a replaced {@code to}'s are dropped. */
    @Override
    public synchronized void rename(Path from, Path to) throws IOException {
        files.rename(from, to);
        Path f = key(from);
        Path t = key(to);
        if (f.equals(t)) {
            return; // a rename onto itself changes nothing, and must not drop the file's own writes
        }
        drop(held.remove(t));
        List<Path> moving = held.keySet().stream().filter(p -> p.startsWith(f)).toList();
        for (Path p : moving) {
            held.put(t.resolve(f.relativize(p)), held.remove(p));
        }
    }

    @Override
    public List<String> list(Path dir) throws IOException {
        return files.list(dir);
    }

    @Override
    public void createDirectories(Path dir) throws IOException {
        files.createDirectories(dir);
    }

    @Override
    public void forceDirectory(Path dir) throws IOException {
        files.forceDirectory(dir);
    }

    @Override
    public Closeable lock(Path lockFile) throws IOException {
        return files.lock(lockFile);
    }
}
