package io.ringworld.storage;

import io.ringworld.kernel.server.IndexRange;
import java.util.List;

/**
 * What opening the store found, for the host to print: every damaged spot (file, byte offset,
 * kind, the index if its header could be trusted), the indices the store therefore cannot vouch
 * for, whether the server lost its state, and whether it must relearn before it acknowledges.
 *
 * @param findings        every damaged spot in the segment files
 * @param unknownIndices  the indices found unknown at this open (damaged or torn records), from the trim point on
 * @param lostState       the directory was empty, or held no initialisation marker, in an initialised
 *                        cluster: the server lost its state; every index is unknown (recorded, so later
 *                        opens keep it) and it must relearn
 * @param relearnPending  the server must relearn before it acknowledges anything: damage or a lost
 *                        state found now, or damage recorded earlier and not yet relearned
 * @param recordedUnknown the indices recorded unknown in the state file (earlier damage, a lost state)
 */
public record RecoveryReport(List<Finding> findings, List<IndexRange> unknownIndices, int segmentsScanned,
                             long recordsFound, List<String> notes, boolean lostState, boolean relearnPending,
                             List<IndexRange> recordedUnknown) {

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
        recordedUnknown = List.copyOf(recordedUnknown);
    }

    /** Damage found at this open that leaves indices unknown (a finding that loses no index, such as a superseded record's, does not count). */
    public boolean damageFound() {
        return !unknownIndices.isEmpty();
    }

    /** Nothing damaged found and no state lost. */
    public boolean clean() {
        return findings.isEmpty() && !lostState;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("recovery: ").append(segmentsScanned).append(" segments, ")
                .append(recordsFound).append(" valid records, ").append(findings.size()).append(" findings");
        if (lostState) {
            b.append("\n  LOST STATE: no initialisation marker or nothing in the directory; every index is unknown");
        }
        for (Finding f : findings) {
            b.append("\n  ").append(f);
        }
        if (damageFound()) {
            b.append("\n  damage found: unknown indices ").append(unknownIndices);
        }
        if (!recordedUnknown.isEmpty()) {
            b.append("\n  recorded unknown indices: ").append(recordedUnknown);
        }
        if (relearnPending) {
            b.append("\n  relearn pending: the server acknowledges nothing until it has relearned its set's promise");
        }
        for (String n : notes) {
            b.append("\n  note: ").append(n);
        }
        return b.toString();
    }
}
