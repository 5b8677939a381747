package io.ringworld.kernel.wire;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.message.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * Bodies of the merged messages (types 61-63, wire version 7; 64-65, version 8): the fields the members share
 * once, then a count of 2 to {@link WireFormat#MERGED_MEMBERS_MAX} (checked before the list is
 * allocated) and each member's own fields. Members that do not share those fields cannot be
 * written: the records refuse them.
 */
final class MergedBodies {
    /** The first code of this group (60 is BATCH). */
    static final int FIRST_CODE = 61;
    /** A member's smallest encoding: an index and a payload descriptor (Assigns, Writes). */
    private static final int ENTRY_MEMBER_BYTES_MIN = 8 + 4;

    private MergedBodies() {
    }

    static void write(MessageType type, Message m, BodyWriter w) {
        switch (type) {
            case ASSIGNS -> {
                List<Message.Assign> members = ((Message.Assigns) m).members();
                w.view(members.get(0).view());
                w.i32(members.size());
                for (Message.Assign a : members) {
                    w.i64(a.index());
                    w.i32(a.client().index());
                    w.i64(a.requestId());
                    w.payload(a.payload());
                }
            }
            case WRITES -> {
                List<Message.Write> members = ((Message.Writes) m).members();
                Message.Write first = members.get(0);
                w.view(first.view());
                w.switchId(first.from());
                w.i64(first.incarnation());
                w.i32(members.size());
                for (Message.Write x : members) {
                    w.i64(x.index());
                    w.payload(x.payload());
                }
            }
            case WRITE_ACKS -> {
                List<Message.WriteAck> members = ((Message.WriteAcks) m).members();
                Message.WriteAck first = members.get(0);
                w.view(first.view());
                w.serverId(first.from());
                w.bool(first.accepted());
                w.view(first.promised());
                w.i32(members.size());
                for (Message.WriteAck a : members) {
                    w.i64(a.index());
                }
            }
            case APPEND_REQUESTS -> {
                List<Message.AppendRequest> members = ((Message.AppendRequests) m).members();
                Message.AppendRequest first = members.get(0);
                w.i32(first.client().index());
                w.i64(first.switchIncarnation());
                w.i64(first.dedupEpoch());
                w.i32(members.size());
                for (Message.AppendRequest a : members) {
                    w.i64(a.requestId());
                    w.payload(a.payload());
                }
            }
            case APPEND_REPLIES -> {
                List<Message.AppendReply> members = ((Message.AppendReplies) m).members();
                w.view(members.get(0).view());
                w.i32(members.size());
                for (Message.AppendReply a : members) {
                    w.i64(a.requestId());
                    w.i64(a.index());
                }
            }
            default -> throw new IllegalStateException(type + " is not a merged message");
        }
    }

    static Message read(MessageType type, BodyReader r) {
        return switch (type) {
            case ASSIGNS -> readAssigns(r);
            case WRITES -> readWrites(r);
            case WRITE_ACKS -> readWriteAcks(r);
            case APPEND_REQUESTS -> readAppendRequests(r);
            case APPEND_REPLIES -> readAppendReplies(r);
            default -> throw new IllegalStateException(type + " is not a merged message");
        };
    }

    private static Message readAssigns(BodyReader r) {
        View view = r.view("view");
        int n = members(r, 8 + 4 + 8 + 4);
        List<Message.Assign> members = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            members.add(new Message.Assign(view, r.i64("a member's index"),
                    new ClientId(r.u31("a member's client")), r.i64("a member's requestId"),
                    r.presentPayload("a member's payload")));
        }
        return new Message.Assigns(members);
    }

    private static Message readWrites(BodyReader r) {
        View view = r.view("view");
        SwitchId from = r.switchId("from");
        long incarnation = r.i64AtLeast(Message.Write.LEADER, "incarnation");
        int n = members(r, ENTRY_MEMBER_BYTES_MIN);
        List<Message.Write> members = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            members.add(new Message.Write(view, r.i64("a member's index"),
                    r.presentPayload("a member's payload"), from, incarnation));
        }
        return new Message.Writes(members);
    }

    private static Message readWriteAcks(BodyReader r) {
        View view = r.view("view");
        ServerId from = r.serverId("from");
        boolean accepted = r.bool("accepted");
        View promised = r.view("promised");
        int n = members(r, 8);
        List<Message.WriteAck> members = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            members.add(new Message.WriteAck(view, r.i64("a member's index"), from, accepted, promised));
        }
        return new Message.WriteAcks(members);
    }

    private static Message readAppendRequests(BodyReader r) {
        ClientId client = new ClientId(r.u31("client"));
        long incarnation = r.i64AtLeast(0, "switchIncarnation");
        long dedupEpoch = r.i64AtLeast(0, "dedupEpoch");
        int n = members(r, ENTRY_MEMBER_BYTES_MIN);
        List<Message.AppendRequest> members = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            members.add(new Message.AppendRequest(client, r.i64("a member's requestId"),
                    r.presentPayload("a member's payload"), incarnation, dedupEpoch));
        }
        return new Message.AppendRequests(members);
    }

    private static Message readAppendReplies(BodyReader r) {
        View view = r.view("view");
        int n = members(r, 8 + 8);
        List<Message.AppendReply> members = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            members.add(new Message.AppendReply(r.i64("a member's requestId"), r.i64("a member's index"),
                    view));
        }
        return new Message.AppendReplies(members);
    }

    /** The member count: 2 to the maximum, and no more than the body's bytes can hold. */
    private static int members(BodyReader r, int memberBytesMin) {
        int n = r.count(WireFormat.MERGED_MEMBERS_MAX, memberBytesMin, "members");
        if (n < 2) {
            throw new Malformed(RejectReason.BAD_FIELD, "a merged message of " + n + " members (at least 2)");
        }
        return n;
    }

    /** The node a merged message says it comes from (Assigns and AppendReplies name none). */
    static NodeId namedSender(Message m) {
        if (m instanceof Message.Writes w) {
            return w.members().get(0).from();
        } else if (m instanceof Message.WriteAcks a) {
            return a.members().get(0).from();
        } else if (m instanceof Message.AppendRequests a) {
            return a.members().get(0).client();
        }
        return null;
    }
}
