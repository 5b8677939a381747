package io.ringworld.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.DurableRecord;
import io.ringworld.kernel.Entry;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.View;
import io.ringworld.kernel.server.IndexRange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Initialise versus open existing, on the real file system: only initialisation creates a store
 * with nothing to remember; an empty, missing or marker-less directory opened as existing is a
 * server that lost its state (every index unknown, relearn pending, remembered across restarts);
 * a marker of another cluster is refused and nothing is touched.
 */
class LostStateTest {
    static final UUID CLUSTER = UUID.fromString("00000000-0000-0019-0000-000000000001");
    static final UUID OTHER = UUID.fromString("00000000-0000-0019-0000-000000000002");
    static final List<IndexRange> ALL = List.of(new IndexRange(1, Long.MAX_VALUE));

    @TempDir
    Path root;

    static StoreOptions options(UUID cluster) {
        return StoreOptions.of(cluster).withSegmentBytes(1 << 16).withPreallocateAhead(false);
    }

    static Entry entry(long i) {
        return new Entry(i, View.INITIAL, Payload.ofString("e" + i));
    }

    static void writeEntries(LogStore s, long from, long to) throws IOException {
        for (long i = from; i <= to; i++) {
            s.write(i, List.of(new DurableRecord.PutEntry(entry(i))));
        }
        s.force();
    }

    /** Every file under {@code dir} (relative name to contents), to show that nothing was touched. */
    static Map<String, byte[]> snapshot(Path dir) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    static void assertSameFiles(Map<String, byte[]> before, Map<String, byte[]> after) {
        assertEquals(before.keySet(), after.keySet());
        for (String k : before.keySet()) {
            assertArrayEquals(before.get(k), after.get(k), k + " changed");
        }
    }

    static void assertLostState(LogStore s) {
        RecoveryReport r = s.recoveryReport();
        assertTrue(r.lostState() && r.relearnPending() && !r.clean(), r.toString());
        assertTrue(s.relearnPending());
        assertEquals(ALL, s.unknownIndices());
        assertEquals(View.NONE, s.promisedView());
    }

    @Test
    void initialiseWritesTheMarkerAndOpeningItAsExistingFindsNothingToRelearn() throws IOException {
        Path dir = root.resolve("s");
        try (LogStore s = LogStore.initialise(dir, options(CLUSTER))) {
            assertTrue(s.recoveryReport().clean() && !s.relearnPending(), s.recoveryReport().toString());
            assertEquals(List.of(), s.unknownIndices());
            writeEntries(s, 1, 3);
        }
        assertTrue(Files.exists(dir.resolve(Marker.NAME)));
        assertEquals(Codec.FILE_HEADER_BYTES, Files.size(dir.resolve(Marker.NAME)));
        try (LogStore s = LogStore.openExisting(dir, options(CLUSTER))) {
            assertTrue(s.recoveryReport().clean() && !s.relearnPending(), s.recoveryReport().toString());
            assertEquals(entry(3), s.entry(3));
        }
        StorageException e = assertThrows(StorageException.class, () -> LogStore.initialise(dir, options(CLUSTER)));
        assertEquals(StorageException.Kind.WRONG_DIRECTORY, e.kind());
        assertTrue(e.getMessage().contains("already initialised"), e.getMessage());
        try (LogStore s = LogStore.openExisting(dir, options(CLUSTER))) {
            assertEquals(entry(3), s.entry(3), "the refused initialisation changed nothing");
        }
    }

    @Test
    void aWipedDirectoryOpenedAsExistingIsALostStateThatIsRememberedUntilRelearned() throws IOException {
        Path dir = root.resolve("s");
        try (LogStore s = LogStore.initialise(dir, options(CLUSTER))) {
            writeEntries(s, 1, 3);
            s.write(4, List.of(new DurableRecord.Promise(new View(5, 1))));
            s.force();
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        try (LogStore s = LogStore.openExisting(dir, options(CLUSTER))) {
            assertLostState(s);
            System.out.println(s.recoveryReport());
            assertNull(s.entry(1));
            assertTrue(Files.exists(dir.resolve(Marker.NAME)), "the marker is written so that the server can go on");
        }
        try (LogStore s = LogStore.openExisting(dir, options(CLUSTER))) {
            assertFalse(s.recoveryReport().lostState(), "found once");
            assertTrue(s.relearnPending(), "still pending (recorded): " + s.recoveryReport());
            assertEquals(ALL, s.unknownIndices());
            writeEntries(s, 1, 1);
            s.write(2, List.of(new DurableRecord.Promise(new View(5, 1)), new DurableRecord.Relearned()));
            s.force();
        }
        try (LogStore s = LogStore.openExisting(dir, options(CLUSTER))) {
            assertFalse(s.relearnPending(), s.recoveryReport().toString());
            assertEquals(ALL, s.unknownIndices(), "index 2 on is still unknown; index 1 is stored, so known");
            assertEquals(entry(1), s.entry(1));
        }
    }

    @Test
    void aMissingDirectoryOpenedAsExistingIsALostState() throws IOException {
        Path dir = root.resolve("never").resolve("made");
        try (LogStore s = LogStore.openExisting(dir, options(CLUSTER))) {
            assertLostState(s);
        }
    }

    @Test
    void storeFilesWithoutAMarkerAreALostStateAndAreMovedAsideUnserved() throws IOException {
        Path dir = root.resolve("s");
        try (LogStore s = LogStore.initialise(dir, options(CLUSTER))) {
            writeEntries(s, 1, 3);
        }
        Files.delete(dir.resolve(Marker.NAME));
        try (LogStore s = LogStore.openExisting(dir, options(CLUSTER))) {
            assertLostState(s);
            assertNull(s.entry(1), "files found without a marker are not vouched for");
            assertTrue(s.recoveryReport().notes().stream().anyMatch(n -> n.contains("lost-state-1")), s.recoveryReport().toString());
        }
        assertTrue(Files.exists(dir.resolve("lost-state-1").resolve(StateFile.NAME)));
        assertTrue(Files.exists(dir.resolve("lost-state-1").resolve(Segment.name(1))));
        try (LogStore s = LogStore.openExisting(dir, options(CLUSTER))) {
            assertNull(s.entry(1), "not served after a restart either");
            assertTrue(s.relearnPending());
        }
    }

    @Test
    void aMarkerOfAnotherClusterIsRefusedNamingBothIdsAndNothingIsTouched() throws IOException {
        Path dir = root.resolve("s");
        try (LogStore s = LogStore.initialise(dir, options(OTHER))) {
            writeEntries(s, 1, 2);
        }
        Map<String, byte[]> before = snapshot(dir);
        for (boolean initialise : new boolean[] {false, true}) {
            StorageException e = assertThrows(StorageException.class,
                    () -> (initialise ? LogStore.initialise(dir, options(CLUSTER)) : LogStore.openExisting(dir, options(CLUSTER))).close());
            System.out.println(e.getMessage());
            assertEquals(StorageException.Kind.WRONG_DIRECTORY, e.kind());
            assertTrue(e.getMessage().contains("expected " + CLUSTER) && e.getMessage().contains("found " + OTHER)
                    && e.getMessage().contains(Marker.NAME) && e.getMessage().contains(dir.toString()), e.getMessage());
            assertSameFiles(before, snapshot(dir));
        }
        // Files of another cluster without a marker are refused too, not moved aside.
        Files.delete(dir.resolve(Marker.NAME));
        before = snapshot(dir);
        StorageException e = assertThrows(StorageException.class, () -> LogStore.openExisting(dir, options(CLUSTER)).close());
        assertEquals(StorageException.Kind.WRONG_DIRECTORY, e.kind());
        assertTrue(e.getMessage().contains("found " + OTHER), e.getMessage());
        assertSameFiles(before, snapshot(dir));
    }

    @Test
    void aDamagedMarkerStillMeansInitialisedAndIsRewritten() throws IOException {
        Path dir = root.resolve("s");
        try (LogStore s = LogStore.initialise(dir, options(CLUSTER))) {
            writeEntries(s, 1, 2);
        }
        byte[] m = Files.readAllBytes(dir.resolve(Marker.NAME));
        m[20] ^= 1;
        Files.write(dir.resolve(Marker.NAME), m);
        try (LogStore s = LogStore.openExisting(dir, options(CLUSTER))) {
            assertFalse(s.recoveryReport().lostState() || s.relearnPending(), s.recoveryReport().toString());
            assertEquals(entry(2), s.entry(2));
        }
        assertEquals(Marker.Found.PRESENT, Marker.read(NioFileLayer.INSTANCE, dir, CLUSTER));
    }

    @Test
    void initialiseReplacesTheLeftoversOfAnInterruptedInitialisationButNotAServersFiles() throws IOException {
        Path dir = root.resolve("s");
        try (LogStore s = LogStore.initialise(dir, options(CLUSTER))) {
            assertFalse(s.relearnPending());
        }
        Files.delete(dir.resolve(Marker.NAME)); // as if the crash came before the marker
        try (LogStore s = LogStore.initialise(dir, options(CLUSTER))) {
            assertTrue(s.recoveryReport().clean() && !s.relearnPending(), s.recoveryReport().toString());
            writeEntries(s, 1, 1);
        }
        Files.delete(dir.resolve(Marker.NAME));
        StorageException e = assertThrows(StorageException.class, () -> LogStore.initialise(dir, options(CLUSTER)).close());
        assertEquals(StorageException.Kind.WRONG_DIRECTORY, e.kind());
        assertTrue(e.getMessage().contains("not an interrupted initialisation"), e.getMessage());
    }

    @Test
    @SuppressWarnings("deprecation")
    void theDeprecatedOpenInitialisesOnlyADirectoryWithNothingInIt() throws IOException {
        Path dir = root.resolve("s");
        try (LogStore s = LogStore.open(dir, options(CLUSTER))) {
            assertTrue(s.recoveryReport().clean() && !s.relearnPending());
            writeEntries(s, 1, 1);
        }
        assertTrue(Files.exists(dir.resolve(Marker.NAME)), "it initialised");
        try (LogStore s = LogStore.open(dir, options(CLUSTER))) {
            assertEquals(entry(1), s.entry(1), "then opens as existing");
        }
        Files.delete(dir.resolve(Marker.NAME));
        try (LogStore s = LogStore.open(dir, options(CLUSTER))) {
            assertLostState(s);
        }
    }
}
