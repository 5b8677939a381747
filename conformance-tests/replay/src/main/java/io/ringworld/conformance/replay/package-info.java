/**
 * The spec-to-kernel replayer (issue 6): a behaviour of RingWorld.tla, the states TLC wrote with
 * their {@code action} labels, replayed step by step on the kernel's roles (switches, log servers,
 * clients, driven directly, no simulator), the kernel's state compared with the spec's after every
 * step and after the stutter steps that follow it (duplicates, malformed, misrouted and late
 * copies, retransmission ticks).
 *
 * <p>Contract: {@link io.ringworld.conformance.replay.SpecReplay#replay} replays one behaviour
 * with the model's {@link io.ringworld.conformance.replay.ReplaySettings} (from its TLC cfg) and
 * a planted kernel bug or none, and lists every step with whether the kernel matched; the first
 * mismatch ends the replay and names the step, the action, the spec variable and both values.
 * The kernel is observed through its public read-only accessors only (each replay builds its
 * own kernel). {@link io.ringworld.conformance.replay.TlcTrace} reads TLC's
 * {@code -simulate} trace files. Every mismatch is a divergence: no known difference is let
 * through; the mapping's equivalences are documented on the classes that apply them.
 *
 * <p>The conformance tests that run it over TLC's generated behaviours (SpecReplayTest, in
 * conformance-tests) and the findings the replay has turned up, each fixed at its root, are
 * described in the package documentation of those tests
 * (conformance-tests/src/test/java/io/ringworld/conformance/replay/package-info.java).
 */
package io.ringworld.conformance.replay;
