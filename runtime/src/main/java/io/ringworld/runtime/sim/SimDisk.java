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
    private final InMemoryDurableState durable = new InMemoryDurableState();
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

    /** What the server finds on its disk when it recovers. */
    DurableState recover() {
        return durable.copy();
    }

    long tornWrites() {
        return tornWrites;
    }
}
