/**
 * The switch role ({@link io.ringworld.kernel.sw.Switch}): token handling and batch sequencing,
 * committed-prefix folding, replication leadership (status map ring buffer, commit index, junk
 * filling), reads, getTail, trim, failure detection and view change (coordinator and
 * participant), and rejoining after a restart. Contract: a switch never hands out an index twice
 * in a view, commits only on a majority bitmap, never sequences or replicates once sealed by a
 * higher view, and keeps no state across a restart. Handlers are split by concern into
 * package-private classes (Sequencing, Replication, Queries, Trims, ViewChange) named after the TLA+
 * actions they implement. Trim runs in two rounds (Trims): no ring member redirects a read below a
 * trim's prefix once servers may have trimmed it.
 */
package io.ringworld.kernel.sw;
