package io.ringworld.conformance.replay;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.Effect;
import io.ringworld.kernel.EffectHandler;
import io.ringworld.kernel.Effects;
import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.client.Client;
import io.ringworld.kernel.Result;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.DurableRecord;
import io.ringworld.kernel.server.ServerInput;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The replay's network: the kernel messages in flight (pool) and every one delivered, and the
 * delivery of effects. Nothing moves unless a spec step asks for it, except what completes at
 * once (replies to clients, TokenAck, ViewCheck and a confirming ViewCheckReply, PersistDone
 * after a Persist).
 */
final class ReplayNetwork {
    private final KernelReplayer rp;
    final List<KernelReplayer.Packet> pool = new ArrayList<>();
    /** Every packet a spec step delivered so far (the spec may deliver a message again: duplication). */
    private final List<KernelReplayer.Packet> delivered = new ArrayList<>();
    /** Every packet delivered, also those of the exchanges that complete at once (the stutter steps copy these). */
    private final List<KernelReplayer.Packet> handled = new ArrayList<>();
    /** Every packet ever sent: a timer's send must be one of these (a retransmission). */
    private final java.util.Set<KernelReplayer.Packet> everSent = new java.util.HashSet<>();
    /** The kernel messages the spec lost (LoseMessage): the network drops their retransmissions too. */
    private final List<Predicate<Message>> lost = new ArrayList<>();
    /** Set while a switch's clock ticks: its sends are retransmissions, the lost ones dropped. */
    private boolean ticking;
    /** Set while a stutter tick runs: a send that is not a retransmission is reported here. */
    private List<KernelReplayer.Packet> newOnStutter;

    ReplayNetwork(KernelReplayer rp) {
        this.rp = rp;
    }


    KernelReplayer.Packet take(Predicate<KernelReplayer.Packet> p) {
        for (int k = 0; k < pool.size(); k++) {
            if (p.test(pool.get(k))) {
                return pool.remove(k);
            }
        }
        return null;
    }

    List<KernelReplayer.Packet> takeAll(Predicate<KernelReplayer.Packet> p) {
        List<KernelReplayer.Packet> out = new ArrayList<>();
        for (java.util.Iterator<KernelReplayer.Packet> it = pool.iterator(); it.hasNext();) {
            KernelReplayer.Packet q = it.next();
            if (p.test(q)) {
                out.add(q);
                it.remove();
            }
        }
        return out;
    }

    /**
     * The spec's msgs is a set a message stays in after delivery (duplication): a spec step that
     * consumes a message the kernel already received gets a copy of the last one delivered
     * (a duplicate, which the kernel must tolerate).
     */
    private List<KernelReplayer.Packet> duplicateOf(Predicate<KernelReplayer.Packet> p) {
        for (int k = delivered.size() - 1; k >= 0; k--) {
            if (p.test(delivered.get(k))) {
                return new ArrayList<>(List.of(delivered.get(k)));
            }
        }
        return new ArrayList<>();
    }

    /** Delivers every pooled message to spec switch x matching m; returns how many. */
    int deliverAll(int x, Predicate<Message> m) {
        if (!rp.swUp[x]) {
            return 0; // a message to a crashed switch stays in flight (the spec's msgs keeps it)
        }
        SwitchId to = new SwitchId(x - 1);
        // Only what is in flight now: a ring of one sends its token to itself.
        List<KernelReplayer.Packet> batch = takeAll(q -> q.to().equals(to) && m.test(q.m()));
        if (batch.isEmpty()) {
            batch = duplicateOf(q -> q.to().equals(to) && m.test(q.m()));
        }
        delivered.addAll(batch);
        handled.addAll(batch);
        for (KernelReplayer.Packet p : batch) {
            rp.stutter.malformedBefore(p.to(), p.m());
            apply(rp.sws[x].id(), rp.sws[x].deliver(p.m()));
            if (rp.stutter.backToBack()) {
                apply(rp.sws[x].id(), rp.sws[x].deliver(p.m())); // the network duplicated it: the copy arrives next
            }
        }
        return batch.size();
    }

    int deliverServer(int s, Predicate<Message> m) {
        if (!rp.srvUp[s]) {
            return 0;
        }
        ServerId to = KernelReplayer.serverId(s);
        List<KernelReplayer.Packet> batch = takeAll(q -> q.to().equals(to) && m.test(q.m()));
        if (batch.isEmpty()) {
            batch = duplicateOf(q -> q.to().equals(to) && m.test(q.m()));
        }
        delivered.addAll(batch);
        handled.addAll(batch);
        for (KernelReplayer.Packet p : batch) {
            rp.stutter.malformedBefore(p.to(), p.m());
            apply(rp.srvs[s].id(), rp.srvs[s].deliver(p.m()));
            if (rp.stutter.backToBack()) {
                apply(rp.srvs[s].id(), rp.srvs[s].deliver(p.m()));
            }
        }
        return batch.size();
    }


    /** True if a node ever sent a message matching m (in flight, delivered or lost since). */
    boolean sentEver(Predicate<Message> m) {
        return everSent.stream().anyMatch(p -> m.test(p.m()));
    }

    /** How many packets were handled so far (mark the start of a step). */
    int deliveredCount() {
        return handled.size();
    }

    /** The packets handled since mark k (by the step that started there), at-once exchanges included. */
    List<KernelReplayer.Packet> deliveredSince(int k) {
        return new ArrayList<>(handled.subList(k, handled.size()));
    }

    /** Records a packet the replayer handed to a kernel node itself (appends in batch order). */
    void noteDelivered(KernelReplayer.Packet p) {
        delivered.add(p);
        handled.add(p);
        rp.stutter.malformedBefore(p.to(), p.m());
    }

    /** LoseMessage: every kernel copy of the lost message, now and retransmitted later, is lost. */
    void lose(Predicate<Message> copies) {
        lost.add(copies);
        takeAll(q -> copies.test(q.m()));
    }

    /**
     * One tick of switch x's clock. What it sends is retransmission: copies of lost messages
     * are dropped (the spec lost the message, not one copy), tokens to a crashed switch too (the
     * spec's SwitchCrash drops the tokens at it).
     */
    void tick(int x) {
        ticking = true;
        try {
            apply(rp.sws[x].id(), rp.sws[x].tick());
        } finally {
            ticking = false;
        }
    }

    /**
     * A stutter tick of switch x (StutterSteps): every send must be a retransmission, a copy
     * of a packet sent before; returns the sends that were not.
     */
    List<KernelReplayer.Packet> stutterTick(int x) {
        newOnStutter = new ArrayList<>();
        try {
            tick(x);
            return newOnStutter;
        } finally {
            newOnStutter = null;
        }
    }

    /** Applies the effects of a step of node {@code from}, in order. */
    void apply(NodeId from, Effects effects) {
        // A copy: confirming a Persist at once steps the same server, which reuses its list.
        for (Effect e : effects.toList()) {
            effectHandler.handle(from, e);
        }
    }

    /** The replay's side of every effect: the spec-driven network, a disk that syncs at once, the outcomes. */
    private final EffectHandler effectHandler = new EffectHandler() {
        @Override
        public void onSend(NodeId from, NodeId to, Message message) {
            send(to, message);
        }

        @Override
        public void onPersist(NodeId from, long persistId, List<DurableRecord> records) {
            int server = KernelReplayer.flat((ServerId) from);
            rp.disks[server].apply(records);
            apply(from, rp.srvs[server].step(new ServerInput.PersistDone(persistId)));
        }

        @Override
        public void onOutcome(NodeId from, long requestId, Result result) {
            rp.outcomes.put((long) ((ClientId) from).index(), result);
        }
    };

    private void send(NodeId to, Message m) {
        if (m instanceof Message.Merged merged) {
            // A merged message is its members, each a message of the specs: the replay delivers
            // each when the spec takes its step (a kernel step on the whole is those steps back to back).
            for (Message member : merged.members()) {
                send(to, member);
            }
            return;
        }
        if (to instanceof ClientId c) {
            if (m instanceof Message.AppendStale st) {
                rp.clientSteps.noteStale(c, st);
            }
            rp.stutter.replyToAStranger(m);
            Client cl = rp.clients.get((long) c.index());
            if (cl != null) {
                rp.stutter.malformedBefore(to, m);
                apply(cl.id(), cl.deliver(m));
                apply(cl.id(), cl.deliver(m)); // the network duplicates it: the client must ignore the copy
            }
            return;
        }
        if (ticking && m instanceof Message.ViewCheck) {
            // A view check resent on a tick is lost: its exchange would complete at once
            // (below), and a server that recovered since could confirm it, which is a spec
            // step (ViewCheckReply), not a retransmission.
            return;
        }
        if (m instanceof Message.RingAlive && to instanceof ServerId s) {
            // Issue 19: the first ring member tells replica set 0 at its visit that the token goes
            // round. The spec has no such message (RingAlive is an oracle over the ring's state):
            // it arrives at once, at a live server (a server down loses it).
            if (rp.srvUp[KernelReplayer.flat(s)]) {
                KernelReplayer.Packet at = new KernelReplayer.Packet(to, m);
                handled.add(at);
                rp.stutter.malformedBefore(to, m);
                apply(rp.srvs[KernelReplayer.flat(s)].id(), rp.srvs[KernelReplayer.flat(s)].deliver(m));
            }
            return;
        }
        // A ViewCheckReply naming a later promise waits for the spec's ViewCheckReply step (it
        // seals the switch); TokenAck, ViewCheck and a confirming reply complete at once.
        boolean stale = m instanceof Message.ViewCheckReply r && r.promised().isAfter(r.view());
        if (!stale && (m instanceof Message.TokenAck || m instanceof Message.ViewCheck || m instanceof Message.ViewCheckReply)) {
            KernelReplayer.Packet at = new KernelReplayer.Packet(to, m);
            if (to instanceof SwitchId s && rp.swUp[s.index() + 1]) {
                handled.add(at);
                rp.stutter.malformedBefore(to, m);
                apply(rp.sws[s.index() + 1].id(), rp.sws[s.index() + 1].deliver(m));
            } else if (to instanceof ServerId s && rp.srvUp[KernelReplayer.flat(s)]) {
                handled.add(at);
                rp.stutter.malformedBefore(to, m);
                apply(rp.srvs[KernelReplayer.flat(s)].id(), rp.srvs[KernelReplayer.flat(s)].deliver(m));
            }
            return;
        }
        KernelReplayer.Packet pk = new KernelReplayer.Packet(to, m);
        // A retransmission (a copy of a packet sent before) of a lost message is lost too; a
        // timer's new message (a view change its timeout starts) is not a copy.
        boolean resent = everSent.contains(pk);
        if (ticking && resent && (lost.stream().anyMatch(l -> l.test(m))
                || m instanceof Message.Token && to instanceof SwitchId s && !rp.swUp[s.index() + 1])) {
            return;
        }
        if (m instanceof Message.PreVote pv) {
            // Issue 19: a pre-vote round open at a switch is asked again, with a fresh round id,
            // every sealRetryTicks: the retry of a kernel-only exchange (the spec's pre-vote is an
            // oracle), not a new message. Only the latest round is kept in flight.
            pool.removeIf(q -> q.to().equals(to) && q.m() instanceof Message.PreVote o && o.from().equals(pv.from()));
            resent = true;
        }
        if (newOnStutter != null && !resent) {
            newOnStutter.add(pk);
        }
        everSent.add(pk);
        // The spec's msgs is a set: a copy of a message in flight is that message.
        if (!pool.contains(pk)) {
            pool.add(pk);
        }
    }
}
