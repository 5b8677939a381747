/**
 * Verdicts: {@link io.ringworld.checker.report.Verdict} (valid / invalid / unknown, a one-line
 * reason, the offending operations and the window of history that shows them),
 * {@link io.ringworld.checker.report.VerdictMaps} (Jepsen-style maps and EDN) and
 * {@link io.ringworld.checker.report.Timeline} (SVG/HTML timeline of the window). Contract: an
 * invalid verdict always has a reason and at least one offending operation.
 */
package io.ringworld.checker.report;
