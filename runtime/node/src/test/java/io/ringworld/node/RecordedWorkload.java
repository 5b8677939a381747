package io.ringworld.node;

import io.ringworld.checker.history.History;
import io.ringworld.checker.history.HistoryBuilder;
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
 * Worker threads driving real clients, one operation at a time per Jepsen process, each recorded
 * as an invoke and its outcome in one history (monotonic times): ok, fail (definitely not done) or
 * info (unknown: the process is then retired and a fresh one takes its place, as Jepsen does).
 * Appends carry unique text; a read asks for an acknowledged index or one past the tail; a
 * getTail; one trim when the run is half done.
 */
final class RecordedWorkload {
    private final HistoryBuilder history = new HistoryBuilder(1 << 16);
    /** The same history with the first read's answer changed: the checker must reject it (its planted bug here). */
    private final HistoryBuilder tampered = new HistoryBuilder(1 << 16);
    private boolean tamperedOne;
    private final long t0 = System.nanoTime();
    final Map<Long, String> acknowledged = new ConcurrentSkipListMap<>();
    final AtomicInteger appendsDone = new AtomicInteger();
    final AtomicInteger indeterminate = new AtomicInteger();
    final AtomicLong trimmedBelow = new AtomicLong(1);
    private final AtomicInteger nextProcess;
    private final int appendsTarget;

    RecordedWorkload(int processes, int appendsTarget) {
        this.nextProcess = new AtomicInteger(processes);
        this.appendsTarget = appendsTarget;
    }

    private long now() {
        return System.nanoTime() - t0;
    }

    private synchronized void record(java.util.function.Consumer<HistoryBuilder> event) {
        event.accept(history);
        event.accept(tampered);
    }

    private synchronized void recordRead(int p, long index, String text) {
        long t = now();
        history.okRead(p, index - 1, text, t);
        tampered.okRead(p, index - 1, tamperedOne ? text : text + "-changed", t);
        tamperedOne = true;
    }

    synchronized History history() {
        return history.build();
    }

    synchronized History tamperedHistory() {
        return tampered.build();
    }

    /** One worker: process {@code process} through {@code client} until the appends are done. */
    void run(RingWorldClient client, int process, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int p = process;
        int n = 0;
        while (appendsDone.get() < appendsTarget) {
            int roll = random.nextInt(100);
            boolean ok;
            if (roll < 80) {
                ok = append(client, p, "p" + process + "-" + n++);
            } else if (roll < 92) {
                ok = read(client, p, random);
            } else if (roll < 99 || trimmedBelow.get() > 1 || appendsDone.get() < appendsTarget / 2) {
                ok = tail(client, p);
            } else {
                ok = trim(client, p);
            }
            if (!ok) {
                p = nextProcess.getAndIncrement();  // an unknown outcome retires the process
            }
        }
    }

    /** One append by process {@code p}; false if its outcome is unknown (the process is then done). */
    boolean append(RingWorldClient client, int p, String text) {
        record(h -> h.invokeAppend(p, text, now()));
        try {
            long index = client.append(text.getBytes(StandardCharsets.UTF_8)).get(30, TimeUnit.SECONDS);
            record(h -> h.okAppend(p, text, index - 1, now()));
            acknowledged.put(index, text);
            appendsDone.incrementAndGet();
            return true;
        } catch (Exception e) {
            return unknownOrFailed(p, "append", text, e);
        }
    }

    private boolean read(RingWorldClient client, int p, SplittableRandom random) {
        List<Long> keys = List.copyOf(acknowledged.keySet());
        long index = keys.isEmpty() || random.nextInt(10) == 0 ? (keys.isEmpty() ? 1 : keys.get(keys.size() - 1) + 5)
                : keys.get(random.nextInt(keys.size()));
        record(h -> h.invokeRead(p, index - 1, now()));
        try {
            ReadResult r = client.read(index).get(30, TimeUnit.SECONDS);
            if (r instanceof ReadResult.Value v) {
                recordRead(p, index, new String(v.data(), StandardCharsets.UTF_8));
            } else if (r instanceof ReadResult.Junk) {
                record(h -> h.okReadJunk(p, index - 1, now()));
            } else if (r instanceof ReadResult.Trimmed) {
                record(h -> h.failRead(p, index - 1, "trimmed", now()));
            } else {
                record(h -> h.failRead(p, index - 1, "not-yet", now()));
            }
            return true;
        } catch (Exception e) {
            record(h -> h.infoRead(p, index - 1, String.valueOf(e.getMessage()), now()));
            return false;
        }
    }

    private boolean tail(RingWorldClient client, int p) {
        record(h -> h.invokeTail(p, now()));
        try {
            long tail = client.getTail().get(30, TimeUnit.SECONDS);
            record(h -> h.okTail(p, tail - 1, now()));
            return true;
        } catch (Exception e) {
            record(h -> h.info(p, "tail", null, String.valueOf(e.getMessage()), now()));
            return false;
        }
    }

    /** Trims below the middle acknowledged index (at most once per run). */
    private boolean trim(RingWorldClient client, int p) {
        List<Long> keys = List.copyOf(acknowledged.keySet());
        long prefix = keys.get(keys.size() / 2);
        if (!trimmedBelow.compareAndSet(1, -1)) {
            return true;
        }
        record(h -> h.invokeTrim(p, prefix - 1, now()));
        try {
            long done = client.trim(prefix).get(30, TimeUnit.SECONDS);
            record(h -> h.okTrim(p, done - 1, now()));
            trimmedBelow.set(done);
            return true;
        } catch (Exception e) {
            record(h -> h.info(p, "trim", io.ringworld.checker.history.LogValue.position(prefix - 1),
                    String.valueOf(e.getMessage()), now()));
            trimmedBelow.set(prefix);  // it may have happened: reads below it may say trimmed
            return false;
        }
    }

    private boolean unknownOrFailed(int p, String f, String text, Exception e) {
        Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
        if (cause instanceof IndeterminateException || e instanceof TimeoutException) {
            indeterminate.incrementAndGet();
            record(h -> h.infoAppend(p, text, "indeterminate", now()));
            return false;
        }
        record(h -> h.failAppend(p, text, String.valueOf(cause.getMessage()), now()));
        return true;
    }
}
