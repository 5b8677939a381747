package io.ringworld.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.DurableRecord;
import io.ringworld.kernel.Entry;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.View;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HeldWritesFileLayer} on real files: writes are readable through it at once but reach the
 * file only at a force; through it a file reads exactly as a plain file with the same writes
 * (random sequences against a NioFileLayer file; -Dseed= replays one); a dropped layer (a killed
 * process) loses exactly the unforced writes; rename and delete carry and drop them; and a
 * LogStore run on it and abandoned keeps its forced records only, where on the plain layer the
 * unforced ones it had written survive too (the page cache: why the layer exists).
 */
class HeldWritesFileLayerTest {
    static final UUID CLUSTER = UUID.fromString("00000000-0000-0021-0000-000000000001");
    static final NioFileLayer NIO = NioFileLayer.INSTANCE;

    @TempDir
    Path tmp;

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static String readAll(FileLayer.Handle h) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) h.size());
        assertEquals(b.capacity(), h.read(b, 0));
        return new String(b.array(), StandardCharsets.ISO_8859_1);
    }

    private static String readWithNio(Path file) throws IOException {
        try (FileLayer.Handle h = NIO.open(file)) {
            return readAll(h);
        }
    }

    @Test
    void aWriteIsReadableBeforeTheForceButReachesTheFileOnlyAtIt() throws IOException {
        Path file = tmp.resolve("f");
        Files.writeString(file, "old-old-old");
        HeldWritesFileLayer layer = new HeldWritesFileLayer(NIO);
        try (FileLayer.Handle h = layer.open(file)) {
            h.write(ascii("NEW"), 4);
            h.write(ascii("tail"), 20);
            assertEquals("old-NEW-old\0\0\0\0\0\0\0\0\0tail", readAll(h), "held writes read back, the hole as zeros");
            assertEquals(24, h.size());
            assertEquals(7, layer.heldBytes());
            assertEquals("old-old-old", readWithNio(file), "not written through before the force");
            assertEquals(0, layer.forces());

            h.force();
            assertEquals("old-NEW-old\0\0\0\0\0\0\0\0\0tail", readWithNio(file), "written through by the force");
            assertEquals(0, layer.heldBytes());
            assertEquals(1, layer.forces());
        }
    }

    // ---------------------------------------------------------------- against a plain file

    private static final int ROUNDS = 200;
    private static final int STEPS = 120;

    /** One random sequence on a held file and a plain file, compared at every step. */
    private final class Sequence {
        final Random r;
        final String where;
        final HeldWritesFileLayer layer = new HeldWritesFileLayer(NIO);
        final Path heldFile;
        final FileLayer.Handle plain;
        FileLayer.Handle held;
        /** What the held file holds on disk: its bytes as of the last force, cut by truncates since (not held). */
        byte[] disk;
        /** The positions written since the last force and not truncated away: what heldBytes() must count. */
        final BitSet heldPositions = new BitSet();

        Sequence(long seed, int round) throws IOException {
            this.r = new Random(seed + round);
            this.where = "seed " + seed + " round " + round;
            Path dir = Files.createDirectory(tmp.resolve("r" + round));
            heldFile = dir.resolve("held");
            Path plainFile = dir.resolve("plain");
            disk = new byte[r.nextBoolean() ? 0 : r.nextInt(400)];
            r.nextBytes(disk);
            Files.write(heldFile, disk);
            Files.write(plainFile, disk);
            held = layer.open(heldFile);
            plain = NIO.open(plainFile);
        }

        void step(String at) throws IOException {
            int op = r.nextInt(100);
            long size = plain.size();
            if (op < 35) {
                write(r.nextBoolean() ? held : layer.open(heldFile), r.nextInt(768), r.nextInt(200));
            } else if (op < 65) {
                read(at, r.nextInt((int) size + 100), r.nextInt(300));
            } else if (op < 77) {
                held.force();
                plain.force();
                disk = Files.readAllBytes(heldFile);
                heldPositions.clear();
            } else if (op < 87) {
                long to = r.nextInt((int) size + 50);
                held.truncate(to);
                plain.truncate(to);
                disk = Arrays.copyOf(disk, (int) Math.min(disk.length, to));
                heldPositions.clear((int) to, Integer.MAX_VALUE);
            } else {
                held.close(); // a close writes nothing through; a new handle sees the held writes
                held = layer.open(heldFile);
            }
            assertEquals(plain.size(), held.size(), at + ": size");
            assertArrayEquals(disk, Files.readAllBytes(heldFile), at + ": nothing written through before a force");
            assertEquals(heldPositions.cardinality(), layer.heldBytes(), at + ": heldBytes");
        }

        private void write(FileLayer.Handle h, int position, int length) throws IOException {
            byte[] bytes = new byte[length];
            r.nextBytes(bytes);
            h.write(ByteBuffer.wrap(bytes), position);
            plain.write(ByteBuffer.wrap(bytes), position);
            heldPositions.set(position, position + length);
            if (h != held) {
                h.close();
            }
        }

        /** Reads into the middle of a buffer (heap or direct), to see that only the asked-for bytes move. */
        void read(String at, long position, int length) throws IOException {
            int pad = r.nextInt(8);
            boolean direct = r.nextBoolean();
            ByteBuffer a = buffer(direct, pad, length);
            ByteBuffer b = buffer(direct, pad, length);
            int n = held.read(a, position);
            int m = plain.read(b, position);
            String what = at + ": read " + length + " at " + position + " of " + plain.size();
            assertEquals(m, n, what + ": bytes read");
            assertEquals(b.position(), a.position(), what + ": position");
            assertEquals(b.clear(), a.clear(), what + ": bytes");
        }

        private static ByteBuffer buffer(boolean direct, int pad, int length) {
            ByteBuffer b = direct ? ByteBuffer.allocateDirect(pad + length + 8) : ByteBuffer.allocate(pad + length + 8);
            for (int i = 0; i < b.capacity(); i++) {
                b.put(i, (byte) 0x5A); // not zeros: a read that leaves a hole unwritten shows
            }
            return b.position(pad).limit(pad + length);
        }

        void finish() throws IOException {
            read(where + " at the end", 0, (int) plain.size() + 10);
            held.force();
            assertArrayEquals(Files.readAllBytes(heldFile.resolveSibling("plain")),
                    Files.readAllBytes(heldFile), where + ": after the last force the file is the plain one");
            assertEquals(0, layer.heldBytes());
            held.close();
            plain.close();
        }
    }

    @Test
    void throughTheLayerAFileReadsExactlyAsAPlainFileWithTheSameWrites() throws IOException {
        long seed = Long.getLong("seed", System.nanoTime());
        System.out.println("HeldWritesFileLayerTest: seed " + seed + " (replay with -Dseed=" + seed + ")");
        long forces = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Sequence s = new Sequence(seed, round);
            for (int step = 0; step < STEPS; step++) {
                s.step(s.where + " step " + step);
            }
            s.finish();
            forces += s.layer.forces();
        }
        assertTrue(forces > ROUNDS * 5L, "the sequences force often enough to matter: " + forces);
    }

    // ---------------------------------------------------------------- a kill, rename, delete

    @Test
    void aKillLosesTheUnforcedWrites() throws IOException {
        Path file = tmp.resolve("segment");
        HeldWritesFileLayer layer = new HeldWritesFileLayer(NIO);
        FileLayer.Handle h = layer.create(file);
        h.write(ascii("AAAA"), 0);
        h.force();
        h.write(ascii("BBBB"), 4);
        h.write(ascii("b"), 1); // over forced bytes: lost too
        assertEquals("AbAABBBB", readAll(h));
        h.close();
        assertEquals(5, layer.heldBytes(), "a close writes nothing through");
        layer = null; // the process dies: its memory, and the held writes, go with it

        assertEquals("AAAA", readWithNio(file), "the forced write survives, the unforced ones do not");
    }

    @Test
    void renameCarriesTheHeldWritesAndDeleteDropsThem() throws IOException {
        HeldWritesFileLayer layer = new HeldWritesFileLayer(NIO);
        Path tmpName = tmp.resolve("1.seg.tmp");
        Path name = tmp.resolve("1.seg");
        FileLayer.Handle created = layer.create(tmpName);
        created.write(ascii("header"), 0);
        layer.rename(tmpName, name);
        assertEquals(0, layer.heldBytes(tmpName));
        assertEquals(6, layer.heldBytes(name));
        created.write(ascii("+record"), 6); // the handle follows its file, as the store's segment handle does
        try (FileLayer.Handle opened = layer.open(name)) {
            assertEquals("header+record", readAll(opened));
            assertEquals("", readWithNio(name), "nothing written through yet");
            opened.force();
        }
        assertEquals("header+record", readWithNio(name));
        created.close();

        Path other = tmp.resolve("other");
        try (FileLayer.Handle h = layer.create(other)) {
            h.write(ascii("doomed"), 0);
        }
        assertEquals(6, layer.heldBytes());
        layer.delete(other);
        assertFalse(layer.exists(other));
        assertEquals(0, layer.heldBytes(), "the deleted file's writes are dropped");
        try (FileLayer.Handle again = layer.create(other)) {
            assertEquals(0, again.size(), "a new file of the same name does not inherit them");
            assertEquals(0, again.read(ByteBuffer.allocate(4), 0));
        }

        try (FileLayer.Handle a = layer.create(tmp.resolve("a")); FileLayer.Handle b = layer.open(name)) {
            a.write(ascii("aa"), 0);
            b.write(ascii("bbb"), 0);
            layer.rename(tmp.resolve("a"), name); // replaces name: its held writes go with it
            assertEquals(2, layer.heldBytes());
            try (FileLayer.Handle n = layer.open(name)) {
                assertEquals("aa", readAll(n));
                n.force();
            }
        }
        assertEquals("aa", readWithNio(name));
        assertFalse(layer.exists(tmp.resolve("a")));
    }

    // ---------------------------------------------------------------- a LogStore on it

    static StoreOptions storeOptions(FileLayer files) {
        // A 4 KiB buffer, so unforced records are written to the segment (not just buffered), one
        // segment for them all (leaving a segment forces it), no preallocation thread (it forces).
        return StoreOptions.of(CLUSTER).withFiles(files).withSegmentBytes(1 << 20).withWriteBufferBytes(4096)
                .withPreallocateAhead(false);
    }

    static Entry entry(long i) {
        byte[] b = new byte[200];
        Arrays.fill(b, (byte) i);
        return new Entry(i, View.INITIAL, Payload.of(b));
    }

    static final long FORCED = 50;
    static final long WRITTEN = 150;

    /**
     * Initialises a store in {@code dir} on {@code files}, forces entries 1..50, writes 51..150
     * without a force, then closes it, which forces nothing (LogStore.close: what was not forced is
     * lost, as in a crash): with the store's lock released the same JVM can reopen the directory,
     * as a new process would after a SIGKILL. Returns the highest index the store had written
     * into its segment (not only buffered) when it was abandoned.
     */
    static long writeAndAbandon(Path dir, FileLayer files) throws IOException {
        LogStore s = LogStore.initialise(dir, storeOptions(files));
        for (long i = 1; i <= WRITTEN; i++) {
            s.write(i, List.of(new DurableRecord.PutEntry(entry(i))));
            if (i == FORCED) {
                assertEquals(FORCED, s.force());
            }
        }
        assertEquals(entry(WRITTEN), s.entry(WRITTEN));
        s.close();
        try (LogStore sameProcess = LogStore.openExisting(dir, storeOptions(files))) {
            return sameProcess.highestIndex();
        }
    }

    @Test
    void aLogStoreOnTheLayerKeepsOnlyItsForcedRecordsWhenTheProcessIsKilled() throws IOException {
        Path dir = tmp.resolve("held");
        HeldWritesFileLayer layer = new HeldWritesFileLayer(NIO);
        long written = writeAndAbandon(dir, layer);
        System.out.println("held layer: " + layer.heldBytes() + " bytes held at the kill, " + layer.forces() + " forces");
        assertTrue(written > FORCED + 50 && written < WRITTEN, "the store wrote unforced records into its segment: " + written);
        assertTrue(layer.heldBytes() > 50 * 200, "and they were held: " + layer.heldBytes());
        layer = null; // the kill

        try (LogStore s = LogStore.openExisting(dir, storeOptions(NIO))) {
            RecoveryReport report = s.recoveryReport();
            System.out.println("after the kill on the held layer: " + report);
            assertTrue(report.clean() && !report.damageFound() && !s.relearnPending(),
                    "the lost tail is the segment's preallocated zeros, not damage: " + report);
            assertEquals(FORCED, s.highestIndex(), "the unforced records are lost");
            for (long i = 1; i <= FORCED; i++) {
                assertEquals(entry(i), s.entry(i), "forced record " + i);
            }
            assertNull(s.entry(FORCED + 1));
        }
    }

    @Test
    void onThePlainLayerAKillLosesNothingTheStoreWroteWhichIsWhyTheLayerExists() throws IOException {
        Path dir = tmp.resolve("plain");
        long written = writeAndAbandon(dir, NIO);
        try (LogStore s = LogStore.openExisting(dir, storeOptions(NIO))) {
            assertTrue(s.recoveryReport().clean(), s.recoveryReport().toString());
            assertEquals(written, s.highestIndex(), "the page cache kept every record written, forced or not");
            assertTrue(written > FORCED + 50, "unforced records survived: " + written);
            assertEquals(entry(written), s.entry(written));
        }
    }

    /** What a torn write's crash callback throws in a test (a node halts its process instead). */
    static final class Crashed extends RuntimeException {
        Crashed(String what) {
            super(what);
        }
    }

    /**
     * A torn write, as a power cut in the middle of one leaves it: over 20 seeds, a store forces
     * 1..50, writes 51..150 unforced, then crashes in a write. Reopened on the plain files, every
     * forced record is there and intact, whatever the store still serves above them is exactly what
     * was written, and the cut is reported as a cut tail (for the seeds whose cut falls inside a
     * record, which must be most of them).
     */
    @Test
    void aTornWriteLosesNothingForcedAndIsFoundAsACutTail() throws IOException {
        int cutInsideARecord = 0;
        for (long seed = 1; seed <= 20; seed++) {
            Path dir = tmp.resolve("torn-" + seed);
            HeldWritesFileLayer layer = new HeldWritesFileLayer(NIO);
            LogStore s = LogStore.initialise(dir, storeOptions(layer));
            String crash = null;
            try {
                for (long i = 1; i <= WRITTEN; i++) {
                    s.write(i, List.of(new DurableRecord.PutEntry(entry(i))));
                    if (i == FORCED) {
                        assertEquals(FORCED, s.force());
                        layer.tearNextWrite(seed, what -> {
                            throw new Crashed(what);
                        });
                    }
                }
                s.force();
            } catch (Crashed c) {
                crash = c.getMessage();
            }
            assertTrue(crash != null && crash.matches("tore segment-\\d+\\.log\\S*: wrote \\d+ of a \\d+-byte write at \\d+.*"),
                    "seed " + seed + ": no torn write: " + crash);
            assertFalse(layer.tearArmed());
            s.close();
            layer = null; // the process is gone: its held writes with it
            try (LogStore r = LogStore.openExisting(dir, storeOptions(NIO))) {
                RecoveryReport report = r.recoveryReport();
                for (long i = 1; i <= FORCED; i++) {
                    assertEquals(entry(i), r.entry(i), "seed " + seed + ": forced record " + i + " after " + crash + "\n" + report);
                }
                for (long i = FORCED + 1; i <= WRITTEN; i++) {
                    Entry e = r.entry(i);
                    assertTrue(e == null || e.equals(entry(i)), "seed " + seed + ": record " + i + " served changed: " + report);
                }
                if (report.findings().stream().anyMatch(f -> f.kind() == RecoveryReport.Kind.CUT_TAIL)) {
                    cutInsideARecord++;
                }
                assertTrue(report.findings().stream().noneMatch(f -> f.kind() == RecoveryReport.Kind.CORRUPT),
                        "seed " + seed + ": a torn write is a cut tail, not corruption: " + report);
            }
        }
        System.out.println("torn writes: " + cutInsideARecord + " of 20 found as a cut tail");
        assertTrue(cutInsideARecord >= 15, "torn writes found as a cut tail in only " + cutInsideARecord + " of 20 seeds");
    }
}
