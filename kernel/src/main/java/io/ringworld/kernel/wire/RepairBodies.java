package io.ringworld.kernel.wire;

import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.message.Message;

/**
 * Bodies of issue 19's messages: relearn and repair of damaged and wiped disks (types 50-54) and
 * the request for a seal reply's next page (55).
 */
final class RepairBodies {
    private static final Message.ReadStatus[] READ_STATUSES = Message.ReadStatus.values();

    private RepairBodies() {
    }

    static void write(MessageType type, Message m, BodyWriter w) {
        switch (type) {
            case RELEARN_QUERY -> {
                Message.RelearnQuery q = (Message.RelearnQuery) m;
                w.i64(q.queryId());
                w.serverId(q.from());
            }
            case RELEARN_SERVER_REPLY -> {
                Message.RelearnServerReply r = (Message.RelearnServerReply) m;
                w.i64(r.queryId());
                w.serverId(r.from());
                w.bool(r.vouches());
                w.view(r.promised());
                w.view(r.fenceView());
                w.i64(r.fenceStart());
                w.i64(r.trimPoint());
            }
            case RELEARN_SWITCH_REPLY -> {
                Message.RelearnSwitchReply r = (Message.RelearnSwitchReply) m;
                w.i64(r.queryId());
                w.switchId(r.from());
                w.view(r.seenView());
                w.i64(r.committedPrefix());
            }
            case REPAIR_READ -> {
                Message.RepairRead r = (Message.RepairRead) m;
                w.i64(r.repairId());
                w.i64(r.index());
                w.serverId(r.from());
            }
            case REPAIR_REPLY -> {
                Message.RepairReply r = (Message.RepairReply) m;
                w.i64(r.repairId());
                w.i64(r.index());
                w.serverId(r.from());
                w.i32(r.status().ordinal());
                w.view(r.view());
                w.payload(r.payload());
            }
            case SEAL_PAGE -> {
                Message.SealPage p = (Message.SealPage) m;
                w.view(p.view());
                w.i64(p.from());
                w.switchId(p.coordinator());
                w.i64(p.incarnation());
            }
            default -> throw new IllegalStateException(type + " is not a relearn or repair message");
        }
    }

    static Message read(MessageType type, BodyReader r) {
        return switch (type) {
            case RELEARN_QUERY -> new Message.RelearnQuery(r.i64("queryId"), r.serverId("from"));
            case RELEARN_SERVER_REPLY -> new Message.RelearnServerReply(r.i64("queryId"), r.serverId("from"),
                    r.bool("vouches"), r.view("promised"), r.view("fenceView"), r.i64AtLeast(1, "fenceStart"),
                    r.i64AtLeast(1, "trimPoint"));
            case RELEARN_SWITCH_REPLY -> new Message.RelearnSwitchReply(r.i64("queryId"), r.switchId("from"),
                    r.view("seenView"), r.i64AtLeast(0, "committedPrefix"));
            case REPAIR_READ -> new Message.RepairRead(r.i64("repairId"), r.i64AtLeast(1, "index"), r.serverId("from"));
            case REPAIR_REPLY -> readRepairReply(r);
            case SEAL_PAGE -> new Message.SealPage(r.view("view"), r.i64AtLeast(1, "from"),
                    r.switchId("coordinator"), r.i64AtLeast(0, "incarnation"));
            default -> throw new IllegalStateException(type + " is not a relearn or repair message");
        };
    }

    /** As a read reply: OK carries a view and a payload, WRONG_VIEW a view only, the others neither. */
    private static Message readRepairReply(BodyReader r) {
        long repairId = r.i64("repairId");
        long index = r.i64AtLeast(1, "index");
        ServerId from = r.serverId("from");
        int code = r.i32("status");
        if (code < 0 || code >= READ_STATUSES.length) {
            throw new Malformed(RejectReason.BAD_FIELD, "status is " + code + ", not a read status");
        }
        Message.ReadStatus status = READ_STATUSES[code];
        View view = r.viewOrNull("view");
        Payload payload = r.payload("payload");
        boolean wantsView = status == Message.ReadStatus.OK || status == Message.ReadStatus.WRONG_VIEW;
        boolean wantsPayload = status == Message.ReadStatus.OK;
        if ((view != null) != wantsView || (payload != null) != wantsPayload) {
            throw new Malformed(RejectReason.BAD_FIELD, "a " + status + " repair reply with view " + view
                    + " and payload " + (payload == null ? "absent" : "present"));
        }
        return new Message.RepairReply(repairId, index, from, status, view, payload);
    }

    /** The node a relearn or repair message says it comes from. */
    static NodeId namedSender(Message m) {
        if (m instanceof Message.RelearnQuery q) {
            return q.from();
        } else if (m instanceof Message.RelearnServerReply r) {
            return r.from();
        } else if (m instanceof Message.RelearnSwitchReply r) {
            return r.from();
        } else if (m instanceof Message.RepairRead r) {
            return r.from();
        } else if (m instanceof Message.RepairReply r) {
            return r.from();
        } else if (m instanceof Message.SealPage p) {
            return p.coordinator();
        }
        return null;
    }
}
