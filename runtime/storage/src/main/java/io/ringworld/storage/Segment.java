package io.ringworld.storage;

import java.nio.file.Path;

/** One segment file: preallocated, append-only, named by its number. */
final class Segment {
    static final String PREFIX = "segment-";
    static final String SUFFIX = ".log";
    static final String TMP_SUFFIX = ".tmp";

    final long number;
    final Path path;
    final FileLayer.Handle handle;
    /** The highest index of any record in it (valid or with a trusted header), 0 if none: trim deletes the file once this is below the trim point. */
    long highestIndex;
    /** End of the records written to the file (the active segment's append position). */
    long writeBytes;
    /** Recovery only: the offset of the last valid record found in the file, -1 if none. */
    long lastValidOffset = -1;
    /** Recovery only: where the zeros that end the file begin, if nothing but zeros follows the records; -1 otherwise. */
    long cleanEndBytes = -1;
    /** End of the records known durable. */
    long forcedBytes;

    Segment(long number, Path path, FileLayer.Handle handle) {
        this.number = number;
        this.path = path;
        this.handle = handle;
    }

    static String name(long number) {
        return String.format("%s%016d%s", PREFIX, number, SUFFIX);
    }

    /** The number in a segment file's name, or -1 if {@code name} is not one. */
    static long numberOf(String name) {
        if (!name.startsWith(PREFIX) || !name.endsWith(SUFFIX) || name.length() != PREFIX.length() + 16 + SUFFIX.length()) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(PREFIX.length(), PREFIX.length() + 16));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
