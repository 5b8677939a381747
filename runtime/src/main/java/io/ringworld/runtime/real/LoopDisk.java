package io.ringworld.runtime.real;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A small ext4 filesystem on a loop device holding one log server's data directory, so that the
 * campaign can fill it and the server's appends fail with ENOSPC as on a real full disk.
 *
 * <p>The server's data directory is {@link #dataDir()}, a folder inside the mount: the mount's
 * root also holds ext4's lost+found and the filler file, which a store listing its directory
 * must not see. A fill stops appends that need a new block; an append that fits in the unused
 * tail of a file's last block can still succeed, as on any full ext4.
 */
public final class LoopDisk implements AutoCloseable {
    static final String FILLER = "ringworld-filler";
    private static final long MIB = 1024 * 1024;

    private final Path image;
    private final Path mountPoint;
    private boolean mounted;
    private boolean closed;

    private LoopDisk(Path image, Path mountPoint) {
        this.image = image;
        this.mountPoint = mountPoint;
    }

    /**
     * Makes a sparse image file of {@code sizeBytes}, formats it ext4 and mounts it on
     * {@code mountPoint} (created if absent). The image must not exist yet: one that does was left
     * by an interrupted run ({@link #cleanupLeftovers(Path)}).
     */
    public static LoopDisk create(Path image, long sizeBytes, Path mountPoint) throws IOException {
        if (sizeBytes < 8 * MIB) {
            throw new IllegalArgumentException("a loop disk needs at least 8 MiB for ext4 and its journal: " + sizeBytes);
        }
        // Real paths: /proc/mounts and losetup name them so, and close() matches on them.
        Path imageDir = Files.createDirectories(image.toAbsolutePath().getParent()).toRealPath();
        Path img = imageDir.resolve(image.getFileName());
        Path mnt = Files.createDirectories(mountPoint.toAbsolutePath()).toRealPath();
        Files.createFile(img);
        LoopDisk disk = new LoopDisk(img, mnt);
        try {
            try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
                f.setLength(sizeBytes); // sparse: costs no space on the host until written
            }
            // -m 0: no blocks reserved for root; a server running as root would otherwise write into them once "full".
            OsCommand.run("mkfs.ext4", "-q", "-F", "-m", "0", img.toString());
            OsCommand.run("mount", "-o", "loop", img.toString(), mnt.toString());
            disk.mounted = true;
            Files.createDirectories(disk.dataDir());
            return disk;
        } catch (IOException | RuntimeException e) {
            disk.close();
            throw e;
        }
    }

    public Path image() {
        return image;
    }

    public Path mountPoint() {
        return mountPoint;
    }

    /** The folder to give the log server as its data directory. */
    public Path dataDir() {
        return mountPoint.resolve("data");
    }

    /** Takes all the free space with a filler file: fallocate for the bulk, then zeros until ENOSPC. */
    public synchronized void fill() throws IOException {
        requireMounted();
        Path filler = mountPoint.resolve(FILLER);
        long usable = Files.getFileStore(mountPoint).getUsableSpace();
        // The margin leaves room for the extent blocks fallocate itself needs; the zeros take the rest.
        long bulk = (usable - MIB) / 4096 * 4096;
        if (bulk > 0) {
            OsCommand.run("fallocate", "-l", Long.toString(bulk), filler.toString());
        }
        try (FileOutputStream out = new FileOutputStream(filler.toFile(), true)) {
            // Ever smaller writes, down to one byte, so that no block is left partly free.
            for (int chunk : new int[] {(int) MIB, 64 * 1024, 4096, 1024, 1}) {
                writeUntilNoSpace(out, chunk);
            }
            out.getChannel().force(true);
        }
    }

    private static void writeUntilNoSpace(OutputStream out, int chunk) throws IOException {
        byte[] zeros = new byte[chunk];
        while (true) {
            try {
                out.write(zeros);
            } catch (IOException e) {
                if (isNoSpace(e)) {
                    return;
                }
                throw e;
            }
        }
    }

    static boolean isNoSpace(IOException e) {
        String m = e.getMessage();
        return m != null && m.contains("No space left on device");
    }

    /** Deletes the filler; the space is free again. */
    public synchronized void unfill() throws IOException {
        requireMounted();
        Files.deleteIfExists(mountPoint.resolve(FILLER));
        // Commits the delete, so that ext4 hands out the freed blocks at once.
        try (FileChannel dir = FileChannel.open(mountPoint, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    /** Unmounts, detaches the loop device and deletes the image. Idempotent; reports problems on stderr, never throws. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Someone (cleanupLeftovers) may have unmounted it already; then there is nothing to undo.
        if (mounted && isMounted(mountPoint)) {
            unmount(mountPoint);
        }
        mounted = false;
        try {
            for (String device : devicesBacking(image)) {
                detach(device);
            }
        } catch (RuntimeException e) {
            System.err.println("LoopDisk: cannot list the loop devices of " + image + ": " + e.getMessage());
        }
        try {
            Files.deleteIfExists(image);
        } catch (IOException e) {
            System.err.println("LoopDisk: cannot delete " + image + ": " + e.getMessage());
        }
    }

    private void requireMounted() {
        if (!mounted || closed) {
            throw new IllegalStateException("loop disk " + image + " is not mounted");
        }
    }

    static boolean isMounted(Path point) {
        try {
            return LoopLeftovers.mounts().stream().anyMatch(m -> m.point().equals(point));
        } catch (RuntimeException e) {
            return true; // cannot tell: try to unmount anyway
        }
    }

    /** The loop devices attached to {@code image}, from {@code losetup -j} ("/dev/loop0: [65024]:12 (/path)"). */
    static List<String> devicesBacking(Path image) {
        List<String> devices = new ArrayList<>();
        for (String line : OsCommand.run("losetup", "-j", image.toString()).split("\n")) {
            int colon = line.indexOf(':');
            if (line.startsWith("/dev/loop") && colon > 0) {
                devices.add(line.substring(0, colon));
            }
        }
        return devices;
    }

    /** Unmounts; if busy (a process still has a file open), detaches lazily so the mount goes when it closes. */
    static boolean unmount(Path mountPoint) {
        try {
            OsCommand.run("umount", mountPoint.toString());
            return true;
        } catch (OsCommand.Failed e) {
            System.err.println("LoopDisk: " + e.getMessage() + "; unmounting lazily");
        }
        try {
            OsCommand.run("umount", "-l", mountPoint.toString());
            return true;
        } catch (OsCommand.Failed e) {
            System.err.println("LoopDisk: " + e.getMessage());
            return false;
        }
    }

    static boolean detach(String device) {
        try {
            OsCommand.run("losetup", "-d", device);
            return true;
        } catch (OsCommand.Failed e) {
            System.err.println("LoopDisk: " + e.getMessage());
            return false;
        }
    }

    /**
     * Unmounts the loop-device mounts under {@code root} and detaches the loop devices whose image
     * lies under it, as an interrupted run leaves them; returns what it did, one line each.
     */
    public static List<String> cleanupLeftovers(Path root) {
        return LoopLeftovers.cleanup(root);
    }
}
