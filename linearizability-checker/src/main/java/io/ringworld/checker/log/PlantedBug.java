package io.ringworld.checker.log;

/**
 * Deliberate defects that tests switch on to show the cross-check catches a broken checker.
 * Never set in production: only the package-private constructor of {@link LogChecker} takes them.
 */
enum PlantedBug {
    /** A tail no longer forces the next slot to be filled after it (misses "tail too small"). */
    TAIL_HAS_NO_UPPER_BOUND,
    /** Trims no longer have to follow the reads of the positions they trim. */
    READS_MAY_FOLLOW_TRIMS
}
