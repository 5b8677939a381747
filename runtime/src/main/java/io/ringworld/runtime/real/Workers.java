package io.ringworld.runtime.real;

import io.ringworld.checker.history.History;
import io.ringworld.checker.history.HistoryBuilder;
import io.ringworld.checker.history.LogValue;
import io.ringworld.checker.history.Op;
import io.ringworld.checker.history.OpType;
import io.ringworld.client.IndeterminateException;
import io.ringworld.client.ReadResult;
import io.ringworld.client.RingWorldClient;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The run's client workers and its one history: each Jepsen process does one operation at a time
 * through the client library (append 75%, read 15%, getTail 9%, one trim), each recorded as an
 * invoke and its outcome (monotonic times): ok, fail (definitely not done) or info (unknown: the
 * process is retired and a fresh one takes its place, as Jepsen does). The nemesis records its
 * operations in the same history.
 */
final class Workers {
    private final HistoryBuilder history = new HistoryBuilder(1 << 16);
    private final long t0 = System.nanoTime();
    /** Acknowledged appends: index to text. */
    final Map<Long, String> acknowledged = new ConcurrentSkipListMap<>();
    final AtomicInteger appendsAcknowledged = new AtomicInteger();
    final AtomicInteger indeterminate = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicLong trimmedBelow = new AtomicLong(1);
    private final AtomicInteger nextProcess;
    private volatile boolean stopped;
    private volatile boolean trimAllowed;

    /** Each worker's pause between the starts of its operations (the run's rate spread over its workers). */
    private final long pacingNanos;

    Workers(int processes, int opsPerSecond) {
        this.nextProcess = new AtomicInteger(processes);
        this.pacingNanos = 1_000_000_000L * processes / Math.max(1, opsPerSecond);
    }

    long now() {
        return System.nanoTime() - t0;
    }

    synchronized void record(Op op) {
        history.add(op);
    }

    synchronized History history() {
        return history.build();
    }

    /** Workers end their current operation and return. */
    void stop() {
        stopped = true;
    }

    /** From now on one worker trims once (below the middle acknowledged index). */
    void allowTrim() {
        trimAllowed = true;
    }

    /** A nemesis operation begins: {@code :invoke} of {@code f} on {@code value}. */
    void nemesisInvoke(String f, String value) {
        record(Op.of(OpType.INVOKE, f, Op.NEMESIS, now(), value));
    }

    /** A nemesis operation's outcome ({@code :info}, as Jepsen's nemesis records it). */
    void nemesisDone(String f, String value) {
        record(Op.of(OpType.INFO, f, Op.NEMESIS, now(), value));
    }

    /** One worker: process {@code process} through {@code client} until stopped. */
    void run(RingWorldClient client, int process, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int p = process;
        int n = 0;
        long next = System.nanoTime();
        while (!stopped) {
            long wait = next - System.nanoTime();
            if (wait > 0) { // a steady rate, as Jepsen's staggered generators: a wiped server can catch up
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            next = Math.max(next + pacingNanos, System.nanoTime() - pacingNanos);
            int roll = random.nextInt(100);
            boolean known;
            if (roll < 75) {
                known = append(client, p, "p" + process + "-" + n++);
            } else if (roll < 90) {
                known = read(client, p, random);
            } else if (roll < 99 || !trimAllowed || trimmedBelow.get() != 1) {
                long tail = tail(client, p);
                known = tail >= 0;
                if (known && tail >= 1 && random.nextBoolean()) {
                    // Every index up to a tail just returned is committed: a getTail that answered
                    // before its prefix committed shows as a read of its last index finding nothing yet.
                    known = readAt(client, p, tail);
                }
            } else {
                known = trim(client, p);
            }
            if (!known) {
                p = nextProcess.getAndIncrement(); // an unknown outcome retires the process
            }
        }
    }

    /** One append by process {@code p}; false if its outcome is unknown. */
    boolean append(RingWorldClient client, int p, String text) {
        synchronized (this) {
            history.invokeAppend(p, text, now());
        }
        try {
            long index = client.append(text.getBytes(StandardCharsets.UTF_8)).get(30, TimeUnit.SECONDS);
            synchronized (this) {
                history.okAppend(p, text, index - 1, now());
            }
            acknowledged.put(index, text);
            appendsAcknowledged.incrementAndGet();
            return true;
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            if (cause instanceof IndeterminateException || e instanceof TimeoutException) {
                indeterminate.incrementAndGet();
                synchronized (this) {
                    history.infoAppend(p, text, "indeterminate", now());
                }
                return false;
            }
            failed.incrementAndGet();
            synchronized (this) {
                history.failAppend(p, text, String.valueOf(cause.getMessage()), now());
            }
            return true;
        }
    }

    private boolean read(RingWorldClient client, int p, SplittableRandom random) {
        List<Long> keys = List.copyOf(acknowledged.keySet());
        long index = keys.isEmpty() || random.nextInt(10) == 0 ? (keys.isEmpty() ? 1 : keys.get(keys.size() - 1) + 5)
                : keys.get(random.nextInt(keys.size()));
        return readAt(client, p, index);
    }

    /** A read of {@code index} by process {@code p}; false if its outcome is unknown. */
    private boolean readAt(RingWorldClient client, int p, long index) {
        synchronized (this) {
            history.invokeRead(p, index - 1, now());
        }
        try {
            ReadResult r = client.read(index).get(30, TimeUnit.SECONDS);
            synchronized (this) {
                if (r instanceof ReadResult.Value v) {
                    history.okRead(p, index - 1, new String(v.data(), StandardCharsets.UTF_8), now());
                } else if (r instanceof ReadResult.Junk) {
                    history.okReadJunk(p, index - 1, now());
                } else if (r instanceof ReadResult.Trimmed) {
                    history.failRead(p, index - 1, "trimmed", now());
                } else {
                    history.failRead(p, index - 1, "not-yet", now());
                }
            }
            return true;
        } catch (Exception e) {
            synchronized (this) {
                history.infoRead(p, index - 1, String.valueOf(e.getMessage()), now());
            }
            return false;
        }
    }

    /** A getTail; the tail (every index up to it committed), or -1 if its outcome is unknown. */
    private long tail(RingWorldClient client, int p) {
        synchronized (this) {
            history.invokeTail(p, now());
        }
        try {
            long tail = client.getTail().get(30, TimeUnit.SECONDS);
            synchronized (this) {
                history.okTail(p, tail - 1, now());
            }
            return tail;
        } catch (Exception e) {
            synchronized (this) {
                history.info(p, "tail", null, String.valueOf(e.getMessage()), now());
            }
            return -1;
        }
    }

    /** Trims below the middle acknowledged index (once per run). */
    private boolean trim(RingWorldClient client, int p) {
        List<Long> keys = List.copyOf(acknowledged.keySet());
        if (keys.isEmpty() || !trimmedBelow.compareAndSet(1, -1)) {
            return true;
        }
        long prefix = keys.get(keys.size() / 2);
        synchronized (this) {
            history.invokeTrim(p, prefix - 1, now());
        }
        try {
            long done = client.trim(prefix).get(30, TimeUnit.SECONDS);
            synchronized (this) {
                history.okTrim(p, done - 1, now());
            }
            trimmedBelow.set(done);
            return true;
        } catch (Exception e) {
            synchronized (this) {
                history.info(p, "trim", LogValue.position(prefix - 1), String.valueOf(e.getMessage()), now());
            }
            trimmedBelow.set(prefix); // it may have happened: reads below it may say trimmed
            return false;
        }
    }
}
