package io.ringworld.storage;

import io.ringworld.kernel.DurableRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The store's one writer: a thread that takes every Persist queued since its last round, writes
 * them all, does ONE force, then calls back with the persistIds now durable, in order. A host
 * submits each {@code Effect.Persist} and steps the server with {@code PersistDone(id)} from
 * {@link Listener#onDurable}: never before the force that covers it.
 *
 * <p>A full disk does not lose or reorder anything: the persists that could not be written stay
 * queued, in order, and are retried every {@code retryMillis}; meanwhile their promise, fence and
 * trim records are applied and forced (that needs no new space), so a trim queued behind them
 * still frees the disk. A fatal store error stops the committer: nothing more is acknowledged.
 */
public final class GroupCommitter implements AutoCloseable {
    /** Called on the committer's thread. */
    public interface Listener {
        /** Persist {@code persistId} (and every earlier one) is durable. Called once per persist, in order. */
        void onDurable(long persistId);

        /** A round was refused: DISK_FULL (the persists wait and are retried) or FATAL (the committer stopped). */
        default void onRefused(StorageException e) {
        }
    }

    private record Request(long persistId, List<DurableRecord> records) {
    }

    private final LogStore store;
    private final Listener listener;
    private final long retryMillis;
    private final ArrayDeque<Request> queue = new ArrayDeque<>();
    /** Requests taken from the queue and not yet durable, in persistId order (only the committer thread touches it). */
    private final ArrayList<Request> pending = new ArrayList<>();
    private final Thread thread;
    private boolean running = true;
    private long lastSubmitted;
    private volatile long rounds;
    private volatile StorageException fatal;
    private final boolean pageCacheAcks;
    /** The highest persistId acknowledged (each is acknowledged once). */
    private long acknowledged;

    public GroupCommitter(LogStore store, Listener listener, long retryMillis) {
        this(store, listener, retryMillis, false);
    }

    /**
     * With {@code pageCacheAcks} (UNSAFE, for benchmarks only) a persist is acknowledged once
     * written, before the force: what a log that acknowledges from the page cache measures. A
     * crash of the machine can then lose an acknowledged entry, which the protocol's safety
     * argument does not allow; campaigns and tests of safety never use it.
     */
    public GroupCommitter(LogStore store, Listener listener, long retryMillis, boolean pageCacheAcks) {
        this.pageCacheAcks = pageCacheAcks;
        this.store = store;
        this.listener = listener;
        this.retryMillis = retryMillis;
        this.thread = new Thread(this::run, "ringworld-group-commit-" + store.directory().getFileName());
        thread.start();
    }

    /** Queues Persist {@code persistId} (ids must grow). Does not wait. */
    public void submit(long persistId, List<DurableRecord> records) {
        synchronized (queue) {
            if (!running) {
                throw new IllegalStateException("group committer stopped" + (fatal == null ? "" : ": " + fatal.getMessage()));
            }
            if (persistId <= lastSubmitted) {
                throw new IllegalArgumentException("persist " + persistId + " after " + lastSubmitted + ": ids must grow");
            }
            lastSubmitted = persistId;
            queue.add(new Request(persistId, records));
            queue.notifyAll();
        }
    }

    /** Rounds done (each does at most one force of the segment). */
    public long rounds() {
        return rounds;
    }

    /** The fatal error that stopped the committer, or null. */
    public StorageException fatal() {
        return fatal;
    }

    private void run() {
        while (true) {
            synchronized (queue) {
                long waitUntil = System.currentTimeMillis() + retryMillis;
                while (running && (queue.isEmpty() && (pending.isEmpty() || System.currentTimeMillis() < waitUntil))) {
                    long left = pending.isEmpty() ? 0 : Math.max(1, waitUntil - System.currentTimeMillis());
                    try {
                        queue.wait(left);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (!running) {
                    return;
                }
                pending.addAll(queue);
                queue.clear();
            }
            if (!round()) {
                return;
            }
        }
    }

    /** One round over {@link #pending}. Returns false if the store failed (the committer stops). */
    boolean round() {
        rounds++;
        int written = 0;
        StorageException refused = null;
        try {
            for (Request r : pending) {
                try {
                    store.write(r.persistId, r.records);
                    written++;
                } catch (StorageException e) {
                    if (e.kind() != StorageException.Kind.DISK_FULL && e.kind() != StorageException.Kind.READ_ONLY) {
                        throw e;
                    }
                    refused = e;
                    break;
                }
            }
            for (int i = written + 1; i < pending.size(); i++) {
                store.applyState(pending.get(i).records); // a trim behind a refused write still frees space
            }
            if (pageCacheAcks) { // UNSAFE bench mode: written is taken for durable
                for (int i = 0; i < written; i++) {
                    acknowledge(pending.get(i).persistId);
                }
            }
            long durable = store.force();
            int acked = 0;
            while (acked < pending.size() && pending.get(acked).persistId <= durable) {
                acknowledge(pending.get(acked).persistId);
                acked++;
            }
            pending.subList(0, acked).clear();
        } catch (StorageException e) {
            if (e.kind() == StorageException.Kind.DISK_FULL) {
                refused = e;
            } else {
                stop(e);
                return false;
            }
        }
        if (refused != null) {
            listener.onRefused(refused);
        }
        return true;
    }

    private void acknowledge(long persistId) {
        if (persistId > acknowledged) {
            acknowledged = persistId;
            listener.onDurable(persistId);
        }
    }

    private void stop(StorageException e) {
        fatal = e;
        synchronized (queue) {
            running = false;
        }
        listener.onRefused(e);
    }

    /** Stops the thread. Persists not yet durable are not acknowledged (as in a crash). */
    @Override
    public void close() {
        synchronized (queue) {
            running = false;
            queue.notifyAll();
        }
        if (Thread.currentThread() != thread) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
