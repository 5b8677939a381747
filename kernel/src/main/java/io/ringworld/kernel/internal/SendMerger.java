package io.ringworld.kernel.internal;

import io.ringworld.kernel.Config;
import io.ringworld.kernel.Effect;
import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.message.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * Merges the Assigns, Writes and WriteAcks a step sends one receiver (wire version 7), and a
 * client's AppendRequests and a leader's AppendReplies (version 8), into {@link Message.Merged}
 * messages, at the place of the first of each. Only messages that share what a
 * merged message carries once (view, sender, ballot, verdict and promise) go together. The
 * receiver handles the members in order in one step, so the merge moves a later member ahead of
 * other messages the step sent the same receiver: a reordering the network may make anyway (the
 * specs' network is a set). One per role: its arrays are reused from step to step.
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

    /** Merges in {@code items[0..size)}; returns the new size. */
    @SuppressWarnings("unchecked")
    int merge(Effect[] items, int size, int bytesMax) {
        groups = 0;
        boolean merged = false;
        for (int i = 0; i < size; i++) {
            if (!(items[i] instanceof Effect.Send s) || !mergeable(s.message())) {
                continue;
            }
            long bytes = bytesOf(s.message());
            int g = openGroupFor(s, bytes, bytesMax);
            if (g < 0) {
                startGroup(i, s.to(), s.message(), bytes);
                continue;
            }
            if (groupMembers[g] == null) {
                groupMembers[g] = new ArrayList<Message>(64);
                groupMembers[g].add(groupFirst[g]);
            }
            groupMembers[g].add(s.message());
            groupBytes[g] += bytes;
            groupFull[g] = groupMembers[g].size() >= Config.MERGED_MEMBERS_MAX;
            items[i] = null;
            merged = true;
        }
        if (!merged) {
            return size;
        }
        for (int g = 0; g < groups; g++) {
            if (groupMembers[g] != null) {
                items[groupAt[g]] = new Effect.Send(groupTo[g], mergedOf(groupMembers[g]));
                groupMembers[g] = null;
            }
            groupFirst[g] = null;
            groupTo[g] = null;
        }
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (items[i] != null) {
                items[kept++] = items[i];
            }
        }
        for (int i = kept; i < size; i++) {
            items[i] = null;
        }
        return kept;
    }

    /** The open group {@code s} may join (same receiver, same shared fields, room left), or -1. */
    private int openGroupFor(Effect.Send s, long bytes, int bytesMax) {
        NodeId to = s.to();
        for (int g = groups - 1; g >= 0; g--) {
            if (groupFull[g] || (groupTo[g] != to && !groupTo[g].equals(to))) {
                continue;
            }
            if (!Message.Merged.mayShare(groupFirst[g], s.message())) {
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
}
