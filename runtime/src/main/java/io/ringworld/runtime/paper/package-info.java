/**
 * Issue 21, item 5: the paper's datacenter in simulation (HotOS'25, section 3.3, Figures 1 and 2).
 *
 * <p>Two designs side by side at the same offered load. RingWorld: a ring of kernel switches
 * ({@link io.ringworld.kernel.sw.Switch}, hundreds of them) passes its token one hop per tick
 * through this package's own discrete-event host (one tick is one hop, 10 µs by default); the
 * token's moves, acknowledgements and retransmission timers are the kernel's. Server-based
 * batching (Figure 2): {@code N_B = L / T_B} batchers, each closing a batch every
 * {@code tau = N_B / T_S}, and one sequencer serving {@code T_S} batches a second in arrival order.
 *
 * <p>Contract: the offered load is modelled as counts, not one event per append (80 billion a
 * second cannot be events): between two visits of the token at a switch (or two batches of a
 * batcher) a Poisson count of appends arrives, uniformly over the interval, and each is
 * sequenced at the next visit (or when its batch leaves the sequencer). Its sequencing latency,
 * arrival to index, goes into an HdrHistogram with its count. Servers are not simulated: the
 * latency measured ends at the index, before replication. Every random draw comes from the seed
 * ({@link io.ringworld.runtime.paper.PaperScale.Settings#seed()}); a run is a pure function of
 * its settings. The ring's visit times do not depend on the counts (the fast path assigns a
 * whole batch in one pass, as the paper's switch pipeline does), so one ring run serves every
 * load of Figure 1.
 */
package io.ringworld.runtime.paper;
