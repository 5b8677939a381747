package io.ringworld.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A file layer in memory that knows what a crash would keep, for tests (here in main so that later
 * real-cluster tests can run log servers on it). Each file keeps its durable image (as of its last
 * force) and its current one; names keep a durable view (as of the last directory force). Faults:
 * a crash at the N-th operation (losing every unforced write, or keeping them with the crashing
 * write torn at a byte), bit flips, ENOSPC beyond a capacity, EIO on force. Thread-safe (one lock).
 */
public final class FaultyFileLayer implements FileLayer {
    /** Thrown by every operation at and after a simulated crash: an Error, so no handler swallows it. */
    public static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(String message) {
            super(message);
        }
    }

    /** What a crash leaves on the disk. */
    public enum CrashMode {
        /** Only forced data and forced directory entries survive. */
        LOSE_UNFORCED,
        /** Every write reached the disk except the crashing one, torn after {@code tearKeepBytes}. */
        KEEP_UNFORCED_TEAR_LAST
    }

    private static final class Inode {
        byte[] current = new byte[0];
        byte[] durable = new byte[0];
    }

    private final Map<Path, Inode> names = new HashMap<>();
    private final Map<Path, Inode> durableNames = new HashMap<>();
    private final Set<Path> locks = new HashSet<>();
    private long capacityBytes = Long.MAX_VALUE;
    private boolean failForces;
    private int failNextWrites;
    private long ops;
    private long crashAtOp = -1;
    private CrashMode crashMode = CrashMode.LOSE_UNFORCED;
    private int tearKeepBytes;
    private boolean crashed;
    private volatile java.util.concurrent.CountDownLatch forceStarted;
    private volatile java.util.concurrent.CountDownLatch forceRelease;
    private long forces;
    private long failedForces;

    /** Crashes at operation number {@code op} (1-based; writes, forces, creates, renames, deletes, truncates, directory forces). */
    public synchronized void crashAtOp(long op, CrashMode mode, int tearKeepBytes) {
        this.crashAtOp = op;
        this.crashMode = mode;
        this.tearKeepBytes = tearKeepBytes;
    }

    /** Operations counted so far (to learn how many crash points a workload has). */
    public synchronized long ops() {
        return ops;
    }

    public synchronized boolean crashed() {
        return crashed;
    }

    /** Crashes now (as if at the next operation, with nothing torn). */
    public synchronized void crashNow(CrashMode mode) {
        crashed = true;
        crashMode = mode;
        tearKeepBytes = 0;
    }

    /** After a crash: the disk as the crash left it, locks released, ready for recovery. */
    public synchronized void restart() {
        if (!crashed) {
            throw new IllegalStateException("restart() without a crash");
        }
        if (crashMode == CrashMode.LOSE_UNFORCED) {
            names.clear();
            names.putAll(durableNames);
            for (Inode n : names.values()) {
                n.current = n.durable.clone();
            }
        }
        durableNames.clear();
        durableNames.putAll(names);
        for (Inode n : names.values()) {
            n.durable = n.current.clone();
        }
        locks.clear();
        crashed = false;
        crashAtOp = -1;
    }

    /** Total bytes of file data allowed; a write or extension beyond it fails with ENOSPC. */
    public synchronized void capacityBytes(long capacity) {
        this.capacityBytes = capacity;
    }

    public synchronized long usedBytes() {
        long used = 0;
        for (Inode n : names.values()) {
            used += n.current.length;
        }
        return used;
    }

    /**
     * The next {@code n} writes fail with ENOSPC after writing half their bytes, even inside a
     * file's existing size (as on a copy-on-write or thin-provisioned file system).
     */
    public synchronized void failNextWrites(int n) {
        this.failNextWrites = n;
    }

    /**
     * From now on every force waits, before it touches this layer (whose lock it does not hold
     * meanwhile, as a slow disk holds no lock of the store's), until {@code release} counts down;
     * {@code started} counts down as each begins. A test holds an fsync open with it.
     */
    public void holdForces(java.util.concurrent.CountDownLatch started, java.util.concurrent.CountDownLatch release) {
        this.forceStarted = started;
        this.forceRelease = release;
    }

    /** Every force from now on fails with EIO. */
    public synchronized void failForces(boolean fail) {
        this.failForces = fail;
    }

    public synchronized long forces() {
        return forces;
    }

    public synchronized long failedForces() {
        return failedForces;
    }

    /** Flips bit {@code bit} of byte {@code offset} of {@code file}, in both its images (media damage). */
    public synchronized void flipBit(Path file, long offset, int bit) {
        Inode n = names.get(file);
        n.current[(int) offset] ^= (byte) (1 << bit);
        n.durable[(int) offset] ^= (byte) (1 << bit);
    }

    /** Overwrites {@code file} from {@code offset} with {@code bytes}, in both images. */
    public synchronized void overwrite(Path file, long offset, byte[] bytes) {
        Inode n = names.get(file);
        System.arraycopy(bytes, 0, n.current, (int) offset, bytes.length);
        System.arraycopy(bytes, 0, n.durable, (int) offset, bytes.length);
    }

    /** A copy of the current contents of {@code file}. */
    public synchronized byte[] contents(Path file) {
        return names.get(file).current.clone();
    }

    /** Counts an operation; crashes if this is the chosen one. Returns true if the caller must tear its write. */
    private boolean step(String what) {
        if (crashed) {
            throw new SimulatedCrash("operation after the crash: " + what);
        }
        ops++;
        if (ops == crashAtOp) {
            crashed = true;
            return true;
        }
        return false;
    }

    private SimulatedCrash crash(String what) {
        return new SimulatedCrash("crash at operation " + ops + " (" + what + ")");
    }

    private final class FaultyHandle implements Handle {
        private final Inode inode;
        private final Path path;

        FaultyHandle(Inode inode, Path path) {
            this.inode = inode;
            this.path = path;
        }

        @Override
        public void write(ByteBuffer src, long position) throws IOException {
            synchronized (FaultyFileLayer.this) {
                boolean tear = step("write " + path + "@" + position);
                int len = src.remaining();
                if (tear) {
                    if (crashMode == CrashMode.KEEP_UNFORCED_TEAR_LAST) {
                        put(src, position, Math.min(len, tearKeepBytes));
                    }
                    throw crash("write " + path + "@" + position + " of " + len);
                }
                if (failNextWrites > 0) {
                    failNextWrites--;
                    put(src, position, len / 2);
                    throw new IOException(path + ": No space left on device");
                }
                long end = position + len;
                long grow = Math.max(0, end - inode.current.length);
                if (grow > 0 && usedBytes() + grow > capacityBytes) {
                    long fits = Math.max(0, capacityBytes - usedBytes() + inode.current.length - position);
                    put(src, position, (int) Math.min(len, fits));
                    throw new IOException(path + ": No space left on device");
                }
                put(src, position, len);
            }
        }

        private void put(ByteBuffer src, long position, int len) {
            long end = position + len;
            if (end > inode.current.length) {
                inode.current = Arrays.copyOf(inode.current, (int) end);
            }
            src.get(inode.current, (int) position, len);
        }

        @Override
        public int read(ByteBuffer dst, long position) {
            synchronized (FaultyFileLayer.this) {
                if (crashed) {
                    throw new SimulatedCrash("read after the crash");
                }
                int n = (int) Math.max(0, Math.min(dst.remaining(), inode.current.length - position));
                dst.put(inode.current, (int) position, n);
                return n;
            }
        }

        @Override
        public void force() throws IOException {
            java.util.concurrent.CountDownLatch release = forceRelease;
            if (release != null) {
                forceStarted.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted in a held force");
                }
            }
            synchronized (FaultyFileLayer.this) {
                if (step("force " + path)) {
                    throw crash("force " + path);
                }
                forces++;
                if (failForces) {
                    failedForces++;
                    throw new IOException(path + ": Input/output error");
                }
                inode.durable = inode.current.clone();
            }
        }

        @Override
        public long size() {
            synchronized (FaultyFileLayer.this) {
                return inode.current.length;
            }
        }

        @Override
        public void truncate(long sizeBytes) {
            synchronized (FaultyFileLayer.this) {
                if (step("truncate " + path)) {
                    throw crash("truncate " + path);
                }
                if (sizeBytes < inode.current.length) {
                    inode.current = Arrays.copyOf(inode.current, (int) sizeBytes);
                }
            }
        }

        @Override
        public void close() {
        }
    }

    @Override
    public synchronized Handle open(Path file) throws IOException {
        Inode n = names.get(file);
        if (n == null) {
            throw new NoSuchFileException(file.toString());
        }
        return new FaultyHandle(n, file);
    }

    @Override
    public synchronized Handle create(Path file) throws IOException {
        if (step("create " + file)) {
            throw crash("create " + file);
        }
        if (names.containsKey(file)) {
            throw new FileAlreadyExistsException(file.toString());
        }
        Inode n = new Inode();
        names.put(file, n);
        return new FaultyHandle(n, file);
    }

    @Override
    public synchronized boolean exists(Path path) {
        return names.containsKey(path);
    }

    @Override
    public synchronized void delete(Path file) {
        if (step("delete " + file)) {
            throw crash("delete " + file);
        }
        names.remove(file);
    }

    @Override
    public synchronized void rename(Path from, Path to) throws IOException {
        if (step("rename " + from)) {
            throw crash("rename " + from);
        }
        Inode n = names.remove(from);
        if (n == null) {
            throw new NoSuchFileException(from.toString());
        }
        names.put(to, n);
    }

    /** The files in {@code dir} and its subdirectories (implicit: a directory exists while it holds a file). */
    @Override
    public synchronized List<String> list(Path dir) {
        Set<String> out = new java.util.TreeSet<>();
        for (Path p : names.keySet()) {
            if (dir.equals(p.getParent())) {
                out.add(p.getFileName().toString());
            } else if (p.getParent() != null && dir.equals(p.getParent().getParent())) {
                out.add(p.getParent().getFileName().toString());
            }
        }
        return new ArrayList<>(out);
    }

    @Override
    public void createDirectories(Path dir) {
        // Directories are implicit: a file's parent exists once a file is created in it.
    }

    @Override
    public synchronized void forceDirectory(Path dir) {
        if (step("force directory " + dir)) {
            throw crash("force directory " + dir);
        }
        durableNames.keySet().removeIf(p -> dir.equals(p.getParent()));
        for (Map.Entry<Path, Inode> e : names.entrySet()) {
            if (dir.equals(e.getKey().getParent())) {
                durableNames.put(e.getKey(), e.getValue());
            }
        }
    }

    @Override
    public synchronized Closeable lock(Path lockFile) throws IOException {
        if (!locks.add(lockFile)) {
            throw NioFileLayer.inUse(lockFile.getParent(), "another store on this file layer", null);
        }
        return () -> {
            synchronized (FaultyFileLayer.this) {
                locks.remove(lockFile);
            }
        };
    }
}
