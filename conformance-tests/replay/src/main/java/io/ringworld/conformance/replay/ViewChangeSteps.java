package io.ringworld.conformance.replay;

import io.ringworld.kernel.Projection;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.sw.Switch;
import io.ringworld.kernel.sw.SwitchInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The replay of the spec's view-change steps (StartViewChange, AbandonViewChange,
 * ChooseEntries, InstallView) on the kernel, and the mapping of spec views to kernel views.
 * Split from {@link KernelReplayer}, whose state it drives.
 */
final class ViewChangeSteps {
    private final KernelReplayer rp;

    ViewChangeSteps(KernelReplayer rp) {
        this.rp = rp;
    }

    /**
     * StartViewChange: the kernel's onSuspect (or onJoin), which seals the coordinator at once,
     * as the spec's StartViewChange does; the kernel view it picks is the spec view's image.
     */
    void startViewChange(int x, long sv) {
        fireSuspect(x);
        View fired = rp.sws[x].status().view();
        if (!rp.sws[x].status().coordinating() || fired.coordinator() != x - 1) {
            throw rp.div("co[" + x + "].v", "switch " + x + " started spec view " + sv + " but the kernel started no view change");
        }
        // A restarted coordinator may start the view its earlier life started (in both: it knows
        // no higher one; with the incarnation, the ballot). Otherwise a spec view is started once,
        // and the kernel's views are ordered as the spec's (finding F13: the kernel took the next
        // epoch, and the spec knew the live servers' promises).
        boolean sameViewNewLife = fired.equals(rp.views.get(sv)) && Long.valueOf(sv).equals(rp.specViewOf.get(fired));
        if (!sameViewNewLife && (rp.views.containsKey(sv) || rp.specViewOf.containsKey(fired))) {
            throw rp.div("co[" + x + "].v", "spec view " + sv + " started again: kernel view " + fired + ", known as "
                    + rp.views.get(sv) + " (the spec and the kernel know different views: F13)");
        }
        for (Map.Entry<Long, View> e : rp.views.entrySet()) {
            if (!sameViewNewLife && Long.compare(sv, e.getKey()) != Integer.signum(fired.compareTo(e.getValue()))) {
                throw rp.div("co[" + x + "].v", "spec view " + sv + " is kernel view " + fired + ", ordered otherwise than spec view "
                        + e.getKey() + " = " + e.getValue() + " (F13)");
            }
        }
        rp.views.put(sv, fired);
        rp.specViewOf.put(fired, sv);
    }

    /**
     * StartViewChange on the kernel: a restarted switch's Join makes the switch responsible for
     * it start the view change itself (onJoin). Otherwise the switch starts one on its own
     * timer, which the replayer ticks until it fires: the view-change timeout or patience of a
     * switch not active (sealed, coordinating, or restarted and not yet in a view), the token
     * loss or successor suspicion of an active one. An active switch that expects an index
     * (a hole) would fill it on those ticks first, so there the replayer reports the suspicion
     * (the spec's timeouts are arbitrary) through the Suspect input.
     */
    private void fireSuspect(int x) {
        View before = rp.sws[x].status().view();
        rp.net.deliverAll(x, m -> m instanceof Message.Join);
        if (startedAbove(x, before)) {
            rp.joinViewChangeTick[x] = rp.sws[x].status().nowTicks();
        }
        boolean timerOnly = !rp.sws[x].status().active() || rp.sws[x].status().expectedIndices() == 0;
        for (int t = 0; t < 2 * KernelReplayer.SWITCH_TIMEOUT_TICKS && timerOnly && !startedAbove(x, before); t++) {
            rp.net.tick(x);
            grantPreVote(x);
        }
        if (!startedAbove(x, before)) {
            rp.net.apply(rp.sws[x].id(), rp.sws[x].step(new SwitchInput.Suspect("replay: StartViewChange")));
            grantPreVote(x);
        }
    }

    /**
     * Issue 19, the pre-vote (the spec's PreVoteGranted, an oracle: a majority of replica set 0
     * is up, vouches, and has not heard from the ring of the view it promised "recently"). The
     * spec took StartViewChange, so its oracle granted: on the kernel, time passes on the live
     * servers of replica set 0 (their clocks advance ringAliveTimeoutTicks, so the last RingAlive
     * and the last promise are old, as the spec's timeouts are arbitrary), the switch's open
     * round reaches them (earlier rounds are dropped: a fresh round replaces them) and their
     * answers reach it. No-op without a PreVote of x in flight.
     */
    void grantPreVote(int x) {
        if (!rp.config.preVote() || !preVoteInFlight(x)) {
            return;
        }
        for (int s = 0; s < KernelReplayer.MEMBERS; s++) {
            for (int t = 0; rp.srvUp[s] && t < rp.config.ringAliveTimeoutTicks(); t++) {
                rp.net.apply(rp.srvs[s].id(), rp.srvs[s].tick());
            }
        }
        askPreVote(x);
    }

    private boolean preVoteInFlight(int x) {
        SwitchId from = new SwitchId(x - 1);
        return rp.net.pool.stream().anyMatch(p -> p.m() instanceof Message.PreVote pv && pv.from().equals(from));
    }

    /** x's latest pre-vote round reaches the live servers of replica set 0, and their answers reach x. */
    private void askPreVote(int x) {
        askPreVote(x, false);
    }

    /**
     * As {@link #askPreVote(int)}; with {@code ownViewFirst} (a switch that asks to join), if a
     * majority refuses naming no view above x's promise, only those refusals arrive now (the
     * others, a server promised to a later view, are delayed: a refusal naming a later view makes
     * the kernel's switch promise it, which the spec's JoinRequest does not; the round is closed
     * once they arrive, and its late answers are ignored).
     */
    private void askPreVote(int x, boolean ownViewFirst) {
        SwitchId from = new SwitchId(x - 1);
        long latest = rp.net.pool.stream().filter(p -> p.m() instanceof Message.PreVote pv && pv.from().equals(from))
                .mapToLong(p -> ((Message.PreVote) p.m()).round()).max().orElse(-1);
        rp.net.pool.removeIf(p -> p.m() instanceof Message.PreVote pv && pv.from().equals(from) && pv.round() != latest);
        for (int s = 0; s < KernelReplayer.MEMBERS; s++) {
            rp.net.deliverServer(s, m -> m instanceof Message.PreVote pv && pv.from().equals(from) && pv.round() == latest);
        }
        View promised = rp.sws[x].status().view();
        java.util.function.Predicate<Message> ownRefusal = m -> m instanceof Message.PreVoteReply r && r.round() == latest
                && !r.granted() && !r.promised().isAfter(promised);
        long own = rp.net.pool.stream().filter(p -> p.to().equals(from) && ownRefusal.test(p.m())).count();
        if (ownViewFirst && own >= rp.config.majority()) {
            rp.net.deliverAll(x, ownRefusal);
            return;
        }
        rp.net.deliverAll(x, m -> m instanceof Message.PreVoteReply r && r.round() == latest);
    }

    /**
     * JoinRequest (issue 19, Rejoin): a live switch outside the installed ring asks to join, once
     * per incarnation. The kernel's switch announces its Join when it restarts, when an Install
     * leaves it out, and when its pre-vote is refused (it was sealed by a view whose ring works
     * without it). If this life sent none yet and replica set 0 would refuse its pre-vote now
     * (asked without effect: a pre-vote changes no server state), its patience runs out (ticked,
     * as the spec's steps are taken at arbitrary times), its pre-vote is refused and it
     * announces. The spec's JoinRequest is also enabled where the pre-vote would be granted (the
     * kernel's switch then starts a view change instead: its behaviours are a subset of the
     * spec's); then the kernel's Join is asked for when the spec's AdmitSwitch takes it
     * ({@link #admitSwitch}). Counted: joinsSentBefore, joinsAskedAtAdmission.
     */
    void joinRequest(int y, long life) {
        if (rp.sws[y].status().incarnation() != life) {
            throw rp.div("sw[" + y + "].inc", "sw[" + y + "].inc spec=" + life + " kernel=" + rp.sws[y].status().incarnation());
        }
        if (!rp.net.sentEver(joinOf(y, life)) && preVoteRefusedNow(y)) {
            askToJoin(y, life, "JoinRequest");
        }
    }

    /** Joins the kernel sent before the spec's AdmitSwitch needed them, and those asked for then. */
    long joinsSentBefore;
    long joinsAskedAtAdmission;

    private static java.util.function.Predicate<Message> joinOf(int y, long life) {
        SwitchId from = new SwitchId(y - 1);
        return m -> m instanceof Message.Join j && j.from().equals(from) && j.incarnation() == life;
    }

    /**
     * True if a majority of replica set 0 would refuse y's pre-vote now (their answers are
     * dropped) without naming a view above y's promise: such a refusal makes the kernel's switch
     * promise that view (onOutranked), which the spec's JoinRequest does not, so it is left to
     * arrive late ({@link #askPreVote(int, boolean)}).
     */
    private boolean preVoteRefusedNow(int y) {
        View promised = rp.sws[y].status().view();
        Message.PreVote probe = new Message.PreVote(promised, -1, new SwitchId(y - 1));
        int refusals = 0;
        for (int s = 0; s < KernelReplayer.MEMBERS; s++) {
            if (rp.srvUp[s]) {
                for (io.ringworld.kernel.Effect e : rp.srvs[s].deliver(probe).toList()) {
                    if (e instanceof io.ringworld.kernel.Effect.Send send && send.message() instanceof Message.PreVoteReply r
                            && !r.granted()) {
                        if (!r.promised().isAfter(promised)) {
                            refusals++; // one naming a later view arrives late (askPreVote)
                        }
                    }
                }
            }
        }
        return refusals >= rp.config.majority();
    }

    /**
     * y's patience runs out (ticked) and its pre-vote goes to replica set 0, which refuses (no
     * time passes on the servers: the ring of the view they promised spoke, or the promise is
     * young), and it announces its Join. A granted pre-vote is a divergence: the kernel's switch
     * changes the view where the spec's asks to join.
     */
    private void askToJoin(int y, long life, String step) {
        java.util.function.Predicate<Message> join = joinOf(y, life);
        for (int t = 0; t < 2 * KernelReplayer.SWITCH_TIMEOUT_TICKS && !rp.net.sentEver(join); t++) {
            rp.net.tick(y);
            if (preVoteInFlight(y)) {
                askPreVote(y, true);
            }
            if (rp.sws[y].status().coordinating()) {
                throw rp.div("co[" + y + "].ph", "co[" + y + "].ph spec=idle (" + step + ") kernel=coordinating: switch " + y
                        + "'s pre-vote was granted where the spec's switch asks to join");
            }
        }
        rp.requireDelivered(rp.net.sentEver(join) ? 1 : 0, "msgs", "switch " + y + " (life " + life + ") never sent a Join");
    }

    /** The kernel's Join of y's current life for AdmitSwitch: sent already, or asked for now. */
    private void requireJoin(int y, long life) {
        if (rp.net.sentEver(joinOf(y, life))) {
            joinsSentBefore++;
            return;
        }
        joinsAskedAtAdmission++;
        askToJoin(y, life, "AdmitSwitch");
    }

    /**
     * AdmitSwitch's first half on the kernel: y's Join (of the life that asked) reaches the ring's
     * first member x, which records it; its next visit (the spec's next SequenceBatch of x,
     * {@link #completeAdmission}) admits y. The spec admits y before that visit, in this step
     * (KernelReplayer.admittedBy).
     */
    void admitSwitch(int x, int y, View v) {
        SwitchId from = new SwitchId(y - 1);
        long life = rp.sws[y].status().incarnation();
        requireJoin(y, life);
        rp.requireDelivered(rp.net.deliverAll(x, m -> m instanceof Message.Join j && j.from().equals(from)
                && j.incarnation() == life), "msgs", "no kernel Join of switch " + y + " (life " + life + ") to switch " + x);
        if (!rp.sws[x].status().active() || !rp.sws[x].status().view().equals(v)) {
            throw rp.div("sw[" + x + "].view", "switch " + x + " admits " + y + " in " + v + " but is not active in it");
        }
        rp.admittedBy[y] = x;
    }

    /** AdmitSwitch's second half: x's visit admitted y; its Install (with the joined list) reaches y. */
    void completeAdmission(int x, int y, View v) {
        rp.admittedBy[y] = 0;
        SwitchId joiner = new SwitchId(y - 1);
        if (rp.swUp[y] && rp.sws[y].status().view().isAfter(v)) {
            // A Seal of a later view reached the joiner first (the spec sealed it after its
            // AdmitSwitch): it ignores the Install (KernelReplayer.overtakenView, F18).
            rp.net.deliverAll(y, m -> m instanceof Message.Install in && in.projection().view().equals(v)
                    && in.joined().contains(joiner));
            if (rp.sws[y].status().projection() != null && rp.sws[y].status().projection().view().equals(v)) {
                throw rp.div("sw[" + y + "].view", "switch " + y + " promised " + rp.sws[y].status().view()
                        + " yet installed the admission to " + v);
            }
            rp.overtakenView[y] = rp.specView(v);
            rp.admissionsOvertaken++;
            return;
        }
        rp.requireDelivered(rp.net.deliverAll(y, m -> m instanceof Message.Install in && in.projection().view().equals(v)
                && in.joined().contains(joiner)), "sw[" + y + "].view", "switch " + x + "'s visit sent switch " + y
                + " no Install of " + v + " admitting it (the spec's AdmitSwitch admitted it)");
    }

    /** True if switch x coordinates a view above the one it had promised before. */
    private boolean startedAbove(int x, View before) {
        return rp.sws[x].status().coordinating() && rp.sws[x].status().view().isAfter(before);
    }

    /** The coordinator's rewriteFrom (or the installed one, if it installed at once). */
    static long rewriteFrom(Switch s) {
        return s.status().coordinating() ? s.status().coordinatorRewriteFrom() : s.status().rewriteFrom();
    }

    /**
     * AbandonViewChange: the coordinator's Seal, rewrite or fence reaches the nodes promised to
     * {@code learned}, a higher view, and their refusal reaches it: the kernel abandons at the
     * first refusal and hears of the view it names.
     */
    void abandonViewChange(int x, View v, View learned) {
        if (!learned.isAfter(v)) {
            // A refusal naming its own view ends no view change (kernel abandonIfOutranked).
            throw rp.div("co[" + x + "].ph", "the spec abandoned " + v + " on a refusal naming " + learned + ", not a higher view");
        }
        long life = rp.sws[x].status().incarnation();
        for (int s = 0; s < rp.srvs.length; s++) {
            if (!rp.srvUp[s] || !rp.srvs[s].status().promisedView().equals(learned)) {
                continue;
            }
            // A Seal meets the higher promise, or (its Seal lost) the rewrite's fence or Writes.
            int refused = rp.net.deliverServer(s, m -> m instanceof Message.Seal se && se.view().equals(v) && se.incarnation() == life);
            if (refused == 0) {
                rp.net.deliverServer(s, m -> m instanceof Message.Fence f && f.view().equals(v) && f.incarnation() == life
                        || m instanceof Message.Write w && w.view().equals(v) && w.incarnation() == life);
            }
        }
        for (int y = 1; y <= rp.n; y++) {
            if (y != x && rp.swUp[y] && rp.sws[y].status().view().equals(learned)) {
                rp.net.deliverAll(y, m -> m instanceof Message.Seal se && se.view().equals(v) && se.incarnation() == life);
            }
        }
        rp.net.deliverAll(x, m -> m instanceof Message.ServerSealReply r && r.view().equals(v) && !r.accepted() && r.promised().equals(learned)
                || m instanceof Message.SwitchSealReply r2 && r2.view().equals(v) && !r2.accepted() && r2.promised().equals(learned)
                || m instanceof Message.WriteAck w && w.view().equals(v) && !w.accepted() && w.promised().equals(learned)
                || m instanceof Message.FenceAck f && f.view().equals(v) && !f.accepted() && f.promised().equals(learned));
        if (rp.sws[x].status().coordinating() && rp.sws[x].status().view().equals(v)) {
            // Finding F5 (fixed in the spec: the refusal answers a message of the view still in msgs).
            throw rp.div("co[" + x + "].ph", "co[" + x + "].ph spec=idle (abandoned) kernel=still coordinating " + v
                    + ": no refusal naming " + learned + " of its Seal or rewrite reached it");
        }
    }

    /**
     * ServerSealPage (issue 19, item 2): the spec's coordinator asks server {@code s} for the
     * page from {@code from} and {@code s} answers, in one step. The kernel's coordinator takes
     * {@code s}'s page that is not the last (and asks for the next), and {@code s} answers that
     * SealPage; a last page waits for ChooseEntries, as an unpaged reply does, so the kernel
     * counts {@code s} when the spec does. With one entry a page and a coordinator that knows no
     * committed prefix (the replay model's restarted switch) the pages are the spec's.
     */
    void serverSealPage(int s, long sv, long life, long from) {
        View v = rp.kview(sv);
        int x = v.coordinator() + 1;
        io.ringworld.kernel.ServerId server = rp.serverId(s);
        rp.net.deliverAll(x, m -> m instanceof Message.ServerSealReply r && r.view().equals(v) && r.accepted()
                && r.from().equals(server) && r.incarnation() == life && !r.lastPage());
        rp.requireDelivered(rp.net.deliverServer(s, m -> m instanceof Message.SealPage p && p.view().equals(v)
                && p.incarnation() == life && p.from() == from), "msgs",
                "no kernel SealPage of " + v + " from index " + from + " to " + server);
    }

    void chooseEntries(int x, long sv, long specStart) {
        View v = rp.kview(sv);
        rp.net.deliverAll(x, m -> m instanceof Message.ServerSealReply r && r.view().equals(v) && r.accepted());
        rp.net.deliverAll(x, m -> m instanceof Message.SwitchSealReply r && r.view().equals(v) && r.accepted());
        // The seal grace: choose without the switches that did not answer (every reply the
        // spec's step saw has arrived; the grace outlasts the stutter ticks, so the kernel did
        // not choose with fewer).
        for (int t = 0; t <= KernelReplayer.SPEC_TIMER_TICKS && rp.swUp[x] && rp.sws[x].status().coordinatorStart() == 0; t++) {
            rp.net.tick(x);
        }
        long kernelStart;
        if (!rp.sws[x].status().coordinating() && rp.sws[x].status().projection() != null && rp.sws[x].status().projection().view().equals(v)) {
            throw rp.div("co[" + x + "].ph", "co[" + x + "].ph spec=rw kernel=installed at once (no fence on the servers)");
        }
        kernelStart = rp.sws[x].status().coordinatorStart();
        if (kernelStart < 0) {
            throw rp.div("co[" + x + "].ph", "co[" + x + "].ph spec=rw kernel=no view change in progress (abandoned)");
        }
        rp.check("co[" + x + "].start", specStart, kernelStart);
    }

    void installView(Map<String, Object> l) {
        int x = (int) KernelReplayer.num(l.get("x"));
        long sv = KernelReplayer.num(l.get("v"));
        View v = rp.kview(sv);
        if ("coordinator".equals(l.get("role"))) {
            // The seal replies that reached the coordinator while it rewrote (label late) join the ring.
            Object late = l.get("late");
            java.util.Collection<?> lateSwitches = late instanceof java.util.Collection<?> c ? c : List.of();
            for (Object y : lateSwitches) {
                SwitchId from = new SwitchId((int) KernelReplayer.num(y) - 1);
                rp.net.deliverAll(x, m -> m instanceof Message.SwitchSealReply r && r.view().equals(v) && r.accepted()
                        && r.from().equals(from));
            }
            rp.net.deliverAll(x, m -> m instanceof Message.WriteAck w && w.view().equals(v)
                    || m instanceof Message.FenceAck f && f.view().equals(v));
            // F6, fixed in the spec: the coordinator installs itself (and mints, if first) in
            // this step, as the kernel's install() does.
            Projection p = rp.sws[x].status().projection();
            List<Long> ring = new ArrayList<>();
            if (p != null && p.view().equals(v)) {
                for (SwitchId y : p.ring()) {
                    ring.add((long) y.index() + 1);
                }
            }
            rp.check("inst.ring", l.get("ring"), ring);
            return;
        }
        rp.requireDelivered(rp.net.deliverAll(x, m -> m instanceof Message.Install i && i.projection().view().equals(v)),
                "msgs", "no kernel Install of " + v + " to switch " + x);
    }
}
