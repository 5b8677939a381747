/**
 * Jepsen histories: {@link io.ringworld.checker.history.Op} (one line: invoke or completion),
 * {@link io.ringworld.checker.history.Operation} (an invocation paired with its completion),
 * {@link io.ringworld.checker.history.History}, the EDN
 * {@link io.ringworld.checker.history.HistoryReader} and
 * {@link io.ringworld.checker.history.HistoryWriter} (clojure.edn; files are what Jepsen reads
 * and writes), and {@link io.ringworld.checker.history.HistoryBuilder} for in-memory histories.
 *
 * <p>Contract: ops are immutable; shared-log values ({@code :append :read :tail :trim} with a map
 * value) decode to {@link io.ringworld.checker.history.LogValue}, everything else stays as
 * clojure.edn read it; writing then reading gives back equal ops. Bad input never escapes as a
 * random exception: it is a {@link io.ringworld.checker.history.HistoryFormatException} listing
 * every problem with its line (1-based) and field. Log positions start at 0 (the kernel's log
 * indices start at 1: hosts translate).
 */
package io.ringworld.checker.history;
