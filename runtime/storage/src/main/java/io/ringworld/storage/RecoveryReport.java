package io.ringworld.storage;

import io.ringworld.kernel.server.IndexRange;
import java.util.List;

/**
 * What recovery found, for the host to print: every damaged spot (file, byte offset, kind, the
 * index if its header could be trusted), the indices the store therefore cannot vouch for (with
 * those the kernel recorded damaged before), whether the directory was an initialised cluster's
 * server's empty one (lost state), and whether the server must relearn (issue 19).
 */
public record RecoveryReport(List<Finding> findings, List<IndexRange> unknownIndices, int segmentsScanned,
                             long recordsFound, List<String> notes, boolean lostState, boolean relearnPending) {

    /** A report of a store that had not lost its state and has nothing to relearn. */
    public RecoveryReport(List<Finding> findings, List<IndexRange> unknownIndices, int segmentsScanned,
                          long recordsFound, List<String> notes) {
        this(findings, unknownIndices, segmentsScanned, recordsFound, notes, false, false);
    }

    /** How a damaged spot relates to what follows it in its file. */
    public enum Kind {
        /** Nothing valid follows it in its file: the tail of a write that a crash cut (or a lost tail). */
        CUT_TAIL,
        /** Valid records follow it: the disk changed bytes it had written (media damage, a bug). */
        CORRUPT
    }

    /** One damaged spot. {@code index} is -1 when the record's header could not be trusted. */
    public record Finding(String file, long offsetBytes, Kind kind, long index, String detail) {
        public boolean indexKnown() {
            return index >= 1;
        }

        @Override
        public String toString() {
            return kind + " in " + file + " at byte " + offsetBytes
                    + (indexKnown() ? " (index " + index + ")" : " (index unknown)") + ": " + detail;
        }
    }

    public RecoveryReport {
        findings = List.copyOf(findings);
        unknownIndices = List.copyOf(unknownIndices);
        notes = List.copyOf(notes);
    }

    public boolean clean() {
        return findings.isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("recovery: ").append(segmentsScanned).append(" segments, ")
                .append(recordsFound).append(" valid records, ").append(findings.size()).append(" findings");
        for (Finding f : findings) {
            b.append("\n  ").append(f);
        }
        if (!unknownIndices.isEmpty()) {
            b.append("\n  unknown indices: ").append(unknownIndices);
        }
        for (String n : notes) {
            b.append("\n  note: ").append(n);
        }
        if (lostState) {
            b.append("\n  LOST STATE: an empty directory in an initialised cluster");
        }
        if (relearnPending) {
            b.append("\n  relearn pending: the server acknowledges nothing until it relearned its set's promise");
        }
        return b.toString();
    }
}
