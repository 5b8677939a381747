package io.ringworld.kernel.wire;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.Projection;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.message.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * Bodies of the messages between switches (types 30-36). The token and the assignment, the data
 * plane's fast path, are bounded (an assignment's payload bytes sit after the MAC; a token's
 * joined list is empty but for the switches admitted to its view, at most ringSwitchesMax), so a
 * switch pipeline computes their MAC over a bounded number of words.
 */
final class RingBodies {
    private RingBodies() {
    }

    static void write(MessageType type, Message m, BodyWriter w) {
        switch (type) {
            case TOKEN -> {
                Message.Token t = (Message.Token) m;
                w.view(t.view());
                w.i64(t.h());
                w.i64(t.c());
                w.i64(t.roundMin());
                w.i64(t.hop());
                w.switchId(t.from());
                w.i64(t.trimPending());
                w.i64(t.trimDone());
                writeSwitches(t.joined(), w);
            }
            case TOKEN_ACK -> {
                Message.TokenAck a = (Message.TokenAck) m;
                w.view(a.view());
                w.i64(a.hop());
                w.switchId(a.from());
            }
            case ASSIGN -> {
                Message.Assign a = (Message.Assign) m;
                w.view(a.view());
                w.i64(a.index());
                w.i32(a.client().index());
                w.i64(a.requestId());
                w.payload(a.payload());
            }
            case JOIN -> {
                Message.Join j = (Message.Join) m;
                w.switchId(j.from());
                w.i64(j.incarnation());
            }
            case SEAL -> {
                Message.Seal s = (Message.Seal) m;
                w.view(s.view());
                w.i64(s.committedPrefix());
                w.switchId(s.coordinator());
                w.i64(s.incarnation());
            }
            case SWITCH_SEAL_REPLY -> writeSealReply((Message.SwitchSealReply) m, w);
            case INSTALL -> writeInstall((Message.Install) m, w);
            default -> throw new IllegalStateException(type + " is not a ring message");
        }
    }

    private static void writeSealReply(Message.SwitchSealReply r, BodyWriter w) {
        w.view(r.view());
        w.switchId(r.from());
        w.bool(r.accepted());
        w.view(r.promised());
        w.i64(r.highestSeen());
        w.i64(r.incarnation());
        w.i64(r.trimPending());
        w.i64(r.trimDone());
    }

    private static void writeInstall(Message.Install m, BodyWriter w) {
        Projection p = m.projection();
        w.view(p.view());
        w.i32(p.replicaSetCount());
        w.i64(p.start());
        w.i32(p.ring().size());
        for (SwitchId s : p.ring()) {
            w.switchId(s);
        }
        w.i64(m.rewriteFrom());
        w.i64(m.trimPoint());
        w.i32(m.incarnations().size());
        for (long inc : m.incarnations()) {
            w.i64(inc);
        }
        w.i64(m.trimPending());
        writeSwitches(m.joined(), w);
    }

    /** Wire version 4: a count, then the switch ids (a token's or an Install's joined list). */
    private static void writeSwitches(List<SwitchId> switches, BodyWriter w) {
        w.i32(switches.size());
        for (SwitchId s : switches) {
            w.switchId(s);
        }
    }

    /** A joined list: at most ringSwitchesMax, no switch twice. */
    private static List<SwitchId> readSwitches(BodyReader r, String field) {
        int n = r.count(r.limits().ringSwitchesMax(), 4, field);
        List<SwitchId> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            out.add(r.switchId(field + "[" + k + "]"));
        }
        if (out.stream().distinct().count() != n) {
            throw new Malformed(RejectReason.BAD_FIELD, field + " names a switch twice: " + out);
        }
        return out;
    }

    static Message read(MessageType type, BodyReader r) {
        return switch (type) {
            case TOKEN -> new Message.Token(r.view("view"), r.i64("h"), r.i64("c"), r.i64("roundMin"),
                    r.i64("hop"), r.switchId("from"), r.i64("trimPending"), r.i64("trimDone"),
                    readSwitches(r, "joined"));
            case TOKEN_ACK -> new Message.TokenAck(r.view("view"), r.i64("hop"), r.switchId("from"));
            case ASSIGN -> new Message.Assign(r.view("view"), r.i64("index"), new ClientId(r.u31("client")),
                    r.i64("requestId"), r.presentPayload("payload"));
            case JOIN -> new Message.Join(r.switchId("from"), r.i64AtLeast(0, "incarnation"));
            case SEAL -> new Message.Seal(r.view("view"), r.i64("committedPrefix"), r.switchId("coordinator"),
                    r.i64AtLeast(0, "incarnation"));
            case SWITCH_SEAL_REPLY -> new Message.SwitchSealReply(r.view("view"), r.switchId("from"),
                    r.bool("accepted"), r.view("promised"), r.i64("highestSeen"), r.i64AtLeast(0, "incarnation"),
                    r.i64("trimPending"), r.i64("trimDone"));
            case INSTALL -> readInstall(r);
            default -> throw new IllegalStateException(type + " is not a ring message");
        };
    }


    private static Message readInstall(BodyReader r) {
        View view = r.view("projection.view");
        int replicaSetCount = r.u31("projection.replicaSetCount");
        long start = r.i64AtLeast(1, "projection.start");
        int ringSize = r.count(r.limits().ringSwitchesMax(), 4, "projection.ring");
        List<SwitchId> ring = new ArrayList<>(ringSize);
        for (int k = 0; k < ringSize; k++) {
            ring.add(r.switchId("projection.ring[" + k + "]"));
        }
        long rewriteFrom = r.i64("rewriteFrom");
        long trimPoint = r.i64("trimPoint");
        int incs = r.count(r.limits().ringSwitchesMax(), 8, "incarnations");
        List<Long> incarnations = new ArrayList<>(incs);
        for (int k = 0; k < incs; k++) {
            incarnations.add(r.i64AtLeast(0, "incarnations[" + k + "]"));
        }
        long trimPending = r.i64("trimPending");
        List<SwitchId> joined = readSwitches(r, "joined");
        if (replicaSetCount < 1 || ring.stream().distinct().count() != ring.size()) {
            throw new Malformed(RejectReason.BAD_FIELD, "projection with " + replicaSetCount
                    + " replica sets and ring " + ring);
        }
        if (incs != ringSize + joined.size() || ringSize + joined.size() > r.limits().ringSwitchesMax()
                || joined.stream().anyMatch(ring::contains)) {
            throw new Malformed(RejectReason.BAD_FIELD, incs + " incarnations for ring " + ring + " and joined "
                    + joined);
        }
        return new Message.Install(new Projection(view, ring, replicaSetCount, start), rewriteFrom, trimPoint,
                incarnations, trimPending, joined);
    }

    /** The switch a ring message says it comes from, or null if it names none. */
    static NodeId namedSender(Message m) {
        if (m instanceof Message.Token t) {
            return t.from();
        } else if (m instanceof Message.TokenAck a) {
            return a.from();
        } else if (m instanceof Message.Join j) {
            return j.from();
        } else if (m instanceof Message.Seal s) {
            return s.coordinator();
        } else if (m instanceof Message.SwitchSealReply r) {
            return r.from();
        }
        return null;
    }
}
