package io.ringworld.checker.wgl;

import io.ringworld.checker.history.Operation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Wing-Gong-Lowe search for one partition (Lowe, "Testing for linearizability", 2017): walk a
 * doubly linked list of call/return entries; at a call, try to linearize the op now (lift it out
 * of the list); at a return whose op is not linearized yet, backtrack. Configurations already seen
 * (set of linearized ops, model state) are memoized. The set is stored as a frontier (every op
 * below it is linearized) plus the bits above it, so keys stay small on long histories.
 */
final class WglSearch {
    enum Outcome { LINEARIZABLE, NOT_LINEARIZABLE, OUT_OF_TIME, OUT_OF_MEMORY }

    private final Model.Spec spec;
    private final List<Operation> ops;
    private final int k;
    private final long deadlineNanos;
    private final long statesMax;
    // Entries 0..2k-1 plus a head sentinel at 2k: call of op j is 2j, return is 2j+1.
    private final int[] next;
    private final int[] prev;
    private final boolean[] required;
    private final long[] zobrist;
    private final long[] bits;
    private final HashSet<Key> seen = new HashSet<>();
    private int frontier;
    /** No bit above this index is set (an upper bound, tightened lazily). */
    private int highBound;
    private long bitsHash;
    /** Deepest failure: most ops linearized when a return could not be passed. */
    int deepestCount = -1;
    int deepestBlocking = -1;
    List<Integer> deepestPending = List.of();
    long states;

    WglSearch(Model.Spec spec, long deadlineNanos, long statesMax) {
        this.spec = spec;
        this.ops = spec.operations();
        this.k = ops.size();
        this.deadlineNanos = deadlineNanos;
        this.statesMax = statesMax;
        this.next = new int[2 * k + 1];
        this.prev = new int[2 * k + 1];
        this.required = new boolean[k];
        this.zobrist = new long[k];
        this.bits = new long[(k + 63) / 64];
        SplittableRandom random = new SplittableRandom(0x5eed);
        for (int j = 0; j < k; j++) {
            required[j] = spec.required(ops.get(j));
            zobrist[j] = random.nextLong();
        }
        link();
    }

    /** Entries sorted by history index; info ops have no return entry. */
    private void link() {
        List<long[]> entries = new ArrayList<>(2 * k);
        for (int j = 0; j < k; j++) {
            Operation op = ops.get(j);
            entries.add(new long[] {op.start(), 2L * j});
            if (op.end() != Operation.NEVER) {
                entries.add(new long[] {op.end(), 2L * j + 1});
            }
        }
        entries.sort((a, b) -> Long.compare(a[0], b[0]));
        int head = 2 * k;
        int last = head;
        for (long[] e : entries) {
            int id = (int) e[1];
            next[last] = id;
            prev[id] = last;
            last = id;
        }
        next[last] = -1;
    }

    Outcome run() {
        int head = 2 * k;
        int requiredLeft = 0;
        for (boolean r : required) {
            requiredLeft += r ? 1 : 0;
        }
        int[] stackEntry = new int[k];
        Object[] stackState = new Object[k];
        int depth = 0;
        Object state = spec.initialState();
        int entry = next[head];
        long steps = 0;
        while (requiredLeft > 0) {
            if ((++steps & 0xfff) == 0 && System.nanoTime() > deadlineNanos) {
                return Outcome.OUT_OF_TIME;
            }
            if (entry != -1 && (entry & 1) == 0) {
                int j = entry >> 1;
                Object after = spec.step(state, ops.get(j));
                if (after != null && remember(j, after)) {
                    stackEntry[depth] = entry;
                    stackState[depth++] = state;
                    state = after;
                    lift(j);
                    requiredLeft -= required[j] ? 1 : 0;
                    entry = next[head];
                    if (seen.size() > statesMax) {
                        return Outcome.OUT_OF_MEMORY;
                    }
                } else {
                    entry = next[entry];
                }
                continue;
            }
            noteFailure(depth, entry);
            if (depth == 0) {
                return Outcome.NOT_LINEARIZABLE;
            }
            int call = stackEntry[--depth];
            state = stackState[depth];
            stackState[depth] = null;
            int j = call >> 1;
            unlift(j);
            requiredLeft += required[j] ? 1 : 0;
            entry = next[call];
        }
        return Outcome.LINEARIZABLE;
    }

    /** Marks op j linearized in `state`; false (and unmarked) if that configuration was seen. */
    private boolean remember(int j, Object state) {
        setBit(j);
        states++;
        if (seen.add(key(state))) {
            return true;
        }
        clearBit(j);
        return false;
    }

    private Key key(Object state) {
        int lastWord = highBound >> 6;
        while (lastWord >= 0 && bits[lastWord] == 0) {
            lastWord--;
        }
        highBound = lastWord < 0 ? 0 : (lastWord << 6) + 63;
        int firstWord = frontier >> 6;
        long[] window = lastWord < firstWord ? new long[0] : Arrays.copyOfRange(bits, firstWord, lastWord + 1);
        return new Key(frontier, window, state, bitsHash * 31 + state.hashCode());
    }

    private void setBit(int j) {
        bits[j >> 6] |= 1L << j;
        highBound = Math.max(highBound, j);
        bitsHash ^= zobrist[j];
        while (frontier < k && (bits[frontier >> 6] & (1L << frontier)) != 0) {
            frontier++;
        }
    }

    private void clearBit(int j) {
        bits[j >> 6] &= ~(1L << j);
        bitsHash ^= zobrist[j];
        frontier = Math.min(frontier, j);
    }

    private void lift(int j) {
        int call = 2 * j;
        next[prev[call]] = next[call];
        if (next[call] != -1) {
            prev[next[call]] = prev[call];
        }
        if (ops.get(j).end() != Operation.NEVER) {
            int ret = 2 * j + 1;
            next[prev[ret]] = next[ret];
            if (next[ret] != -1) {
                prev[next[ret]] = prev[ret];
            }
        }
    }

    private void unlift(int j) {
        if (ops.get(j).end() != Operation.NEVER) {
            int ret = 2 * j + 1;
            next[prev[ret]] = ret;
            if (next[ret] != -1) {
                prev[next[ret]] = ret;
            }
        }
        int call = 2 * j;
        next[prev[call]] = call;
        if (next[call] != -1) {
            prev[next[call]] = call;
        }
        clearBit(j);
    }

    private void noteFailure(int depth, int entry) {
        if (depth <= deepestCount || entry == -1) {
            return;
        }
        deepestCount = depth;
        deepestBlocking = entry >> 1;
        List<Integer> pending = new ArrayList<>();
        for (int e = next[2 * k]; e != -1 && e != entry && pending.size() < 8; e = next[e]) {
            if ((e & 1) == 0) {
                pending.add(e >> 1);
            }
        }
        deepestPending = pending;
    }

    /** A memoized configuration. */
    private static final class Key {
        private final int frontier;
        private final long[] window;
        private final Object state;
        private final long hash;

        Key(int frontier, long[] window, Object state, long hash) {
            this.frontier = frontier;
            this.window = window;
            this.state = state;
            this.hash = hash;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(hash);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && other.hash == hash && other.frontier == frontier
                && Arrays.equals(other.window, window) && other.state.equals(state);
        }
    }
}
