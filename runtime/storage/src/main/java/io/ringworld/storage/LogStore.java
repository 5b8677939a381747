package io.ringworld.storage;

import io.ringworld.kernel.DurableRecord;
import io.ringworld.kernel.Entry;
import io.ringworld.kernel.View;
import io.ringworld.kernel.server.DurableState;
import io.ringworld.kernel.server.IndexRange;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32C;

/**
 * A log server's durable state in a data directory: entries in preallocated append-only segment
 * files; the promise, fence, trim point, recorded unknown indices and pending relearn in a two-slot
 * state file; an initialisation marker naming the cluster. Open it with {@link #initialise} (cluster
 * initialisation) or {@link #openExisting} (every other start). One writer thread calls
 * {@link #write} for each Persist, then {@link #force}, which returns the highest persistId now
 * durable (use {@link GroupCommitter} for that loop). Reads ({@link DurableState}) may come from
 * any thread. Every method is synchronized: the store is one lock.
 */
public final class LogStore implements DurableState, AutoCloseable {
    /** Test-only: force() skips the segment's fsync, so persists are acknowledged before they are durable. */
    static volatile boolean plantedAckBeforeForce;
    /** Test-only: the state file is written without the recorded damage and pending relearn (they are lost at a restart). */
    static volatile boolean plantedDropRecordedDamage;

    private static final int ZERO_CHUNK_BYTES = 1 << 20;

    private final Path dir;
    private final StoreOptions options;
    private final FileLayer fs;
    private final Closeable lock;
    private final StateFile state;
    private final TreeMap<Long, Segment> segments;
    private final LocationTable locations;
    private final RecoveryReport report;
    /** The indices recovery found it cannot vouch for at this open (damaged or torn records). */
    private final List<IndexRange> foundUnknown;
    private final ByteBuffer buffer;
    private final CRC32C crc = new CRC32C();
    /** Index changes since the last successful write call, undone if that call fails. */
    private final List<long[]> undoIndices = new ArrayList<>();
    private final List<LocationTable.Loc> undoLocs = new ArrayList<>();

    private Segment active;
    /**
     * The number of the next segment: never lower than one past every segment this store has had,
     * deleted ones included. Taken from the segments left after a trim, a number could come round
     * again while a segment of that number is live or being preallocated, and the new one's rename
     * would replace the live file: its later writes went to an unlinked file and every
     * acknowledged record in it was gone after a restart (found by campaign --real: a store whose
     * first segment was not continued and was deleted as trimmed before the first append).
     */
    private long nextSegmentNumber;
    /** The next segment, being preallocated ahead on {@link #preallocator} (null if none is). */
    private Future<Segment> spare;
    private final ExecutorService preallocator;
    private View promised;
    private View fenceView;
    private long fenceStart;
    private long trimPoint;
    private long highestIndex;
    /** The indices recorded unknown (DurableRecord.Damaged, a lost state): in the state file once forced. */
    private List<IndexRange> recordedUnknown;
    /** A Damaged (or a lost state) recorded and not yet followed by a Relearned: in the state file once forced. */
    private boolean recordedRelearnPending;
    /** What {@link #relearnPending()} says: damage or lost state found at this open, or recorded; cleared by a Relearned. */
    private boolean relearnPending;
    private boolean stateDirty;
    private long writtenPersistId;
    private long durablePersistId;
    private StoreStatus status = StoreStatus.WRITABLE;
    private StorageException failure;
    private long fullSinceNanos;
    private boolean trimmedSinceFull;
    /** FULL came from a failed write into allocated space (not from an allocation). */
    private boolean fullFromWrite;

    private LogStore(Path dir, StoreOptions options, Closeable lock, StateFile state, Recovery r, boolean lostState,
                     List<String> openNotes) {
        this.dir = dir;
        this.options = options;
        this.fs = options.files();
        this.lock = lock;
        this.state = state;
        this.segments = r.segments;
        this.locations = r.locations;
        StateImage s = state.current();
        this.foundUnknown = Ranges.trimBelow(r.unknown, s.trimPoint());
        // A higher promise is always safe, and an accepted entry's view (or a fence's) was promised.
        this.promised = max(max(s.promised(), s.fenceView()), r.maxEntryView);
        this.fenceView = s.fenceView();
        this.fenceStart = s.fenceStart();
        this.trimPoint = s.trimPoint();
        this.highestIndex = r.highestIndex;
        this.recordedUnknown = Ranges.trimBelow(s.damaged(), trimPoint);
        this.recordedRelearnPending = s.relearnPending();
        // Damage found now must stop acknowledgements before the kernel has recorded it (its first step does).
        this.relearnPending = recordedRelearnPending || !foundUnknown.isEmpty();
        this.stateDirty = !promised.equals(s.promised());
        List<String> notes = new ArrayList<>(openNotes);
        notes.addAll(r.notes);
        this.report = new RecoveryReport(r.findings, foundUnknown, r.segments.size(), r.records, notes, lostState,
                relearnPending, recordedUnknown);
        this.buffer = Codec.le(ByteBuffer.allocateDirect((int) Math.min(options.writeBufferBytes(), options.segmentBytes())));
        this.preallocator = options.preallocateAhead() ? Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, "ringworld-preallocate-" + dir.getFileName());
            t.setDaemon(true);
            return t;
        }) : null;
        this.active = continuable(r);
        this.nextSegmentNumber = segments.isEmpty() ? 1 : segments.lastKey() + 1;
        scheduleSpare(nextSegmentNumber);
    }

    /**
     * The last segment, to append to, if recovery found it whole: no damage, zeros after its last
     * record up to its preallocated size. Continuing it (instead of a fresh 64 MiB segment at
     * every open) keeps a process that restarts often from filling its disk with preallocation.
     * Never after damage: a damaged or cut tail gets a fresh segment, and is reported as it was.
     */
    private Segment continuable(Recovery r) {
        if (segments.isEmpty()) {
            return null;
        }
        Segment last = segments.lastEntry().getValue();
        try {
            if (last.cleanEndBytes < Codec.FILE_HEADER_BYTES || !r.undamaged(last)
                    || last.handle.size() != options.segmentBytes()) {
                return null;
            }
        } catch (IOException e) {
            return null;
        }
        last.writeBytes = last.cleanEndBytes;
        last.forcedBytes = last.cleanEndBytes;
        return last;
    }

    /**
     * Creates a fresh store in {@code dir} for a new cluster (cluster initialisation: the only way a
     * server starts with nothing to remember): the state file, then the initialisation marker
     * naming {@code options.clusterId()}, each forced with its directory. Refused
     * (WRONG_DIRECTORY) if the directory is already initialised (a marker, of any cluster) or
     * holds segment files or a state file that was written to; the leftovers of an interrupted
     * initialisation (a state file never written to, temporary files) are replaced.
     */
    public static LogStore initialise(Path dir, StoreOptions options) throws IOException {
        return open(dir, options, Mode.INITIALISE);
    }

    /**
     * Opens the store of a server of an initialised cluster: takes the directory's lock, checks
     * the format version and cluster id of every file, and recovers. New writes continue the last
     * segment if recovery found it whole, else go to a fresh one.
     *
     * <p>A marker of another cluster (or format version) is refused (WRONG_DIRECTORY, naming
     * both ids) and nothing is touched. A missing or empty directory, or one without the
     * marker, is a server that <b>lost its state</b>: every index from 1 on is unknown and a
     * relearn is pending (both recorded in a new state file before the marker is written, so a
     * crash cannot forget them); any store files found without a marker are moved into a
     * subdirectory {@code lost-state-N} for the operator (after their headers are checked: files
     * of another cluster or format are refused, untouched). {@link #recoveryReport()} says so.
     */
    public static LogStore openExisting(Path dir, StoreOptions options) throws IOException {
        return open(dir, options, Mode.EXISTING);
    }

    /**
     * The open of before the initialise/existing choice, kept for existing callers:
     * {@link #openExisting} if the directory has an initialisation marker or any store file
     * other than an interrupted initialisation's leftovers; otherwise {@link #initialise} if
     * {@code options.createIfMissing()}, else {@link #openExisting} (lost state).
     *
     * @deprecated an empty directory in an initialised cluster is a server that lost its state,
     * not a new one, and only the host knows which it is: call {@link #initialise} at cluster
     * initialisation and {@link #openExisting} at every other start.
     */
    @Deprecated
    public static LogStore open(Path dir, StoreOptions options) throws IOException {
        return open(dir, options, Mode.LEGACY);
    }

    private enum Mode {
        INITIALISE, EXISTING, LEGACY
    }

    /** What preparing the directory gives the constructor: the state file, whether the state was lost, notes. */
    private record Prepared(StateFile state, boolean lostState, List<String> notes) {
    }

    private static LogStore open(Path dir, StoreOptions options, Mode mode) throws IOException {
        FileLayer fs = options.files();
        dir = dir.toAbsolutePath();
        Closeable lock;
        try {
            fs.createDirectories(dir);
            lock = fs.lock(dir.resolve("LOCK"));
        } catch (StorageException e) {
            throw e;
        } catch (IOException e) {
            throw StorageException.isReadOnly(e)
                    ? new StorageException(StorageException.Kind.READ_ONLY, dir, "the file system is read-only: cannot take the directory's lock", e)
                    : e;
        }
        try {
            Prepared p = prepare(fs, dir, options, mode);
            Recovery r;
            try {
                r = Recovery.run(fs, dir, options.clusterId(), p.state.current().trimPoint());
            } catch (IOException | RuntimeException e) {
                p.state.close();
                throw e;
            }
            return new LogStore(dir, options, lock, p.state, r, p.lostState, p.notes);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * Chooses between a new store, an existing one and a lost state (see {@link #initialise} and
     * {@link #openExisting}), and returns the state file to recover with. The marker is written
     * only after the state file it vouches for is durable.
     */
    private static Prepared prepare(FileLayer fs, Path dir, StoreOptions options, Mode mode) throws IOException {
        UUID cluster = options.clusterId();
        Marker.Found marker = Marker.read(fs, dir, cluster);
        List<String> names = fs.list(dir);
        boolean hasState = names.contains(StateFile.NAME);
        boolean hasSegments = names.stream().anyMatch(n -> Segment.numberOf(n) >= 0);
        if (mode == Mode.LEGACY) {
            boolean nothingToRemember = marker == Marker.Found.MISSING && !hasSegments
                    && (!hasState || neverWritten(fs, dir, cluster));
            mode = nothingToRemember && options.createIfMissing() ? Mode.INITIALISE : Mode.EXISTING;
        }
        List<String> notes = new ArrayList<>();
        if (mode == Mode.INITIALISE) {
            if (marker != Marker.Found.MISSING) {
                throw new StorageException(StorageException.Kind.WRONG_DIRECTORY, dir, "already initialised ("
                        + Marker.NAME + " present): only cluster initialisation creates a store; a server of an"
                        + " initialised cluster opens its directory as existing");
            }
            if (hasSegments || (hasState && !neverWritten(fs, dir, cluster))) {
                throw new StorageException(StorageException.Kind.WRONG_DIRECTORY, dir, "holds a log server's files but no "
                        + Marker.NAME + " marker: not an interrupted initialisation, so not initialised over;"
                        + " open it as existing (a lost state) or clear it by hand");
            }
            deleteLeftovers(fs, dir, names);
            StateFile state = StateFile.create(fs, dir, cluster, StateImage.fresh());
            writeMarker(fs, dir, cluster, state);
            return new Prepared(state, false, notes);
        }
        if (marker == Marker.Found.MISSING || (!hasState && !hasSegments)) {
            // Lost state: record it (every index unknown, relearn pending) in a new state file
            // before the marker, so that a crash in between comes back to this same branch.
            if (marker == Marker.Found.MISSING) {
                notes.add("no initialisation marker (" + Marker.NAME + "): this server lost its state (or its cluster never initialised it)");
                quarantine(fs, dir, cluster, names, hasState, hasSegments, notes);
            } else {
                notes.add("an initialised directory without a state file or segments: this server lost its state");
                deleteLeftovers(fs, dir, names);
            }
            StateFile state = StateFile.create(fs, dir, cluster, StateImage.lost());
            if (marker != Marker.Found.PRESENT) {
                writeMarker(fs, dir, cluster, state);
            }
            return new Prepared(state, true, notes);
        }
        if (!hasState) {
            throw new StorageException(StorageException.Kind.STATE_LOST, dir,
                    "segment files but no state file: the promised view is lost, so this server must not start on it");
        }
        StateFile state = StateFile.open(fs, dir, cluster);
        if (marker == Marker.Found.DAMAGED) {
            // The marker exists, so initialisation completed; the state file's header names this cluster.
            notes.add(Marker.NAME + " marker damaged: rewritten (the state file's header names this cluster)");
            writeMarker(fs, dir, cluster, state);
        }
        return new Prepared(state, false, notes);
    }

    private static void writeMarker(FileLayer fs, Path dir, UUID cluster, StateFile state) throws IOException {
        try {
            Marker.write(fs, dir, cluster);
        } catch (IOException | RuntimeException e) {
            state.close();
            throw e;
        }
    }

    /** True if the state file holds only its creation image (sequence 1): nothing was ever recorded in it. */
    private static boolean neverWritten(FileLayer fs, Path dir, UUID cluster) throws IOException {
        try (StateFile s = StateFile.open(fs, dir, cluster)) {
            return s.current().sequence() == 1;
        } catch (StorageException e) {
            if (e.kind() == StorageException.Kind.STATE_LOST) {
                return false;
            }
            throw e;
        }
    }

    /** True for the names of the files a store keeps in its directory (LOCK and the marker aside). */
    private static boolean storeFile(String name) {
        return name.equals(StateFile.NAME) || name.equals(StateFile.TMP_NAME) || name.equals(Marker.TMP_NAME)
                || Segment.numberOf(name) >= 0
                || (name.endsWith(Segment.TMP_SUFFIX) && Segment.numberOf(name.substring(0, name.length() - Segment.TMP_SUFFIX.length())) >= 0);
    }

    /** Deletes a state file never written to and temporary files (an interrupted initialisation's leftovers). */
    private static void deleteLeftovers(FileLayer fs, Path dir, List<String> names) throws IOException {
        boolean deleted = false;
        for (String n : names) {
            if (storeFile(n) && Segment.numberOf(n) < 0) {
                fs.delete(dir.resolve(n));
                deleted = true;
            }
        }
        if (deleted) {
            fs.forceDirectory(dir);
        }
    }

    /**
     * Store files without a marker: checked first (a file of another cluster or format version is
     * refused, nothing moved), then moved into {@code lost-state-N} for the operator, unless they
     * are only an interrupted initialisation's leftovers (deleted).
     */
    private static void quarantine(FileLayer fs, Path dir, UUID cluster, List<String> names, boolean hasState,
                                   boolean hasSegments, List<String> notes) throws IOException {
        for (String n : names) {
            if (n.equals(StateFile.NAME) || Segment.numberOf(n) >= 0) {
                checkHeader(fs, dir, n, n.equals(StateFile.NAME) ? Codec.KIND_STATE : Codec.KIND_SEGMENT, cluster);
            }
        }
        if (!hasSegments && (!hasState || neverWritten(fs, dir, cluster))) {
            deleteLeftovers(fs, dir, names);
            return;
        }
        int number = 1;
        for (String n : names) {
            if (n.startsWith(LOST_STATE_PREFIX)) {
                try {
                    number = Math.max(number, Integer.parseInt(n.substring(LOST_STATE_PREFIX.length())) + 1);
                } catch (NumberFormatException ignored) {
                    // not one of ours
                }
            }
        }
        Path aside = dir.resolve(LOST_STATE_PREFIX + number);
        fs.createDirectories(aside);
        int moved = 0;
        for (String n : names) {
            if (storeFile(n)) {
                fs.rename(dir.resolve(n), aside.resolve(n));
                moved++;
            }
        }
        fs.forceDirectory(aside);
        fs.forceDirectory(dir);
        notes.add("moved " + moved + " store files found without a marker into " + aside.getFileName()
                + " (not served: they cannot be vouched for; the operator may inspect or delete them)");
    }

    static final String LOST_STATE_PREFIX = "lost-state-";

    /** Throws WRONG_DIRECTORY if {@code name} has a valid header of another cluster or format version. */
    private static void checkHeader(FileLayer fs, Path dir, String name, int kind, UUID cluster) throws IOException {
        Path file = dir.resolve(name);
        ByteBuffer b = Codec.le(ByteBuffer.allocate(Codec.FILE_HEADER_BYTES));
        try (FileLayer.Handle h = fs.open(file)) {
            h.read(b, 0);
        }
        b.flip();
        Headers.check(b, file, kind, cluster, dir);
    }

    private static View max(View a, View b) {
        return a.isAfter(b) ? a : b;
    }

    // ---------------------------------------------------------------- writing

    /**
     * Writes the records of Persist {@code persistId} (not yet durable: see {@link #force}).
     * State records (promise, fence, trim, damaged, relearned) are applied first, in order; they
     * commute with entries (promise, fence and trim are maxima, an entry below the trim point is
     * dropped either way, and damaged/relearned concern no entry). Throws DISK_FULL if a
     * segment cannot be allocated: the entries of this persist are then to be written again later
     * (those already buffered are harmless duplicates: the newest view of an index wins).
     */
    public synchronized void write(long persistId, List<DurableRecord> records) throws StorageException {
        requireUsable();
        if (persistId <= writtenPersistId) {
            throw new IllegalArgumentException("persist " + persistId + " after persist " + writtenPersistId + ": ids must grow");
        }
        applyState(records);
        for (DurableRecord r : records) {
            if (r instanceof DurableRecord.PutEntry p && p.entry().index() >= trimPoint) {
                append(p.entry());
            }
        }
        writtenPersistId = persistId;
    }

    /**
     * Applies only the state records of {@code records}, in order: promise, fence, trim, damaged,
     * relearned (for a persist whose entries wait for space).
     */
    synchronized void applyState(List<DurableRecord> records) throws StorageException {
        requireUsable();
        for (DurableRecord r : records) {
            if (r instanceof DurableRecord.Promise p && p.view().isAfter(promised)) {
                promised = p.view();
                stateDirty = true;
            } else if (r instanceof DurableRecord.Fence f && f.view().isAfter(fenceView)) {
                fenceView = f.view();
                fenceStart = f.start();
                promised = max(promised, f.view());
                stateDirty = true;
            } else if (r instanceof DurableRecord.TrimTo t && t.prefix() > trimPoint) {
                trimPoint = t.prefix();
                recordedUnknown = Ranges.trimBelow(recordedUnknown, trimPoint);
                stateDirty = true;
            } else if (r instanceof DurableRecord.Damaged d) {
                // Merged past RECORDED_MAX ranges: a superset, so only more indices are unknown.
                recordedUnknown = Ranges.bound(Ranges.trimBelow(Ranges.union(recordedUnknown, d.unknown()), trimPoint),
                        Ranges.RECORDED_MAX);
                recordedRelearnPending = true;
                relearnPending = true;
                stateDirty = true;
            } else if (r instanceof DurableRecord.Relearned) {
                stateDirty |= recordedRelearnPending;
                recordedRelearnPending = false;
                relearnPending = false;
            }
        }
    }

    private void append(Entry e) throws StorageException {
        int recordBytes = Codec.recordBytes(e);
        if (recordBytes > buffer.capacity() || recordBytes > options.segmentBytes() - Codec.FILE_HEADER_BYTES) {
            throw new IllegalArgumentException("entry " + e.index() + " of " + e.payload().size()
                    + " bytes exceeds the store's record limit of " + Math.min(buffer.capacity(), options.segmentBytes() - Codec.FILE_HEADER_BYTES) + " bytes");
        }
        if (active == null || active.writeBytes + buffer.position() + recordBytes > options.segmentBytes()) {
            roll();
        }
        if (recordBytes > buffer.remaining()) {
            flush();
        }
        long offset = active.writeBytes + buffer.position();
        Codec.putRecord(buffer, e, offset, crc);
        LocationTable.Loc held = locations.get(e.index());
        if (held == null || !held.view().isAfter(e.view())) {
            undoIndices.add(new long[] {e.index()});
            undoLocs.add(held);
            locations.put(e.index(), new LocationTable.Loc(active.number, (int) offset, recordBytes, e.view()));
        }
        active.highestIndex = Math.max(active.highestIndex, e.index());
        highestIndex = Math.max(highestIndex, e.index());
        promised = max(promised, e.view());
    }

    /** Writes the buffered records to the active segment in one call. */
    private void flush() throws StorageException {
        if (buffer.position() == 0) {
            return;
        }
        buffer.flip();
        int bytes = buffer.remaining();
        try {
            active.handle.write(buffer, active.writeBytes);
            active.writeBytes += bytes;
            undoIndices.clear();
            undoLocs.clear();
            if (status == StoreStatus.FULL && fullFromWrite) {
                leaveFull(); // the write that had failed went through: space is back
            }
        } catch (IOException e) {
            rollBackUnwritten(bytes);
            if (StorageException.isNoSpace(e)) {
                StorageException full = enterFull(e);
                fullFromWrite = true;
                throw full;
            }
            throw fail("a write to " + (active == null ? dir : active.path) + " failed", e);
        } finally {
            buffer.clear();
        }
    }

    /**
     * After a failed write call: the records it carried are forgotten and their bytes zeroed, so
     * none is served or read back as valid; every persist since the last force is to be written
     * again. If the zeroing fails too, the segment is left behind (its damage then shows as a cut
     * tail) and the next record goes to a fresh one.
     */
    private void rollBackUnwritten(int bytes) {
        for (int i = undoIndices.size() - 1; i >= 0; i--) {
            long index = undoIndices.get(i)[0];
            if (undoLocs.get(i) == null) {
                locations.remove(index);
            } else {
                locations.put(index, undoLocs.get(i));
            }
        }
        undoIndices.clear();
        undoLocs.clear();
        writtenPersistId = durablePersistId;
        try {
            active.handle.write(ByteBuffer.allocate(bytes), active.writeBytes);
        } catch (IOException zeroing) {
            active = null;
        }
    }

    private void roll() throws StorageException {
        if (status == StoreStatus.FULL && !trimmedSinceFull && System.nanoTime() - fullSinceNanos < options.fullRetryNanos()) {
            throw new StorageException(StorageException.Kind.DISK_FULL, dir, "no space left on device for a new segment of "
                    + options.segmentBytes() + " bytes; writes wait for space (a trim frees it)");
        }
        long number = nextSegmentNumber;
        Segment next = allocate(number);
        nextSegmentNumber = number + 1;
        if (active != null) {
            flush();
            forceSegment(active);
        }
        segments.put(number, next);
        active = next;
        scheduleSpare(number + 1);
        if (status == StoreStatus.FULL) {
            leaveFull();
        }
    }

    private void leaveFull() {
        status = StoreStatus.WRITABLE;
        fullFromWrite = false;
        options.listener().onStatus(status, null);
    }

    /** The segment numbered {@code number}: the spare preallocated ahead if there is one, else created now. */
    private Segment allocate(long number) throws StorageException {
        Path path = dir.resolve(Segment.name(number));
        try {
            Segment s = takeSpare(number);
            return s != null ? s : createSegment(number);
        } catch (IOException e) {
            if (StorageException.isReadOnly(e)) {
                throw new StorageException(StorageException.Kind.READ_ONLY, dir, "cannot create " + path.getFileName() + ": read-only file system", e);
            }
            if (StorageException.isNoSpace(e)) {
                throw enterFull(e);
            }
            throw fail("creating " + path + " failed", e);
        }
    }

    private Segment takeSpare(long number) throws IOException {
        Future<Segment> f = spare;
        spare = null;
        if (f == null) {
            return null;
        }
        try {
            Segment s = f.get();
            if (s.number != number) { // never write into a file another segment's creation will replace
                throw new IllegalStateException("the spare segment is " + s.number + ", the next is " + number);
            }
            return s;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted waiting for a segment's preallocation");
        }
    }

    private void scheduleSpare(long number) {
        if (preallocator != null && spare == null) {
            spare = preallocator.submit(() -> createSegment(number));
        }
    }

    /**
     * Creates a segment under a temporary name, writes its header and zeros to its full size,
     * forces it, renames it in and forces the directory: a segment exists whole or not at all, and
     * its blocks are allocated now, so appends and fdatasync never need new space. Touches no
     * store state (it may run on the preallocation thread); on failure it deletes its partial file.
     */
    private Segment createSegment(long number) throws IOException {
        Path tmp = dir.resolve(Segment.name(number) + Segment.TMP_SUFFIX);
        Path path = dir.resolve(Segment.name(number));
        FileLayer.Handle h = null;
        try {
            h = fs.create(tmp);
            h.write(Codec.fileHeader(Codec.KIND_SEGMENT, options.clusterId(), number, options.segmentBytes()), 0);
            ByteBuffer zeros = ByteBuffer.allocateDirect((int) Math.min(ZERO_CHUNK_BYTES, options.segmentBytes()));
            for (long at = Codec.FILE_HEADER_BYTES; at < options.segmentBytes(); at += zeros.capacity()) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), options.segmentBytes() - at));
                h.write(zeros, at);
            }
            h.force();
            fs.rename(tmp, path);
            fs.forceDirectory(dir);
        } catch (IOException e) {
            closeQuietly(h);
            try {
                fs.delete(tmp);
            } catch (IOException ignored) {
                // Recovery deletes a leftover .tmp segment: it never held a record.
            }
            throw e;
        }
        Segment s = new Segment(number, path, h);
        s.writeBytes = Codec.FILE_HEADER_BYTES;
        s.forcedBytes = Codec.FILE_HEADER_BYTES;
        return s;
    }

    private void forceSegment(Segment s) throws StorageException {
        if (s.forcedBytes == s.writeBytes || plantedAckBeforeForce) {
            return;
        }
        try {
            s.handle.force();
        } catch (IOException e) {
            throw fail("fsync of " + s.path + " failed", e);
        }
        s.forcedBytes = s.writeBytes;
    }

    /**
     * Makes every write so far durable: the buffered records are written, the active segment is
     * forced (every other segment was forced when it was left), then the state file if it
     * changed, and only then are segments below the trim point deleted. Returns the highest
     * persistId now durable: the kernel may learn it (PersistDone) now, and not before.
     */
    public long force() throws StorageException {
        Segment toForce = null;
        long forcedBytes = 0;
        long covered;
        synchronized (this) {
            requireUsable();
            if (active != null) {
                flush();
                if (active.forcedBytes != active.writeBytes && !plantedAckBeforeForce) {
                    toForce = active;
                    forcedBytes = active.writeBytes;
                }
            }
            covered = writtenPersistId;
        }
        // The segment's fsync runs without the store's lock: a log server reads back the payloads
        // it keeps on disk only (entry) on its event loop, which must not wait for the disk. The
        // writes the fsync covers were issued above; a write issued meanwhile is covered by the
        // next force (the group committer writes and forces on its one thread anyway).
        if (toForce != null) {
            try {
                toForce.handle.force();
            } catch (IOException e) {
                synchronized (this) {
                    requireUsable(); // closed meanwhile: the close, not the disk, ended the fsync
                    throw fail("fsync of " + toForce.path + " failed", e);
                }
            }
        }
        synchronized (this) {
            requireUsable();
            if (toForce != null) {
                toForce.forcedBytes = Math.max(toForce.forcedBytes, forcedBytes);
            }
            if (stateDirty) {
                writeState();
            }
            durablePersistId = covered;
            deleteTrimmedSegments();
            return durablePersistId;
        }
    }

    private void writeState() throws StorageException {
        StateImage next = plantedDropRecordedDamage
                ? state.current().next(promised, fenceView, fenceStart, trimPoint, List.of(), false)
                : state.current().next(promised, fenceView, fenceStart, trimPoint, recordedUnknown, recordedRelearnPending);
        try {
            state.write(next);
        } catch (IOException e) {
            // The slot's blocks were allocated at creation; a failure here is the device's.
            throw fail("writing the state file failed", e);
        }
        try {
            state.force(next);
        } catch (IOException e) {
            throw fail("fsync of the state file failed", e);
        }
        stateDirty = false;
    }

    /** Deletes the segments wholly below the durable trim point (never the active one), then forces the directory. */
    private void deleteTrimmedSegments() throws StorageException {
        long durableTrim = state.current().trimPoint();
        boolean deleted = false;
        for (var it = segments.values().iterator(); it.hasNext(); ) {
            Segment s = it.next();
            if (s != active && s.highestIndex < durableTrim) {
                closeQuietly(s.handle);
                try {
                    fs.delete(s.path);
                    it.remove();
                    deleted = true;
                } catch (IOException e) {
                    options.listener().onWarning("could not delete trimmed segment " + s.path + ": " + e);
                }
            }
        }
        if (deleted) {
            try {
                fs.forceDirectory(dir);
            } catch (IOException e) {
                throw fail("fsync of the directory failed", e);
            }
            locations.removeBelow(durableTrim);
            trimmedSinceFull = true;
        }
    }

    private StorageException enterFull(IOException cause) {
        StorageException e = new StorageException(StorageException.Kind.DISK_FULL, dir,
                "no space left on device; the write was refused (reads and trims go on, writes resume once space returns)", cause);
        if (status != StoreStatus.FULL) {
            status = StoreStatus.FULL;
            options.listener().onStatus(status, e);
        }
        fullSinceNanos = System.nanoTime();
        trimmedSinceFull = false;
        fullFromWrite = false;
        return e;
    }

    /** A failed force (or write) leaves durability unknown: the store refuses everything from now on and is never retried. */
    private StorageException fail(String what, IOException cause) {
        failure = new StorageException(StorageException.Kind.FATAL, dir, what
                + "; what is on disk is unknown, so this store refuses everything: stop the process and restart it (recovery will scan the directory)", cause);
        status = StoreStatus.FAILED;
        options.listener().onStatus(status, failure);
        return failure;
    }

    private void requireUsable() throws StorageException {
        if (status == StoreStatus.FAILED) {
            throw new StorageException(StorageException.Kind.FATAL, dir, "the store failed earlier and refuses everything", failure);
        }
        if (status == StoreStatus.CLOSED) {
            throw new StorageException(StorageException.Kind.CLOSED, dir, "the store is closed");
        }
    }

    // ---------------------------------------------------------------- reading

    @Override
    public synchronized View promisedView() {
        return promised;
    }

    @Override
    public synchronized View fenceView() {
        return fenceView;
    }

    @Override
    public synchronized long fenceStart() {
        return fenceStart;
    }

    @Override
    public synchronized long trimPoint() {
        return trimPoint;
    }

    @Override
    public synchronized long highestIndex() {
        return highestIndex;
    }

    /** The entry at {@code index}, read and checked; null if absent, trimmed, unknown or failing its checksum now. */
    @Override
    public synchronized Entry entry(long index) {
        if (status == StoreStatus.FAILED || status == StoreStatus.CLOSED) {
            throw new UncheckedIOException(new StorageException(status == StoreStatus.FAILED ? StorageException.Kind.FATAL
                    : StorageException.Kind.CLOSED, dir, "the store refuses reads (" + status + ")", failure));
        }
        LocationTable.Loc loc = index < trimPoint ? null : locations.get(index);
        Segment s = loc == null ? null : segments.get(loc.segment());
        if (s == null) {
            return null;
        }
        ByteBuffer b = Codec.le(ByteBuffer.allocate(loc.lengthBytes()));
        if (s == active && loc.offset() >= active.writeBytes) {
            b.put(buffer.duplicate().position((int) (loc.offset() - active.writeBytes)).limit((int) (loc.offset() - active.writeBytes) + loc.lengthBytes()));
        } else {
            try {
                s.handle.read(b, loc.offset());
            } catch (IOException e) {
                throw new UncheckedIOException(new StorageException(StorageException.Kind.FATAL, dir, "reading " + s.path + " failed", e));
            }
        }
        b.flip();
        boolean ok = Codec.headerValid(b, 0, loc.offset(), b.limit(), crc) && Codec.indexAt(b, 0) == index
                && (Recovery.plantedSkipBodyCrc || Codec.bodyValid(b, 0, crc));
        if (!ok) {
            options.listener().onWarning("index " + index + " in " + s.path + " at byte " + loc.offset() + " failed its checksum on read; not served");
            return null;
        }
        return Codec.entryAt(b, 0);
    }

    /**
     * The indices this store cannot vouch for, from the trim point on: those recovery found
     * damaged at this open (see {@link RecoveryReport}) and those recorded unknown (every
     * {@code DurableRecord.Damaged} since, and a lost state's {@code 1..}). Sorted and merged. An
     * index here where {@link #entry} returns an entry is known again (stored since).
     */
    @Override
    public synchronized List<IndexRange> unknownIndices() {
        return Ranges.trimBelow(Ranges.union(foundUnknown, recordedUnknown), trimPoint);
    }

    /**
     * True if the server must relearn before it acknowledges anything: damage or a lost state
     * found at this open, or a {@code DurableRecord.Damaged} recorded and not followed by a
     * {@code DurableRecord.Relearned} (written since, or found in the state file).
     */
    @Override
    public synchronized boolean relearnPending() {
        return relearnPending;
    }

    public RecoveryReport recoveryReport() {
        return report;
    }

    public synchronized StoreStatus status() {
        return status;
    }

    public synchronized long durablePersistId() {
        return durablePersistId;
    }

    public Path directory() {
        return dir;
    }

    /** Segment files now in the directory (for tests and operators). */
    public synchronized int segmentCount() {
        return segments.size();
    }

    /** Closes the files and releases the lock. Nothing is forced: what was not forced is lost, as in a crash. */
    @Override
    public synchronized void close() throws IOException {
        if (status == StoreStatus.CLOSED) {
            return;
        }
        status = StoreStatus.CLOSED;
        if (preallocator != null) {
            preallocator.shutdown();
            if (spare != null) {
                try {
                    closeQuietly(spare.get().handle);
                } catch (ExecutionException | InterruptedException ignored) {
                    // A spare that failed: recovery deletes its .tmp. One never used is an empty segment.
                }
            }
        }
        for (Segment s : segments.values()) {
            closeQuietly(s.handle);
        }
        closeQuietly(state);
        lock.close();
    }

    private static void closeQuietly(Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // Closing a file we are done with: its data's fate was settled by force or not at all.
            }
        }
    }
}
