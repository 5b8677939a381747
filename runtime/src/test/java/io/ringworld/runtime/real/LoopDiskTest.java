package io.ringworld.runtime.real;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A loop disk fills (appends fail with ENOSPC), frees, and leaves no mount or loop device behind. */
class LoopDiskTest {
    private static final int MIB = 1024 * 1024;

    @Test
    void fillRefusesAppendsAndUnfillFreesThem(@TempDir Path dir) throws IOException {
        Require.fullDisks();
        Path image = dir.resolve("disk.img");
        Path mnt = dir.resolve("mnt");
        LoopDisk disk = LoopDisk.create(image, 32L * MIB, mnt);
        try {
            assertTrue(mounted(disk.mountPoint()), "not in /proc/mounts: " + disk.mountPoint());
            Path log = disk.dataDir().resolve("segment-0");
            append(log, MIB);

            disk.fill();
            IOException full = assertThrows(IOException.class, () -> append(log, MIB));
            assertTrue(LoopDisk.isNoSpace(full), "not ENOSPC: " + full);

            disk.unfill();
            append(log, MIB);
            // At least both whole appends; the refused one may have left a few bytes in the last block.
            assertTrue(Files.size(log) >= 2L * MIB, "log size " + Files.size(log));
        } finally {
            disk.close();
        }
        assertGone(disk);
        disk.close(); // idempotent
    }

    @Test
    void cleanupLeftoversUnmountsAndDetachesWhatARunLeft(@TempDir Path dir) throws IOException {
        Require.fullDisks();
        // An interrupted run: one disk still mounted, one image attached to a loop device but never mounted.
        LoopDisk mounted = LoopDisk.create(dir.resolve("run-1/disk.img"), 16L * MIB, dir.resolve("run-1/mnt"));
        Path loose = dir.toRealPath().resolve("run-1/loose.img");
        String device = null;
        try {
            try (RandomAccessFile f = new RandomAccessFile(loose.toFile(), "rw")) {
                f.setLength(16L * MIB);
            }
            device = OsCommand.run("losetup", "-f", "--show", loose.toString()).strip();

            List<String> done = LoopDisk.cleanupLeftovers(dir);
            System.out.println("cleanupLeftovers: " + done);

            assertTrue(done.contains("unmounted " + mounted.mountPoint()), done.toString());
            assertTrue(done.contains("detached " + device + " (" + loose + ")"), done.toString());
            assertFalse(mounted(mounted.mountPoint()), "still mounted");
            assertEquals(List.of(), LoopDisk.devicesBacking(mounted.image()));
            assertEquals(List.of(), LoopDisk.devicesBacking(loose));
        } finally {
            mounted.close();
            if (device != null && !LoopDisk.devicesBacking(loose).isEmpty()) {
                LoopDisk.detach(device);
            }
        }
        assertGone(mounted);
    }

    @Test
    void cleanupLeftoversRefusesABroadRoot() {
        assertThrows(IllegalArgumentException.class, () -> LoopDisk.cleanupLeftovers(Path.of("/")));
        assertThrows(IllegalArgumentException.class, () -> LoopDisk.cleanupLeftovers(Path.of("/tmp")));
    }

    private static void append(Path file, int bytes) throws IOException {
        try (FileOutputStream out = new FileOutputStream(file.toFile(), true)) {
            out.write(new byte[bytes]);
            out.getFD().sync();
        }
    }

    private static boolean mounted(Path point) {
        return LoopLeftovers.mounts().stream().anyMatch(m -> m.point().equals(point));
    }

    private static void assertGone(LoopDisk disk) {
        assertFalse(mounted(disk.mountPoint()), "still in /proc/mounts: " + disk.mountPoint());
        assertTrue(LoopLeftovers.loopDevices().stream().noneMatch(d -> d.image().equals(disk.image())),
                "a loop device still backs " + disk.image());
        assertEquals("", OsCommand.run("losetup", "-j", disk.image().toString()).strip());
        assertFalse(Files.exists(disk.image()), "image not deleted");
    }
}
