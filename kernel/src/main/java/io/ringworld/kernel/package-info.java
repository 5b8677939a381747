/**
 * The RingWorld protocol kernel: shared immutable values (node ids, {@link io.ringworld.kernel.View},
 * {@link io.ringworld.kernel.Projection}, {@link io.ringworld.kernel.Config},
 * {@link io.ringworld.kernel.Entry}, {@link io.ringworld.kernel.Payload}) and the effect model.
 *
 * <p>Contract of the whole kernel: it is pure and deterministic. No threads, locks, clocks, I/O,
 * logging or unseeded randomness; no dependencies. Each role ({@code sw.Switch},
 * {@code server.LogServer}, {@code client.Client}) is a {@link io.ringworld.kernel.Node}: a state
 * machine with one transition {@code step(input) -> Effects}; time enters only as {@code Tick}
 * inputs. The same sequence of inputs always yields the same effects. A host applies the effects
 * of a step in list order, with one {@link io.ringworld.kernel.EffectHandler} for every role
 * ({@link io.ringworld.kernel.Effects#dispatch}).
 * Local invariants are checked inside every step and global ones by
 * {@link io.ringworld.kernel.invariant.ClusterInvariants}; both are always on and throw
 * {@link io.ringworld.kernel.invariant.InvariantViolation} naming the invariant of
 * {@code docs/protocol-names.md}. Malformed input is counted and ignored, never thrown.
 *
 * <p>Log indices start at 1; index 0 means "empty log" (the tail of an empty log is 0).
 */
package io.ringworld.kernel;
