package io.ringworld.kernel.sw;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.PlantedBug;
import io.ringworld.kernel.Projection;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.message.Message;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;

/**
 * Reads, getTail and trim at a switch: ReadRequest (redirect to the replica set once committed),
 * GetTailStart / GetTailReturn, Trim.
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

    private static final class TrimOp {
        final ClientId client;
        final long requestId;
        final long prefix;
        final int[] acks;
        long lastSentTick;

        TrimOp(ClientId client, long requestId, long prefix, int sets) {
            this.client = client;
            this.requestId = requestId;
            this.prefix = prefix;
            this.acks = new int[sets];
        }
    }

    private final Switch s;
    private final ArrayList<Message.ReadRequest> waitingReads = new ArrayList<>();
    /** Reads a token visit showed beyond h, answered NotYet once a ViewCheck confirms the view. */
    private final ArrayList<Message.ReadRequest> notYetReads = new ArrayList<>();
    /** The check each entry of {@link #notYetReads} waits for (0: none started yet). */
    private final ArrayList<Long> notYetChecks = new ArrayList<>();
    private final ArrayList<TailWait> tails = new ArrayList<>();
    /** Insertion-ordered by trim id (ids only grow), so iteration is deterministic. */
    private final HashMap<Long, TrimOp> trims = new HashMap<>();
    private final ArrayList<Long> trimOrder = new ArrayList<>();
    /**
     * The highest answered trim, still sent to the servers that have not acknowledged it: a
     * replica that missed a trim would keep serving the payload after others answer Trimmed.
     */
    private TrimOp backgroundTrim;
    private long backgroundTrimId;
    private long nextTrimId = 1;
    /** The open ViewCheck (one for every getTail ready at once), 0 if none. */
    private long checkId;
    private long nextCheckId = 1;
    private int checkAcks;
    private long checkSentTick;

    Queries(Switch s) {
        this.s = s;
    }

    int waitingCount() {
        return waitingReads.size() + notYetReads.size() + tails.size() + trims.size();
    }

    /**
     * ReadRequest: a committed index is redirected to its replica set with the view it was
     * committed in (or NONE: read a majority); a switch that does not lead the index forwards the
     * request to the leader; the leader keeps an index beyond the tail until its next token visit
     * (NotYet if that token's h is below it), and answers Retry for an assigned, uncommitted one.
     */
    void onRead(Message.ReadRequest r) {
        long i = r.index();
        if (i < 1) {
            s.badInput("read of index " + i);
            return;
        }
        Projection p = s.projection;
        if (i < s.knownTrimPoint) {
            redirect(r, View.NONE);
            return;
        }
        if (p == null) {
            s.effects.send(r.client(), new Message.ReadRetry(r.requestId(), i));
            return;
        }
        if (committedHere(i)) {
            redirect(r, committedView(i));
            return;
        }
        if (!s.active()) {
            s.effects.send(r.client(), new Message.ReadRetry(r.requestId(), i));
            return;
        }
        if (!p.leaderOf(i).equals(s.id)) {
            s.effects.send(p.leaderOf(i), r);
            return;
        }
        if (i <= s.highestSeenH) {
            s.effects.send(r.client(), new Message.ReadRetry(r.requestId(), i));
        } else if (waitingCount() >= s.config.pendingRequestsMax()) {
            s.effects.send(r.client(), new Message.Busy(r.requestId()));
        } else {
            waitingReads.add(r);
        }
    }

    private boolean committedHere(long i) {
        Projection p = s.projection;
        return i <= s.knownCommitted || i < p.start() || s.replication.isCommitted(i);
    }

    /** The view index {@code i} was committed in, if this switch knows it; NONE otherwise. */
    private View committedView(long i) {
        Projection p = s.projection;
        return p != null && i >= s.rewriteFrom ? p.view() : View.NONE;
    }

    private void redirect(Message.ReadRequest r, View view) {
        int sets = s.config.replicaSetCount();
        int set = (int) Math.floorMod(r.index(), (long) sets);
        List<ServerId> replicas = new ArrayList<>(s.config.membersPerSet());
        for (int m = 0; m < s.config.membersPerSet(); m++) {
            replicas.add(new ServerId(set, m));
        }
        s.effects.send(r.client(), new Message.ReadRedirect(r.requestId(), r.index(), view, replicas));
    }

    /** GetTailStart: wait for the next token visit at this switch. */
    void onGetTail(Message.GetTailRequest g) {
        if (waitingCount() + s.sequencing.pendingCount() >= s.config.pendingRequestsMax()) {
            s.effects.send(g.client(), new Message.Busy(g.requestId()));
            return;
        }
        tails.add(new TailWait(g.client(), g.requestId()));
    }

    /**
     * Called at every token visit, after this switch's batch: GetTailStart takes {@code h};
     * GetTailReturn answers once a token of the same view shows {@code c >= h}; waiting reads get
     * NotYet (index beyond h) or Retry.
     */
    void onTokenVisit(long h, long c) {
        boolean ready = false;
        for (Message.ReadRequest r : waitingReads) {
            if (committedHere(r.index())) {
                redirect(r, committedView(r.index()));
            } else if (h < r.index()) {
                if (s.config.plantedBug() == PlantedBug.NO_TAIL_VIEW_CHECK) {
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
        boolean noWait = s.config.plantedBug() == PlantedBug.TAIL_WITHOUT_COMMIT;
        boolean noCheck = s.config.plantedBug() == PlantedBug.NO_TAIL_VIEW_CHECK;
        for (Iterator<TailWait> it = tails.iterator(); it.hasNext(); ) {
            TailWait t = it.next();
            if (t.h < 0) {
                t.h = h;
            }
            if (t.checkId == 0 && (c >= t.h || noWait)) {
                if (noCheck) {
                    s.effects.send(t.client, new Message.GetTailReply(t.requestId, t.h));
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
                    || s.config.plantedBug() == PlantedBug.TAIL_WITHOUT_COMMIT)) {
                t.checkId = checkId;
            }
        }
        for (int k = 0; k < notYetChecks.size(); k++) {
            if (notYetChecks.get(k) == 0L) {
                notYetChecks.set(k, checkId);
            }
        }
        sendViewChecks();
    }

    private void sendViewChecks() {
        Message.ViewCheck m = new Message.ViewCheck(s.projection.view(), checkId, s.id);
        for (int member = 0; member < s.config.membersPerSet(); member++) {
            if ((checkAcks & (1 << member)) == 0) {
                s.effects.send(new ServerId(0, member), m);
            }
        }
        checkSentTick = s.now;
    }

    /** GetTailReturn: the view is confirmed by a majority of replica set 0, or found stale. */
    void onViewCheckReply(Message.ViewCheckReply r) {
        if (checkId == 0 || r.checkId() != checkId || !s.active() || !r.view().equals(s.projection.view())
                || r.from().replicaSet() != 0 || r.from().member() >= s.config.membersPerSet()) {
            return;
        }
        if (r.promised().isAfter(r.view())) {
            answerNotYet(checkId, false);
            checkId = 0;
            s.viewChange.onOutranked(r.promised());
            return;
        }
        checkAcks |= 1 << r.from().member();
        if (Integer.bitCount(checkAcks) < s.config.majority()) {
            return;
        }
        long done = checkId;
        checkId = 0;
        answerNotYet(done, true);
        for (Iterator<TailWait> it = tails.iterator(); it.hasNext(); ) {
            TailWait t = it.next();
            if (t.checkId == done) {
                s.effects.send(t.client, new Message.GetTailReply(t.requestId, t.h));
                it.remove();
            }
        }
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
    }

    /**
     * Trim: trims below {@code min(prefix, knownCommitted + 1)} (never an uncommitted index) on
     * every server; answers once a majority of every replica set acknowledged.
     */
    void onTrim(Message.TrimRequest t) {
        long prefix = Math.min(t.prefix(), s.knownCommitted + 1);
        if (prefix <= s.knownTrimPoint) {
            s.effects.send(t.client(), new Message.TrimReply(t.requestId(), Math.max(1, Math.min(t.prefix(),
                    s.knownTrimPoint))));
            return;
        }
        if (waitingCount() + s.sequencing.pendingCount() >= s.config.pendingRequestsMax()) {
            s.effects.send(t.client(), new Message.Busy(t.requestId()));
            return;
        }
        TrimOp op = new TrimOp(t.client(), t.requestId(), prefix, s.config.replicaSetCount());
        long trimId = nextTrimId++;
        trims.put(trimId, op);
        trimOrder.add(trimId);
        sendTrims(trimId, op);
    }

    private void sendTrims(long trimId, TrimOp op) {
        Message.ServerTrim m = new Message.ServerTrim(trimId, op.prefix, s.id);
        for (int set = 0; set < op.acks.length; set++) {
            for (int member = 0; member < s.config.membersPerSet(); member++) {
                if ((op.acks[set] & (1 << member)) == 0) {
                    s.effects.send(new ServerId(set, member), m);
                }
            }
        }
        op.lastSentTick = s.now;
    }

    /** Trim: count a server's durable trim; done at a majority of every replica set. */
    void onTrimAck(Message.TrimAck a) {
        if (a.from().replicaSet() >= s.config.replicaSetCount() || a.from().member() >= s.config.membersPerSet()) {
            s.badInput("TrimAck from unknown server " + a.from());
            return;
        }
        if (backgroundTrim != null && a.trimId() == backgroundTrimId) {
            onBackgroundTrimAck(a);
            return;
        }
        TrimOp op = trims.get(a.trimId());
        if (op == null) {
            return;
        }
        op.acks[a.from().replicaSet()] |= 1 << a.from().member();
        for (int set : op.acks) {
            if (Integer.bitCount(set) < s.config.majority()) {
                return;
            }
        }
        trims.remove(a.trimId());
        trimOrder.remove(Long.valueOf(a.trimId()));
        s.knownTrimPoint = Math.max(s.knownTrimPoint, op.prefix);
        s.effects.send(op.client, new Message.TrimReply(op.requestId, op.prefix));
        if (backgroundTrim == null || op.prefix >= backgroundTrim.prefix) {
            backgroundTrim = op;
            backgroundTrimId = a.trimId();
        }
    }

    private void onBackgroundTrimAck(Message.TrimAck a) {
        backgroundTrim.acks[a.from().replicaSet()] |= 1 << a.from().member();
        int all = (1 << s.config.membersPerSet()) - 1;
        for (int set : backgroundTrim.acks) {
            if (set != all) {
                return;
            }
        }
        backgroundTrim = null;
    }

    /** Trim and ViewCheck retransmission. */
    void onTick() {
        if (checkId != 0 && s.active() && s.now - checkSentTick >= s.config.writeRetryTicks()) {
            sendViewChecks();
        }
        for (Long id : trimOrder) {
            TrimOp op = trims.get(id);
            if (s.now - op.lastSentTick >= s.config.writeRetryTicks()) {
                sendTrims(id, op);
            }
        }
        if (backgroundTrim != null && s.now - backgroundTrim.lastSentTick >= s.config.writeRetryTicks()) {
            sendTrims(backgroundTrimId, backgroundTrim);
        }
    }
}
