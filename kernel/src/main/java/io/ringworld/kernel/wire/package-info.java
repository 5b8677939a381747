/**
 * The wire format's building blocks, pure and dependency-free, shared by every host, the client
 * library and the P4 model (issue 18, in progress). So far: {@link io.ringworld.kernel.wire.HalfSipHash},
 * the keyed MAC over 32-bit words that a switch data plane can compute.
 *
 * <p>Contract: pure functions of their arguments, no state between calls, results tested against
 * the algorithm authors' published vectors.
 */
package io.ringworld.kernel.wire;
