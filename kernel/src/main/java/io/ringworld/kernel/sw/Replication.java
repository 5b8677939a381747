package io.ringworld.kernel.sw;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.testhooks.PlantedBug;
import io.ringworld.kernel.Projection;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.invariant.Invariant;
import io.ringworld.kernel.View;
import io.ringworld.kernel.message.Message;

/**
 * Replication leadership (Replication): LeaderReplicate, LeaderCommit, FillHole. The status map
 * is a ring buffer of {@code statusMapSlotsMax} slots, one per index this switch leads, holding
 * an ack bitmap; the commit index advances over contiguous committed indices and frees slots.
 * The sequencer bounds {@code h - c}, so an index always finds its slot free or its own.
 */
final class Replication {
    private static final int FREE = 0;
    private static final int EXPECTED = 1;
    private static final int WRITING = 2;
    private static final int COMMITTED = 3;
    /** Junk-filled indices remembered after their slot is freed, to fail late appends definitely. */
    private static final int JUNKED_REMEMBERED = 64;

    private static final class Slot {
        long index = -1;
        int state = FREE;
        int acks;
        /** Acknowledgements received, duplicates included (only PlantedBug.COUNT_DUPLICATE_ACKS reads it). */
        int ackCount;
        boolean junk;
        Payload payload;
        ClientId client;
        long requestId;
        long lastSentTick;
    }

    private final Switch s;
    private Slot[] slots = new Slot[0];
    private Projection p;
    private int ringSize = 1;
    /** This switch's ring position in the installed view (cached: looked up on every step). */
    private int position;
    /** The smallest index this switch leads that is not committed yet; commit index = nextOwn - 1. */
    private long nextOwn = 1;
    private long lastTokenH;
    private long highestTracked;
    private long[] holeIndex = new long[16];
    private long[] holeDeadline = new long[16];
    private int holeHead;
    private int holeSize;
    private final long[] junked = new long[JUNKED_REMEMBERED];
    private int junkedNext;

    Replication(Switch s) {
        this.s = s;
    }

    /** InstallView: every index below start is committed; a fresh status map. */
    void reset(Projection projection) {
        p = projection;
        ringSize = projection.ring().size();
        if (slots.length != s.config.statusMapSlotsMax()) {
            slots = new Slot[s.config.statusMapSlotsMax()];
            for (int k = 0; k < slots.length; k++) {
                slots[k] = new Slot();
            }
        }
        for (Slot sl : slots) {
            free(sl);
        }
        int pos = projection.positionOf(s.id);
        position = pos;
        long start = projection.start();
        // A switch admitted without a view change (AdmitSwitch) is not in the view's ring: it
        // leads no index, and its commit index stays start - 1 (FoldCommit skips it).
        nextOwn = pos < 0 ? start : start + Math.floorMod(pos - start, (long) ringSize);
        lastTokenH = start - 1;
        highestTracked = nextOwn - ringSize;
        holeHead = 0;
        holeSize = 0;
        java.util.Arrays.fill(junked, 0);
    }

    /** Left out of the ring (or restarted): no leadership at all. */
    void clear() {
        p = null;
        holeSize = 0;
    }

    /** The leader's commit index: every index it leads up to here is committed. */
    long commitIndex() {
        return p == null ? 0 : nextOwn - 1;
    }

    boolean isCommitted(long index) {
        if (p == null || !p.leaderOf(index).equals(s.id)) {
            return false;
        }
        if (index < nextOwn) {
            return true;
        }
        Slot sl = slotOf(index);
        return sl.index == index && sl.state == COMMITTED;
    }

    /**
     * The status map's view of {@code index}, or null if this switch leads no view or not that
     * index; an index below the commit index is COMMITTED (its slot may hold a later one by now).
     */
    LeaderSlot slot(long index) {
        if (p == null || position < 0 || index < 1 || !p.leaderOf(index).equals(s.id)) {
            return null;
        }
        if (index < nextOwn) {
            return new LeaderSlot(index, LeaderSlot.State.COMMITTED, wasJunked(index), null, 0, 0);
        }
        Slot sl = slotOf(index);
        if (sl.index != index) {
            return new LeaderSlot(index, LeaderSlot.State.FREE, false, null, 0, 0);
        }
        LeaderSlot.State state = switch (sl.state) {
            case EXPECTED -> LeaderSlot.State.EXPECTED;
            case WRITING -> LeaderSlot.State.WRITING;
            case COMMITTED -> LeaderSlot.State.COMMITTED;
            default -> LeaderSlot.State.FREE;
        };
        return new LeaderSlot(index, state, sl.junk, sl.junk ? null : sl.client, sl.junk ? 0 : sl.requestId, sl.acks);
    }

    private Slot slotOf(long index) {
        return slots[(int) Math.floorMod(Math.floorDiv(index, (long) ringSize), (long) slots.length)];
    }

    /** SequenceBatch: hand index {@code index} to its leader (this switch or another). */
    void assign(long index, ClientId client, long requestId, Payload payload) {
        if (p.leaderOf(index).equals(s.id)) {
            accept(index, client, requestId, payload);
        } else {
            s.effects.send(p.leaderOf(index), new Message.Assign(p.view(), index, client, requestId, payload));
        }
    }

    /** LeaderReplicate: an assigned entry reached its leader; write it to the replica set. */
    void onAssign(Message.Assign a) {
        if (!s.active() || !a.view().equals(p.view())) {
            return;
        }
        if (!p.leaderOf(a.index()).equals(s.id)) {
            s.badInput("Assign of index " + a.index() + " to a switch that does not lead it");
            return;
        }
        accept(a.index(), a.client(), a.requestId(), a.payload());
    }

    private void accept(long index, ClientId client, long requestId, Payload payload) {
        if (index < nextOwn) {
            if (wasJunked(index)) {
                s.effects.send(client, new Message.AppendJunked(requestId, index));
            }
            return;
        }
        if (!(index < nextOwn + (long) slots.length * ringSize)) {
            throw Invariant.TypeOK.violation(s.id + " status map overflow: index " + index + ", commit index " + (nextOwn - 1));
        }
        Slot sl = slotOf(index);
        if (sl.index != index) {
            free(sl);
            sl.index = index;
        }
        if (sl.state == FREE || sl.state == EXPECTED) {
            sl.state = WRITING;
            sl.junk = false;
            sl.payload = payload;
            sl.client = client;
            sl.requestId = requestId;
            sl.acks = 0;
            sl.ackCount = 0;
            sendWrites(sl);
        } else if (sl.junk) {
            s.effects.send(client, new Message.AppendJunked(requestId, index));
        } else if (client.equals(sl.client) && requestId == sl.requestId) {
            if (sl.state == COMMITTED) {
                s.effects.send(client, new Message.AppendReply(requestId, index, p.view()));
            }
        } else {
            throw Invariant.UniqueAssignment.violation(s.id + " index " + index + " in " + p.view()
                    + " assigned to " + sl.client + "#" + sl.requestId + " and to " + client + "#" + requestId);
        }
    }

    /** A token passed with {@code h}: indices this switch leads up to h are expected (holes if they never come). */
    void onTokenSeen(long h) {
        if (h <= lastTokenH || position < 0) {
            return; // a joiner expects nothing: it leads nothing
        }
        int pos = position;
        long first = lastTokenH + 1;
        long i = first + Math.floorMod(pos - first, (long) ringSize);
        for (; i <= h; i += ringSize) {
            if (i < nextOwn) {
                continue;
            }
            Slot sl = slotOf(i);
            if (sl.index != i) {
                free(sl);
                sl.index = i;
                sl.state = EXPECTED;
                pushHole(i, s.now + s.config.holeTimeoutTicks());
                highestTracked = Math.max(highestTracked, i);
            }
        }
        lastTokenH = h;
    }

    /** Indices this leader expects (handed out, their Assign not yet here): its hole timer may fill them. */
    int expectedCount() {
        int count = 0;
        for (long i = nextOwn; i <= highestTracked; i += ringSize) {
            Slot sl = slotOf(i);
            if (sl.index == i && sl.state == EXPECTED) {
                count++;
            }
        }
        return count;
    }

    /** FillHole (onHoleTimeout) and write retransmission. */
    void onTick() {
        if (!s.active()) {
            return;
        }
        // Every hole whose visit's timer expired is filled in this tick (spec HoleMarks).
        boolean oneHolePerTick = s.hooks.planted(PlantedBug.FILL_ONE_HOLE_PER_TICK);
        boolean filled = false;
        while (holeSize > 0 && holeDeadline[holeHead] <= s.now) {
            if (oneHolePerTick && filled) {
                break;
            }
            long i = holeIndex[holeHead];
            holeHead = (holeHead + 1) % holeIndex.length;
            holeSize--;
            if (i >= nextOwn) {
                Slot sl = slotOf(i);
                if (sl.index == i && sl.state == EXPECTED) {
                    onHoleTimeout(sl);
                    filled = true;
                }
            }
        }
        checkHolesFilled();
        for (long i = nextOwn; i <= highestTracked; i += ringSize) {
            Slot sl = slotOf(i);
            if (sl.index == i && sl.state == WRITING && s.now - sl.lastSentTick >= s.config.writeRetryTicks()) {
                sendWrites(sl);
            }
        }
    }

    /** HoleFilledInTime: after the hole timer, no hole whose deadline passed is still expected. */
    private void checkHolesFilled() {
        for (int k = 0, at = holeHead; k < holeSize && holeDeadline[at] <= s.now; k++, at = (at + 1) % holeIndex.length) {
            long i = holeIndex[at];
            Slot sl = slotOf(i);
            if (i >= nextOwn && sl.index == i && sl.state == EXPECTED) {
                throw Invariant.HoleFilledInTime.violation(s.id + " still waits for index " + i + " at tick " + s.now
                        + ", its hole timer expired at tick " + holeDeadline[at]);
            }
        }
    }

    /** FillHole: an index assigned to this leader never arrived; write junk (the leader serialises it). */
    private void onHoleTimeout(Slot sl) {
        sl.state = WRITING;
        sl.junk = true;
        sl.payload = Payload.JUNK;
        sl.client = null;
        sl.acks = 0;
        sl.ackCount = 0;
        sendWrites(sl);
    }

    private void sendWrites(Slot sl) {
        int set = p.replicaSetOf(sl.index);
        Message.Write w = new Message.Write(p.view(), sl.index, sl.payload, s.id);
        for (int m = 0; m < s.config.membersPerSet(); m++) {
            if ((sl.acks & (1 << m)) == 0) {
                s.effects.send(s.serverIds[set][m], w);
            }
        }
        sl.lastSentTick = s.now;
        highestTracked = Math.max(highestTracked, sl.index);
    }

    /**
     * LeaderCommit: set the ack bit; at a majority the index commits and the commit index
     * advances. Returns the later view a refusal names (this switch was outranked), or null.
     */
    View onWriteAck(Message.WriteAck a) {
        if (!s.active() || !a.view().equals(p.view())) {
            return null;
        }
        if (!a.accepted()) {
            return a.promised();
        }
        long i = a.index();
        if (i < nextOwn || !p.leaderOf(i).equals(s.id)) {
            return null;
        }
        Slot sl = slotOf(i);
        if (sl.index != i || sl.state != WRITING) {
            return null;
        }
        if (a.from().replicaSet() != p.replicaSetOf(i) || a.from().member() >= s.config.membersPerSet()) {
            s.badInput("WriteAck for index " + i + " from " + a.from() + ", not of its replica set");
            return null;
        }
        sl.acks |= 1 << a.from().member();
        sl.ackCount++;
        int quorum = s.hooks.planted(PlantedBug.COMMIT_ON_ONE_ACK) ? 1 : s.config.majority();
        int acked = s.hooks.planted(PlantedBug.COUNT_DUPLICATE_ACKS) ? sl.ackCount : Integer.bitCount(sl.acks);
        if (acked >= quorum) {
            commit(sl);
        }
        return null;
    }

    private void commit(Slot sl) {
        if (!(Integer.bitCount(sl.acks) >= s.config.majority())) {
            throw Invariant.CommitNeedsMajority.violation(s.id + " committed index " + sl.index + " in " + p.view() + " with ack bitmap "
                + Integer.toBinaryString(sl.acks) + ", below a majority of " + s.config.majority());
        }
        sl.state = COMMITTED;
        if (sl.junk) {
            junked[junkedNext] = sl.index;
            junkedNext = (junkedNext + 1) % junked.length;
        } else {
            s.effects.send(sl.client, new Message.AppendReply(sl.requestId, sl.index, p.view()));
        }
        while (true) {
            Slot head = slotOf(nextOwn);
            if (head.index != nextOwn || head.state != COMMITTED) {
                break;
            }
            free(head);
            nextOwn += ringSize;
        }
    }

    private boolean wasJunked(long index) {
        for (long j : junked) {
            if (j == index) {
                return true;
            }
        }
        return false;
    }

    private static void free(Slot sl) {
        sl.index = -1;
        sl.state = FREE;
        sl.acks = 0;
        sl.ackCount = 0;
        sl.junk = false;
        sl.payload = null;
        sl.client = null;
    }

    private void pushHole(long index, long deadline) {
        if (holeSize == holeIndex.length) {
            long[] ni = new long[holeIndex.length * 2];
            long[] nd = new long[holeIndex.length * 2];
            for (int k = 0; k < holeSize; k++) {
                ni[k] = holeIndex[(holeHead + k) % holeIndex.length];
                nd[k] = holeDeadline[(holeHead + k) % holeIndex.length];
            }
            holeIndex = ni;
            holeDeadline = nd;
            holeHead = 0;
        }
        int tail = (holeHead + holeSize) % holeIndex.length;
        holeIndex[tail] = index;
        holeDeadline[tail] = deadline;
        holeSize++;
    }

    /** Local invariants: CommitNeedsMajority for every committed slot still in the map; TypeOK. */
    void checkLocalInvariants() {
        if (p == null || position < 0) {
            return;
        }
        if (!(Math.floorMod(nextOwn, (long) ringSize) == position)) {
            throw Invariant.TypeOK.violation(s.id + " commit index " + (nextOwn - 1) + " not aligned to its ring position");
        }
    }

}
