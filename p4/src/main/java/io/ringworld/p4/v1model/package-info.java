/**
 * A v1model interpreter for checked programs: {@link io.ringworld.p4.v1model.Pipeline} runs the
 * parser, verify checksum, ingress, traffic manager (drop, unicast, multicast replication with
 * egress_rid, I2E/E2E clones to a session's port, recirculation with field lists and a bounded
 * pass count), egress, compute checksum and deparser, and takes P4Runtime-shaped control-plane
 * writes. A recirculation that changes nothing is parked until a register it read or a table it
 * applied changes ({@code drain} runs what the control plane woke).
 *
 * <p>Contract: bit&lt;W&gt; values are unsigned longs masked to W (W &le; 64) so arithmetic wraps
 * at W; uninitialized variables and metadata are zero and headers invalid; a packet that would
 * need behaviour the interpreter does not model (a register index out of bounds, .last of an
 * empty stack, recirculation requested in ingress, a clone type in the wrong stage) is dropped
 * and counted in {@link io.ringworld.p4.v1model.PipelineCounters}, never guessed. Differences
 * from bmv2 are listed in p4/README.md.
 */
package io.ringworld.p4.v1model;
