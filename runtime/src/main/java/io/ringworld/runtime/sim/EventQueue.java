package io.ringworld.runtime.sim;

import java.util.Arrays;

/**
 * A binary min-heap of events keyed by (time, sequence).
 *
 * <p>The sequence number is assigned at insertion and breaks ties between events due at the same
 * simulated time, so the pop order is a pure function of the push order: this is what makes a run
 * replay byte for byte from its seed. Times and sequences live in primitive arrays beside the
 * payloads, so a push or pop allocates nothing once the heap has grown.
 */
final class EventQueue<E> {
    private long[] times = new long[1024];
    private long[] seqs = new long[1024];
    private Object[] items = new Object[1024];
    private int size;
    private long nextSeq;

    void push(long timeTicks, E item) {
        if (size == items.length) {
            int capacity = size * 2;
            times = Arrays.copyOf(times, capacity);
            seqs = Arrays.copyOf(seqs, capacity);
            items = Arrays.copyOf(items, capacity);
        }
        int i = size++;
        long seq = nextSeq++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!less(timeTicks, seq, times[parent], seqs[parent])) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        times[i] = timeTicks;
        seqs[i] = seq;
        items[i] = item;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** Time of the earliest event; the queue must not be empty. */
    long peekTime() {
        if (size == 0) {
            throw new IllegalStateException("peekTime on an empty event queue");
        }
        return times[0];
    }

    @SuppressWarnings("unchecked")
    E pop() {
        if (size == 0) {
            throw new IllegalStateException("pop on an empty event queue");
        }
        E top = (E) items[0];
        int last = --size;
        long t = times[last];
        long s = seqs[last];
        Object item = items[last];
        items[last] = null;
        int i = 0;
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && less(times[right], seqs[right], times[child], seqs[child])) {
                child = right;
            }
            if (!less(times[child], seqs[child], t, s)) {
                break;
            }
            move(child, i);
            i = child;
        }
        if (size > 0) {
            times[i] = t;
            seqs[i] = s;
            items[i] = item;
        }
        return top;
    }

    private void move(int from, int to) {
        times[to] = times[from];
        seqs[to] = seqs[from];
        items[to] = items[from];
    }

    private static boolean less(long t1, long s1, long t2, long s2) {
        return t1 < t2 || (t1 == t2 && s1 < s2);
    }
}
