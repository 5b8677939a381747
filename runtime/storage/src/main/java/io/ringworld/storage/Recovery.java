package io.ringworld.storage;

import io.ringworld.kernel.View;
import io.ringworld.kernel.server.IndexRange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * Rebuilds a store's index from its segment files and says exactly what it can vouch for. Per
 * segment: valid records are indexed (the newest view of an index wins); zeros from some point to
 * the end are a clean end; a damaged spot with nothing valid after it in its file is a cut tail,
 * one with valid records after it is corruption. Nothing valid is dropped: the scan resyncs on the
 * record magic plus a valid header CRC after every damaged spot.
 */
final class Recovery {
    /** Test-only: skip the body CRC (a planted bug the crash-walk test must catch). */
    static volatile boolean plantedSkipBodyCrc;

    private record Damage(Segment segment, long offset, long index, View view, String detail) {
    }

    final TreeMap<Long, Segment> segments = new TreeMap<>();
    final LocationTable locations = new LocationTable(1024);
    final List<RecoveryReport.Finding> findings = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    List<IndexRange> unknown = List.of();
    long highestIndex;
    View maxEntryView = View.NONE;
    long records;

    private final FileLayer fs;
    private final Path dir;
    private final UUID cluster;
    private final long trimPoint;
    private final List<Damage> damages = new ArrayList<>();
    private final CRC32C crc = new CRC32C();
    private ByteBuffer buf = ByteBuffer.allocate(0);

    private Recovery(FileLayer fs, Path dir, UUID cluster, long trimPoint) {
        this.fs = fs;
        this.dir = dir;
        this.cluster = cluster;
        this.trimPoint = trimPoint;
    }

    static Recovery run(FileLayer fs, Path dir, UUID cluster, long trimPoint) throws IOException {
        Recovery r = new Recovery(fs, dir, cluster, trimPoint);
        r.openSegments();
        for (Segment s : r.segments.values()) {
            r.scan(s);
        }
        r.resolveDamage();
        return r;
    }

    private void openSegments() throws IOException {
        boolean removed = false;
        for (String name : fs.list(dir)) {
            long n = Segment.numberOf(name);
            if (n >= 0) {
                Path p = dir.resolve(name);
                segments.put(n, new Segment(n, p, fs.open(p)));
            } else if (name.endsWith(Segment.TMP_SUFFIX)) {
                // A segment whose preallocation a crash or a full disk interrupted: it never held a record.
                fs.delete(dir.resolve(name));
                notes.add("removed " + name + " (an interrupted segment preallocation)");
                removed = true;
            }
        }
        if (removed) {
            fs.forceDirectory(dir);
        }
    }

    private void scan(Segment s) throws IOException {
        int size = (int) s.handle.size();
        if (buf.capacity() < size) {
            buf = ByteBuffer.allocate(size);
        }
        ByteBuffer b = Codec.le(buf.clear().limit(size));
        s.handle.read(b, 0);
        b.flip();
        String headerDamage = Headers.check(b, s.path, Codec.KIND_SEGMENT, cluster, dir);
        if (headerDamage == null && b.getLong(Codec.FH_FILE_NUMBER) != s.number) {
            headerDamage = "file header names segment " + b.getLong(Codec.FH_FILE_NUMBER);
        }
        if (headerDamage != null) {
            // Records carry their own CRCs, so they are still read; the header's loss is reported.
            damages.add(new Damage(s, 0, -1, null, headerDamage));
        }
        scanRecords(s, b, Math.min(Codec.FILE_HEADER_BYTES, b.limit()));
        s.writeBytes = b.limit();
        s.forcedBytes = b.limit();
    }

    private void scanRecords(Segment s, ByteBuffer b, int start) {
        int maxPayload = b.limit();
        int pos = start;
        while (pos < b.limit()) {
            if (Codec.headerValid(b, pos, pos, maxPayload, crc)) {
                int len = Codec.recordBytesAt(b, pos);
                if (plantedSkipBodyCrc ? pos + len <= b.limit() : Codec.bodyValid(b, pos, crc)) {
                    valid(s, b, pos, len);
                    pos += len;
                    continue;
                }
                damages.add(new Damage(s, pos, Codec.indexAt(b, pos), Codec.viewAt(b, pos),
                        "header valid, body " + (pos + len > b.limit() ? "cut off by the end of the file" : "checksum mismatch")));
                // The length is trusted: resume after the record, never inside its payload.
                pos = resync(b, Math.min(pos + len, b.limit()));
            } else if (zerosFrom(b, pos)) {
                s.cleanEndBytes = pos;
                return;
            } else {
                damages.add(new Damage(s, pos, -1, null, "record header invalid (magic, fields or checksum)"));
                pos = resync(b, pos + 1);
            }
        }
    }

    private void valid(Segment s, ByteBuffer b, int pos, int len) {
        long index = Codec.indexAt(b, pos);
        View view = Codec.viewAt(b, pos);
        records++;
        s.lastValidOffset = pos;
        s.highestIndex = Math.max(s.highestIndex, index);
        if (view.isAfter(maxEntryView)) {
            maxEntryView = view;
        }
        LocationTable.Loc held = locations.get(index);
        // The newest view wins; an equal view holds the same payload (the protocol writes one value per view).
        if (held == null || !held.view().isAfter(view)) {
            locations.put(index, new LocationTable.Loc(s.number, pos, len, view));
        }
    }

    /** True if recovery found no damage anywhere in {@code s}, its file header included. */
    boolean undamaged(Segment s) {
        return damages.stream().noneMatch(d -> d.segment == s);
    }

    private static boolean zerosFrom(ByteBuffer b, int pos) {
        for (int i = pos; i < b.limit(); i++) {
            if (b.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    /** The next offset at or after {@code from} holding the magic and a valid record header, or the end. */
    private int resync(ByteBuffer b, int from) {
        for (int q = from; q + Codec.RECORD_HEADER_BYTES <= b.limit(); q++) {
            if (b.getInt(q) == Codec.RECORD_MAGIC && Codec.headerValid(b, q, q, b.limit(), crc)) {
                return q;
            }
        }
        return b.limit();
    }

    private void resolveDamage() {
        List<Long> points = new ArrayList<>();
        boolean indexLostInTail = false;
        boolean indexLostInCorruption = false;
        for (Damage d : damages) {
            boolean validAfter = d.segment.lastValidOffset > d.offset;
            RecoveryReport.Kind kind = validAfter ? RecoveryReport.Kind.CORRUPT : RecoveryReport.Kind.CUT_TAIL;
            findings.add(new RecoveryReport.Finding(d.segment.path.getFileName().toString(), d.offset, kind, d.index, d.detail));
            if (d.offset == 0) {
                continue; // a damaged file header: it holds no record, and the records after it are checked on their own
            }
            if (d.index < 1) {
                indexLostInTail |= !validAfter;
                indexLostInCorruption |= validAfter;
                continue;
            }
            d.segment.highestIndex = Math.max(d.segment.highestIndex, d.index);
            if (d.view.isAfter(maxEntryView)) {
                maxEntryView = d.view; // the header is trusted: that view was accepted, so it was promised
            }
            LocationTable.Loc held = d.index < trimPoint ? null : locations.get(d.index);
            if (d.index >= trimPoint && (held == null || held.view().isBefore(d.view))) {
                // The damaged record was newer than what survives: the older one may be stale, so neither is served.
                locations.remove(d.index);
                points.add(d.index);
                highestIndex = Math.max(highestIndex, d.index);
            }
        }
        long[] held = heldIndices();
        for (long i : held) {
            highestIndex = Math.max(highestIndex, i);
        }
        if (indexLostInCorruption) {
            // Written bytes changed under valid records, and the record they held may have had any
            // index, a newer view of one held here included: nothing from the trim point on can be
            // vouched for, so nothing is served (subtract nothing). Writes after recovery are.
            unknown = List.of(new IndexRange(trimPoint, Long.MAX_VALUE));
            locations.removeBelow(Long.MAX_VALUE);
            notes.add("a record whose header was lost lies before valid records: every index from " + trimPoint + " on is unknown");
        } else {
            unknown = ranges(points, indexLostInTail ? held : null);
        }
    }

    private long[] heldIndices() {
        long[] out = new long[locations.size()];
        int[] n = {0};
        locations.forEachIndex(i -> {
            if (i >= trimPoint) {
                out[n[0]++] = i;
            }
        });
        long[] held = Arrays.copyOf(out, n[0]);
        Arrays.sort(held);
        return held;
    }

    /**
     * The unknown indices: each damaged record whose header names its index, and, if a cut tail's
     * header cannot be trusted, every index from the trim point on that no valid record holds.
     * Why every one: a record's index is in its header, so a record whose header is lost may
     * have held any index at all, and nothing in the files bounds it. Why the held ones are still
     * served: a cut tail is taken for the write a crash cut, which was never forced and so never
     * acknowledged: it superseded nothing anyone relied on. (Media damage to exactly the last
     * record's header looks the same; that one case can serve an older view of a rewritten
     * index. Damage with valid records after it cannot be a crash's, and is treated as above.)
     */
    private List<IndexRange> ranges(List<Long> points, long[] heldSorted) {
        TreeMap<Long, Long> spans = new TreeMap<>();
        for (long p : points) {
            spans.put(p, p);
        }
        if (heldSorted != null) {
            long from = trimPoint;
            for (long h : heldSorted) {
                if (h > from) {
                    spans.put(from, h - 1);
                }
                from = h + 1;
            }
            spans.put(from, Long.MAX_VALUE);
        }
        List<IndexRange> out = new ArrayList<>();
        for (var e : spans.entrySet()) {
            IndexRange last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.last() != Long.MAX_VALUE && e.getKey() <= last.last() + 1) {
                out.set(out.size() - 1, new IndexRange(last.first(), Math.max(last.last(), e.getValue())));
            } else if (last == null || last.last() != Long.MAX_VALUE) {
                out.add(new IndexRange(e.getKey(), e.getValue()));
            }
        }
        return out;
    }
}
