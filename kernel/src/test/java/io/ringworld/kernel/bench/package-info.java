/**
 * JMH benchmarks of the kernel's own steps (no codec, no host: messages passed in memory, one
 * thread), run only with the {@code jmh} profile, and the test that checks they measure what
 * they say.
 */
package io.ringworld.kernel.bench;
