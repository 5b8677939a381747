/**
 * The wire format, defined once (docs/wire-format.md) and shared by every host, the client
 * library and the P4 model: frames with a versioned header, a HalfSipHash-2-4 MAC a switch data
 * plane can compute, sealed client payloads authenticated end to end with the client's own key,
 * and a decoder that checks every length and count against {@link io.ringworld.kernel.wire.WireLimits}
 * before it allocates.
 *
 * <p>Public: {@link io.ringworld.kernel.wire.WireEncoder}, {@link io.ringworld.kernel.wire.WireDecoder}
 * and what they take and return (keys, limits, message types, rejection reasons,
 * {@link io.ringworld.kernel.wire.SealedPayload}); the body layouts are package-private.
 *
 * <p>Contract: pure (no I/O, clocks or threads; one encoder and one decoder per thread, since
 * they reuse a buffer and keep counters); the decoder never throws into a host: every frame is
 * either a message (or a {@code BATCH} frame's messages, in order) from an authenticated sender
 * or a rejection counted by reason; the golden
 * vectors in the kernel's test resources are the bytes every implementation must produce.
 */
package io.ringworld.kernel.wire;
