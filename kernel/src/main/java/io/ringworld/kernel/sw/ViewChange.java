package io.ringworld.kernel.sw;

import io.ringworld.kernel.testhooks.PlantedBug;
import io.ringworld.kernel.Projection;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.message.Message;
import java.util.ArrayList;

/**
 * View change (ViewChange): the coordinator (StartViewChange, ChooseEntries, ServerRewrite acks
 * of the rewrites and the fence, InstallView; its state is a {@link Coordinator}) and the
 * participant (SwitchSeal, InstallView, MintToken), plus rejoining after a
 * restart (SwitchRestart). Paxos phase 1 and 2 over every index with the view as ballot.
 */
final class ViewChange {
    /** Installs are resent this many times (every sealRetryTicks) to cover a lost Install. */
    private static final int INSTALL_RESENDS = 3;

    private final Switch s;
    private Coordinator coord;
    /** Issue 19: a view change starts only once a majority of replica set 0 grants a pre-vote. */
    final PreVote preVote;
    /** Tick at which this switch stopped being active (sealed, restarted or left out). */
    private long inactiveSinceTick;
    /** Far in the past until the first Join: a refused pre-vote at tick 0 may announce at once. */
    private long lastJoinTick = Long.MIN_VALUE / 2;
    private long lastJoinViewChangeTick;
    /**
     * AdmitSwitch at the first ring member: the switches that asked to join and the life that
     * asked, in the order they asked, all admitted at its next visit (the specs admit every
     * request taken at the round boundary). At most one entry per switch of the configuration.
     */
    private final java.util.LinkedHashMap<SwitchId, Long> joiners = new java.util.LinkedHashMap<>();
    /** The incarnations of the installed view's ring ++ joined (the first member's Install to a joiner names them). */
    private java.util.List<Long> viewIncarnations = java.util.List.of();
    /** The last admission's Install, resent a few times to its joiners (a lost one would stall the token at it). */
    private Message.Install admission;
    /** The switches the last admission admitted (its Install goes to each). */
    private java.util.List<SwitchId> admitted = java.util.List.of();
    private int admissionResendsLeft;
    private long admissionSentTick;
    /**
     * The fallback of a Join a ring with the pre-vote does not admit: per switch, since when this
     * member hears it ask without seeing it admitted (-1: not heard), and when it last heard it.
     */
    private long[] joinAskingSinceTick = new long[0];
    private long[] joinLastHeardTick = new long[0];
    private Message.Install lastInstall;
    private int installResendsLeft;
    private long lastInstallSentTick;
    /** Why this switch last started a view change (for debugging). */
    String lastSuspicion = "";

    ViewChange(Switch s) {
        this.s = s;
        this.preVote = new PreVote(s);
    }

    boolean coordinating() {
        return coord != null;
    }

    /** The coordinated view's start (0 until ChooseEntries), or -1 when not coordinating. */
    long coordinatorStart() {
        return coord == null ? -1 : coord.start;
    }

    /** The coordinated view's rewriteFrom (0 until ChooseEntries), or -1 when not coordinating. */
    long coordinatorRewriteFrom() {
        return coord == null ? -1 : coord.rewriteFrom;
    }

    /** SwitchRestart: all state is gone; announce ourselves until a view change adds us back. */
    void onRestart() {
        inactiveSinceTick = s.now;
        announce();
    }

    private void announce() {
        lastJoinTick = s.now;
        for (SwitchId other : s.config.allSwitches()) {
            if (!other.equals(s.id)) {
                s.effects.send(other, new Message.Join(s.id, s.incarnation));
            }
        }
    }

    /**
     * A restarted (or left-out) switch asks to join (JoinRequest). With the pre-vote, a switch
     * outside the ring is admitted without a view change (AdmitSwitch, {@link #onJoinOutsideRing});
     * otherwise (and for a restarted ring member, whose ring is broken anyway) the ring's
     * responsible member coordinates a view change.
     */
    void onJoin(Message.Join j, TrimPoints trims) {
        if (j.from().index() >= s.config.switchCount()) {
            // Found by the conformance replay's malformed copies: a Join "from switch 64" started a view change.
            s.badInput("Join from " + j.from() + ", not a switch of the configuration");
            return;
        }
        if (!s.active() || coord != null) {
            return;
        }
        Projection p = s.projection;
        if (s.config.preVote() && !p.contains(j.from())) {
            onJoinOutsideRing(j, trims);
            return;
        }
        SwitchId responsible = p.first().equals(j.from()) && p.ring().size() > 1 ? p.ring().get(1) : p.first();
        // Back off: a switch that can send but not receive would otherwise cause a view change
        // at every Join it sends.
        long backoff = 4L * s.config.viewChangeTimeoutTicks();
        if (responsible.equals(s.id) && (lastJoinViewChangeTick == 0 || s.now - lastJoinViewChangeTick >= backoff)) {
            lastJoinViewChangeTick = s.now;
            // No pre-vote: the ring itself (its responsible member) decides to add the joiner, and
            // its own ring is alive, so replica set 0 would refuse it. This view change is the way
            // back when the pre-vote is off (then there is no AdmitSwitch) and for a restarted
            // member of the ring (its ring is broken anyway); the backoff bounds it.
            onSuspect("a switch asks to join", trims);
        }
    }

    /**
     * AdmitSwitch's first half (pre-vote on, the joiner outside the view's ring): the first ring
     * member records the joiner, switch and the life that asked (the latest), and admits every
     * switch recorded at its next token visit ({@link #admitAtVisit}). A joiner already admitted is not asked about
     * again: if it restarted, the token stalls at it and the ring's timeouts change the view.
     * The fallback, for a joiner the first member cannot hear: the member after it (the first in
     * a ring of one) starts a Join's view change once it heard the switch ask for
     * 4 x viewChangeTimeoutTicks without seeing it admitted.
     */
    private void onJoinOutsideRing(Message.Join j, TrimPoints trims) {
        SwitchId y = j.from();
        if (s.joined.contains(y)) {
            return;
        }
        Projection p = s.projection;
        if (p.first().equals(s.id)) {
            joiners.put(y, j.incarnation()); // the latest life that asked; its place stays the first ask's
        }
        SwitchId fallback = p.ring().size() > 1 ? p.ring().get(1) : p.first();
        if (!fallback.equals(s.id)) {
            return;
        }
        long backoff = 4L * s.config.viewChangeTimeoutTicks();
        int k = y.index();
        if (joinAskingSinceTick.length == 0) {
            // Made here: the switch's config is not set yet when its handlers are constructed.
            joinAskingSinceTick = new long[s.config.switchCount()];
            joinLastHeardTick = new long[s.config.switchCount()];
            java.util.Arrays.fill(joinAskingSinceTick, -1);
        }
        // Asking means asking again and again: a Join heard long after the last one starts afresh.
        if (joinAskingSinceTick[k] < 0 || s.now - joinLastHeardTick[k] > backoff / 2) {
            joinAskingSinceTick[k] = s.now;
        }
        joinLastHeardTick[k] = s.now;
        if (s.now - joinAskingSinceTick[k] >= backoff
                && (lastJoinViewChangeTick == 0 || s.now - lastJoinViewChangeTick >= backoff)) {
            lastJoinViewChangeTick = s.now;
            // No pre-vote: the ring is alive (replica set 0 would refuse) yet did not admit it.
            onSuspect("a switch asks to join and is not admitted", trims);
        }
    }

    /** Whether this switch's next token visit admits a switch (AdmitSwitch's second half). */
    boolean admitsAtVisit() {
        return !joiners.isEmpty() && s.projection.first().equals(s.id);
    }

    /**
     * AdmitSwitch's second half, at a token visit of the first ring member: every recorded joiner
     * goes after the last switch of the token's {@code ring ++ joined}, in the order they asked,
     * and each gets the same Install of the current view (its ring, start, rewrite-from, the
     * visit's trim points, the incarnations and the joined list: its place). It leads nothing in this view (Replication leads by the view's
     * ring) and sequences from its first token visit. Returns the joined list the visit passes.
     */
    java.util.List<SwitchId> admitAtVisit(java.util.List<SwitchId> tokenJoined, TrimPoints trims) {
        Projection p = s.projection;
        if (joiners.isEmpty() || !p.first().equals(s.id)) {
            return tokenJoined;
        }
        java.util.List<SwitchId> joined = new ArrayList<>(tokenJoined);
        java.util.List<Long> incarnations = new ArrayList<>(viewIncarnations);
        java.util.List<SwitchId> now = new ArrayList<>();
        if (viewIncarnations.size() == p.ring().size() + tokenJoined.size()) {
            for (java.util.Map.Entry<SwitchId, Long> e : joiners.entrySet()) {
                if (!p.contains(e.getKey()) && !joined.contains(e.getKey())) {
                    joined.add(e.getKey());
                    incarnations.add(e.getValue());
                    now.add(e.getKey());
                }
            }
        }
        joiners.clear();
        if (now.isEmpty()) {
            return tokenJoined;
        }
        viewIncarnations = java.util.List.copyOf(incarnations);
        admission = new Message.Install(p, s.rewriteFrom, trims.done(), incarnations, trims.pending(), joined);
        admitted = java.util.List.copyOf(now);
        admissionResendsLeft = INSTALL_RESENDS;
        admissionSentTick = s.now;
        for (SwitchId y : admitted) {
            s.effects.send(y, admission);
        }
        return java.util.List.copyOf(joined);
    }

    /** Why the coordinated view change cannot choose yet although a majority replied, else empty. */
    String waitingFor() {
        return coord != null && coord.phase == Coordinator.SEALING && coord.waitingFor != null ? coord.waitingFor : "";
    }

    /**
     * A trigger of StartViewChange fired (a timeout, the host's Suspect): with the pre-vote on,
     * ask replica set 0 first; the view change starts when a majority grants
     * ({@link #onPreVoteReply}). Returns true if the view change started now.
     */
    boolean suspect(String why, TrimPoints trims) {
        if (preVote.request(why)) {
            onSuspect(why, trims);
            return true;
        }
        return false;
    }

    /** A pre-vote answer: a majority of grants starts the view change; a refused one waits (and asks to join). */
    void onPreVoteReply(Message.PreVoteReply r, TrimPoints trims) {
        int outcome = preVote.onReply(r);
        if (outcome == PreVote.GRANTED) {
            onSuspect(preVote.why(), trims);
            return;
        }
        if (outcome != PreVote.REFUSED) {
            return;
        }
        if (s.active() && preVote.refusedView().isAfter(s.view)) {
            // A majority promised a later view whose ring works: this switch was left behind
            // (a cut ring member never hears the Seal); it stops acting in its stale view. A
            // switch outside every ring has nothing to stop: it keeps its promise and asks to
            // join (the specs' JoinRequest changes no switch state; conformance finding F18: a
            // joiner that promised the later view refused the admission to the current one,
            // whose ring works, while that later view change was still under way).
            onOutranked(preVote.refusedView());
        }
        if (!s.active() && coord == null && s.now - lastJoinTick >= s.config.joinRetryTicks()) {
            // The specs' JoinRequest: outside a working ring, and it may not change the view,
            // so it asks the ring to add it back.
            announce();
        }
    }

    void onSuspect(String why, TrimPoints trims) {
        lastSuspicion = why; // a constant: no string is built on this path
        // Above every view seen (or promised) and outside the boot epoch (nextFor).
        View v = View.nextFor(s.seenView(), s.id.index());
        coord = new Coordinator(v, s.knownCommitted, s.config, s.hooks, s.now);
        promise(v);
        coord.onSwitchReply(s.id, s.highestSeenH, s.incarnation, trims);
        sendSeals();
    }

    private void promise(View v) {
        if (!s.sealed) {
            inactiveSinceTick = s.now;
        }
        s.promise(v);
    }

    private void sendSeals() {
        Message.Seal seal = new Message.Seal(coord.view, coord.committedPrefix, s.id, s.incarnation);
        for (ServerId server : s.config.allServers()) {
            if (!coord.serverReplied(server)) {
                long next = coord.pageNext(server);
                // A server part-way through its paged reply is asked for the page it owes.
                s.effects.send(server, next == 0 ? seal : sealPage(next));
            }
        }
        for (SwitchId other : s.config.allSwitches()) {
            if (!coord.switchReplied(other)) {
                s.effects.send(other, seal);
            }
        }
        coord.sealsSent(s.now);
    }

    /**
     * A server refused us naming a later view: a view change happened without us (its Seal never
     * reached us). Stop sequencing and replicating in the stale view; after the usual patience
     * this switch starts a view change that brings it back.
     */
    void onOutranked(View promised) {
        s.noteView(promised);
        if (coord == null && promised.isAfter(s.view)) {
            promise(promised);
        }
    }

    /** SwitchSeal: promise the higher view, stop sequencing and replicating, and reply. */
    void onSeal(Message.Seal m, TrimPoints trims) {
        s.noteView(m.view());
        if (m.view().isBefore(s.view)) {
            s.effects.send(m.coordinator(), sealReply(m.view(), false, trims));
            return;
        }
        if (m.view().isAfter(s.view)) {
            coord = null;
            preVote.cancel(); // another switch's view change is under way: give it its time
            promise(m.view());
            // Give this view change time to finish before starting a rival one.
            inactiveSinceTick = s.now;
        }
        s.effects.send(m.coordinator(), sealReply(m.view(), true, trims));
    }

    private Message.SwitchSealReply sealReply(View sealView, boolean accepted, TrimPoints trims) {
        return new Message.SwitchSealReply(sealView, s.id, accepted, s.view, s.highestSeenH, s.incarnation,
                trims.pending(), trims.done());
    }

    /** ChooseEntries: count a server's promise and merge its entries. */
    void onSealReply(Message.ServerSealReply r) {
        // A reply to another life's Seal of this view is no promise to this ballot: counted, two
        // lives could both finish phase 1 of one view and rewrite it differently (found by
        // modelling ballots in the spec, conformance finding F13).
        if (coord == null || !r.view().equals(coord.view) || r.incarnation() != s.incarnation) {
            return;
        }
        if (!r.accepted()) {
            abandonIfOutranked(r.promised());
            return;
        }
        if (r.from().replicaSet() >= s.config.replicaSetCount() || r.from().member() >= s.config.membersPerSet()) {
            s.badInput("seal reply from unknown server " + r.from());
            return;
        }
        long next = coord.onServerPage(r, s.now);
        if (next > 0) {
            // Bounded seal replies: ask for the next page at once (retransmitted with the seals).
            s.effects.send(r.from(), sealPage(next));
        } else if (next == Message.ServerSealReply.LAST_PAGE) {
            maybeChoose();
        }
    }

    /** ServerSealPage's request: the page of this ballot's reply from index {@code from} on. */
    private Message.SealPage sealPage(long from) {
        return new Message.SealPage(coord.view, from, s.id, s.incarnation);
    }

    /** ChooseEntries: a live switch answered; it will be in the new ring. */
    void onSealReply(Message.SwitchSealReply r) {
        if (coord == null || !r.view().equals(coord.view)) {
            return;
        }
        if (!r.accepted()) {
            abandonIfOutranked(r.promised());
            return;
        }
        if (r.from().index() >= s.config.switchCount()) {
            s.badInput("seal reply from unknown switch " + r.from());
            return;
        }
        coord.onSwitchReply(r.from(), r.highestSeen(), r.incarnation(), TrimPoints.of(r.trimPending(), r.trimDone()));
        maybeChoose();
    }

    /**
     * A refusal naming a view above ours: give up (a later suspicion starts one above it). One
     * naming our own view is no reason to: the server promised it to a ballot it cannot name (it
     * recovered, or one of our rewrite Writes raised its promise before our fence) or to an
     * earlier life of ours that started this view too; abandoning there gave up view changes
     * that had their fence on a majority (found by TLC once the spec modelled ballots,
     * conformance finding F13). If the ballot is another life's, our own timeout moves on.
     */
    private void abandonIfOutranked(View promised) {
        s.noteView(promised);
        if (promised.isAfter(coord.view)) {
            coord = null;
            inactiveSinceTick = s.now;
        }
    }

    private void maybeChoose() {
        if (coord.phase != Coordinator.SEALING) {
            return;
        }
        boolean skipSeal = s.hooks.planted(PlantedBug.SKIP_SEAL);
        boolean serversReady = skipSeal || coord.everySetHasMajority();
        if (serversReady && !skipSeal) {
            // Disk faults: an index some reply cannot vouch for needs more replies (or stalls).
            serversReady = coord.decided();
        }
        boolean switchesReady = coord.allSwitchesReplied() || s.now - coord.startTick >= s.config.sealGraceTicks();
        if (serversReady && switchesReady) {
            coord.choose();
            // Never install at once, even with nothing to rewrite: the fence must be on a
            // majority of every replica set first (specs README, Findings 4).
            sendRewrites();
            if (s.hooks.planted(PlantedBug.INSTALL_WITHOUT_FENCE) && coord.remaining == 0) {
                install(); // the planted bug of specs README Findings 4: nothing to rewrite, install at once
            }
        }
    }

    /** ServerRewrite: the chosen entries and the fence, to every server that has not acked them. */
    private void sendRewrites() {
        for (int k = 0; k < coord.rewritePayloads.length; k++) {
            sendRewrite(k); // to every member that has not acknowledged it, done or not: its fence waits for it
        }
        Message.Fence fence = coord.fence(s.id, s.incarnation);
        for (ServerId server : s.config.allServers()) {
            if (!coord.fenceAcked(server)) {
                s.effects.send(server, fence);
            }
        }
        coord.rewritesSent(s.now);
    }

    private void sendRewrite(int k) {
        long index = coord.rewriteFrom + k;
        int set = (int) Math.floorMod(index, (long) s.config.replicaSetCount());
        // The ballot's incarnation too (as the Seal and Fence): a server judges the rewrite alone.
        Message.Write w = new Message.Write(coord.view, index, coord.rewritePayloads[k], s.id, s.incarnation);
        for (int m = 0; m < s.config.membersPerSet(); m++) {
            if ((coord.rewriteAcks[k] & (1 << m)) == 0) {
                s.effects.send(s.serverIds[set][m], w);
            }
        }
    }

    /**
     * ServerRewrite acks for the coordinator's view; returns false if the ack is not the
     * coordinator's (then it is a leader's LeaderCommit ack).
     */
    boolean onRewriteAck(Message.WriteAck a) {
        if (coord == null || coord.phase != Coordinator.REWRITING || !a.view().equals(coord.view)) {
            return false;
        }
        if (!a.accepted()) {
            abandonIfOutranked(a.promised());
            return true;
        }
        if (coord.onRewriteAck(a) && coord.readyToInstall()) {
            install();
            return true;
        }
        boolean installEarly = s.hooks.planted(PlantedBug.INSTALL_WITHOUT_FENCE);
        if (installEarly && coord.remaining == 0) {
            install();
        }
        return true;
    }

    /** ServerRewrite's fence acks; InstallView once the fence and every rewrite are on a majority of every set. */
    void onFenceAck(Message.FenceAck a) {
        if (coord == null || coord.phase != Coordinator.REWRITING || !a.view().equals(coord.view)) {
            return;
        }
        if (!a.accepted()) {
            abandonIfOutranked(a.promised());
            return;
        }
        if (a.from().replicaSet() >= s.config.replicaSetCount() || a.from().member() >= s.config.membersPerSet()) {
            s.badInput("fence ack from unknown server " + a.from());
            return;
        }
        coord.onFenceAck(a.from());
        if (coord.readyToInstall()) {
            install();
        }
    }

    /** InstallView (coordinator side): the ring of live switches that answered, start = highest seen + 1. */
    private void install() {
        coord.checkInstall();
        ArrayList<SwitchId> ring = coord.aliveSwitches();
        Projection p = new Projection(coord.view, ring, s.config.replicaSetCount(), coord.start);
        TrimPoints trims = coord.trims();
        Message.Install m = new Message.Install(p, coord.rewriteFrom, trims.done(), coord.incarnationsOf(ring),
                trims.pending());
        coord = null;
        lastInstall = m;
        installResendsLeft = INSTALL_RESENDS;
        lastInstallSentTick = s.now;
        for (SwitchId member : ring) {
            if (!member.equals(s.id)) {
                s.effects.send(member, m);
            }
        }
        s.install(new InstallDecision(p, m.rewriteFrom(), trims, m.incarnations(), m.joined()));
    }

    /** InstallView / MintToken (participant side). */
    void onInstall(Message.Install m) {
        Projection p = m.projection();
        s.noteView(p.view());
        if (p.view().isBefore(s.view)) {
            return;
        }
        if (s.projection != null && s.projection.view().equals(p.view())) {
            return;
        }
        // Its place in ring ++ joined: a switch AdmitSwitch adds is in the joined list.
        int position = p.positionOf(s.id);
        if (position < 0 && m.joined().contains(s.id) && coord != null) {
            return; // AdmitSwitch admits no coordinator (its own view change goes on)
        }
        if (position < 0 && m.joined().contains(s.id)) {
            position = p.ring().size() + m.joined().indexOf(s.id);
        }
        if (position >= 0 && m.incarnations().get(position) != s.incarnation) {
            return; // addressed to an earlier life of this switch
        }
        TrimPoints trims = TrimPoints.of(m.trimPending(), m.trimPoint());
        if (position < 0) {
            // Left out of the ring: no role in this view; ask to be added back.
            coord = null;
            s.leaveRing(p.view(), trims);
            inactiveSinceTick = s.now;
            announce();
            return;
        }
        s.install(new InstallDecision(p, m.rewriteFrom(), trims, m.incarnations(), m.joined()));
    }

    /** InstallView, this handler's part (Switch applies the decision to every handler). */
    void onViewInstalled(InstallDecision d) {
        Projection p = d.projection();
        viewIncarnations = d.incarnations();
        joiners.clear();
        admission = null;
        java.util.Arrays.fill(joinAskingSinceTick, -1);
        preVote.cancel();
        if (coord != null && !coord.view.isAfter(p.view())) {
            coord = null;
        }
    }

    /** Seal and rewrite retransmission, view-change timeouts, Join announcements, Install resends. */
    void onTick(TrimPoints trims) {
        preVote.onTick();
        if (coord != null) {
            long timeout = s.config.viewChangeTimeoutTicks() + s.staggerTicks();
            // A long log's seal pages are progress: the timeout runs from the last page taken.
            if (s.now - coord.lastPageTick >= timeout) {
                // While its pre-vote waits, the running view change goes on (it may still finish).
                if (suspect("view change did not finish in time", trims)) {
                    return;
                }
            }
            if (coord.phase == Coordinator.SEALING) {
                if (s.now - coord.lastSealTick >= s.config.sealRetryTicks()) {
                    sendSeals();
                }
                maybeChoose();
            } else if (s.now - coord.lastRewriteTick >= s.config.writeRetryTicks()) {
                sendRewrites();
            }
            return;
        }
        if (s.active()) {
            resendInstall();
            resendAdmission();
            return;
        }
        if (s.projection == null && s.now - lastJoinTick >= s.config.joinRetryTicks()) {
            announce();
        }
        long patience = s.config.viewChangeTimeoutTicks() * (s.projection == null ? 2L : 1L) + s.staggerTicks();
        if (s.now - inactiveSinceTick >= patience) {
            suspect("inactive too long", trims);
        }
    }

    /** The admission's Install again, every sealRetryTicks, a few times (as a view change's Install). */
    private void resendAdmission() {
        if (admission == null || admissionResendsLeft == 0 || !admission.projection().view().equals(s.view)
                || s.now - admissionSentTick < s.config.sealRetryTicks()) {
            return;
        }
        admissionResendsLeft--;
        admissionSentTick = s.now;
        for (SwitchId y : admitted) {
            s.effects.send(y, admission);
        }
    }

    private void resendInstall() {
        if (lastInstall == null || installResendsLeft == 0
                || !lastInstall.projection().view().equals(s.view)
                || s.now - lastInstallSentTick < s.config.sealRetryTicks()) {
            return;
        }
        installResendsLeft--;
        lastInstallSentTick = s.now;
        for (SwitchId member : lastInstall.projection().ring()) {
            if (!member.equals(s.id)) {
                s.effects.send(member, lastInstall);
            }
        }
    }
}
