package io.ringworld.storage;

import io.ringworld.kernel.View;

/**
 * Where the newest valid record of each index lives: index -> (segment, offset, length, view).
 * Open addressing with linear probing over parallel arrays (no object per entry: a server holds
 * millions of entries). Index 0 marks an empty slot (log indices start at 1). Not thread-safe.
 */
final class LocationTable {
    /** One location (used at the edges: lookups and the undo log, not for storage). */
    record Loc(long segment, int offset, int lengthBytes, View view) {
    }

    private long[] keys;
    private long[] segments;
    private int[] offsets;
    private int[] lengths;
    private long[] epochs;
    private int[] coordinators;
    private int size;

    LocationTable(int expected) {
        allocate(Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1);
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        segments = new long[capacity];
        offsets = new int[capacity];
        lengths = new int[capacity];
        epochs = new long[capacity];
        coordinators = new int[capacity];
        size = 0;
    }

    int size() {
        return size;
    }

    private int slotOf(long key) {
        int mask = keys.length - 1;
        int h = (int) (key * 0x9E3779B97F4A7C15L >>> 32) & mask;
        while (keys[h] != 0 && keys[h] != key) {
            h = (h + 1) & mask;
        }
        return h;
    }

    Loc get(long key) {
        int s = slotOf(key);
        if (keys[s] == 0) {
            return null;
        }
        return new Loc(segments[s], offsets[s], lengths[s], new View(epochs[s], coordinators[s]));
    }

    void put(long key, Loc loc) {
        assert key >= 1 : "log indices start at 1";
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int s = slotOf(key);
        if (keys[s] == 0) {
            size++;
            keys[s] = key;
        }
        segments[s] = loc.segment();
        offsets[s] = loc.offset();
        lengths[s] = loc.lengthBytes();
        epochs[s] = loc.view().epoch();
        coordinators[s] = loc.view().coordinator();
    }

    void remove(long key) {
        int s = slotOf(key);
        if (keys[s] == 0) {
            return;
        }
        // Backward-shift deletion keeps every probe chain unbroken without tombstones.
        int mask = keys.length - 1;
        int hole = s;
        int next = (s + 1) & mask;
        while (keys[next] != 0) {
            int home = (int) (keys[next] * 0x9E3779B97F4A7C15L >>> 32) & mask;
            boolean movable = hole <= next ? (home <= hole || home > next) : (home <= hole && home > next);
            if (movable) {
                copySlot(next, hole);
                hole = next;
            }
            next = (next + 1) & mask;
        }
        keys[hole] = 0;
        size--;
    }

    private void copySlot(int from, int to) {
        keys[to] = keys[from];
        segments[to] = segments[from];
        offsets[to] = offsets[from];
        lengths[to] = lengths[from];
        epochs[to] = epochs[from];
        coordinators[to] = coordinators[from];
    }

    private void grow() {
        rebuild(keys.length * 2, 1);
    }

    /** Drops every index below {@code trimPoint}. */
    void removeBelow(long trimPoint) {
        rebuild(keys.length, trimPoint);
    }

    private void rebuild(int capacity, long minKey) {
        long[] k = keys;
        long[] sg = segments;
        int[] of = offsets;
        int[] ln = lengths;
        long[] ep = epochs;
        int[] co = coordinators;
        allocate(capacity);
        for (int i = 0; i < k.length; i++) {
            if (k[i] >= minKey && k[i] != 0) {
                put(k[i], new Loc(sg[i], of[i], ln[i], new View(ep[i], co[i])));
            }
        }
    }

    /** Calls {@code action} with every index held (in no order). */
    void forEachIndex(java.util.function.LongConsumer action) {
        for (long k : keys) {
            if (k != 0) {
                action.accept(k);
            }
        }
    }
}
