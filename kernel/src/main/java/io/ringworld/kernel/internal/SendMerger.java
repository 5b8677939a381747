package io.ringworld.kernel.internal;

import io.ringworld.kernel.Config;
import io.ringworld.kernel.Effect;
import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.message.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * Groups, as a step sends them, the Assigns, Writes and WriteAcks for one receiver (wire version
 * 7), and a client's AppendRequests and a leader's AppendReplies (version 8), into
 * {@link Message.Merged} messages at the place of the first of each group. Only messages that
 * share what a merged message carries once (view, sender, ballot, verdict and promise) go
 * together. The receiver handles the members in order in one step, so the merge moves a later
 * member ahead of other messages the step sent the same receiver: a reordering the network may
 * make anyway (the specs' network is a set). A member joins its group when it is sent and takes
 * no place in the step's effects: no second pass over them, no Send per member (as a pass at the
 * end of the step, this cost the sequencing visit about twice what making the sends did). One
 * per role: its arrays are reused from step to step.
 */
final class SendMerger {
    private NodeId[] groupTo = new NodeId[8];
    private Message[] groupFirst = new Message[8];
    private int[] groupAt = new int[8];
    private long[] groupBytes = new long[8];
    private boolean[] groupFull = new boolean[8];
    @SuppressWarnings("rawtypes")
    private List[] groupMembers = new List[8];
    private int groups;
    /** Per receiver instance, its newest group: most sends find their group in one probe. */
    private final IdentitySlots newestGroup = new IdentitySlots();

    /**
     * A send of {@code m} to {@code to}, which takes place {@code at} in the step's effects if
     * it does not join a group. True if it joined one (the caller adds no effect for it); false
     * if it goes in its own place (it may start a group there).
     */
    @SuppressWarnings("unchecked")
    boolean join(NodeId to, Message m, int at, int bytesMax) {
        if (!mergeable(m)) {
            return false;
        }
        long bytes = bytesOf(m);
        int g = openGroupFor(to, m, bytes, bytesMax);
        if (g < 0) {
            startGroup(at, to, m, bytes);
            return false;
        }
        if (groupMembers[g] == null) {
            groupMembers[g] = new ArrayList<Message>(64);
            groupMembers[g].add(groupFirst[g]);
        }
        groupMembers[g].add(m);
        groupBytes[g] += bytes;
        groupFull[g] = groupMembers[g].size() >= Config.MERGED_MEMBERS_MAX;
        return true;
    }

    /** Puts each group of two or more in its first member's place; forgets every group. */
    void finish(Effect[] items) {
        for (int g = 0; g < groups; g++) {
            if (groupMembers[g] != null) {
                items[groupAt[g]] = new Effect.Send(groupTo[g], mergedOf(groupMembers[g]));
            }
        }
        forget();
    }

    /** Forgets every group (a new step). */
    void forget() {
        for (int g = 0; g < groups; g++) {
            groupMembers[g] = null;
            groupFirst[g] = null;
            groupTo[g] = null;
        }
        groups = 0;
        newestGroup.clear();
    }

    /**
     * The open group {@code m} may join (same receiver, same shared fields, room left), or -1.
     * At most one group can be that one (a group starts only when none is open for the receiver
     * and fields), so the receiver's newest group, found by identity, is tried first, then every
     * group by identity, then by equals.
     */
    private int openGroupFor(NodeId to, Message m, long bytes, int bytesMax) {
        int newest = newestGroup.get(to);
        if (newest >= 0 && !groupFull[newest] && Message.Merged.mayShare(groupFirst[newest], m)) {
            if (groupBytes[newest] + bytes <= bytesMax) {
                return newest;
            }
            groupFull[newest] = true; // the one group it could join is full: a new one follows
            return -1;
        }
        int g = scan(to, m, bytes, bytesMax, true);
        return g >= 0 ? g : scan(to, m, bytes, bytesMax, false);
    }

    private int scan(NodeId to, Message m, long bytes, int bytesMax, boolean sameInstance) {
        for (int g = groups - 1; g >= 0; g--) {
            if (groupFull[g] || (sameInstance ? groupTo[g] != to : groupTo[g] == to || !groupTo[g].equals(to))) {
                continue;
            }
            if (!Message.Merged.mayShare(groupFirst[g], m)) {
                continue;
            }
            if (groupBytes[g] + bytes > bytesMax) {
                groupFull[g] = true; // members keep their order: a later one does not pass this one
                continue;
            }
            return g;
        }
        return -1;
    }

    private void startGroup(int at, NodeId to, Message first, long bytes) {
        if (groups == groupAt.length) {
            int n = groups * 2;
            groupTo = java.util.Arrays.copyOf(groupTo, n);
            groupFirst = java.util.Arrays.copyOf(groupFirst, n);
            groupAt = java.util.Arrays.copyOf(groupAt, n);
            groupBytes = java.util.Arrays.copyOf(groupBytes, n);
            groupFull = java.util.Arrays.copyOf(groupFull, n);
            groupMembers = java.util.Arrays.copyOf(groupMembers, n);
        }
        newestGroup.put(to, groups);
        groupTo[groups] = to;
        groupFirst[groups] = first;
        groupAt[groups] = at;
        groupBytes[groups] = bytes;
        groupFull[groups] = false;
        groupMembers[groups] = null;
        groups++;
    }

    private static boolean mergeable(Message m) {
        return m instanceof Message.Assign || m instanceof Message.Write || m instanceof Message.WriteAck
                || m instanceof Message.AppendRequest || m instanceof Message.AppendReply;
    }

    private static long bytesOf(Message m) {
        Payload p = m instanceof Message.Assign a ? a.payload() : m instanceof Message.Write w ? w.payload()
                : m instanceof Message.AppendRequest r ? r.payload() : null;
        return Config.MERGED_MEMBER_OVERHEAD_BYTES + (p == null || p.isJunk() ? 0 : p.size());
    }

    @SuppressWarnings("unchecked")
    private static Message mergedOf(List<? extends Message> members) {
        Message first = members.get(0);
        if (first instanceof Message.Assign) {
            return new Message.Assigns((List<Message.Assign>) members);
        }
        if (first instanceof Message.Write) {
            return new Message.Writes((List<Message.Write>) members);
        }
        if (first instanceof Message.AppendRequest) {
            return new Message.AppendRequests((List<Message.AppendRequest>) members);
        }
        if (first instanceof Message.AppendReply) {
            return new Message.AppendReplies((List<Message.AppendReply>) members);
        }
        return new Message.WriteAcks((List<Message.WriteAck>) members);
    }

    /**
     * A small open-addressing map from a node id instance (compared by identity, placed by its
     * own hash) to an int, cleared per step by forgetting only the slots it used. It fills at most half its slots; beyond that
     * {@link #put} remembers no more and lookups miss (the merger then scans, as it would).
     */
    static final class IdentitySlots {
        private static final int SLOTS = 64;
        private final NodeId[] keys = new NodeId[SLOTS];
        private final int[] values = new int[SLOTS];
        private final int[] used = new int[SLOTS / 2];
        private int usedCount;

        /** The node id's own hash (deterministic, unlike an identity hash): where its probe starts. */
        private static int slotOf(NodeId key) {
            int h = key.hashCode();
            return (h ^ (h >>> 16)) & (SLOTS - 1);
        }

        int get(NodeId key) {
            for (int h = slotOf(key); keys[h] != null; h = (h + 1) & (SLOTS - 1)) {
                if (keys[h] == key) {
                    return values[h];
                }
            }
            return -1;
        }

        void put(NodeId key, int value) {
            int h = slotOf(key);
            for (; keys[h] != null; h = (h + 1) & (SLOTS - 1)) {
                if (keys[h] == key) {
                    values[h] = value;
                    return;
                }
            }
            if (usedCount < used.length) {
                keys[h] = key;
                values[h] = value;
                used[usedCount++] = h;
            }
        }

        void clear() {
            for (int k = 0; k < usedCount; k++) {
                keys[used[k]] = null;
            }
            usedCount = 0;
        }
    }
}
