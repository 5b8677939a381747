package io.ringworld.kernel.sw;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.testhooks.PlantedBug;
import io.ringworld.kernel.Projection;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.invariant.Invariant;
import io.ringworld.kernel.message.Message;
import java.util.ArrayList;

/**
 * Trim in two rounds, so that it is linearizable against reads served by any switch.
 *
 * <p><b>Round 1</b> (the linearization point): the switch that took the trim puts
 * {@code trimPending = p} in the token it passes; every ring member that sees it answers
 * ReadRetry for {@code i < p} instead of redirecting to the servers. When the token comes back
 * to this switch ({@code |ring|} hops later, same view) every ring member knows; from then on no
 * ring member hands a read of {@code i < p} to the servers. A read redirected before that may
 * still get the payload: it linearizes at its redirect, before the trim.
 *
 * <p><b>Round 2</b>: only now are servers asked to trim ({@code ServerTrim} with the view; a
 * server promised to a later view refuses). At a majority of every replica set the trim is done:
 * the client gets TrimReply, and the token's {@code trimDone} tells every ring member to answer
 * Trimmed for {@code i < p} at the switch. A server's TRIMMED answer is not final for a client
 * (it tries another server, or a switch): only a switch declares Trimmed, and only for a done trim.
 *
 * <p><b>View change</b>: a done trim was accepted by a majority of every set before any of them
 * promised a later view, so every later coordinator sees its point in a ServerSealReply; but a
 * server's point may also come from a round 2 that reached a minority, so the coordinator takes
 * it as pending, not done (TrimAcrossViewChangesTest). Switches report their pending and done
 * points in SwitchSealReply. Install carries the done point (switches' only) and the pending
 * one; the first member of the new ring drives the highest through both rounds again (a
 * client's own trim restarts too).
 * A switch still active in an older view (cut off from the view change) knows nothing of these
 * trims: it redirects a read only after a ViewCheck confirms its view (see Queries).
 */
final class Trims {
    private static final class TrimOp {
        /** Null for a trim carried over a view change (driven without a client). */
        final ClientId client;
        final long requestId;
        final long prefix;
        long trimId;
        int[] acks;
        /** The hop of the token this switch passed carrying the trim; -1 until it passed one. */
        long round1Hop = -1;
        /** The view of round 2 (ServerTrim), or null while in round 1. */
        View round2View;
        long lastSentTick;
        /** Put on a token at least once: the trim may be in effect somewhere from then on. */
        boolean started;
        final long createdTick;

        TrimOp(ClientId client, long requestId, long prefix, int sets, long now) {
            this.createdTick = now;
            this.client = client;
            this.requestId = requestId;
            this.prefix = prefix;
            this.acks = new int[sets];
        }
    }

    private final Switch s;
    /** Open trims in start order (deterministic iteration). */
    private final ArrayList<TrimOp> ops = new ArrayList<>();
    /**
     * The highest done trim, still sent to the servers that have not acknowledged it, so every
     * replica reclaims the space (clients never take a server's TRIMMED as final, see above).
     */
    private TrimOp background;
    private long nextTrimId = 1;
    /** The trim points this switch knows; only this class changes them. */
    private TrimPoints points = TrimPoints.NONE;

    Trims(Switch s) {
        this.s = s;
    }

    TrimPoints points() {
        return points;
    }

    int openCount() {
        return ops.size();
    }

    java.util.List<SwitchStatus.OpenTrim> snapshot() {
        java.util.List<SwitchStatus.OpenTrim> out = new ArrayList<>(ops.size());
        for (TrimOp op : ops) {
            out.add(new SwitchStatus.OpenTrim(op.prefix, op.client != null, op.started));
        }
        return out;
    }

    /**
     * Trim: round 1 starts at the first token visit that shows every index below the prefix
     * committed (never trims an index not known committed, and never trims less than asked:
     * SharedLog's trim(p) trims exactly below p). A trim still waiting for that after
     * {@code clientTrimTimeoutTicks} is dropped: it had no effect, and its client gave up.
     * {@code queued} is what the switch already queues (appends, reads, getTails, trims);
     * {@code knownCommitted} the committed prefix it knows.
     */
    void onTrim(Message.TrimRequest t, int queued, long knownCommitted) {
        long prefix = t.prefix();
        if (prefix <= points.done()) {
            s.effects.send(t.client(), new Message.TrimReply(t.requestId(), Math.max(1, prefix)));
            return;
        }
        if (s.projection == null) {
            return; // no ring to run round 1 in; the client retries at another switch
        }
        for (TrimOp op : ops) {
            if (op.client != null && op.client.equals(t.client()) && op.requestId == t.requestId()) {
                return; // a retransmission of a trim already under way here
            }
        }
        if (queued >= s.config.pendingRequestsMax()) {
            s.effects.send(t.client(), new Message.Busy(t.requestId()));
            return;
        }
        start(t.client(), t.requestId(), prefix);
        if (s.hooks.planted(PlantedBug.TRIM_ONE_ROUND) && prefix <= knownCommitted + 1) {
            TrimOp op = ops.get(ops.size() - 1);
            op.started = true;
            op.round1Hop = Long.MAX_VALUE / 2;
            op.round2View = s.projection.view();
            sendTrims(op);
        }
    }

    private void start(ClientId client, long requestId, long prefix) {
        TrimOp op = new TrimOp(client, requestId, prefix, s.config.replicaSetCount(), s.now);
        op.trimId = nextTrimId++;
        ops.add(op);
    }

    /**
     * A token visit (FoldCommit's trim part): learn the ring's pending and done trim points;
     * a trim whose round-1 token came back starts round 2; new trims ride on the token this
     * switch passes with hop {@code outHop}. The caller then puts {@link #points()} on that token.
     */
    void onTokenVisit(Message.Token t, long outHop, long knownCommitted) {
        learn(TrimPoints.of(t.trimPending(), t.trimDone()));
        // Round 1 goes round every switch the token visits, those admitted too (the specs'
        // TrimR1Done over RingAll): they answer reads as the ring does.
        int ring = s.ringAllSize();
        for (int k = 0; k < ops.size(); k++) {
            TrimOp op = ops.get(k);
            if (op.round2View == null && op.round1Hop >= 0 && t.hop() >= op.round1Hop + ring - 1) {
                op.round2View = s.projection.view();
                sendTrims(op);
            } else if (op.round1Hop < 0 && (op.started || op.prefix <= knownCommitted + 1)) {
                op.started = true;
                op.round1Hop = outHop;
                points = points.pendingAtLeast(op.prefix);
            }
        }
    }

    /** Trim points from a token or an Install; answers the client trims they cover now. */
    void learn(TrimPoints learned) {
        points = points.merge(learned); // never lower: merge takes the higher of each point
        for (int k = ops.size() - 1; k >= 0; k--) {
            TrimOp op = ops.get(k);
            if (op.client != null && op.prefix <= points.done()) {
                ops.remove(k);
                s.effects.send(op.client, new Message.TrimReply(op.requestId, op.prefix));
            }
        }
    }

    private void sendTrims(TrimOp op) {
        Message.ServerTrim m = new Message.ServerTrim(op.trimId, op.prefix, s.id, op.round2View);
        for (int set = 0; set < op.acks.length; set++) {
            for (int member = 0; member < s.config.membersPerSet(); member++) {
                if ((op.acks[set] & (1 << member)) == 0) {
                    s.effects.send(s.serverIds[set][member], m);
                }
            }
        }
        op.lastSentTick = s.now;
    }

    /**
     * Trim round 2: count a server's durable trim; done at a majority of every replica set.
     * Returns the view a refusal names (the switch was outranked), or null.
     */
    View onTrimAck(Message.TrimAck a) {
        if (a.from().replicaSet() >= s.config.replicaSetCount() || a.from().member() >= s.config.membersPerSet()) {
            s.badInput("TrimAck from unknown server " + a.from());
            return null;
        }
        if (!a.accepted()) {
            return a.promised();
        }
        if (background != null && a.trimId() == background.trimId) {
            onBackgroundTrimAck(a);
            return null;
        }
        TrimOp op = null;
        for (TrimOp o : ops) {
            if (o.trimId == a.trimId() && o.round2View != null) {
                op = o;
                break;
            }
        }
        if (op == null) {
            return null;
        }
        op.acks[a.from().replicaSet()] |= 1 << a.from().member();
        boolean oneSet = s.hooks.planted(PlantedBug.TRIM_DONE_ON_ONE_SET);
        if (!(oneSet && Integer.bitCount(op.acks[a.from().replicaSet()]) >= s.config.majority())) {
            for (int set : op.acks) {
                if (Integer.bitCount(set) < s.config.majority()) {
                    return null;
                }
            }
        }
        finish(op);
        return null;
    }

    /** The trim is done: answer its client, keep it as the background trim, learn its point. */
    private void finish(TrimOp op) {
        checkDone(op);
        ops.remove(op);
        if (op.client != null) {
            s.effects.send(op.client, new Message.TrimReply(op.requestId, op.prefix));
        }
        if (background == null || op.prefix >= background.prefix) {
            background = op;
        }
        learn(new TrimPoints(op.prefix, op.prefix));
    }

    /** TrimDoneNeedsQuorum: round 1 went round the ring and round 2 is on a majority of every set. */
    private void checkDone(TrimOp op) {
        boolean quorum = op.round1Hop >= 0 && op.round2View != null;
        for (int set : op.acks) {
            quorum &= Integer.bitCount(set) >= s.config.majority();
        }
        if (!quorum) {
            throw Invariant.TrimDoneNeedsQuorum.violation(s.id + " declares the trim below " + op.prefix
                    + " done with round-1 hop " + op.round1Hop + ", round-2 view " + op.round2View + " and acks "
                    + java.util.Arrays.toString(op.acks) + " (bitmaps per replica set, a majority is "
                    + s.config.majority() + ")");
        }
    }

    private void onBackgroundTrimAck(Message.TrimAck a) {
        background.acks[a.from().replicaSet()] |= 1 << a.from().member();
        int all = (1 << s.config.membersPerSet()) - 1;
        for (int set : background.acks) {
            if (set != all) {
                return;
            }
        }
        background = null;
    }

    /**
     * InstallView: every open trim restarts at round 1 in the new view (fresh ids: acks of the
     * old view's round 2 are not counted). The first ring member drives the highest trim the
     * Install names, so a trim whose switch died still completes.
     */
    void onViewInstalled(Projection p, TrimPoints installed) {
        background = null;
        learn(installed);
        for (TrimOp op : ops) {
            restart(op);
        }
        long highest = points.pending();
        if (p.first().equals(s.id) && highest > 1) {
            for (TrimOp op : ops) {
                if (op.prefix >= highest) {
                    return;
                }
            }
            start(null, 0, highest);
            ops.get(ops.size() - 1).started = true; // known committed: the Install says so
        }
    }

    private void restart(TrimOp op) {
        op.trimId = nextTrimId++;
        op.acks = new int[s.config.replicaSetCount()];
        op.round1Hop = -1;
        op.round2View = null;
    }

    /** Round-2 retransmission (round 1 rides on the token, which retransmits itself). */
    void onTick() {
        for (int k = ops.size() - 1; k >= 0; k--) {
            TrimOp op = ops.get(k);
            if (!op.started && s.now - op.createdTick >= s.config.clientTrimTimeoutTicks()) {
                ops.remove(k);
                continue;
            }
            if (op.round2View != null && s.now - op.lastSentTick >= s.config.writeRetryTicks()) {
                sendTrims(op);
            }
        }
        if (background != null && s.now - background.lastSentTick >= s.config.writeRetryTicks()) {
            sendTrims(background);
        }
    }
}
