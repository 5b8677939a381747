/**
 * RingWorld's linearizability checker. Entry points:
 * <ul>
 *   <li>{@link io.ringworld.checker.log.LogChecker#check} - fast SharedLog checker, O(n log n);</li>
 *   <li>{@link io.ringworld.checker.wgl.WglChecker#check} - Wing-Gong-Lowe search for any
 *       {@link io.ringworld.checker.wgl.Model} (SharedLog, register, key-value), within a budget;</li>
 *   <li>{@link io.ringworld.checker.history.HistoryReader} / {@link io.ringworld.checker.history.HistoryWriter}
 *       / {@link io.ringworld.checker.history.HistoryBuilder} - Jepsen EDN histories, or in memory;</li>
 *   <li>{@link io.ringworld.checker.report.VerdictMaps} and {@link io.ringworld.checker.report.Timeline}
 *       - Jepsen-style verdict maps and SVG/HTML timelines;</li>
 *   <li>the Clojure namespace {@code ringworld.checker} and the CLI
 *       {@link io.ringworld.checker.cli.CheckCommand} ({@code ringworld check}).</li>
 * </ul>
 * Depends on no other RingWorld module.
 */
package io.ringworld.checker;
