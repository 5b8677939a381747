package io.ringworld.storage;

import io.ringworld.kernel.Entry;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.View;
import io.ringworld.kernel.server.IndexRange;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * The on-disk layouts (all little-endian; README.md draws them): the 64-byte file header every file
 * starts with (the initialisation marker is nothing else), the record frame of a segment, and a
 * state-file slot. Byte offsets are constants so the scanner, the writer and the tests agree.
 */
final class Codec {
    /**
     * 2: the state slot records unknown index ranges and a pending relearn, and a directory has an
     * initialisation marker (1 had neither; a version-1 directory is refused as another format).
     */
    static final int FORMAT_VERSION = 2;

    static final int FILE_MAGIC = 0x474c5752; // "RWLG"
    static final int FILE_HEADER_BYTES = 64;
    static final int KIND_SEGMENT = 1;
    static final int KIND_STATE = 2;
    /** The initialisation marker: a file that is nothing but a file header naming the cluster. */
    static final int KIND_MARKER = 3;
    static final int FH_VERSION = 4;
    static final int FH_KIND = 8;
    static final int FH_CLUSTER_HI = 16;
    static final int FH_CLUSTER_LO = 24;
    static final int FH_FILE_NUMBER = 32;
    static final int FH_FILE_BYTES = 40;
    static final int FH_CRC = 60;

    static final int RECORD_MAGIC = 0x45525752; // "RWRE"
    static final int R_PAYLOAD_BYTES = 4;
    static final int R_INDEX = 8;
    static final int R_VIEW_EPOCH = 16;
    static final int R_VIEW_COORDINATOR = 24;
    static final int R_FLAGS = 28;
    static final int R_HEADER_CRC = 32;
    static final int RECORD_HEADER_BYTES = 36;
    static final int RECORD_TRAILER_BYTES = 4;
    static final int FLAG_JUNK = 1;

    static final int SLOT_MAGIC = 0x54535752; // "RWST"
    static final int S_PROMISED_COORDINATOR = 4;
    static final int S_SEQUENCE = 8;
    static final int S_PROMISED_EPOCH = 16;
    static final int S_FENCE_EPOCH = 24;
    static final int S_FENCE_COORDINATOR = 32;
    static final int S_FLAGS = 36;
    static final int S_FENCE_START = 40;
    static final int S_TRIM_POINT = 48;
    static final int S_RANGE_COUNT = 56;
    static final int S_RANGES = 64;
    static final int S_RANGE_BYTES = 16;
    static final int SLOT_FLAG_RELEARN_PENDING = 1;
    /** Slots sit in their own 4 KiB blocks so a torn write of one never touches the other. */
    static final long[] SLOT_OFFSETS = {4096, 8192};
    static final int SLOT_BLOCK_BYTES = 4096;
    /** The largest slot: the fixed part, {@link Ranges#RECORDED_MAX} ranges, the CRC. */
    static final int SLOT_MAX_BYTES = S_RANGES + Ranges.RECORDED_MAX * S_RANGE_BYTES + 4;
    static final long STATE_FILE_BYTES = 12288;

    private Codec() {
    }

    static ByteBuffer le(ByteBuffer b) {
        return b.order(ByteOrder.LITTLE_ENDIAN);
    }

    static int crc(ByteBuffer b, int from, int to) {
        CRC32C c = new CRC32C();
        ByteBuffer d = b.duplicate();
        d.limit(to).position(from);
        c.update(d);
        return (int) c.getValue();
    }

    static ByteBuffer fileHeader(int kind, UUID cluster, long fileNumber, long fileBytes) {
        ByteBuffer b = le(ByteBuffer.allocate(FILE_HEADER_BYTES));
        b.putInt(0, FILE_MAGIC).putInt(FH_VERSION, FORMAT_VERSION).putInt(FH_KIND, kind);
        b.putLong(FH_CLUSTER_HI, cluster.getMostSignificantBits()).putLong(FH_CLUSTER_LO, cluster.getLeastSignificantBits());
        b.putLong(FH_FILE_NUMBER, fileNumber).putLong(FH_FILE_BYTES, fileBytes);
        b.putInt(FH_CRC, crc(b, 0, FH_CRC));
        return b;
    }

    static int recordBytes(Entry e) {
        return RECORD_HEADER_BYTES + e.payload().size() + RECORD_TRAILER_BYTES;
    }

    /**
     * The header CRC covers the header's 32 bytes and then the record's own file offset (not
     * stored): a frame that a client wrote inside its payload, found by a resync scan at another
     * offset, then fails its check instead of passing for a record.
     */
    static int headerCrc(ByteBuffer b, int at, long fileOffset, CRC32C crc) {
        crc.reset();
        crc.update(b.duplicate().limit(at + R_HEADER_CRC).position(at));
        for (int shift = 0; shift < 64; shift += 8) {
            crc.update((int) (fileOffset >>> shift) & 0xff);
        }
        return (int) crc.getValue();
    }

    /** Appends {@code e}'s frame at {@code b}'s position (which must have room), to sit at {@code fileOffset}. */
    static void putRecord(ByteBuffer b, Entry e, long fileOffset, CRC32C crc) {
        int start = b.position();
        Payload p = e.payload();
        b.putInt(RECORD_MAGIC).putInt(p.size()).putLong(e.index());
        b.putLong(e.view().epoch()).putInt(e.view().coordinator()).putInt(p.isJunk() ? FLAG_JUNK : 0);
        b.putInt(headerCrc(b, start, fileOffset, crc));
        p.putInto(b);
        crc.reset();
        crc.update(b.duplicate().limit(b.position()).position(start));
        b.putInt((int) crc.getValue());
    }

    /** True if the record header at {@code at} (file offset {@code fileOffset}) is whole, plausible and its CRC matches. */
    static boolean headerValid(ByteBuffer b, int at, long fileOffset, int maxPayloadBytes, CRC32C crc) {
        if (at + RECORD_HEADER_BYTES > b.limit() || b.getInt(at) != RECORD_MAGIC) {
            return false;
        }
        int n = b.getInt(at + R_PAYLOAD_BYTES);
        int flags = b.getInt(at + R_FLAGS);
        boolean plausible = n >= 0 && n <= maxPayloadBytes && b.getLong(at + R_INDEX) >= 1
                && b.getLong(at + R_VIEW_EPOCH) >= 0 && (flags & ~FLAG_JUNK) == 0
                && ((flags & FLAG_JUNK) == 0 || n == 0);
        return plausible && b.getInt(at + R_HEADER_CRC) == headerCrc(b, at, fileOffset, crc);
    }

    /** With a valid header at {@code at}: true if the whole record is inside {@code b} and its body CRC matches. */
    static boolean bodyValid(ByteBuffer b, int at, CRC32C crc) {
        int end = at + RECORD_HEADER_BYTES + b.getInt(at + R_PAYLOAD_BYTES);
        if (end + RECORD_TRAILER_BYTES > b.limit()) {
            return false;
        }
        crc.reset();
        crc.update(b.duplicate().limit(end).position(at));
        return b.getInt(end) == (int) crc.getValue();
    }

    static int recordBytesAt(ByteBuffer b, int at) {
        return RECORD_HEADER_BYTES + b.getInt(at + R_PAYLOAD_BYTES) + RECORD_TRAILER_BYTES;
    }

    static long indexAt(ByteBuffer b, int at) {
        return b.getLong(at + R_INDEX);
    }

    static View viewAt(ByteBuffer b, int at) {
        return new View(b.getLong(at + R_VIEW_EPOCH), b.getInt(at + R_VIEW_COORDINATOR));
    }

    /** Decodes a whole record (already checked) read into {@code b} from its start. */
    static Entry entryAt(ByteBuffer b, int at) {
        int n = b.getInt(at + R_PAYLOAD_BYTES);
        boolean junk = (b.getInt(at + R_FLAGS) & FLAG_JUNK) != 0;
        byte[] bytes = new byte[n];
        b.duplicate().position(at + RECORD_HEADER_BYTES).get(bytes);
        return new Entry(indexAt(b, at), viewAt(b, at), junk ? Payload.JUNK : Payload.of(bytes));
    }

    static int slotBytes(int ranges) {
        return S_RANGES + ranges * S_RANGE_BYTES + 4;
    }

    /** A state slot: fixed fields, then {@code n} unknown ranges (first, last), then the CRC32C of all before it. */
    static ByteBuffer slot(StateImage s) {
        int n = s.damaged().size();
        if (n > Ranges.RECORDED_MAX) {
            throw new IllegalArgumentException(n + " recorded ranges, more than " + Ranges.RECORDED_MAX);
        }
        ByteBuffer b = le(ByteBuffer.allocate(slotBytes(n)));
        b.putInt(0, SLOT_MAGIC).putInt(S_PROMISED_COORDINATOR, s.promised().coordinator()).putLong(S_SEQUENCE, s.sequence());
        b.putLong(S_PROMISED_EPOCH, s.promised().epoch()).putLong(S_FENCE_EPOCH, s.fenceView().epoch())
                .putInt(S_FENCE_COORDINATOR, s.fenceView().coordinator());
        b.putInt(S_FLAGS, s.relearnPending() ? SLOT_FLAG_RELEARN_PENDING : 0);
        b.putLong(S_FENCE_START, s.fenceStart()).putLong(S_TRIM_POINT, s.trimPoint()).putInt(S_RANGE_COUNT, n);
        for (int k = 0; k < n; k++) {
            b.putLong(S_RANGES + k * S_RANGE_BYTES, s.damaged().get(k).first());
            b.putLong(S_RANGES + k * S_RANGE_BYTES + 8, s.damaged().get(k).last());
        }
        int end = S_RANGES + n * S_RANGE_BYTES;
        b.putInt(end, crc(b, 0, end));
        return b;
    }

    /**
     * The slot at the start of {@code b} (its 4 KiB block), or null if it is not a valid slot
     * (torn, never written, damaged). A slot whose CRC matches but whose fields are impossible
     * (ranges unsorted, flags unknown) is not valid either.
     */
    static StateImage slotAt(ByteBuffer b) {
        if (b.limit() < S_RANGES + 4 || b.getInt(0) != SLOT_MAGIC) {
            return null;
        }
        int n = b.getInt(S_RANGE_COUNT);
        if (n < 0 || n > Ranges.RECORDED_MAX || b.limit() < slotBytes(n)) {
            return null;
        }
        int end = S_RANGES + n * S_RANGE_BYTES;
        if (b.getInt(end) != crc(b, 0, end) || b.getInt(S_RANGE_COUNT + 4) != 0) {
            return null;
        }
        int flags = b.getInt(S_FLAGS);
        if ((flags & ~SLOT_FLAG_RELEARN_PENDING) != 0) {
            return null;
        }
        List<IndexRange> ranges = new ArrayList<>(n);
        long after = 0; // the previous range's last index: ranges are sorted, disjoint, not adjacent
        for (int k = 0; k < n; k++) {
            long first = b.getLong(S_RANGES + k * S_RANGE_BYTES);
            long last = b.getLong(S_RANGES + k * S_RANGE_BYTES + 8);
            if (first < 1 || last < first || (k > 0 && (after == Long.MAX_VALUE || first <= after + 1))) {
                return null;
            }
            ranges.add(new IndexRange(first, last));
            after = last;
        }
        return new StateImage(b.getLong(S_SEQUENCE), new View(b.getLong(S_PROMISED_EPOCH), b.getInt(S_PROMISED_COORDINATOR)),
                new View(b.getLong(S_FENCE_EPOCH), b.getInt(S_FENCE_COORDINATOR)), b.getLong(S_FENCE_START),
                b.getLong(S_TRIM_POINT), ranges, (flags & SLOT_FLAG_RELEARN_PENDING) != 0);
    }
}
