/**
 * Seeded generators of shared-log histories for benchmarks and tests:
 * {@link io.ringworld.checker.gen.RandomLogHistory}. Contract: the same seed and parameters give
 * the same history; plans it makes are linearizable by construction (every op that took effect
 * has a linearization point inside its interval).
 */
package io.ringworld.checker.gen;
