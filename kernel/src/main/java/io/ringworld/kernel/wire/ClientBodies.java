package io.ringworld.kernel.wire;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.message.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * Bodies of the messages between clients and the cluster (types 1-21): fields in record order,
 * as docs/wire-format.md lists them.
 */
final class ClientBodies {
    private static final Message.ReadStatus[] READ_STATUSES = Message.ReadStatus.values();

    private ClientBodies() {
    }

    static void write(MessageType type, Message m, BodyWriter w) {
        switch (type) {
            case APPEND_REQUEST -> {
                Message.AppendRequest a = (Message.AppendRequest) m;
                w.i32(a.client().index());
                w.i64(a.requestId());
                w.payload(a.payload());
                w.i64(a.switchIncarnation());
                w.i64(a.dedupEpoch());
            }
            case APPEND_STALE -> {
                Message.AppendStale a = (Message.AppendStale) m;
                w.i64(a.requestId());
                w.switchId(a.from());
                w.i64(a.incarnation());
                w.i64(a.dedupEpoch());
            }
            case APPEND_REPLY -> {
                Message.AppendReply a = (Message.AppendReply) m;
                w.i64(a.requestId());
                w.i64(a.index());
                w.view(a.view());
            }
            case GET_TAIL_REQUEST -> {
                Message.GetTailRequest g = (Message.GetTailRequest) m;
                w.i32(g.client().index());
                w.i64(g.requestId());
            }
            case READ_REQUEST -> {
                Message.ReadRequest r = (Message.ReadRequest) m;
                w.i32(r.client().index());
                w.i64(r.requestId());
                w.i64(r.index());
            }
            case READ_REDIRECT -> writeRedirect((Message.ReadRedirect) m, w);
            case TRIM_REQUEST -> {
                Message.TrimRequest t = (Message.TrimRequest) m;
                w.i32(t.client().index());
                w.i64(t.requestId());
                w.i64(t.prefix());
            }
            case SERVER_READ -> {
                Message.ServerRead r = (Message.ServerRead) m;
                w.i32(r.client().index());
                w.i64(r.requestId());
                w.i64(r.index());
                w.view(r.view());
            }
            case SERVER_READ_REPLY -> writeReadReply((Message.ServerReadReply) m, w);
            case GET_TAIL_REPLY -> {
                Message.GetTailReply t = (Message.GetTailReply) m;
                w.i64(t.requestId());
                w.i64(t.tail());
                w.i32(t.from() == null ? -1 : t.from().index());
                w.i64(t.incarnation());
                w.i64(t.dedupEpoch());
            }
            default -> writeRequestIdPair(type, m, w);
        }
    }

    /** The replies that are a request id and one number. */
    private static void writeRequestIdPair(MessageType type, Message m, BodyWriter w) {
        switch (type) {
            case APPEND_JUNKED -> pair(w, ((Message.AppendJunked) m).requestId(), ((Message.AppendJunked) m).index());
            case BUSY -> w.i64(((Message.Busy) m).requestId());
            case READ_NOT_YET -> pair(w, ((Message.ReadNotYet) m).requestId(), ((Message.ReadNotYet) m).index());
            case READ_RETRY -> pair(w, ((Message.ReadRetry) m).requestId(), ((Message.ReadRetry) m).index());
            case READ_TRIMMED -> pair(w, ((Message.ReadTrimmed) m).requestId(), ((Message.ReadTrimmed) m).index());
            case TRIM_REPLY -> pair(w, ((Message.TrimReply) m).requestId(), ((Message.TrimReply) m).prefix());
            default -> throw new IllegalStateException(type + " is not a client message");
        }
    }

    private static void pair(BodyWriter w, long a, long b) {
        w.i64(a);
        w.i64(b);
    }

    private static void writeRedirect(Message.ReadRedirect r, BodyWriter w) {
        w.i64(r.requestId());
        w.i64(r.index());
        w.view(r.committedView());
        w.i32(r.replicas().size());
        for (ServerId s : r.replicas()) {
            w.serverId(s);
        }
    }

    private static void writeReadReply(Message.ServerReadReply r, BodyWriter w) {
        w.i64(r.requestId());
        w.i64(r.index());
        w.serverId(r.from());
        w.i32(r.status().ordinal());
        w.view(r.view());
        w.payload(r.payload());
    }

    static Message read(MessageType type, BodyReader r) {
        return switch (type) {
            case APPEND_REQUEST -> new Message.AppendRequest(client(r), r.i64("requestId"), r.presentPayload("payload"),
                    r.i64AtLeast(0, "switchIncarnation"), r.i64AtLeast(0, "dedupEpoch"));
            case APPEND_STALE -> new Message.AppendStale(r.i64("requestId"), r.switchId("from"),
                    r.i64AtLeast(0, "incarnation"), r.i64AtLeast(0, "dedupEpoch"));
            case APPEND_REPLY -> new Message.AppendReply(r.i64("requestId"), r.i64("index"), r.view("view"));
            case APPEND_JUNKED -> new Message.AppendJunked(r.i64("requestId"), r.i64("index"));
            case BUSY -> new Message.Busy(r.i64("requestId"));
            case GET_TAIL_REQUEST -> new Message.GetTailRequest(client(r), r.i64("requestId"));
            case GET_TAIL_REPLY -> getTailReply(r);
            case READ_REQUEST -> new Message.ReadRequest(client(r), r.i64("requestId"), r.i64("index"));
            case READ_REDIRECT -> readRedirect(r);
            case READ_NOT_YET -> new Message.ReadNotYet(r.i64("requestId"), r.i64("index"));
            case READ_RETRY -> new Message.ReadRetry(r.i64("requestId"), r.i64("index"));
            case READ_TRIMMED -> new Message.ReadTrimmed(r.i64("requestId"), r.i64("index"));
            case TRIM_REQUEST -> new Message.TrimRequest(client(r), r.i64("requestId"), r.i64("prefix"));
            case TRIM_REPLY -> new Message.TrimReply(r.i64("requestId"), r.i64("prefix"));
            case SERVER_READ -> new Message.ServerRead(client(r), r.i64("requestId"), r.i64("index"), r.view("view"));
            case SERVER_READ_REPLY -> readReadReply(r);
            default -> throw new IllegalStateException(type + " is not a client message");
        };
    }

    private static ClientId client(BodyReader r) {
        return new ClientId(r.u31("client"));
    }


    private static Message readRedirect(BodyReader r) {
        long requestId = r.i64("requestId");
        long index = r.i64("index");
        View view = r.view("committedView");
        int n = r.count(r.limits().replicasMax(), 8, "replicas");
        List<ServerId> replicas = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            replicas.add(r.serverId("replicas[" + k + "]"));
        }
        return new Message.ReadRedirect(requestId, index, view, replicas);
    }

    /** OK carries a view and a payload, WRONG_VIEW a view only, MISSING and TRIMMED neither. */
    private static Message readReadReply(BodyReader r) {
        long requestId = r.i64("requestId");
        long index = r.i64("index");
        ServerId from = r.serverId("from");
        int code = r.i32("status");
        if (code < 0 || code >= READ_STATUSES.length) {
            throw new Malformed(RejectReason.BAD_FIELD, "status is " + code + ", not a read status");
        }
        Message.ReadStatus status = READ_STATUSES[code];
        View view = r.viewOrNull("view");
        io.ringworld.kernel.Payload payload = r.payload("payload");
        boolean wantsView = status == Message.ReadStatus.OK || status == Message.ReadStatus.WRONG_VIEW;
        boolean wantsPayload = status == Message.ReadStatus.OK;
        if ((view != null) != wantsView || (payload != null) != wantsPayload) {
            throw new Malformed(RejectReason.BAD_FIELD, "a " + status + " read reply with view " + view
                    + " and payload " + (payload == null ? "absent" : "present"));
        }
        return new Message.ServerReadReply(requestId, index, from, status, view, payload);
    }

    /** The node a client-side message says it comes from, or null if it names none. */
    static NodeId namedSender(Message m) {
        if (m instanceof Message.AppendRequest a) {
            return a.client();
        } else if (m instanceof Message.GetTailRequest g) {
            return g.client();
        } else if (m instanceof Message.ReadRequest r) {
            return r.client();
        } else if (m instanceof Message.TrimRequest t) {
            return t.client();
        } else if (m instanceof Message.ServerRead r) {
            return r.client();
        } else if (m instanceof Message.AppendStale a) {
            return a.from();
        } else if (m instanceof Message.ServerReadReply r) {
            return r.from();
        }
        return null;
    }

    /** A getTail reply: {@code from} -1 names no switch (a reply built without it). */
    private static Message.GetTailReply getTailReply(BodyReader r) {
        long requestId = r.i64("requestId");
        long tail = r.i64("tail");
        int from = r.i32("from");
        if (from < -1) {
            throw new Malformed(RejectReason.BAD_FIELD, "from is " + from + ", neither a switch index nor -1");
        }
        return new Message.GetTailReply(requestId, tail, from < 0 ? null : new io.ringworld.kernel.SwitchId(from),
                r.i64AtLeast(0, "incarnation"), r.i64AtLeast(0, "dedupEpoch"));
    }
}
