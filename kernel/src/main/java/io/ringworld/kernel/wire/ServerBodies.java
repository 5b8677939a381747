package io.ringworld.kernel.wire;

import io.ringworld.kernel.Entry;
import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.server.IndexRange;
import java.util.ArrayList;
import java.util.List;

/** Bodies of the messages between switches and log servers (types 40-48). */
final class ServerBodies {
    /** One seal-reply entry's smallest encoding: index, view, payload descriptor. */
    private static final int ENTRY_BYTES_MIN = 8 + 12 + 4;

    private ServerBodies() {
    }

    static void write(MessageType type, Message m, BodyWriter w) {
        switch (type) {
            case VIEW_CHECK -> {
                Message.ViewCheck c = (Message.ViewCheck) m;
                w.view(c.view());
                w.i64(c.checkId());
                w.switchId(c.from());
            }
            case VIEW_CHECK_REPLY -> {
                Message.ViewCheckReply c = (Message.ViewCheckReply) m;
                w.i64(c.checkId());
                w.view(c.view());
                w.serverId(c.from());
                w.view(c.promised());
            }
            case WRITE -> {
                Message.Write x = (Message.Write) m;
                w.view(x.view());
                w.i64(x.index());
                w.payload(x.payload());
                w.switchId(x.from());
                w.i64(x.incarnation());
            }
            case WRITE_ACK -> {
                Message.WriteAck a = (Message.WriteAck) m;
                w.view(a.view());
                w.i64(a.index());
                ackTail(w, a.from(), a.accepted(), a.promised());
            }
            case SERVER_SEAL_REPLY -> writeSealReply((Message.ServerSealReply) m, w);
            default -> writeFenceAndTrim(type, m, w);
        }
    }

    private static void writeFenceAndTrim(MessageType type, Message m, BodyWriter w) {
        switch (type) {
            case FENCE -> {
                Message.Fence f = (Message.Fence) m;
                w.view(f.view());
                w.i64(f.start());
                w.switchId(f.from());
                w.i64(f.incarnation());
                w.i64(f.rewriteFrom());
            }
            case FENCE_ACK -> {
                Message.FenceAck a = (Message.FenceAck) m;
                w.view(a.view());
                ackTail(w, a.from(), a.accepted(), a.promised());
            }
            case SERVER_TRIM -> {
                Message.ServerTrim t = (Message.ServerTrim) m;
                w.i64(t.trimId());
                w.i64(t.prefix());
                w.switchId(t.from());
                w.view(t.view());
            }
            case TRIM_ACK -> {
                Message.TrimAck a = (Message.TrimAck) m;
                w.i64(a.trimId());
                w.i64(a.prefix());
                ackTail(w, a.from(), a.accepted(), a.promised());
            }
            default -> throw new IllegalStateException(type + " is not a server message");
        }
    }

    /** The fields every server ack ends with. */
    private static void ackTail(BodyWriter w, ServerId from, boolean accepted, View promised) {
        w.serverId(from);
        w.bool(accepted);
        w.view(promised);
    }

    private static void writeSealReply(Message.ServerSealReply r, BodyWriter w) {
        w.view(r.view());
        w.serverId(r.from());
        w.bool(r.accepted());
        w.view(r.promised());
        w.i64(r.highestIndex());
        w.i64(r.trimPoint());
        w.i32(r.entries().size());
        for (Entry e : r.entries()) {
            w.i64(e.index());
            w.view(e.view());
            w.payload(e.payload());
        }
        w.view(r.fenceView());
        w.i64(r.fenceStart());
        w.i64(r.incarnation());
        w.i64(r.pageFrom());
        w.i64(r.nextFrom());
        w.i32(r.unknown().size());
        for (IndexRange q : r.unknown()) {
            w.i64(q.first());
            w.i64(q.last());
        }
    }

    static Message read(MessageType type, BodyReader r) {
        return switch (type) {
            case VIEW_CHECK -> new Message.ViewCheck(r.view("view"), r.i64("checkId"), r.switchId("from"));
            case VIEW_CHECK_REPLY -> new Message.ViewCheckReply(r.i64("checkId"), r.view("view"),
                    r.serverId("from"), r.view("promised"));
            case WRITE -> new Message.Write(r.view("view"), r.i64("index"), r.presentPayload("payload"),
                    r.switchId("from"), r.i64AtLeast(Message.Write.LEADER, "incarnation"));
            case WRITE_ACK -> new Message.WriteAck(r.view("view"), r.i64("index"), r.serverId("from"),
                    r.bool("accepted"), r.view("promised"));
            case SERVER_SEAL_REPLY -> readSealReply(r);
            case FENCE -> new Message.Fence(r.view("view"), r.i64("start"), r.switchId("from"),
                    r.i64AtLeast(0, "incarnation"), r.i64("rewriteFrom"));
            case FENCE_ACK -> new Message.FenceAck(r.view("view"), r.serverId("from"), r.bool("accepted"),
                    r.view("promised"));
            case SERVER_TRIM -> new Message.ServerTrim(r.i64("trimId"), r.i64("prefix"), r.switchId("from"),
                    r.view("view"));
            case TRIM_ACK -> new Message.TrimAck(r.i64("trimId"), r.i64("prefix"), r.serverId("from"),
                    r.bool("accepted"), r.view("promised"));
            default -> throw new IllegalStateException(type + " is not a server message");
        };
    }


    private static Message readSealReply(BodyReader r) {
        View view = r.view("view");
        ServerId from = r.serverId("from");
        boolean accepted = r.bool("accepted");
        View promised = r.view("promised");
        long highestIndex = r.i64AtLeast(0, "highestIndex");
        long trimPoint = r.i64AtLeast(1, "trimPoint");
        int n = r.count(r.limits().sealReplyEntriesMax(), ENTRY_BYTES_MIN, "entries");
        List<Entry> entries = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            long index = r.i64AtLeast(1, "entries[" + k + "].index");
            View v = r.view("entries[" + k + "].view");
            entries.add(new Entry(index, v, r.presentPayload("entries[" + k + "].payload")));
        }
        View fenceView = r.view("fenceView");
        long fenceStart = r.i64AtLeast(1, "fenceStart");
        long incarnation = r.i64AtLeast(0, "incarnation");
        long pageFrom = r.i64AtLeast(0, "pageFrom");
        long nextFrom = r.i64AtLeast(0, "nextFrom");
        return new Message.ServerSealReply(view, from, accepted, promised, highestIndex, trimPoint, entries,
                fenceView, fenceStart, incarnation, readUnknown(r), pageFrom, nextFrom);
    }

    /** Sorted, disjoint ranges {@code first..last} ({@code last = Long.MAX_VALUE}: open), each checked. */
    private static List<IndexRange> readUnknown(BodyReader r) {
        int n = r.count(r.limits().unknownRangesMax(), 16, "unknown");
        List<IndexRange> ranges = new ArrayList<>(n);
        long after = 0;
        for (int k = 0; k < n; k++) {
            long first = r.i64AtLeast(1, "unknown[" + k + "].first");
            long last = r.i64AtLeast(first, "unknown[" + k + "].last");
            if (first <= after) {
                throw new Malformed(RejectReason.BAD_FIELD, "unknown[" + k + "] = " + first + ".." + last
                        + " is not above the range before it (sorted, disjoint)");
            }
            ranges.add(new IndexRange(first, last));
            after = last;
        }
        return ranges;
    }

    /** The node a server-side message says it comes from. */
    static NodeId namedSender(Message m) {
        if (m instanceof Message.ViewCheck c) {
            return c.from();
        } else if (m instanceof Message.ViewCheckReply c) {
            return c.from();
        } else if (m instanceof Message.Write w) {
            return w.from();
        } else if (m instanceof Message.WriteAck a) {
            return a.from();
        } else if (m instanceof Message.ServerSealReply s) {
            return s.from();
        } else if (m instanceof Message.Fence f) {
            return f.from();
        } else if (m instanceof Message.FenceAck a) {
            return a.from();
        } else if (m instanceof Message.ServerTrim t) {
            return t.from();
        } else if (m instanceof Message.TrimAck a) {
            return a.from();
        }
        return null;
    }
}
