package io.ringworld.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A subscription from an index on: committed entries delivered in index order as the subscriber
 * requests them (backpressure: nothing is read ahead of demand), junk skipped, a trimmed range
 * reported once as one {@link LogEvent.Trimmed} (its end found with O(log n) reads). Below the tail
 * it reads index after index; at the tail it asks getTail every {@code pollMillis}. One read or
 * getTail in flight at a time; a read that fails or times out is retried at the same index, so an
 * index is never skipped. Runs on the futures' threads, never blocking one.
 */
final class TailSubscription implements Flow.Subscription {
    private final RingWorldClient client;
    private final Flow.Subscriber<? super LogEvent> subscriber;
    private final ScheduledExecutorService timer;
    private final long pollMillis;
    private final AtomicLong demand = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean cancelled;
    /** Only the one running step touches these. */
    private long next;
    private long tail;

    TailSubscription(RingWorldClient client, long fromIndex, Flow.Subscriber<? super LogEvent> subscriber,
            ScheduledExecutorService timer, long pollMillis) {
        this.client = client;
        this.subscriber = subscriber;
        this.timer = timer;
        this.pollMillis = pollMillis;
        this.next = Math.max(1, fromIndex);
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            cancelled = true;
            subscriber.onError(new IllegalArgumentException("request(" + n + "): demand must be positive (reactive streams 3.9)"));
            return;
        }
        demand.getAndUpdate(d -> d + n < 0 ? Long.MAX_VALUE : d + n);
        kick();
    }

    @Override
    public void cancel() {
        cancelled = true;
    }

    /** Starts a step unless one runs or nothing is wanted. */
    private void kick() {
        if (!cancelled && demand.get() > 0 && running.compareAndSet(false, true)) {
            step();
        }
    }

    private void step() {
        if (cancelled || demand.get() == 0) {
            running.set(false);
            kick();   // demand may have come while stopping
            return;
        }
        if (next > tail) {
            client.getTail().whenComplete((t, e) -> {
                if (e == null && t >= next) {
                    tail = t;
                    step();
                } else {
                    later();
                }
            });
            return;
        }
        client.read(next).whenComplete((r, e) -> {
            if (e != null) {
                later();   // the same index again
            } else if (r instanceof ReadResult.Value v) {
                deliver(new LogEvent.Entry(v.index(), v.writer(), v.data()), v.index() + 1);
            } else if (r instanceof ReadResult.Junk j) {
                next = j.index() + 1;
                step();
            } else if (r instanceof ReadResult.Trimmed) {
                trimmedFrom(next).whenComplete((end, e2) -> {
                    if (e2 != null) {
                        later();
                    } else {
                        deliver(new LogEvent.Trimmed(next, end), end);
                    }
                });
            } else {
                later();   // not yet: below a tail we saw, it comes
            }
        });
    }

    private void deliver(LogEvent event, long after) {
        next = after;
        demand.decrementAndGet();
        if (!cancelled) {
            subscriber.onNext(event);
        }
        step();
    }

    private void later() {
        timer.schedule(this::step, pollMillis, TimeUnit.MILLISECONDS);
    }

    /** The first index at or after {@code from} (trimmed) that is not trimmed: a gallop, then a binary search. */
    private CompletableFuture<Long> trimmedFrom(long from) {
        return gallop(from, 1).thenCompose(hi -> search(from, hi));
    }

    /** A non-trimmed index above {@code from}: from + 1, from + 2, from + 4, ... up to the tail. */
    private CompletableFuture<Long> gallop(long from, long step) {
        long probe = Math.min(from + step, tail + 1);
        if (probe > tail) {
            return CompletableFuture.completedFuture(tail + 1);
        }
        return client.read(probe).thenCompose(r -> r instanceof ReadResult.Trimmed
                ? gallop(from, step * 2) : CompletableFuture.completedFuture(probe));
    }

    /** The least non-trimmed index in (lo, hi], lo trimmed and hi not (or past the tail). */
    private CompletableFuture<Long> search(long lo, long hi) {
        if (hi - lo <= 1) {
            return CompletableFuture.completedFuture(hi);
        }
        long mid = lo + (hi - lo) / 2;
        return client.read(mid).thenCompose(r -> r instanceof ReadResult.Trimmed ? search(mid, hi) : search(lo, mid));
    }
}
