package io.ringworld.kernel.sw;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.testhooks.PlantedBug;
import io.ringworld.kernel.Projection;
import io.ringworld.kernel.View;
import io.ringworld.kernel.invariant.Invariant;
import io.ringworld.kernel.message.Message;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.function.LongPredicate;

/**
 * Reads and getTail at a switch: ReadRequest (redirect to the replica set once committed,
 * Trimmed or Retry below a done or pending trim: see {@link Trims}), GetTailStart / GetTailReturn.
 */
final class Queries {
    private static final class TailWait {
        final ClientId client;
        final long requestId;
        /** The h taken at the first token visit of the current view, or -1 while waiting for it. */
        long h = -1;
        /** The ViewCheck confirming this getTail's view, or 0 while c < h. */
        long checkId;

        TailWait(ClientId client, long requestId) {
            this.client = client;
            this.requestId = requestId;
        }
    }

    private final Switch s;
    private final ArrayList<Message.ReadRequest> waitingReads = new ArrayList<>();
    /** Reads a token visit showed beyond h, answered NotYet once a ViewCheck confirms the view. */
    private final ArrayList<Message.ReadRequest> notYetReads = new ArrayList<>();
    /** The check each entry of {@link #notYetReads} waits for (0: none started yet). */
    private final ArrayList<Long> notYetChecks = new ArrayList<>();
    private final ArrayList<TailWait> tails = new ArrayList<>();
    /**
     * Reads of committed indices, redirected once a ViewCheck sent after they arrived confirms
     * this switch's view: a switch cut off from a view change does not know the trims of the
     * new view, and must not send a read of a trimmed index to a replica that missed the trim.
     */
    private final ArrayList<Message.ReadRequest> redirectReads = new ArrayList<>();
    /** The check each entry of {@link #redirectReads} waits for (0: none started since it arrived). */
    private final ArrayList<Long> redirectChecks = new ArrayList<>();
    /** The open ViewCheck (one for every getTail ready at once), 0 if none. */
    private long checkId;
    private long nextCheckId = 1;
    private int checkAcks;
    private long checkSentTick;

    Queries(Switch s) {
        this.s = s;
    }

    /** Whether a token visit would answer or move a read or getTail waiting here. */
    boolean waitsOnVisit() {
        return !waitingReads.isEmpty() || !tails.isEmpty();
    }

    /** Reads and getTails waiting here (the switch adds its other queues to bound them all). */
    int waitingCount() {
        return waitingReads.size() + notYetReads.size() + redirectReads.size() + tails.size();
    }

    /**
     * ReadRequest: a committed index is redirected to its replica set with the view it was
     * committed in (or NONE: read a majority); a switch that does not lead the index forwards the
     * request to the leader; the leader keeps an index beyond the tail until its next token visit
     * (NotYet if that token's h is below it), and answers Retry for an assigned, uncommitted one.
     */
    void onRead(Message.ReadRequest r, TrimPoints trims, int queuedElsewhere, LongPredicate leaderCommitted) {
        long i = r.index();
        if (i < 1) {
            s.badInput("read of index " + i);
            return;
        }
        Projection p = s.projection;
        if (i < trims.done()) {
            s.effects.send(r.client(), new Message.ReadTrimmed(r.requestId(), i));
            return;
        }
        // Below a pending trim, or sealed (a view change may carry a trim this switch never
        // hears of): never hand the read to the servers, which may be trimming (see Trims).
        if (i < trims.pending() || !s.active()) {
            if (s.hooks.planted(PlantedBug.EAGER_TRIMMED) && i < trims.pending()) {
                s.effects.send(r.client(), new Message.ReadTrimmed(r.requestId(), i));
                return;
            }
            s.effects.send(r.client(), new Message.ReadRetry(r.requestId(), i));
            return;
        }
        if (committedHere(i, leaderCommitted)) {
            awaitConfirmedView(r, queuedElsewhere);
            return;
        }
        if (!p.leaderOf(i).equals(s.id)) {
            s.effects.send(p.leaderOf(i), r);
            return;
        }
        if (i <= s.highestSeenH) {
            s.effects.send(r.client(), new Message.ReadRetry(r.requestId(), i));
        } else if (waitingReads.contains(r)) {
            return; // a duplicate of a read waiting here: the first is answered
        } else if (waitingCount() + queuedElsewhere >= s.config.pendingRequestsMax()) {
            s.effects.send(r.client(), new Message.Busy(r.requestId()));
        } else {
            waitingReads.add(r);
        }
    }

    /** {@code leaderCommitted}: whether this switch leads an index and committed it (Replication's answer). */
    private boolean committedHere(long i, LongPredicate leaderCommitted) {
        Projection p = s.projection;
        return i <= s.knownCommitted || i < p.start() || leaderCommitted.test(i);
    }

    /** The view index {@code i} was committed in, if this switch knows it; NONE otherwise. */
    private View committedView(long i) {
        Projection p = s.projection;
        return p != null && i >= s.rewriteFrom ? p.view() : View.NONE;
    }

    /** A read of a committed index waits for the next ViewCheck (see {@link #redirectReads}). */
    private void awaitConfirmedView(Message.ReadRequest r, int queuedElsewhere) {
        if (waitingCount() + queuedElsewhere >= s.config.pendingRequestsMax()) {
            s.effects.send(r.client(), new Message.ReadRetry(r.requestId(), r.index()));
            return;
        }
        redirectReads.add(r);
        redirectChecks.add(0L);
        if (checkId == 0) {
            startViewCheck();
        }
    }

    /** The view was confirmed after the read arrived: redirect it, unless a trim covers it by now. */
    private void answerConfirmedRead(Message.ReadRequest r, TrimPoints trims) {
        long i = r.index();
        if (i < trims.done()) {
            s.effects.send(r.client(), new Message.ReadTrimmed(r.requestId(), i));
        } else if (i < trims.pending() || !s.active()) {
            boolean ignoreTrim = s.hooks.planted(PlantedBug.REDIRECT_BELOW_PENDING_TRIM);
            if (ignoreTrim && s.active()) {
                redirect(r, committedView(i), trims);
                return;
            }
            s.effects.send(r.client(), new Message.ReadRetry(r.requestId(), i));
        } else {
            redirect(r, committedView(i), trims);
        }
    }

    /** Hands a read of a committed index to its replica set; RedirectAboveTrim holds here. */
    private void redirect(Message.ReadRequest r, View view, TrimPoints trims) {
        if (!(s.active() && r.index() >= trims.pending())) {
            throw Invariant.RedirectAboveTrim.violation(s.id + " redirects a read of " + r.index() + " to the servers"
                    + (s.active() ? "" : " while not active") + " with trim points " + trims);
        }
        int set = (int) Math.floorMod(r.index(), (long) s.config.replicaSetCount());
        s.effects.send(r.client(), new Message.ReadRedirect(r.requestId(), r.index(), view, s.replicaLists[set]));
    }

    /** GetTailStart: wait for the next token visit at this switch. */
    void onGetTail(Message.GetTailRequest g, int queuedElsewhere) {
        for (TailWait t : tails) {
            if (t.client.equals(g.client()) && t.requestId == g.requestId()) {
                // A duplicate of a getTail waiting here: the first is answered. Answering the
                // copy Busy when the queue is full would fail a getTail in progress (found by
                // the conformance replay's duplicates in the Busy model).
                return;
            }
        }
        if (waitingCount() + queuedElsewhere >= s.config.pendingRequestsMax()) {
            s.effects.send(g.client(), new Message.Busy(g.requestId()));
            return;
        }
        tails.add(new TailWait(g.client(), g.requestId()));
    }

    /**
     * Called at every token visit, after this switch's batch: GetTailStart takes {@code h};
     * GetTailReturn answers once a token of the same view shows {@code c >= h}; waiting reads get
     * NotYet (index beyond h) or Retry. {@code leaderCommitted} and {@code queuedElsewhere} as
     * for {@link #onRead}.
     */
    void onTokenVisit(long h, long c, LongPredicate leaderCommitted, int queuedElsewhere, long dedupEpoch) {
        if (waitingReads.isEmpty() && tails.isEmpty()) {
            return; // the common case: nothing waits for this visit
        }
        boolean ready = false;
        for (Message.ReadRequest r : waitingReads) {
            if (committedHere(r.index(), leaderCommitted)) {
                awaitConfirmedView(r, queuedElsewhere);
            } else if (h < r.index()) {
                if (s.hooks.planted(PlantedBug.NO_TAIL_VIEW_CHECK)) {
                    s.effects.send(r.client(), new Message.ReadNotYet(r.requestId(), r.index()));
                } else {
                    notYetReads.add(r);
                    notYetChecks.add(0L);
                    ready = true;
                }
            } else {
                s.effects.send(r.client(), new Message.ReadRetry(r.requestId(), r.index()));
            }
        }
        waitingReads.clear();
        boolean noWait = s.hooks.planted(PlantedBug.TAIL_WITHOUT_COMMIT);
        boolean noCheck = s.hooks.planted(PlantedBug.NO_TAIL_VIEW_CHECK);
        for (Iterator<TailWait> it = tails.iterator(); it.hasNext(); ) {
            TailWait t = it.next();
            if (t.h < 0) {
                t.h = h;
            }
            if (t.checkId == 0 && (c >= t.h || noWait)) {
                if (noCheck) {
                    s.effects.send(t.client, tailReply(t, dedupEpoch));
                    it.remove();
                } else {
                    ready = true;
                }
            }
        }
        if (ready && checkId == 0) {
            startViewCheck();
        }
    }

    /**
     * GetTailReturn (ViewConfirmed): before answering, a majority of replica set 0 must show no
     * view above ours. A switch cut off from a view change can still hold a token of the old
     * view; without this check it would answer a tail below one the new view already returned.
     */
    private void startViewCheck() {
        checkId = nextCheckId++;
        checkAcks = 0;
        for (TailWait t : tails) {
            if (t.checkId == 0 && t.h >= 0 && (s.knownCommitted >= t.h
                    || s.hooks.planted(PlantedBug.TAIL_WITHOUT_COMMIT))) {
                t.checkId = checkId;
            }
        }
        for (int k = 0; k < notYetChecks.size(); k++) {
            if (notYetChecks.get(k) == 0L) {
                notYetChecks.set(k, checkId);
            }
        }
        for (int k = 0; k < redirectChecks.size(); k++) {
            if (redirectChecks.get(k) == 0L) {
                redirectChecks.set(k, checkId);
            }
        }
        sendViewChecks();
    }

    private void sendViewChecks() {
        Message.ViewCheck m = new Message.ViewCheck(s.projection.view(), checkId, s.id);
        for (int member = 0; member < s.config.membersPerSet(); member++) {
            if ((checkAcks & (1 << member)) == 0) {
                s.effects.send(s.serverIds[0][member], m);
            }
        }
        checkSentTick = s.now;
    }

    /**
     * GetTailReturn: the view is confirmed by a majority of replica set 0, or found stale.
     * Returns the later view a stale check names (this switch was outranked), or null.
     */
    View onViewCheckReply(Message.ViewCheckReply r, TrimPoints trims, long dedupEpoch) {
        if (checkId == 0 || r.checkId() != checkId || !s.active() || !r.view().equals(s.projection.view())
                || r.from().replicaSet() != 0 || r.from().member() >= s.config.membersPerSet()) {
            return null;
        }
        if (r.promised().isAfter(r.view())) {
            answerNotYet(checkId, false);
            answerRedirectReads(checkId, false, trims);
            checkId = 0;
            return r.promised();
        }
        checkAcks |= 1 << r.from().member();
        if (Integer.bitCount(checkAcks) < s.config.majority()) {
            return null;
        }
        long done = checkId;
        checkId = 0;
        answerNotYet(done, true);
        boolean forget = s.hooks.planted(PlantedBug.FORGET_CONFIRMED_TAIL);
        for (Iterator<TailWait> it = tails.iterator(); it.hasNext(); ) {
            TailWait t = it.next();
            if (t.checkId == done) {
                if (!(forget && t.h >= 1)) {
                    s.effects.send(t.client, tailReply(t, dedupEpoch));
                }
                it.remove();
            }
        }
        if (answerRedirectReads(done, true, trims)) {
            startViewCheck(); // reads that arrived during this check need one of their own
        }
        return null;
    }

    /** The reads of check {@code id} are redirected if the view was confirmed, else Retry; true if others wait. */
    private boolean answerRedirectReads(long id, boolean confirmed, TrimPoints trims) {
        boolean othersWait = false;
        int kept = 0;
        for (int k = 0; k < redirectReads.size(); k++) {
            Message.ReadRequest r = redirectReads.get(k);
            long waitsFor = redirectChecks.get(k);
            if (waitsFor == id) {
                if (confirmed) {
                    answerConfirmedRead(r, trims);
                } else {
                    s.effects.send(r.client(), new Message.ReadRetry(r.requestId(), r.index()));
                }
            } else {
                othersWait |= waitsFor == 0L;
                redirectReads.set(kept, r);
                redirectChecks.set(kept, waitsFor);
                kept++;
            }
        }
        redirectReads.subList(kept, redirectReads.size()).clear();
        redirectChecks.subList(kept, redirectChecks.size()).clear();
        return othersWait;
    }

    /** The reads of check {@code id} get NotYet if the view was confirmed, else Retry. */
    private void answerNotYet(long id, boolean confirmed) {
        for (int k = notYetReads.size() - 1; k >= 0; k--) {
            if (notYetChecks.get(k) == id) {
                Message.ReadRequest r = notYetReads.get(k);
                s.effects.send(r.client(), confirmed ? new Message.ReadNotYet(r.requestId(), r.index())
                        : new Message.ReadRetry(r.requestId(), r.index()));
                notYetReads.remove(k);
                notYetChecks.remove(k);
            }
        }
    }

    /** A new view: getTails restart (their h must come from a token of the new view); reads retry. */
    void onViewInstalled() {
        checkId = 0;
        for (TailWait t : tails) {
            t.h = -1;
            t.checkId = 0;
        }
        for (Message.ReadRequest r : waitingReads) {
            s.effects.send(r.client(), new Message.ReadRetry(r.requestId(), r.index()));
        }
        waitingReads.clear();
        for (Message.ReadRequest r : notYetReads) {
            s.effects.send(r.client(), new Message.ReadRetry(r.requestId(), r.index()));
        }
        notYetReads.clear();
        notYetChecks.clear();
        for (Message.ReadRequest r : redirectReads) {
            s.effects.send(r.client(), new Message.ReadRetry(r.requestId(), r.index()));
        }
        redirectReads.clear();
        redirectChecks.clear();
    }

    /** ViewCheck retransmission. */
    void onTick() {
        if (checkId != 0 && s.active() && s.now - checkSentTick >= s.config.writeRetryTicks()) {
            sendViewChecks();
        }
    }

    /** The answer to getTail {@code t}, naming this life and its dedup epoch (Sequencing's, passed by Switch) for the client's next appends. */
    private Message.GetTailReply tailReply(TailWait t, long dedupEpoch) {
        return new Message.GetTailReply(t.requestId, t.h, s.id, s.incarnation, dedupEpoch);
    }
}
