package io.ringworld.runtime.sim;

import io.ringworld.kernel.DurableRecord;
import io.ringworld.kernel.server.DurableState;
import io.ringworld.kernel.server.InMemoryDurableState;
import java.util.ArrayDeque;
import java.util.List;

/**
 * A log server's simulated disk. Persists complete in order after a random latency; only a
 * completed (synced) persist is reported to the server. On a crash the unsynced records are lost,
 * except that a random prefix of them may already have reached the platter, and the record after
 * that prefix may be torn (a torn record fails its checksum on recovery and is dropped). With
 * {@link SimConfig.DiskModel#STABLE} a crash keeps every record issued (the specs' stable storage).
 */
final class SimDisk {
    private record Unsynced(long persistId, List<DurableRecord> records) {
    }

    private final SimRandom random;
    private final boolean stable;
    private InMemoryDurableState durable = new InMemoryDurableState();
    private final ArrayDeque<Unsynced> unsynced = new ArrayDeque<>();
    private long lastDueMicros;
    private long tornWrites;

    SimDisk(SimRandom random, SimConfig.DiskModel model) {
        this.random = random;
        this.stable = model == SimConfig.DiskModel.STABLE;
    }

    /** Queues a persist; returns when it will be synced. */
    long persist(long nowMicros, long persistId, List<DurableRecord> records) {
        unsynced.add(new Unsynced(persistId, List.copyOf(records)));
        long latencyMicros = 5 + random.nextInt(40);
        lastDueMicros = Math.max(lastDueMicros, nowMicros) + latencyMicros;
        return lastDueMicros;
    }

    /** Every persist up to {@code persistId} reached stable storage. */
    void synced(long persistId) {
        while (!unsynced.isEmpty() && unsynced.peek().persistId() <= persistId) {
            durable.apply(unsynced.poll().records());
        }
    }

    /** The crash: returns a description of what was lost, for the trace. */
    String crash() {
        int total = 0;
        for (Unsynced u : unsynced) {
            total += u.records().size();
        }
        int survive = total == 0 || stable ? total : random.nextInt(total + 1);
        int applied = 0;
        for (Unsynced u : unsynced) {
            for (DurableRecord r : u.records()) {
                if (applied++ < survive) {
                    durable.apply(r);
                }
            }
        }
        boolean torn = survive < total;
        if (torn) {
            tornWrites++;
        }
        unsynced.clear();
        lastDueMicros = 0;
        return "unsynced=" + total + " survived=" + survive + (torn ? " torn=1" : "");
    }

    /**
     * Issue 19, after a crash: the data directory is gone (a replaced or wiped disk). The server
     * of an initialised cluster finds it empty: it lost its state (every index unknown).
     */
    String wipe() {
        int held = durable.size();
        durable = InMemoryDurableState.lostState();
        return "wiped " + held + " entries";
    }

    /**
     * A broken host (for the host suite's own tests): the directory is gone and the server comes
     * back as a brand-new one, as if cluster initialisation had created it, not knowing it lost
     * anything.
     */
    void wipeAsNew() {
        durable = new InMemoryDurableState();
    }

    /**
     * Issue 19, after a crash: up to {@code max} stored entries fail their checksums at
     * recovery: the host's recovery marks those indices unknown. Returns the indices hit.
     */
    java.util.List<Long> corrupt(SimRandom r, int max) {
        java.util.ArrayList<Long> held = new java.util.ArrayList<>();
        for (long i = durable.trimPoint(); i <= durable.highestIndex(); i++) {
            if (durable.entry(i) != null) {
                held.add(i);
            }
        }
        java.util.ArrayList<Long> hit = new java.util.ArrayList<>();
        int n = held.isEmpty() ? 0 : 1 + r.nextInt(Math.min(max, held.size()));
        // Half the time the newest entries (a damaged tail: the last writes before the crash, the
        // ones a coordinator still has to choose), else anywhere.
        boolean tail = r.nextInt(2) == 0;
        for (int k = 0; k < n; k++) {
            long i = held.remove(tail ? held.size() - 1 : r.nextInt(held.size()));
            durable.markUnknown(new io.ringworld.kernel.server.IndexRange(i, i));
            hit.add(i);
        }
        java.util.Collections.sort(hit);
        return hit;
    }

    /**
     * What the server finds on its disk when it recovers: the disk itself, which the synced
     * persists of its new life keep changing (the server reads the payloads it no longer keeps
     * in its heap back from it).
     */
    DurableState recover() {
        return durable;
    }

    long tornWrites() {
        return tornWrites;
    }
}
