package io.ringworld.node;

import io.ringworld.kernel.Effect;
import io.ringworld.kernel.Effects;
import io.ringworld.kernel.Node;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.server.LogServer;
import io.ringworld.kernel.server.ServerStatus;
import io.ringworld.kernel.sw.Switch;
import io.ringworld.kernel.sw.SwitchStatus;

import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the host sees of its kernel role, for metrics and logs (the kernel has neither): after each
 * step it counts the effects (token passes, appends answered, installs sent, persists and their
 * records), and on each tick it takes the role's status snapshot, publishes it for the metrics
 * thread, and logs the changes that matter with their view and index (a view installed, a view
 * change coordinated, sealed, a relearn begun or ended). Runs on the node's event loop; the
 * published values are read from any thread.
 */
final class KernelWatch {
    private static final Logger log = LoggerFactory.getLogger(KernelWatch.class);

    /** One published reading of the role's state. */
    record Reading(long viewEpoch, int viewCoordinator, boolean active, boolean inRing, boolean coordinating,
            long knownCommitted, long commitIndex, long highestSeenH, int pendingAppends, int expectedIndices, long badInputs,
            boolean relearning, long highestIndex, long trimPoint, int heldReplies, long entriesHeld, int entriesInHeap,
            long payloadHeapBytes, long damagedOnRead, String unknown) {
    }

    final AtomicLong tokensPassed = new AtomicLong();
    final AtomicLong appendsAnswered = new AtomicLong();
    final AtomicLong installsSent = new AtomicLong();
    final AtomicLong viewsInstalled = new AtomicLong();
    final AtomicLong persists = new AtomicLong();
    final AtomicLong persistRecords = new AtomicLong();
    private final String name;
    private final Node<?> node;
    private volatile Reading reading;
    /** Where persist latencies (submit to durable, nanoseconds) and batch sizes (records) go: the metrics, when served. */
    volatile java.util.function.LongConsumer persistNanos = v -> { };
    volatile java.util.function.LongConsumer persistBatchRecords = v -> { };
    /**
     * When each persist not yet durable was submitted, by persistId: ids are consecutive, so a
     * ring of longs (a map boxed two Longs per persist: 30% of a log server's allocated bytes).
     */
    private long[] submittedNanos = new long[1024];
    /** The ids in the ring: submittedFrom..submittedTo (empty when submittedTo < submittedFrom). */
    private long submittedFrom = 1;
    private long submittedTo;

    KernelWatch(String name, Node<?> node) {
        this.name = name;
        this.node = node;
        this.reading = read();
    }

    Reading reading() {
        return reading;
    }

    /** After a step: counts what it did. */
    void onEffects(Effects effects) {
        for (Effect e : effects) {
            if (e instanceof Effect.Send s) {
                Message m = s.message();
                if (m instanceof Message.Token) {
                    tokensPassed.incrementAndGet();
                } else if (m instanceof Message.AppendReply) {
                    appendsAnswered.incrementAndGet();
                } else if (m instanceof Message.AppendReplies replies) {
                    appendsAnswered.addAndGet(replies.members().size());
                } else if (m instanceof Message.Install) {
                    installsSent.incrementAndGet();
                }
            } else if (e instanceof Effect.Persist p) {
                persists.incrementAndGet();
                persistRecords.addAndGet(p.records().size());
                persistBatchRecords.accept(p.records().size());
                submitted(p.persistId(), System.nanoTime());
            }
        }
    }

    private void submitted(long persistId, long nanos) {
        if (persistId != submittedTo + 1) { // not the next one (never, but a gap must not grow the ring)
            submittedFrom = persistId;
            submittedTo = persistId - 1;
        }
        if (persistId - submittedFrom >= submittedNanos.length) {
            long[] grown = new long[submittedNanos.length * 2];
            for (long id = submittedFrom; id <= submittedTo; id++) {
                grown[(int) (id % grown.length)] = submittedNanos[(int) (id % submittedNanos.length)];
            }
            submittedNanos = grown;
        }
        submittedNanos[(int) (persistId % submittedNanos.length)] = nanos;
        submittedTo = persistId;
    }

    /** On the loop, once persist {@code persistId} is durable: its latency from submit to force. */
    void onDurable(long persistId) {
        if (persistId >= submittedFrom && persistId <= submittedTo) {
            long began = submittedNanos[(int) (persistId % submittedNanos.length)];
            submittedFrom = persistId + 1;
            persistNanos.accept(System.nanoTime() - began);
        }
    }

    /** On a tick: a new reading, and a log line for each change that matters. */
    void onTick() {
        Reading before = reading;
        Reading now = read();
        reading = now;
        boolean newView = now.viewEpoch != before.viewEpoch || now.viewCoordinator != before.viewCoordinator;
        if (node instanceof Switch s) {
            if (now.active && (newView || !before.active)) {
                viewsInstalled.incrementAndGet();
                SwitchStatus st = s.status();
                log.info("{}: view {}.{} installed: ring {}, start {}, knownCommitted {}, h {}", name, now.viewEpoch,
                        now.viewCoordinator, st.projection() == null ? "-" : st.projection().ring(),
                        st.projection() == null ? "-" : st.projection().start(), now.knownCommitted, now.highestSeenH);
            } else if (!now.active && before.active) {
                log.info("{}: sealed by view {}.{} (left view {}.{} at knownCommitted {}, h {})", name, now.viewEpoch,
                        now.viewCoordinator, before.viewEpoch, before.viewCoordinator, now.knownCommitted, now.highestSeenH);
            }
            if (now.coordinating && !before.coordinating) {
                log.info("{}: coordinating a view change to view {}.{} (knownCommitted {})", name, now.viewEpoch, now.viewCoordinator,
                        now.knownCommitted);
            }
        } else {
            if (newView) {
                log.info("{}: promised view {}.{} (holds up to index {}, trimmed below {})", name, now.viewEpoch, now.viewCoordinator,
                        now.highestIndex, now.trimPoint);
            }
            if (now.relearning != before.relearning) {
                log.info("{}: {} (holds up to index {})", name, now.relearning ? "relearning: acknowledges nothing until a majority"
                        + " of its set tells it the promise" : "relearned: acknowledging again", now.highestIndex);
            }
        }
    }

    private Reading read() {
        if (node instanceof Switch s) {
            SwitchStatus st = s.status();
            return new Reading(st.view().epoch(), st.view().coordinator(), st.active(), st.inTokenRing(), st.coordinating(),
                    st.knownCommitted(), st.commitIndex(), st.highestSeenH(), st.pendingAppends(), st.expectedIndices(), st.badInputs(),
                    false, 0, 0, 0, 0, 0, 0, 0, "");
        }
        ServerStatus st = ((LogServer) node).status();
        return new Reading(st.promisedView().epoch(), st.promisedView().coordinator(), !st.relearning(), false, false, 0, 0, 0, 0, 0,
                st.badInputs(), st.relearning(), st.highestIndex(), st.trimPoint(), st.heldReplies(), st.entriesHeld(),
                st.entriesInHeap(), st.payloadHeapBytes(), st.damagedOnRead(), unknown(st.unknown()));
    }

    /** A server's unknown indices as {@code 14..20,31..}, or {@code none}. */
    private static String unknown(java.util.List<io.ringworld.kernel.server.IndexRange> ranges) {
        if (ranges.isEmpty()) {
            return "none";
        }
        StringBuilder b = new StringBuilder();
        for (io.ringworld.kernel.server.IndexRange r : ranges) {
            b.append(b.length() == 0 ? "" : ",").append(r);
        }
        return b.toString();
    }
}
