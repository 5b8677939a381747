package io.ringworld.kernel.server;

import io.ringworld.kernel.Config;
import io.ringworld.kernel.Entry;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.internal.EffectBuffer;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.message.Message.ReadStatus;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * ServerRepair's bookkeeping: which unknown indices below the known committed prefix are being
 * copied back, and what the other servers of the set answered. A copy is taken only once a
 * majority of the set not counting this server vouched for the index (OK or MISSING, not
 * UNKNOWN) and one of them holds it: then the highest view among them is the committed entry
 * (every copy at the committed view or later carries the committed payload, as for a read below
 * rewriteFrom). The payload is the client's sealed bytes, checked by its tag on the wire.
 */
final class Repairs {
    /** Indices repaired at once (each asks every other member of the set). */
    static final int IN_FLIGHT_MAX = 32;

    private final ServerId self;
    private final Config config;
    private final HashMap<Long, Pending> pending = new HashMap<>();
    private long nextRepairId;
    private long repaired;
    /** The lowest index not yet scanned for repair (indices below it were repaired or asked). */
    private long scanFrom = 1;

    private static final class Pending {
        final long repairId;
        final long index;
        long sentTick;
        int vouched;
        Entry best;

        Pending(long repairId, long index) {
            this.repairId = repairId;
            this.index = index;
        }
    }

    Repairs(ServerId self, Config config) {
        this.self = self;
        this.config = config;
    }

    long repaired() {
        return repaired;
    }

    /**
     * Starts repairs of unknown indices in {@code [trimPoint, committed]} up to the in-flight
     * bound, and asks again for those whose answers are overdue.
     */
    void onTick(long now, LongPredicate unknownAt, long trimPoint, long committed, EffectBuffer effects) {
        for (Iterator<Pending> it = pending.values().iterator(); it.hasNext();) {
            Pending p = it.next();
            if (p.index < trimPoint || !unknownAt.test(p.index)) {
                it.remove(); // trimmed, or stored since
            } else if (now - p.sentTick >= config.writeRetryTicks()) {
                send(p, now, effects);
            }
        }
        scanFrom = Math.max(scanFrom, trimPoint);
        // Bounded scan per tick: a wiped server's unknown range ends nowhere, the committed prefix does.
        long scanEnd = Math.min(committed, scanFrom + 4L * IN_FLIGHT_MAX);
        while (pending.size() < IN_FLIGHT_MAX && scanFrom <= scanEnd) {
            long i = scanFrom++;
            if (Math.floorMod(i, (long) config.replicaSetCount()) == self.replicaSet() && unknownAt.test(i)
                    && !pending.containsKey(i)) {
                Pending p = new Pending(++nextRepairId, i);
                pending.put(i, p);
                send(p, now, effects);
            }
        }
    }

    private void send(Pending p, long now, EffectBuffer effects) {
        Message.RepairRead read = new Message.RepairRead(p.repairId, p.index, self);
        for (int m = 0; m < config.membersPerSet(); m++) {
            if (m != self.member() && (p.vouched & (1 << m)) == 0) {
                effects.send(new ServerId(self.replicaSet(), m), read);
            }
        }
        p.sentTick = now;
    }

    /** Returns the entry to store once the index is decided, else null. */
    Entry onReply(Message.RepairReply r, ServerId self) {
        Pending p = pending.get(r.index());
        ServerId from = r.from();
        if (p == null || p.repairId != r.repairId() || from.replicaSet() != self.replicaSet() || from.equals(self)
                || from.member() >= config.membersPerSet()) {
            return null;
        }
        if (r.status() == ReadStatus.UNKNOWN || r.status() == ReadStatus.WRONG_VIEW) {
            return null; // vouches for nothing; asked again on the next retry
        }
        if (r.status() == ReadStatus.TRIMMED) {
            pending.remove(r.index()); // a trim will reach us too; nothing to copy below it
            return null;
        }
        p.vouched |= 1 << from.member();
        if (r.status() == ReadStatus.OK && (p.best == null || r.view().isAfter(p.best.view()))) {
            p.best = new Entry(r.index(), r.view(), r.payload());
        }
        if (Integer.bitCount(p.vouched) < config.majority()) {
            return null;
        }
        pending.remove(r.index());
        if (p.best == null) {
            return null; // no other holds it: not committed after all; stays unknown
        }
        repaired++;
        return p.best;
    }
}
