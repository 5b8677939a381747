/**
 * The general linearizability checker: {@link io.ringworld.checker.wgl.WglChecker#check} runs a
 * Wing-Gong-Lowe search with memoization over each partition a {@link io.ringworld.checker.wgl.Model}
 * makes (P-compositionality), against the models of {@link io.ringworld.checker.wgl.Models}:
 * SharedLog, a cas register and a key-value map. Contract: exact (never a wrong true or false)
 * and bounded by a {@link io.ringworld.checker.wgl.Budget}: when time or memoized states run out
 * the verdict is {@code :unknown}. Exponential in the worst case; use the fast checker of
 * {@code io.ringworld.checker.log} for long shared-log histories.
 */
package io.ringworld.checker.wgl;
