package io.ringworld.kernel.wire;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.Entry;
import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.Projection;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.message.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random valid messages of a given type, with edge values often, from a seeded Random. */
final class RandomMessages {
    private final Random r;

    RandomMessages(long seed) {
        this.r = new Random(seed);
    }

    long anyLong() {
        return switch (r.nextInt(6)) {
            case 0 -> 0;
            case 1 -> 1;
            case 2 -> Long.MAX_VALUE;
            case 3 -> Long.MIN_VALUE;
            case 4 -> r.nextInt(1000);
            default -> r.nextLong();
        };
    }

    long natural() {
        long v = anyLong();
        return v == Long.MIN_VALUE ? 0 : Math.abs(v);
    }

    long positive() {
        return Math.max(1, natural());
    }

    int smallIndex() {
        return r.nextInt(4) == 0 ? Integer.MAX_VALUE - r.nextInt(3) : r.nextInt(8);
    }

    View view() {
        return switch (r.nextInt(4)) {
            case 0 -> View.NONE;
            case 1 -> View.INITIAL;
            default -> new View(natural(), r.nextInt(1 << 16));
        };
    }

    SwitchId sw() {
        return new SwitchId(smallIndex());
    }

    ServerId server() {
        return new ServerId(smallIndex(), r.nextInt(4) == 0 ? 0xffff : r.nextInt(5));
    }

    ClientId client() {
        return new ClientId(r.nextInt(WireSamples.CLIENTS));
    }

    Payload payload(int writer) {
        int kind = r.nextInt(8);
        if (kind == 0) {
            return Payload.JUNK;
        }
        byte[] app = new byte[kind == 1 ? 0 : kind == 2 ? r.nextInt(4096) : r.nextInt(64)];
        r.nextBytes(app);
        return SealedPayload.seal(WireSamples.clientKey(writer), writer, app);
    }

    Payload anyPayload() {
        return payload(r.nextInt(WireSamples.CLIENTS));
    }

    /** A random message of {@code type} with a sender allowed to send it and a receiver. */
    WireSamples.Sample sample(MessageType type) {
        ClientId c = client();
        SwitchId s = sw();
        ServerId v = server();
        Message m = message(type, c, s, v);
        NodeId sender = type.sentBy(MessageType.NodeKind.CLIENT) && !(m instanceof Message.ReadRequest && r.nextBoolean())
                ? c : type.sentBy(MessageType.NodeKind.SWITCH) ? s : v;
        NodeId to = type.toClient() ? c : type.code() >= 40 && sender instanceof SwitchId ? v : s;
        return new WireSamples.Sample(type.name(), sender, to, m);
    }

    private Message message(MessageType type, ClientId c, SwitchId s, ServerId v) {
        return switch (type) {
            case APPEND_REQUEST -> new Message.AppendRequest(c, anyLong(), payload(c.index()), natural(), natural());
            case APPEND_STALE -> new Message.AppendStale(anyLong(), s, natural(), natural());
            case APPEND_REPLY -> new Message.AppendReply(anyLong(), anyLong(), view());
            case APPEND_JUNKED -> new Message.AppendJunked(anyLong(), anyLong());
            case BUSY -> new Message.Busy(anyLong());
            case GET_TAIL_REQUEST -> new Message.GetTailRequest(c, anyLong());
            case GET_TAIL_REPLY -> new Message.GetTailReply(anyLong(), anyLong(), natural() % 2 == 0 ? null : s, natural(), natural());
            case READ_REQUEST -> new Message.ReadRequest(c, anyLong(), anyLong());
            case READ_REDIRECT -> new Message.ReadRedirect(anyLong(), anyLong(), view(), servers());
            case READ_NOT_YET -> new Message.ReadNotYet(anyLong(), anyLong());
            case READ_RETRY -> new Message.ReadRetry(anyLong(), anyLong());
            case READ_TRIMMED -> new Message.ReadTrimmed(anyLong(), anyLong());
            case TRIM_REQUEST -> new Message.TrimRequest(c, anyLong(), anyLong());
            case TRIM_REPLY -> new Message.TrimReply(anyLong(), anyLong());
            case SERVER_READ -> new Message.ServerRead(c, anyLong(), anyLong(), view());
            case SERVER_READ_REPLY -> readReply(v);
            default -> clusterMessage(type, c, s, v);
        };
    }

    private Message clusterMessage(MessageType type, ClientId c, SwitchId s, ServerId v) {
        return switch (type) {
            case TOKEN -> new Message.Token(view(), anyLong(), anyLong(), anyLong(), anyLong(), s, anyLong(), anyLong(),
                    joined(List.of()));
            case TOKEN_ACK -> new Message.TokenAck(view(), anyLong(), s);
            case ASSIGN -> new Message.Assign(view(), anyLong(), c, anyLong(), anyPayload());
            case JOIN -> new Message.Join(s, natural());
            case SEAL -> new Message.Seal(view(), anyLong(), s, natural());
            case SWITCH_SEAL_REPLY -> new Message.SwitchSealReply(view(), s, r.nextBoolean(), view(), anyLong(),
                    natural(), anyLong(), anyLong());
            case INSTALL -> install();
            case VIEW_CHECK -> new Message.ViewCheck(view(), anyLong(), s);
            case VIEW_CHECK_REPLY -> new Message.ViewCheckReply(anyLong(), view(), v, view());
            case WRITE -> new Message.Write(view(), anyLong(), anyPayload(), s,
                    r.nextBoolean() ? Message.Write.LEADER : natural());
            case WRITE_ACK -> new Message.WriteAck(view(), anyLong(), v, r.nextBoolean(), view());
            case SERVER_SEAL_REPLY -> sealReply(v);
            case FENCE -> new Message.Fence(view(), anyLong(), s, natural());
            case FENCE_ACK -> new Message.FenceAck(view(), v, r.nextBoolean(), view());
            case SERVER_TRIM -> new Message.ServerTrim(anyLong(), anyLong(), s, view());
            case TRIM_ACK -> new Message.TrimAck(anyLong(), anyLong(), v, r.nextBoolean(), view());
            case RELEARN_QUERY -> new Message.RelearnQuery(anyLong(), v);
            case RELEARN_SERVER_REPLY -> new Message.RelearnServerReply(anyLong(), v, r.nextBoolean(), view(), view(),
                    positive(), positive());
            case RELEARN_SWITCH_REPLY -> new Message.RelearnSwitchReply(anyLong(), s, view(), natural());
            case REPAIR_READ -> new Message.RepairRead(anyLong(), positive(), v);
            case REPAIR_REPLY -> repairReply(v);
            case SEAL_PAGE -> new Message.SealPage(view(), positive(), s, natural());
            case RING_ALIVE -> new Message.RingAlive(view(), s);
            case PRE_VOTE -> new Message.PreVote(view(), anyLong(), s);
            case PRE_VOTE_REPLY -> new Message.PreVoteReply(anyLong(), v, r.nextBoolean(), view());
            default -> mergedMessage(type, c, s, v);
        };
    }

    /** A merged message of 2 to 5 members sharing what the type carries once. */
    private Message mergedMessage(MessageType type, ClientId c, SwitchId s, ServerId v) {
        int n = 2 + r.nextInt(4);
        View shared = view();
        return switch (type) {
            case ASSIGNS -> {
                List<Message.Assign> members = new java.util.ArrayList<>();
                for (int k = 0; k < n; k++) {
                    members.add(new Message.Assign(shared, anyLong(), new ClientId(r.nextInt(1 << 20)), anyLong(),
                            anyPayload()));
                }
                yield new Message.Assigns(members);
            }
            case WRITES -> {
                long incarnation = r.nextBoolean() ? Message.Write.LEADER : natural();
                List<Message.Write> members = new java.util.ArrayList<>();
                for (int k = 0; k < n; k++) {
                    members.add(new Message.Write(shared, anyLong(), anyPayload(), s, incarnation));
                }
                yield new Message.Writes(members);
            }
            case WRITE_ACKS -> {
                boolean accepted = r.nextBoolean();
                View promised = view();
                List<Message.WriteAck> members = new java.util.ArrayList<>();
                for (int k = 0; k < n; k++) {
                    members.add(new Message.WriteAck(shared, anyLong(), v, accepted, promised));
                }
                yield new Message.WriteAcks(members);
            }
            case APPEND_REQUESTS -> {
                long incarnation = natural();
                long dedupEpoch = natural();
                List<Message.AppendRequest> members = new java.util.ArrayList<>();
                for (int k = 0; k < n; k++) {
                    members.add(new Message.AppendRequest(c, anyLong(), payload(c.index()), incarnation, dedupEpoch));
                }
                yield new Message.AppendRequests(members);
            }
            case APPEND_REPLIES -> {
                List<Message.AppendReply> members = new java.util.ArrayList<>();
                for (int k = 0; k < n; k++) {
                    members.add(new Message.AppendReply(anyLong(), anyLong(), shared));
                }
                yield new Message.AppendReplies(members);
            }
            default -> throw new IllegalStateException(type.name());
        };
    }

    private List<ServerId> servers() {
        List<ServerId> out = new ArrayList<>();
        for (int k = r.nextInt(6); k > 0; k--) {
            out.add(server());
        }
        return out;
    }

    private Message readReply(ServerId v) {
        Message.ReadStatus status = Message.ReadStatus.values()[r.nextInt(Message.ReadStatus.values().length)];
        View view = status == Message.ReadStatus.OK || status == Message.ReadStatus.WRONG_VIEW ? view() : null;
        Payload p = status == Message.ReadStatus.OK ? anyPayload() : null;
        return new Message.ServerReadReply(anyLong(), anyLong(), v, status, view, p);
    }

    private Message repairReply(ServerId v) {
        Message.ReadStatus status = Message.ReadStatus.values()[r.nextInt(Message.ReadStatus.values().length)];
        View view = status == Message.ReadStatus.OK || status == Message.ReadStatus.WRONG_VIEW ? view() : null;
        Payload p = status == Message.ReadStatus.OK ? anyPayload() : null;
        return new Message.RepairReply(anyLong(), positive(), v, status, view, p);
    }

    /** Sorted, disjoint ranges, the last open half the time (a wiped server's). */
    private List<io.ringworld.kernel.server.IndexRange> unknownRanges() {
        List<io.ringworld.kernel.server.IndexRange> out = new ArrayList<>();
        long next = 1 + r.nextInt(100);
        for (int k = r.nextInt(r.nextInt(10) == 0 ? 64 : 4); k > 0; k--) {
            long last = next + r.nextInt(50);
            out.add(new io.ringworld.kernel.server.IndexRange(next, k == 1 && r.nextBoolean() ? Long.MAX_VALUE : last));
            if (k == 1) {
                break;
            }
            next = last + 2 + r.nextInt(50);
        }
        return out;
    }

    private Message install() {
        List<SwitchId> ring = new ArrayList<>();
        List<Long> incs = new ArrayList<>();
        int n = 1 + r.nextInt(r.nextInt(10) == 0 ? 64 : 5);
        for (int k = 0; k < n; k++) {
            ring.add(new SwitchId(k * 7 + r.nextInt(7)));
            incs.add(natural());
        }
        java.util.Collections.shuffle(ring, r);
        List<SwitchId> joined = joined(ring);
        for (int k = 0; k < joined.size(); k++) {
            incs.add(natural());
        }
        return new Message.Install(new Projection(view(), ring, 1 + r.nextInt(8), positive()), anyLong(), anyLong(),
                incs, anyLong(), joined);
    }

    /** Mostly empty (no switch admitted), else a few distinct switches outside {@code ring}. */
    private List<SwitchId> joined(List<SwitchId> ring) {
        List<SwitchId> out = new ArrayList<>();
        for (int k = r.nextInt(3) == 0 ? r.nextInt(4) : 0; k > 0; k--) {
            SwitchId j = new SwitchId(500 + r.nextInt(100));
            if (!ring.contains(j) && !out.contains(j)) {
                out.add(j);
            }
        }
        return out;
    }

    private Message sealReply(ServerId v) {
        List<Entry> entries = new ArrayList<>();
        for (int k = r.nextInt(r.nextInt(10) == 0 ? 100 : 5); k > 0; k--) {
            entries.add(new Entry(positive(), view(), anyPayload()));
        }
        return new Message.ServerSealReply(view(), v, r.nextBoolean(), view(), natural(), positive(), entries, view(),
                positive(), natural(), unknownRanges(), r.nextBoolean() ? 0 : positive(), r.nextBoolean() ? 0 : positive());
    }
}
