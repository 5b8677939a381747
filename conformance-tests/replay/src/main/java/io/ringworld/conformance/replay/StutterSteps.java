package io.ringworld.conformance.replay;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.Effect;
import io.ringworld.kernel.Effects;
import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.Projection;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.client.Client;
import io.ringworld.kernel.client.ClientInput;
import io.ringworld.kernel.Result;
import io.ringworld.kernel.message.Message;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

/**
 * Steps the spec takes as stuttering, which the replay's network and clocks inject after every
 * spec step; the replayer then compares the kernel with the same spec state again.
 * <ul>
 *   <li>Duplicates: every message the step delivered is delivered again, right after the real
 *       one (ReplayNetwork) and after the step. The spec's msgs is a set, so a copy of a
 *       message already received is nothing new.</li>
 *   <li>Malformed copies (ReplayNetwork delivers them just before each real message): the
 *       message with one field out of range (an index below 1, a server or switch id outside
 *       the configuration). The kernel must reject it (it counts it as bad input, or refuses it
 *       as stale or already done) and persist and change nothing. Host inputs out of order (a
 *       second Start, a PersistDone of no persist) must be counted.</li>
 *   <li>Replies to a stranger: every reply to a client also reaches a client with no request
 *       open, which must ignore it.</li>
 *   <li>Misrouted copies: a message sent to a server also reaches a switch and a client, a
 *       switch's message a server. The role must count it as bad input.</li>
 *   <li>Late copies: messages delivered earlier, of views now below the recipient's, again
 *       (the kernel must ignore or refuse them; the refusals are lost).</li>
 *   <li>A retransmission tick on every live switch. Everything a timer sends must be a copy of a
 *       message sent before (the spec's msgs already holds it); any other send is a divergence.</li>
 * </ul>
 * The kernel's timers that stand for spec steps (suspicion, hole fill, view-change timeout)
 * stay far beyond these ticks (KernelReplayer's config).
 */
final class StutterSteps {
    /** A server id outside the configuration's single replica set, and a member outside it. */
    private static final ServerId[] BAD_SERVERS = {new ServerId(0, 7), new ServerId(5, 0)};
    /** A switch id outside every replay configuration (at most 8 switches). */
    private static final SwitchId BAD_SWITCH = new SwitchId(64);
    /** Late copies delivered after one step at most. */
    private static final int LATE_PER_STEP = 6;
    private final KernelReplayer rp;
    private final Client probeClient;
    /** A client that never made a request: every reply reaching it must be ignored. */
    private final Client strangerClient;
    private int lateCursor = -1;
    long duplicates;
    long malformed;
    /** Malformed copies the kernel counted as bad input (the others were refused as stale or done). */
    long malformedCounted;
    long misrouted;
    /** Late copies of older views, Joins to bystanders, Installs to a switch's later life. */
    long late;
    long ticks;
    /** Trims answered without a spec step (known done, or no view). */
    long trimsAnswered;
    private long probeRequests = 1_000_000;

    StutterSteps(KernelReplayer rp) {
        this.rp = rp;
        this.probeClient = new Client(new ClientId(99), rp.config);
        this.strangerClient = new Client(new ClientId(98), rp.config);
    }

    String describe() {
        return "duplicates and misrouted copies of its messages, late copies, a retransmission tick";
    }

    /** Debugging aid: -Dreplay.stutter=dup,bad,late,tick selects the kinds (default all). */
    private static final String KINDS = System.getProperty("replay.stutter", "dup,bad,late,tick");

    void after(int deliveredMark) {
        List<KernelReplayer.Packet> step = rp.net.deliveredSince(deliveredMark);
        if (KINDS.contains("bad")) {
            for (KernelReplayer.Packet p : step) {
                misroute(p);
            }
            if (deliveredMark == 0) {
                invalidClientRequests();
                invalidHostInputs();
            }
        }
        for (KernelReplayer.Packet p : step) {
            if (KINDS.contains("dup") && up(p.to())) {
                io.ringworld.kernel.Node<?> n = node(p.to());
                rp.net.apply(n.id(), n.deliver(p.m()));
                duplicates++;
            }
        }
        if (KINDS.contains("late")) {
            deliverLateCopies();
            deliverJoinsToBystanders();
            deliverInstallsToLaterLives();
            deliverJoinsWithinBackoff();
            trimsWithoutStep();
        }
        for (int x = 1; x <= rp.n; x++) {
            if (rp.swUp[x] && KINDS.contains("tick") && !rp.holeTimerDue(x)) {
                ticks++;
                List<KernelReplayer.Packet> fresh = rp.net.stutterTick(x);
                if (!fresh.isEmpty()) {
                    throw rp.div("msgs", "a retransmission tick of switch " + x + " sent what it never sent before: "
                            + fresh + " (a timer's send must be a retransmission, which the spec's msgs already holds)");
                }
            }
        }
    }

    /**
     * Late copies: up to LATE_PER_STEP messages delivered earlier whose every view is now below
     * the recipient's (promise of a server, view of a switch), delivered again. The spec's guards
     * never take a message of a view below the recipient's, so the kernel must ignore or refuse
     * it: nothing persisted, nothing changed; its replies are lost (the spec has no refusals).
     * Tokens are left out: the spec's DropStaleToken is a step of its own.
     */
    private void deliverLateCopies() {
        List<KernelReplayer.Packet> all = rp.net.deliveredSince(0);
        int sent = 0;
        for (int k = 0; k < all.size() && sent < LATE_PER_STEP; k++) {
            lateCursor = (lateCursor + 1) % all.size();
            KernelReplayer.Packet p = all.get(lateCursor);
            if (p.m() instanceof Message.Token || !up(p.to()) || !allViewsBelow(p.m(), currentView(p.to()))) {
                continue;
            }
            for (Effect f : deliver(p.to(), p.m()).toList()) {
                if (f instanceof Effect.Persist) {
                    throw rp.div("srv", "a late " + p.m() + " to " + p.to() + ", of a view below its promise, was persisted");
                }
            }
            late++;
            sent++;
        }
    }

    /**
     * A restarted switch's Join (its announcement to every switch) reaches switches that must
     * not act on it: one not active or coordinating, or one not responsible for it (the first
     * member, or the second if the first is the one joining, starts the view change: that is a
     * spec step, StartViewChange). The Join stays in flight for the spec's step.
     */
    private void deliverJoinsToBystanders() {
        for (KernelReplayer.Packet p : new ArrayList<>(rp.net.pool)) {
            if (!(p.m() instanceof Message.Join j) || !(p.to() instanceof SwitchId to) || !rp.swUp[to.index() + 1]) {
                continue;
            }
            io.ringworld.kernel.sw.Switch y = rp.sws[to.index() + 1];
            boolean bystander = !y.status().active() || y.status().coordinating() || !responsibleFor(y.status().projection(), j.from()).equals(to);
            if (bystander) {
                View before = y.status().view();
                rp.net.apply(y.id(), y.deliver(j));
                if (y.status().coordinating() && y.status().view().isAfter(before)) {
                    throw rp.div("sw[" + (to.index() + 1) + "].pv", "a Join from " + j.from() + " made switch "
                            + (to.index() + 1) + ", not responsible for it, start a view change");
                }
                late++;
            }
        }
    }

    /**
     * A Join reaching the switch responsible for it soon after a Join made it start a view
     * change (within its back-off, four view-change timeouts): it must start no other, so that a
     * switch that can send but not receive does not cause a view change at every Join. The
     * spec's StartViewChange is never forced, so ignoring the Join is a stutter.
     */
    private void deliverJoinsWithinBackoff() {
        long backoffTicks = 4L * rp.config.viewChangeTimeoutTicks();
        for (int x = 1; x <= rp.n; x++) {
            io.ringworld.kernel.sw.Switch y = rp.sws[x];
            if (!rp.swUp[x] || rp.joinViewChangeTick[x] < 0 || !y.status().active() || y.status().coordinating()
                    || y.status().nowTicks() - rp.joinViewChangeTick[x] >= backoffTicks) {
                continue;
            }
            SwitchId self = new SwitchId(x - 1);
            for (SwitchId joining : rp.config.allSwitches()) {
                if (joining.equals(self) || !responsibleFor(y.status().projection(), joining).equals(self)) {
                    continue;
                }
                if (rp.config.preVote() && !y.status().projection().contains(joining)) {
                    // With the pre-vote a Join from outside the ring starts no view change: the
                    // first member records the joiner for AdmitSwitch, a spec step of its own.
                    continue;
                }
                View before = y.status().view();
                List<Effect> effects = y.deliver(new Message.Join(joining)).toList();
                if (!effects.isEmpty() || !y.status().view().equals(before)) {
                    throw rp.div("sw[" + x + "].pv", "a Join from " + joining + " within the back-off after a Join-started"
                            + " view change made switch " + x + " act: " + effects + ", view " + before + " -> " + y.status().view());
                }
                late++;
                break;
            }
        }
    }

    /**
     * Trims the spec takes no step for (TrimRequest's guard): one to a trim point the switch
     * knows done is answered at once (TrimReply of that prefix, nothing else), and a switch with
     * no view (restarted, not yet installed) drops it: the client asks another. The probe client
     * asks every live switch after every step.
     */
    private void trimsWithoutStep() {
        for (int x = 1; x <= rp.n; x++) {
            io.ringworld.kernel.sw.Switch y = rp.sws[x];
            long known = y.status().trimDone();
            if (!rp.swUp[x] || known < 2 && y.status().projection() != null) {
                continue;
            }
            long prefix = known >= 2 ? known : 2;
            long requestId = ++probeRequests;
            List<Effect> effects = y.deliver(new Message.TrimRequest(probeClient.id(), requestId, prefix)).toList();
            boolean ok = known >= 2
                    ? effects.size() == 1 && effects.get(0) instanceof Effect.Send send
                            && send.message().equals(new Message.TrimReply(requestId, prefix))
                    : effects.isEmpty();
            if (!ok) {
                throw rp.div("sw[" + x + "].td", "a trim to " + prefix + " at switch " + x + (known >= 2 ? ", which knows "
                        + known + " done, was not answered at once: " : ", which has no view, was not dropped: ") + effects);
            }
            trimsAnswered++;
        }
    }

    /** The switch that starts the view change a Join from {@code joining} asks for: the first ring member, or the second if the first is joining. */
    private static SwitchId responsibleFor(io.ringworld.kernel.Projection p, SwitchId joining) {
        return p.first().equals(joining) && p.ring().size() > 1 ? p.ring().get(1) : p.first();
    }

    /**
     * An Install addressed to an earlier life of a restarted switch (its incarnation in the
     * Install is not the switch's): the switch must ignore it. It stays in flight for the spec.
     * Only one of a view the switch knows of already: one of a higher view teaches it that view,
     * which is the spec's InstallIgnored step (finding F13), not a stutter.
     */
    private void deliverInstallsToLaterLives() {
        for (KernelReplayer.Packet p : new ArrayList<>(rp.net.pool)) {
            if (!(p.m() instanceof Message.Install in) || !(p.to() instanceof SwitchId to) || !rp.swUp[to.index() + 1]) {
                continue;
            }
            io.ringworld.kernel.sw.Switch y = rp.sws[to.index() + 1];
            int position = in.projection().positionOf(to);
            if (position >= 0 && in.incarnations().get(position) != y.status().incarnation()
                    && !in.projection().view().isAfter(y.status().seenView())) {
                View before = y.status().view();
                if (!y.deliver(in).toList().isEmpty() || !y.status().view().equals(before)) {
                    throw rp.div("sw[" + (to.index() + 1) + "].view", "switch " + (to.index() + 1) + " took " + in
                            + ", addressed to its earlier life");
                }
                late++;
            }
        }
    }

    private View currentView(NodeId to) {
        if (to instanceof SwitchId s) {
            return rp.sws[s.index() + 1].status().view();
        }
        return to instanceof ServerId s ? rp.srvs[KernelReplayer.flat(s)].status().promisedView() : View.NONE;
    }

    /** True if m names at least one view and every view it names is below v. */
    private static boolean allViewsBelow(Message m, View v) {
        int views = 0;
        for (RecordComponent c : m.getClass().getRecordComponents()) {
            Object value;
            try {
                value = c.getAccessor().invoke(m);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + c + " of " + m, e);
            }
            View named = value instanceof View w ? w : value instanceof Projection p ? p.view() : null;
            if (named != null) {
                if (named.equals(View.NONE) || !named.isBefore(v)) {
                    return false;
                }
                views++;
            }
        }
        return views > 0;
    }

    /** A client's requests with arguments out of range: refused at once as INVALID, nothing sent. */
    private void invalidClientRequests() {
        List<ClientInput> bad = List.of(new ClientInput.Read(1, 0, new SwitchId(0)),
                new ClientInput.Append(2, Payload.ofString("x"), BAD_SWITCH),
                new ClientInput.GetTail(3, BAD_SWITCH), new ClientInput.Trim(4, 1, BAD_SWITCH),
                new ClientInput.Read(1, 1, new SwitchId(0))); // the last: a request id used before
        for (ClientInput in : bad) {
            List<Effect> effects = probeClient.step(in).toList();
            boolean refused = effects.size() == 1 && effects.get(0) instanceof Effect.Outcome o
                    && o.result() instanceof Result.Failed f && f.reason() == Result.FailureReason.INVALID;
            if (!refused) {
                throw rp.div("client", "the client did not refuse the invalid request " + in + " as INVALID: " + effects);
            }
            malformed++;
        }
    }

    /**
     * Malformed copies of a message about to be delivered, delivered first: the handler sees
     * them in the state the real message finds (after it, a duplicate check would end the
     * handler before its validation).
     */
    void malformedBefore(NodeId to, Message m) {
        if (KINDS.contains("bad")) {
            for (Message bad : malformedCopies(m)) {
                deliverMalformed(to, bad);
            }
            forgedBefore(to, m);
        }
    }

    /**
     * Copies that are well formed but come from where they cannot: a token a switch that is not
     * its view's first member "minted" to itself (hop 0, from itself) must be counted as bad
     * input, not visited; a server's accepted WriteAck reaching a ring member that does not
     * lead the index must change nothing (the spec's LeaderCommit is the leader's).
     */
    private void forgedBefore(NodeId to, Message m) {
        if (m instanceof Message.Token t && to instanceof SwitchId sid && up(to)) {
            io.ringworld.kernel.sw.Switch y = rp.sws[sid.index() + 1];
            if (y.status().active() && t.view().equals(y.status().projection().view()) && !y.status().projection().first().equals(sid)) {
                expectCounted(to, new Message.Token(t.view(), t.h(), t.c(), t.roundMin(), 0, sid, t.trimPending(), t.trimDone()));
                malformed++;
                malformedCounted++;
            }
        } else if (m instanceof Message.WriteAck a && a.accepted() && to instanceof SwitchId) {
            for (int z = 1; z <= rp.n; z++) {
                io.ringworld.kernel.sw.Switch y = rp.sws[z];
                SwitchId zid = new SwitchId(z - 1);
                if (!rp.swUp[z] || !y.status().active() || !a.view().equals(y.status().projection().view())
                        || y.status().projection().leaderOf(a.index()).equals(zid)) {
                    continue;
                }
                long committedBefore = y.status().commitIndex();
                List<Effect> effects = y.deliver(a).toList();
                if (!effects.isEmpty() || y.status().commitIndex() != committedBefore) {
                    throw rp.div("sw[" + z + "].smap[" + a.index() + "]", "a WriteAck for index " + a.index() + ", which switch "
                            + z + " does not lead, made it act: " + effects);
                }
                malformed++;
            }
        }
    }

    /**
     * True if every message a spec step delivers is delivered twice in a row (a duplicate that
     * finds the handler's state the first copy left, before the step's other messages).
     */
    boolean backToBack() {
        if (KINDS.contains("dup")) {
            duplicates++;
            return true;
        }
        return false;
    }

    /**
     * A reply that reaches a client with no such request open (one that restarted, or a
     * misaddressed copy): the client must ignore it, with no effect at all.
     */
    void replyToAStranger(Message m) {
        if (!KINDS.contains("bad")) {
            return;
        }
        List<Effect> effects = strangerClient.deliver(m).toList();
        if (!effects.isEmpty()) {
            throw rp.div("client", "a client with no request open took " + m + ": " + effects);
        }
        misrouted++;
    }

    /** A host's inputs out of order: a second Start, a PersistDone of no persist. Each must be counted. */
    private void invalidHostInputs() {
        for (int x = 1; x <= rp.n; x++) {
            if (rp.swUp[x]) {
                long before = rp.sws[x].status().badInputs();
                rp.net.apply(rp.sws[x].id(), rp.sws[x].start());
                requireCounted(rp.sws[x].status().badInputs() == before + 1, "a second Start of switch " + x);
            }
        }
        for (int k = 0; k < rp.srvs.length; k++) {
            for (long id : new long[] {-1, 1_000_000}) {
                long before = rp.srvs[k].status().badInputs();
                rp.net.apply(rp.srvs[k].id(), rp.srvs[k].step(new io.ringworld.kernel.server.ServerInput.PersistDone(id)));
                requireCounted(rp.srvs[k].status().badInputs() == before + 1, "PersistDone(" + id + ") at server " + k);
            }
        }
    }

    private void requireCounted(boolean counted, String what) {
        if (!counted) {
            throw rp.div("badInputs", what + " was not counted as bad input");
        }
        malformed++;
        malformedCounted++;
    }

    private void deliverMalformed(NodeId to, Message bad) {
        if (!up(to)) {
            return;
        }
        long before = badInputs(to);
        Effects e = deliver(to, bad);
        for (Effect f : e.toList()) {
            if (f instanceof Effect.Persist) {
                throw rp.div("srv", "a malformed copy " + bad + " to " + to + " was persisted");
            }
            if (f instanceof Effect.Outcome o) {
                throw rp.div("client", "a malformed copy " + bad + " to " + to + " ended an operation: " + o);
            }
        }
        malformed++;
        malformedCounted += badInputs(to) > before ? 1 : 0;
        // Its replies (refusals) are dropped: the sender named in it does not exist.
    }

    /** A switch's message to a server, a server's to a switch and a client: each must be counted. */
    private void misroute(KernelReplayer.Packet p) {
        if (p.m() instanceof Message.Seal) {
            return; // switches and servers both take Seals
        }
        if (p.m() instanceof Message.RelearnQuery) {
            expectCounted(probeClient.id(), p.m()); // switches and servers both take it (issue 19); a client does not
            return;
        }
        if (p.to() instanceof ServerId) {
            expectCounted(new SwitchId(0), p.m());
            expectCounted(probeClient.id(), p.m());
        } else if (p.to() instanceof SwitchId) {
            expectCounted(new ServerId(0, 0), p.m());
        }
    }

    private void expectCounted(NodeId to, Message m) {
        if (!up(to)) {
            return;
        }
        long before = badInputs(to);
        deliver(to, m);
        if (badInputs(to) != before + 1) {
            throw rp.div("badInputs", "a misrouted " + m.getClass().getSimpleName() + " to " + to
                    + " was not counted as bad input");
        }
        misrouted++;
    }

    private boolean up(NodeId to) {
        if (to instanceof SwitchId s) {
            return rp.swUp[s.index() + 1];
        }
        if (to instanceof ServerId s) {
            return rp.srvUp[KernelReplayer.flat(s)];
        }
        return true;
    }

    private Effects deliver(NodeId to, Message m) {
        return node(to).deliver(m);
    }

    /** The kernel node a packet to {@code to} reaches (a misrouted copy to an unknown client: the probe client). */
    private io.ringworld.kernel.Node<?> node(NodeId to) {
        if (to instanceof SwitchId s) {
            return rp.sws[s.index() + 1];
        }
        if (to instanceof ServerId s) {
            return rp.srvs[KernelReplayer.flat(s)];
        }
        return client(to);
    }

    /** The replay's client of that id, else the probe client (misrouted copies). */
    private Client client(NodeId to) {
        Client c = to instanceof ClientId id ? rp.clients.get((long) id.index()) : null;
        return c != null ? c : probeClient;
    }

    private long badInputs(NodeId to) {
        if (to instanceof SwitchId s) {
            return rp.sws[s.index() + 1].status().badInputs();
        }
        if (to instanceof ServerId s) {
            return rp.srvs[KernelReplayer.flat(s)].status().badInputs();
        }
        return client(to).status().badInputs();
    }

    /**
     * Copies of m with one field out of range: an index or start below 1, a server or switch id
     * outside the configuration. A copy the message's own constructor rejects is not made (the
     * wire format cannot carry it).
     */
    static List<Message> malformedCopies(Message m) {
        List<Message> out = new ArrayList<>();
        RecordComponent[] rc = m.getClass().getRecordComponents();
        for (int k = 0; k < rc.length; k++) {
            for (Object bad : badValues(rc[k])) {
                Message copy = copyWith(m, rc, k, bad);
                if (copy != null) {
                    out.add(copy);
                }
            }
        }
        return out;
    }

    private static List<Object> badValues(RecordComponent c) {
        if (c.getType() == ServerId.class) {
            return List.of((Object[]) BAD_SERVERS);
        }
        if (c.getType() == SwitchId.class) {
            return List.of(BAD_SWITCH);
        }
        if (c.getType() == long.class && (c.getName().equals("index") || c.getName().equals("start"))) {
            return List.of(0L);
        }
        return List.of();
    }

    private static Message copyWith(Message m, RecordComponent[] rc, int k, Object bad) {
        try {
            Object[] values = new Object[rc.length];
            Class<?>[] types = new Class<?>[rc.length];
            for (int j = 0; j < rc.length; j++) {
                values[j] = j == k ? bad : rc[j].getAccessor().invoke(m);
                types[j] = rc[j].getType();
            }
            Constructor<?> ctor = m.getClass().getDeclaredConstructor(types);
            return (Message) ctor.newInstance(values);
        } catch (InvocationTargetException e) {
            return null; // the record's own validation refuses the value
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot copy " + m, e);
        }
    }
}
