/**
 * The fast SharedLog checker: {@link io.ringworld.checker.log.LogChecker#check}. Contract: for
 * shared-log histories it gives the same verdict as a Wing-Gong-Lowe search against the SharedLog
 * specification (payloads or junk in position order, trim makes a prefix unreadable), in
 * O(n log n) time and O(n) memory, by trusting the positions that :ok appends returned and
 * reducing linearizability to "X before Y" constraints between points in operation intervals. A
 * violation names every violation it found (count) and explains the one visible earliest in the
 * history.
 */
package io.ringworld.checker.log;
