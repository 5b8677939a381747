package io.ringworld.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.DurableRecord;
import io.ringworld.kernel.Entry;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.View;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full disk: an 8 MB ext4 image mounted on a loop device, filled until ENOSPC, then
 * trimmed, then remounted read-only. Needs Linux, root, mkfs.ext4 and mount; skipped otherwise
 * (the reason is printed).
 */
class RealFilesystemTest {
    static final UUID CLUSTER = UUID.fromString("00000000-0000-0012-0000-0000000000e4");

    @TempDir
    Path tmp;

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " timed out");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " exited " + p.exitValue() + ": " + out);
        }
        return out;
    }

    private static String whyNot() {
        if (!System.getProperty("os.name").toLowerCase().contains("linux")) {
            return "not Linux";
        }
        try {
            if (!run("id", "-u").equals("0")) {
                return "not root (id -u != 0): mounting a loop device needs root";
            }
            run("sh", "-c", "command -v mkfs.ext4 && command -v mount && command -v umount");
        } catch (IOException | InterruptedException e) {
            return "mkfs.ext4 / mount / umount not found: " + e.getMessage();
        }
        return null;
    }

    static DurableRecord put(long i) {
        byte[] b = new byte[1024];
        java.util.Arrays.fill(b, (byte) i);
        return new DurableRecord.PutEntry(new Entry(i, View.INITIAL, Payload.of(b)));
    }

    @Test
    void fillARealExt4UntilFullTrimResumeThenReadOnly() throws Exception {
        String reason = whyNot();
        if (reason != null) {
            System.out.println("RealFilesystemTest skipped: " + reason);
            Assumptions.assumeTrue(false, reason);
        }
        Path image = tmp.resolve("disk.img");
        Path mnt = Files.createDirectory(tmp.resolve("mnt"));
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(8L << 20);
        }
        run("mkfs.ext4", "-q", "-F", image.toString());
        run("mount", "-o", "loop", image.toString(), mnt.toString());
        try {
            exercise(mnt, mnt.resolve("server-1"));
        } finally {
            try {
                run("umount", mnt.toString());
            } catch (IOException e) {
                run("umount", "-l", mnt.toString());
            }
        }
    }

    private void exercise(Path mnt, Path dir) throws Exception {
        List<String> events = new ArrayList<>();
        StoreListener listener = new StoreListener() {
            @Override
            public void onStatus(StoreStatus status, StorageException cause) {
                events.add(status.toString());
            }
        };
        StoreOptions options = StoreOptions.of(CLUSTER).withSegmentBytes(1 << 20).withListener(listener).withFullRetryNanos(Long.MAX_VALUE);
        long acked = 0;
        long id = 0;
        StorageException full = null;
        try (LogStore s = LogStore.initialise(dir, options)) {
            for (long i = 1; full == null && i < 100_000; i++) {
                try {
                    s.write(++id, List.of(put(i)));
                    if (i % 50 == 0) {
                        s.force();
                        acked = i;
                    }
                } catch (StorageException e) {
                    full = e;
                }
            }
            System.out.println("real ext4 full after " + acked + " acknowledged 1 KiB entries, " + s.segmentCount() + " segments: " + full.getMessage());
            assertEquals(StorageException.Kind.DISK_FULL, full.kind());
            assertTrue(full.getMessage().contains(dir.toString()), full.getMessage());
            assertEquals(StoreStatus.FULL, s.status());
            assertFalse(Files.list(dir).anyMatch(p -> p.toString().endsWith(".tmp")), "the failed preallocation's file was deleted");
            long durable = s.force(); // the entries written before the refusal
            assertEquals(id - 1, durable);
            long held = id - 1;
            for (long i = 1; i <= held; i += 97) {
                assertEquals(((DurableRecord.PutEntry) put(i)).entry(), s.entry(i), "reads go on while full");
            }
            long trim = held - 100;
            s.write(++id, List.of(new DurableRecord.TrimTo(trim)));
            assertEquals(id, s.force(), "a trim is written on a full disk");
            s.write(++id, List.of(put(held + 1)));
            assertEquals(id, s.force(), "writes resume once the trim freed space");
            assertEquals(StoreStatus.WRITABLE, s.status());
            acked = held + 1;
            System.out.println("after trim to " + trim + ": " + s.segmentCount() + " segments, writes resumed; events " + events);
        }
        try (LogStore s = LogStore.openExisting(dir, options)) {
            assertTrue(s.recoveryReport().clean(), s.recoveryReport().toString());
            for (long i = s.trimPoint(); i <= acked; i++) {
                assertEquals(((DurableRecord.PutEntry) put(i)).entry(), s.entry(i), "nothing acknowledged lost");
            }
        }
        run("mount", "-o", "remount,ro", mnt.toString());
        StorageException ro = assertThrows(StorageException.class, () -> LogStore.openExisting(dir, options));
        System.out.println("read-only: " + ro.getMessage());
        assertEquals(StorageException.Kind.READ_ONLY, ro.kind());
        assertTrue(ro.getMessage().contains(dir.toString()) && ro.getMessage().contains("read-only"), ro.getMessage());
    }
}
