package io.ringworld.conformance.trace;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.Effect;
import io.ringworld.kernel.Effects;
import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.Result;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.sw.Switch;
import io.ringworld.kernel.sw.SwitchStatus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The read and trim part of {@link SpecEventRecorder}: records the spec's ReadRequest, the
 * trace-only ReadForward and ReadReply, and TrimRequest, TrimExpire, ServerTrim and TrimAck.
 *
 * <p>Reads. Every arrival of a client's ReadRequest at a switch that handles it (not Busy) is a
 * spec read of its own (the client resends to another switch after a Retry, as for getTails):
 * ReadRequest(r, x, i). A switch that forwards it to the index's leader records ReadForward(r, x,
 * i, y): the spec's forward is part of its ReadRequest step, the kernel's is a message, so the
 * trace spec checks x's decision at the forward and takes the read's phase at y when it arrives
 * (ReadRequest(r, x, i) with at = y). The answer, ReadReply(r, res): Trimmed or NotYet when the
 * switch holding read r sends it (the client only relays it); a payload or junk when the client
 * accepts it (one server at the redirect's view, or a majority's highest), for the spec read whose
 * switch sent the redirect. The spec's
 * own ReadReply is one atomic step at a moment every guard holds; the kernel's read completes a
 * view check's and a server's round trip later, so the trace spec pins the result against what
 * the spec state makes correct at the client's outcome (RingWorldTrace ReadReplyK).
 *
 * <p>Trims. TrimRequest(x, p): a switch starts a client's trim (not one it answers at once as
 * done, not a retransmission, not Busy). TrimExpire(x, p): it drops a client trim never started
 * within its timeout (kernel Trims.onTick; the spec's trims never time out, see RingWorldTrace).
 * Rounds 1 and 2 start inside SequenceBatch, the install restarts trims: no events. ServerTrim(s,
 * v, p, x): a server accepts switch x's round-2 trim of view v (once per server, switch, view and
 * prefix: a resend is a stutter). TrimAck(x, s, v, p): x receives that server's accepted ack (once
 * per switch life, server, view and prefix).
 */
final class ReadTrimEvents {
    /** A client request by its client and id. */
    private record Req(NodeId client, long requestId) {
    }

    private final SpecEventRecorder rec;
    /** Spec reads used (ReadOps = 1..readOps). */
    int readOps;
    /** Highest index a read asked for, and highest trim prefix. */
    long maxReadIdx;
    long maxTrimPrefix;
    /**
     * Reads forwarded, by request and the switch they were sent to: the spec read and the
     * switch that forwarded it, oldest first. A client's direct request and a forwarded copy
     * look the same on arrival; an arrival at a switch with a forward of that request in flight
     * to it is taken to be the forward (either way it is one arrival of the read there).
     */
    private final Map<Req, Map<Integer, java.util.ArrayDeque<int[]>>> forwarded = new HashMap<>();
    /** The spec read waiting at each switch for each request (the latest arrival). */
    private final Map<Integer, Map<Req, Integer>> waitingAt = new HashMap<>();
    /** The spec read whose switch last answered each request (Trimmed, NotYet or a redirect). */
    private final Map<Req, Integer> answeredBy = new HashMap<>();
    private final Set<String> once = new HashSet<>();
    /** Each switch's open trims after its last step (spec id). */
    private final Map<Integer, List<SwitchStatus.OpenTrim>> trimsBefore = new HashMap<>();

    ReadTrimEvents(SpecEventRecorder rec) {
        this.rec = rec;
    }

    // ------------------------------------------------------------------ switch steps

    /** A switch step: reads arriving, forwarded or answered; trims started or dropped; trim acks. */
    void switchStepped(Switch s, int x, Message in, List<Message> sent, Effects effects) {
        if (in instanceof Message.ReadRequest r) {
            readArrived(s, x, r, effects);
        } else if (in instanceof Message.TrimRequest t) {
            trimRequested(s, x, t);
        } else if (in instanceof Message.TrimAck a && a.accepted()
                && once.add("tack " + x + " " + s.status().incarnation() + " " + a.from() + " " + a.prefix() + " " + a.trimId())) {
            rec.emit("TrimAck", "x", x, "s", SpecEventRecorder.server(a.from()), "p", a.prefix());
        }
        answers(x, effects);
        trimsExpired(s, x, in);
        trimsBefore.put(x, s.status().openTrims());
    }

    private void readArrived(Switch s, int x, Message.ReadRequest r, Effects effects) {
        Req req = new Req(r.client(), r.requestId());
        SwitchId forwardTo = null;
        boolean busy = false;
        for (Effect e : effects) {
            if (e instanceof Effect.Send send && send.message() instanceof Message.ReadRequest && send.to() instanceof SwitchId y) {
                forwardTo = y;
            } else if (e instanceof Effect.Send send && send.message() instanceof Message.Busy) {
                busy = true;
            }
        }
        if (busy) {
            return;
        }
        maxReadIdx = Math.max(maxReadIdx, r.index());
        java.util.ArrayDeque<int[]> inFlight = forwarded.computeIfAbsent(req, k -> new HashMap<>())
                .computeIfAbsent(x, k -> new java.util.ArrayDeque<>());
        int[] fw = inFlight.pollFirst();                   // null: a direct request from the client
        if (forwardTo != null) {
            // (a forwarded read forwarded again, by a switch of another view: the first stays in flight)
            int read = ++readOps;
            rec.emit("ReadForward", "r", read, "x", x, "i", r.index(), "at", forwardTo.index() + 1);
            forwarded.get(req).computeIfAbsent(forwardTo.index() + 1, k -> new java.util.ArrayDeque<>())
                    .addLast(new int[] {read, x});
            return;
        }
        int read;
        if (fw != null) {
            read = fw[0];
            rec.emit("ReadRequest", "r", read, "x", fw[1], "i", r.index(), "at", x);
        } else {
            read = ++readOps;
            rec.emit("ReadRequest", "r", read, "x", x, "i", r.index(), "at", x);
        }
        if (!retried(r, effects)) {
            // A read the switch answers Retry at once waits for nothing here: its client asks
            // again. Keyed by it, it would take the answer of an earlier attempt of the same
            // request still held at this switch (a NotYet decided before the index existed:
            // wide trace seed 272).
            waitingAt.computeIfAbsent(x, k -> new HashMap<>()).put(req, read);
        }
    }

    /** Whether the switch answered read {@code r} Retry in the step it arrived. */
    private static boolean retried(Message.ReadRequest r, Effects effects) {
        for (Effect e : effects) {
            if (e instanceof Effect.Send send && send.to().equals(r.client())
                    && send.message() instanceof Message.ReadRetry retry && retry.requestId() == r.requestId()) {
                return true;
            }
        }
        return false;
    }

    /** The switch answered a read it holds: Trimmed, NotYet or a redirect to the servers. */
    private void answers(int x, Effects effects) {
        for (Effect e : effects) {
            if (e instanceof Effect.Send send && send.to() instanceof ClientId c) {
                long id = requestOf(send.message());
                if (id < 0) {
                    continue;
                }
                Req req = new Req(c, id);
                Integer read = waitingAt.getOrDefault(x, Map.of()).get(req);
                if (read == null) {
                    continue;
                }
                // Trimmed and NotYet are the switch's answer (the client only relays them): the
                // spec read answers now. A redirect's payload comes from the servers later.
                if (send.message() instanceof Message.ReadTrimmed) {
                    rec.emit("ReadReply", "r", read, "res", -3);
                    waitingAt.get(x).remove(req);
                } else if (send.message() instanceof Message.ReadNotYet) {
                    rec.emit("ReadReply", "r", read, "res", -2);
                    waitingAt.get(x).remove(req);
                } else {
                    answeredBy.put(req, read);
                }
            }
        }
    }

    private static long requestOf(Message m) {
        if (m instanceof Message.ReadRedirect r) {
            return r.requestId();
        } else if (m instanceof Message.ReadNotYet r) {
            return r.requestId();
        } else if (m instanceof Message.ReadTrimmed r) {
            return r.requestId();
        }
        return -1;
    }

    /** Switch x crashed: its reads and trims are gone (their clients retry). */
    void forget(int x) {
        waitingAt.remove(x);
        trimsBefore.remove(x);
    }

    /** Switch x installed a view: the reads it held were answered Retry (Queries.onViewInstalled). */
    void forgetReads(int x) {
        waitingAt.remove(x);
    }

    private void trimRequested(Switch s, int x, Message.TrimRequest t) {
        List<SwitchStatus.OpenTrim> before = trimsBefore.getOrDefault(x, List.of());
        List<SwitchStatus.OpenTrim> after = s.status().openTrims();
        if (after.size() > before.size()) {
            maxTrimPrefix = Math.max(maxTrimPrefix, t.prefix());
            rec.emit("TrimRequest", "x", x, "p", t.prefix());
        }
    }

    /** TrimExpire: a tick dropped a client trim that was never started. */
    private void trimsExpired(Switch s, int x, Message in) {
        if (in != null) {
            return;
        }
        List<SwitchStatus.OpenTrim> before = new ArrayList<>(trimsBefore.getOrDefault(x, List.of()));
        before.removeAll(s.status().openTrims());
        for (SwitchStatus.OpenTrim o : before) {
            if (o.client() && !o.started()) {
                rec.emit("TrimExpire", "x", x, "p", o.prefix());
            }
        }
    }

    // ------------------------------------------------------------------ server and client steps

    /** ServerTrim: a server accepted a round-2 trim (its TrimAck is accepted). */
    void serverTrimmed(ServerId id, Message.ServerTrim t, boolean accepted) {
        if (accepted && once.add("trim " + id + " " + t.from() + " " + t.view() + " " + t.prefix())) {
            rec.emit("ServerTrim", "s", SpecEventRecorder.server(id), "v", rec.spec(t.view()), "p", t.prefix(),
                    "x", t.from().index() + 1);
        }
    }

    /** ReadReply (trace only): a client's read ended with a value, Trimmed or NotYet. */
    void clientOutcome(ClientId client, long requestId, Result result) {
        if (rec.cut) {
            return;
        }
        Integer read = answeredBy.get(new Req(client, requestId));
        if (read == null) {
            return;
        }
        if (result instanceof Result.ReadValue v) {
            rec.emit("ReadReply", "r", read, "res", rec.payloadOf(v.payload()));
        }
    }
}
