package io.ringworld.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.DurableRecord;
import io.ringworld.kernel.Entry;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.View;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One server per directory, of one cluster and one format version, on the real file system. */
class DirectoryGuardTest {
    static final UUID CLUSTER = UUID.fromString("00000000-0000-0012-0000-000000000001");
    static final UUID OTHER = UUID.fromString("00000000-0000-0012-0000-000000000002");

    @TempDir
    Path dir;

    static StoreOptions options(UUID cluster) {
        return StoreOptions.of(cluster).withSegmentBytes(1 << 16);
    }

    static void writeOne(LogStore s) throws IOException {
        s.write(1, List.of(new DurableRecord.PutEntry(new Entry(1, View.INITIAL, Payload.ofString("one")))));
        s.force();
    }

    @Test
    void aSecondProcessOnTheSameDirectoryIsRefused() throws Exception {
        try (LogStore s = LogStore.initialise(dir, options(CLUSTER))) {
            writeOne(s);
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), LockHolderMain.class.getName(), dir.toString(), CLUSTER.toString())
                    .redirectErrorStream(true).start();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the second JVM finished");
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            System.out.println("second process: exit " + p.exitValue() + ": " + out);
            assertEquals(3, p.exitValue(), out);
            assertTrue(out.startsWith("IN_USE") && out.contains("directory in use") && out.contains(dir.toString()), out);
        }
        // Once the first store is closed, a second process may open it.
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockHolderMain.class.getName(), dir.toString(), CLUSTER.toString())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals("OPENED", new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
    }

    @Test
    void aSecondStoreInThisProcessIsRefusedTheSameWay() throws IOException {
        try (LogStore s = LogStore.initialise(dir, options(CLUSTER))) {
            StorageException e = assertThrows(StorageException.class, () -> LogStore.openExisting(dir, options(CLUSTER)));
            assertEquals(StorageException.Kind.IN_USE, e.kind());
            assertTrue(e.getMessage().contains("directory in use") && e.getMessage().contains(dir.toString()), e.getMessage());
        }
    }

    @Test
    void aDirectoryOfAnotherClusterIsRefused() throws IOException {
        try (LogStore s = LogStore.initialise(dir, options(CLUSTER))) {
            writeOne(s);
        }
        StorageException e = assertThrows(StorageException.class, () -> LogStore.openExisting(dir, options(OTHER)));
        System.out.println(e.getMessage());
        assertEquals(StorageException.Kind.WRONG_DIRECTORY, e.kind());
        assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains("expected " + OTHER)
                && e.getMessage().contains("found " + CLUSTER), e.getMessage());
        try (LogStore s = LogStore.openExisting(dir, options(CLUSTER))) {
            assertEquals("one", s.entry(1).payload().asString(), "the refusal changed nothing");
        }
    }

    @Test
    void anotherFormatVersionIsRefusedInTheStateFileASegmentAndTheMarker() throws IOException {
        try (LogStore s = LogStore.initialise(dir, options(CLUSTER))) {
            writeOne(s);
        }
        setVersion(dir.resolve(Segment.name(1)), 3);
        StorageException e = assertThrows(StorageException.class, () -> LogStore.openExisting(dir, options(CLUSTER)));
        System.out.println(e.getMessage());
        assertEquals(StorageException.Kind.WRONG_DIRECTORY, e.kind());
        assertTrue(e.getMessage().contains("format version: expected 2, found 3") && e.getMessage().contains(dir.toString()), e.getMessage());
        setVersion(dir.resolve(Segment.name(1)), Codec.FORMAT_VERSION);
        setVersion(dir.resolve(StateFile.NAME), 7);
        e = assertThrows(StorageException.class, () -> LogStore.openExisting(dir, options(CLUSTER)));
        assertTrue(e.getMessage().contains("expected 2, found 7") && e.getMessage().contains(StateFile.NAME), e.getMessage());
        setVersion(dir.resolve(StateFile.NAME), Codec.FORMAT_VERSION);
        setVersion(dir.resolve(Marker.NAME), 9);
        e = assertThrows(StorageException.class, () -> LogStore.openExisting(dir, options(CLUSTER)));
        assertTrue(e.getMessage().contains("expected 2, found 9") && e.getMessage().contains(Marker.NAME), e.getMessage());
    }

    private static void setVersion(Path file, int version) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, version), Codec.FH_VERSION);
        }
    }
}
