package io.ringworld.conformance.replay;

import static io.ringworld.conformance.replay.KernelReplayer.CLIENT_RETRY_TICKS;
import static io.ringworld.conformance.replay.KernelReplayer.READ_CLIENT;
import static io.ringworld.conformance.replay.KernelReplayer.STALE_CLIENT;
import static io.ringworld.conformance.replay.KernelReplayer.TAIL_CLIENT;
import static io.ringworld.conformance.replay.KernelReplayer.TRIM_CLIENT;
import static io.ringworld.conformance.replay.KernelReplayer.num;
import static io.ringworld.conformance.replay.KernelReplayer.specPayload;

import io.ringworld.conformance.replay.KernelReplayer.Packet;
import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.client.Client;
import io.ringworld.kernel.client.ClientInput;
import io.ringworld.kernel.Result;
import io.ringworld.kernel.message.Message;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The replay of the spec's client steps on kernel clients: appends (ClientAppend, and refused:
 * ClientAppendBusy, ClientAppendStale), getTails (GetTailStart, GetTailBusy, GetTailRetry),
 * reads (the at-once forwards, ReadReply's retries) and trims (TrimRequest, TrimRequestBusy).
 * Append p is kernel client p, getTail g client TAIL_CLIENT + g, read r client READ_CLIENT + r.
 */
final class ClientSteps {
    private final KernelReplayer rp;
    /** Appends ("client/requestId") a restarted switch refused as addressed to an earlier life. */
    private final Set<String> staleRefused = new HashSet<>();
    /** Per kernel client, the life of each switch (spec id) it has heard of from an AppendStale. */
    private final Map<Long, long[]> heardLife = new HashMap<>();
    private int staleAttempts;
    /** Per getTail (spec id g), the life of the switch it was asked of. */
    private final Map<Long, Long> tailLife = new HashMap<>();
    private final Map<Long, Long> requestIds = new HashMap<>();
    private int trimRequests;

    ClientSteps(KernelReplayer rp) {
        this.rp = rp;
    }

    void clientAppendStale(int x, long p) {
        if (rp.incarnations[x] == 0) {
            // AllowForget: a switch that never restarted refuses because it forgot the clients it
            // saw (a full table of dedupClientsMax clients starts a new dedup epoch). If its table
            // is not full, the kernel has nothing to forget: the spec's refusal changes only its
            // label, and the kernel takes no step.
            if (rp.sws[x].status().dedupClients() < rp.config.dedupClientsMax()) {
                return;
            }
        }
        long client = STALE_CLIENT + staleAttempts++;
        Client c = client(client);
        long rid = nextRequestId(client);
        rp.net.apply(c.id(), c.step(new ClientInput.Append(rid, Payload.ofString(Long.toString(p)), new SwitchId(x - 1))));
        refusedStale(x, client, rid);
    }

    void getTailStart(long g, int x) {
        Client c = client(TAIL_CLIENT + g);
        rp.net.apply(c.id(), c.step(new ClientInput.GetTail(nextRequestId(TAIL_CLIENT + g), new SwitchId(x - 1))));
        rp.net.deliverAll(x, m -> m instanceof Message.GetTailRequest r && r.client().index() == TAIL_CLIENT + g);
        tailLife.put(g, rp.incarnations[x]);
    }

    /** ClientAppendBusy: the appends the spec has pending at x are in its queue; this one is refused. */
    void clientAppendBusy(int x, long p) {
        deliverAppends(x);
        clientAppend(x, p);
        rp.net.deliverAll(x, m -> m instanceof Message.AppendRequest r && r.client().index() == p);
        requireBusy(p);
    }

    void getTailBusy(long g, int x) {
        deliverAppends(x);
        Client c = client(TAIL_CLIENT + g);
        rp.net.apply(c.id(), c.step(new ClientInput.GetTail(nextRequestId(TAIL_CLIENT + g), new SwitchId(x - 1))));
        rp.net.deliverAll(x, m -> m instanceof Message.GetTailRequest r && r.client().index() == TAIL_CLIENT + g);
        requireBusy(TAIL_CLIENT + g);
    }

    void trimRequestBusy(int x, long p) {
        deliverAppends(x);
        requireBusy(trimRequest(x, p));
    }

    /** A switch refused the client's append as addressed to an earlier life: the client now knows this one. */
    void noteStale(ClientId c, Message.AppendStale st) {
        staleRefused.add(c.index() + "/" + st.requestId());
        long[] heard = heardLife.computeIfAbsent((long) c.index(), k -> new long[rp.n + 1]);
        if (st.from().index() + 1 < heard.length) {
            heard[st.from().index() + 1] = st.incarnation();
        }
    }

    /** The replay's kernel client of that id, created at its first operation. */
    Client client(long id) {
        return rp.clients.computeIfAbsent(id, k -> new Client(new ClientId((int) (long) k), rp.config));
    }

    /**
     * ReadReply: the kernel client retries on its clock (a ReadRetry or a silent server sends it
     * back to the switch or on to the next replica), so the replayer ticks the read client
     * (CLIENT_RETRY_TICKS per retry, a few retries at most) until it has an answer. NotYet
     * (res -2) is a client timeout in the kernel: the read stays open, which the compare allows.
     */
    void readReply(long r, long res) {
        Client c = rp.clients.get(READ_CLIENT + r);
        pumpReads(true);
        for (int retry = 0; c != null && res != -2 && rp.outcomes.get(READ_CLIENT + r) == null && retry < 6; retry++) {
            for (int t = 0; t < CLIENT_RETRY_TICKS; t++) {
                rp.net.apply(c.id(), c.step(new ClientInput.Tick()));
            }
            pumpReads(true);
        }
    }

    /** Completes the kernel's read exchanges at once: forwards between switches, and ServerReads if servers. */
    void pumpReads(boolean servers) {
        for (int round = 0; round < 8; round++) {
            List<Packet> batch = rp.net.takeAll(q -> q.m() instanceof Message.ReadRequest
                    || servers && q.m() instanceof Message.ServerRead);
            if (batch.isEmpty()) {
                return;
            }
            for (Packet p : batch) {
                rp.net.noteDelivered(p);
                if (p.to() instanceof SwitchId sid && rp.swUp[sid.index() + 1]) {
                    rp.net.apply(rp.sws[sid.index() + 1].id(), rp.sws[sid.index() + 1].deliver(p.m()));
                } else if (p.to() instanceof ServerId sv && rp.srvUp[KernelReplayer.flat(sv)]) {
                    rp.net.apply(rp.srvs[KernelReplayer.flat(sv)].id(), rp.srvs[KernelReplayer.flat(sv)].deliver(p.m()));
                }
            }
        }
    }

    void clientAppend(int x, long p) {
        Client c = client(p);
        if (heardLife.computeIfAbsent(p, k -> new long[rp.n + 1])[x] != rp.incarnations[x]) {
            // The spec's ClientAppend reaches the switch's current life: its client has heard of
            // the restart. A kernel client hears of it from a refusal (the spec's
            // ClientAppendStale), so its first attempt is refused here and the append is its next.
            long rid = nextRequestId(p);
            rp.net.apply(c.id(), c.step(new ClientInput.Append(rid, Payload.ofString(Long.toString(p)), new SwitchId(x - 1))));
            refusedStale(x, p, rid);
        }
        rp.net.apply(c.id(), c.step(new ClientInput.Append(nextRequestId(p), Payload.ofString(Long.toString(p)), new SwitchId(x - 1))));
        // The request waits in flight until x's next token visit: the spec's pending appends are
        // a set and a batch takes them in ascending payload order, the kernel's queue is FIFO.
    }

    /**
     * The appends still in flight to a restarted switch were addressed to its earlier life,
     * whose queue the spec's SwitchCrash emptied (they stay pending at their clients forever):
     * delivered now, the new life must refuse each (AppendStale), never queue it.
     */
    void refuseEarlierLifeAppends(int x) {
        SwitchId to = new SwitchId(x - 1);
        for (Packet p : rp.net.takeAll(q -> q.to().equals(to) && q.m() instanceof Message.AppendRequest)) {
            Message.AppendRequest r = (Message.AppendRequest) p.m();
            rp.net.noteDelivered(p);
            rp.net.apply(rp.sws[x].id(), rp.sws[x].deliver(r));
            if (!staleRefused.contains(r.client().index() + "/" + r.requestId())) {
                throw rp.div("sw[" + x + "].pend", "restarted switch " + x + " did not refuse (AppendStale) an append"
                        + " addressed to its earlier life, whose queue the spec's SwitchCrash emptied: " + r);
            }
        }
    }

    /** The client's append, delivered to x now, is refused as addressed to an earlier life. */
    private void refusedStale(int x, long client, long requestId) {
        int delivered = rp.net.deliverAll(x, m -> m instanceof Message.AppendRequest r && r.client().index() == client
                && r.requestId() == requestId);
        if (delivered == 0 || !staleRefused.contains(client + "/" + requestId)) {
            throw rp.div("apps", "switch " + x + " (life " + rp.incarnations[x] + ") did not refuse as stale an append addressed"
                    + " to an earlier life by client " + client + (delivered == 0 ? " (not delivered: switch down)" : ""));
        }
    }

    /**
     * The switch refused an append addressed to its current life: its table of dedupClientsMax
     * clients was full, or the client addressed an earlier dedup epoch. The refusal is a step in
     * which nothing happens (the spec's ClientAppendStale), and the client, having heard of the new
     * epoch, appends again; delivered at once, in the batch's place. True once a resend is taken
     * (at most three tries: after a new epoch the table is empty, so the second or third is).
     */
    private boolean resendUntilTaken(int x, Message.AppendRequest refused) {
        long client = refused.client().index();
        for (int attempt = 0; attempt < 3; attempt++) {
            Client c = client(client);
            long rid = nextRequestId(client);
            rp.net.apply(c.id(), c.step(new ClientInput.Append(rid, refused.payload(), new SwitchId(x - 1))));
            rp.net.deliverAll(x, m -> m instanceof Message.AppendRequest r && r.client().index() == client
                    && r.requestId() == rid);
            if (!staleRefused.contains(client + "/" + rid)) {
                return true;
            }
        }
        return false;
    }

    /** The next request id of a kernel client (a refused operation may be tried again). */
    private long nextRequestId(long client) {
        return requestIds.merge(client, 1L, Long::sum);
    }

    /**
     * A Busy step: the kernel client's operation failed BUSY. The spec's operation stays idle
     * (nothing happened), so the outcome is dropped: a later attempt is a new one.
     */
    private void requireBusy(long client) {
        Result r = rp.outcomes.remove(client);
        boolean busy = r instanceof Result.Failed f && f.reason() == Result.FailureReason.BUSY;
        if (!busy) {
            throw rp.div("client " + client, "the spec's switch refused the request as Busy (queue full), the kernel's"
                    + " answered " + (r == null ? "nothing" : r));
        }
    }

    /** Hands x the appends in flight to it, in the spec's batch order (ascending payload). */
    void deliverAppends(int x) {
        SwitchId to = new SwitchId(x - 1);
        List<Packet> batch = rp.net.takeAll(q -> q.to().equals(to) && q.m() instanceof Message.AppendRequest);
        batch.sort(java.util.Comparator.comparingLong(q -> specPayload(((Message.AppendRequest) q.m()).payload())));
        for (Packet p : batch) {
            rp.net.noteDelivered(p);
            rp.net.apply(rp.sws[x].id(), rp.sws[x].deliver(p.m()));
            Message.AppendRequest r = (Message.AppendRequest) p.m();
            if (staleRefused.contains(r.client().index() + "/" + r.requestId())
                    && r.switchIncarnation() == rp.incarnations[x] && resendUntilTaken(x, r)) {
                continue; // a dedup refusal (a new epoch): the client heard of it and its resend was taken
            }
            if (staleRefused.contains(r.client().index() + "/" + r.requestId())) {
                // F12a, fixed in the spec (ClientAppendStale): the spec's ClientAppend is by a
                // client that has heard of the switch's current life.
                throw rp.div("apps[" + r.client().index() + "]", "switch " + x + " refused the append as addressed to an"
                        + " earlier life (AppendStale), but the spec's ClientAppend reached its current life");
            }
        }
    }

    /** True if the spec state has a read waiting at switch x. */
    @SuppressWarnings("unchecked")
    /**
     * Finding F15, fixed in the spec (SwitchCrash drops a waiting getTail's switch, GetTailRetry
     * asks another): a getTail the spec's switch answers was asked of that switch's current
     * life. (It used to wait for a crashed switch's next life, whose kernel never heard of it.)
     */
    void tailOfEarlierLife(int x, long g) {
        Long life = tailLife.get(g);
        if (life != null && life != rp.incarnations[x]) {
            throw rp.div("tails[" + g + "]", "the getTail asked switch " + x + " in its life " + life + ", which crashed with it"
                    + " waiting; the spec's switch answers it in its life " + rp.incarnations[x]);
        }
    }

    /**
     * GetTailRetry: the tail client's retry timer asks the next switch (Client.retry); the
     * replayer ticks it until its retry goes to x. Retries to other switches are lost (the
     * spec has no getTail messages: losing them is a stutter).
     */
    void getTailRetry(long g, int x) {
        long client = TAIL_CLIENT + g;
        Client c = rp.clients.get(client);
        SwitchId to = new SwitchId(x - 1);
        Predicate<Packet> mine = q -> q.m() instanceof Message.GetTailRequest r && r.client().index() == client;
        for (int t = 0; c != null && t < 2 * (rp.n + 1) * CLIENT_RETRY_TICKS
                && rp.net.pool.stream().noneMatch(q -> mine.test(q) && q.to().equals(to)); t++) {
            rp.net.apply(c.id(), c.step(new ClientInput.Tick()));
            rp.net.pool.removeIf(q -> mine.test(q) && !q.to().equals(to));
        }
        rp.requireDelivered(rp.net.deliverAll(x, m -> m instanceof Message.GetTailRequest r && r.client().index() == client),
                "tails[" + g + "].at", "the getTail client's retries never asked switch " + x);
        tailLife.put(g, rp.incarnations[x]);
    }

    @SuppressWarnings("unchecked")
    static List<Long> tailsWaitingAt(Map<String, Object> st, int x) {
        Object tl = st.get("tails");
        List<Long> out = new ArrayList<>();
        if (tl instanceof List<?> li) {
            for (int k = 0; k < li.size(); k++) {
                Map<String, Object> t = (Map<String, Object>) li.get(k);
                if ("wait".equals(t.get("st")) && num(t.get("at")) == x) {
                    out.add((long) k + 1);
                }
            }
        } else if (tl instanceof Map<?, ?> mp) {
            for (Map.Entry<?, ?> e : mp.entrySet()) {
                Map<String, Object> t = (Map<String, Object>) e.getValue();
                if ("wait".equals(t.get("st")) && num(t.get("at")) == x) {
                    out.add(num(e.getKey()));
                }
            }
        }
        return out;
    }

    /** A new trim client asks switch x to trim below p; returns the client. */
    long trimRequest(int x, long p) {
        long client = TRIM_CLIENT + trimRequests++;
        Client c = client(client);
        rp.net.apply(c.id(), c.step(new ClientInput.Trim(1, p, new SwitchId(x - 1))));
        rp.requireDelivered(rp.net.deliverAll(x, m -> m instanceof Message.TrimRequest),
                "msgs", "no kernel TrimRequest in flight to switch " + x);
        return client;
    }
}
