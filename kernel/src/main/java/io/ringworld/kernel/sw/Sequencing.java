package io.ringworld.kernel.sw;

import io.ringworld.kernel.testhooks.PlantedBug;
import io.ringworld.kernel.View;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.Projection;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.internal.LongMap;
import io.ringworld.kernel.invariant.Invariant;
import io.ringworld.kernel.message.Message;
import java.util.ArrayDeque;

/**
 * Token handling and batch sequencing (RingSequencing): ClientAppend, SequenceBatch, PassToken,
 * TokenAck, FoldCommit, DropStaleToken.
 */
final class Sequencing {
    /** Request ids remembered per client to drop duplicated AppendRequests (never sequence twice). */
    private static final int DEDUP_WINDOW = 64;

    private final Switch s;
    private final ArrayDeque<Message.AppendRequest> pending = new ArrayDeque<>();
    /**
     * Per client index: {highest request id seen, bitmap of the 64 ids below it}; at most
     * {@code config.dedupClientsMax()} clients, then a new {@link #dedupEpoch} starts empty.
     */
    private final LongMap<long[]> seenRequests = new LongMap<>();
    /**
     * The dedup epoch of this life: appends addressed to another one are refused (AppendStale),
     * since the ids seen in it are forgotten. Starts at 0; grows by one each time the table of
     * clients is full and one more client appends.
     */
    private long dedupEpoch;
    /** Highest hop processed in the installed view: a token with hop <= this is a duplicate. */
    private long lastHopProcessed = -1;
    private long lastTokenTick;
    /** Highest index this switch handed out in the installed view (UniqueAssignment, locally). */
    private long lastAssigned;
    private Message.Token outToken;
    private SwitchId outTo;
    private long outSentTick;
    private long outFirstSentTick;

    Sequencing(Switch s) {
        this.s = s;
    }

    int pendingCount() {
        return pending.size();
    }

    /**
     * ClientAppend: queue the request for the next token visit, or answer Busy if full. A
     * request addressed to another life of this switch is refused (AppendStale).
     */
    void onClientAppend(Message.AppendRequest r, int waiting) {
        if (r.switchIncarnation() != s.incarnation || r.dedupEpoch() != dedupEpoch) {
            // Addressed to another life or dedup epoch: maybe a duplicate of a request an earlier
            // one already sequenced, whose id this one cannot remember. Never sequence it.
            refuse(r);
            return;
        }
        long[] w = seen(r.client());
        if (w == null) {
            // The table of clients is full: a new epoch forgets them all (bounded memory); this
            // request and every other one addressed to the old epoch is refused (DedupEpoch).
            dedupEpoch++;
            seenRequests.clear();
            refuse(r);
            return;
        }
        int verdict = dedup(w, r.requestId());
        if (verdict == DUPLICATE) {
            return;
        }
        if (verdict == TOO_OLD) {
            // A copy older than the dedup window: a network duplicate of a request that may have
            // been sequenced, or a very late original. Its fate is unknown here: refused, never
            // dropped unanswered (Busy would tell the client it failed); the client's append ends
            // by its reply or times out INDETERMINATE. Clients never resend an append.
            refuse(r);
            return;
        }
        // Marked even when refused: a later duplicate of a request answered Busy must not be
        // sequenced (the client was told it failed). Campaign seed 1559 (2 switches) found both.
        mark(w, r.requestId());
        if (pending.size() + waiting >= s.config.pendingRequestsMax()) {
            s.effects.send(r.client(), new Message.Busy(r.requestId()));
            return;
        }
        pending.addLast(r);
    }

    /** AppendStale: this life and epoch cannot vouch that {@code r} was not sequenced before. */
    private void refuse(Message.AppendRequest r) {
        s.effects.send(r.client(), new Message.AppendStale(r.requestId(), s.id, s.incarnation, dedupEpoch));
    }

    /** The client's dedup window, made if new; null if the table of clients is full. */
    private long[] seen(ClientId c) {
        long[] w = seenRequests.get(c.index());
        if (w == null) {
            if (seenRequests.size() >= s.config.dedupClientsMax()) {
                return null;
            }
            w = new long[2];
            seenRequests.put(c.index(), w);
        }
        return w;
    }

    /** The client's dedup window in this epoch, or null if it holds none (Switch.dedupWindow). */
    DedupWindow window(ClientId c) {
        long[] w = seenRequests.get(c.index());
        return w == null ? null : new DedupWindow(w[0], w[1]);
    }

    /** The dedup epoch of this life (SwitchStatus). */
    long dedupEpoch() {
        return dedupEpoch;
    }

    /** Clients whose append ids this switch remembers now (at most dedupClientsMax). */
    int dedupClients() {
        return seenRequests.size();
    }

    private static final int FRESH = 0;
    private static final int DUPLICATE = 1;
    private static final int TOO_OLD = 2;

    /** w[0] = highest request id seen, w[1] = bitmap of ids highest-63..highest. */
    private static int dedup(long[] w, long requestId) {
        if (requestId > w[0]) {
            return FRESH;
        }
        long d = w[0] - requestId;
        if (d >= DEDUP_WINDOW) {
            return TOO_OLD;
        }
        return (w[1] & (1L << d)) != 0 ? DUPLICATE : FRESH;
    }

    private static void mark(long[] w, long requestId) {
        if (requestId > w[0]) {
            long shift = requestId - w[0];
            w[1] = shift >= DEDUP_WINDOW ? 0 : w[1] << shift;
            w[0] = requestId;
            w[1] |= 1;
        } else {
            w[1] |= 1L << (w[0] - requestId);
        }
    }

    /**
     * SequenceBatch / PassToken / FoldCommit / DropStaleToken. A token of another view than the
     * installed one, or any token while sealed, is dropped unacknowledged (DropStaleToken); a
     * duplicate hop is acknowledged again but not processed. Returns true if the switch visits
     * the token now: it then runs {@link #batchSize}, {@link #nextInBatch}, {@link #foldCommit} and
     * {@link #passToken} around the other handlers' parts of the visit (see Switch).
     */
    boolean accept(Message.Token t) {
        if (!s.active() || !t.view().equals(s.projection.view())) {
            return false;
        }
        // Only the predecessor passes the token, or the minter to itself (hop 0). Anything else
        // is malformed: acking it would leave the real predecessor retransmitting, and visiting
        // it would make the real token a duplicate (conformance stutter steps).
        // The predecessor in the token's own ring ++ joined (AdmitSwitch): the first member's
        // predecessor is the last switch it admitted once the token says so.
        if (!joinedFits(t.joined())) {
            s.badInput("token of " + t.view() + " hop " + t.hop() + " with joined " + t.joined()
                    + ", not a growth of " + s.joined + " outside ring " + s.projection.ring());
            return false;
        }
        boolean fromMinter = t.hop() == 0 && t.from().equals(s.id) && s.projection.first().equals(s.id);
        if (!fromMinter && !t.from().equals(neighbour(t.joined(), -1))) {
            s.badInput("token of " + t.view() + " hop " + t.hop() + " from " + t.from() + ", not the predecessor");
            return false;
        }
        s.effects.send(t.from(), new Message.TokenAck(t.view(), t.hop(), s.id));
        if (t.hop() <= lastHopProcessed) {
            return false;
        }
        lastHopProcessed = t.hop();
        lastTokenTick = s.now;
        if (!(t.h() >= lastAssigned)) {
            throw Invariant.UniqueAssignment.violation(s.id + " got a token with h=" + t.h() + " below an index it assigned, " + lastAssigned);
        }
        return true;
    }

    /**
     * A token's joined list is one this switch can take: switches of the configuration outside
     * the view's ring, none twice, and the list this switch knows or a growth of it (or, an older
     * copy, a prefix of it): the first member only ever appends.
     */
    private boolean joinedFits(java.util.List<SwitchId> joined) {
        java.util.List<SwitchId> known = s.joined;
        int common = Math.min(joined.size(), known.size());
        if (!joined.subList(0, common).equals(known.subList(0, common))) {
            return false;
        }
        for (int k = 0; k < joined.size(); k++) {
            SwitchId j = joined.get(k);
            if (j.index() >= s.config.switchCount() || s.projection.contains(j) || joined.indexOf(j) != k) {
                return false;
            }
        }
        return true;
    }

    /**
     * The switch {@code step} places after (+1) or before (-1) this one in {@code ring ++ joined}
     * of the installed view, or null if this switch is in neither (a token from before its admission).
     */
    private SwitchId neighbour(java.util.List<SwitchId> joined, int step) {
        java.util.List<SwitchId> ring = s.projection.ring();
        int size = ring.size() + joined.size();
        int at = ring.indexOf(s.id);
        if (at < 0) {
            int k = joined.indexOf(s.id);
            if (k < 0) {
                return null;
            }
            at = ring.size() + k;
        }
        int next = Math.floorMod(at + step, size);
        return next < ring.size() ? ring.get(next) : joined.get(next - ring.size());
    }

    /**
     * MintToken: the first ring member creates {@code <v', start - 1>} and passes it to itself,
     * like any pass (retransmitted until acknowledged). Its first visit is then an ordinary
     * SequenceBatch step, as in the spec, where MintToken and the minter's first SequenceBatch
     * are two steps that other steps may come between (conformance finding F7: visiting at once
     * answered a getTail before any spec behaviour could).
     */
    void mint(Projection p, TrimPoints trims) {
        boolean oneLow = s.hooks.planted(PlantedBug.MINT_ONE_LOW) && p.view().isAfter(View.INITIAL);
        long base = p.start() - (oneLow ? 2 : 1);
        outTo = s.id;
        outToken = new Message.Token(p.view(), base, base, base, 0, s.id, trims.pending(), trims.done());
        outSentTick = s.now;
        outFirstSentTick = s.now;
        s.effects.send(outTo, outToken);
    }

    /**
     * SequenceBatch: how many queued appends this visit assigns, bounded so that no leader's
     * status map can overflow ({@code h - c <= statusMapSlotsMax * |ring|}).
     */
    long batchSize(Message.Token t) {
        long window = t.c() + (long) s.config.statusMapSlotsMax() * s.projection.ring().size() - t.h();
        return Math.max(0, Math.min(pending.size(), window));
    }

    /** SequenceBatch: the next queued append, in arrival order; the caller assigns it the next index. */
    Message.AppendRequest nextInBatch() {
        return pending.pollFirst();
    }

    /** The visit assigned every index up to {@code h} ({@link #accept} checks the next token is not below it). */
    void assignedUpTo(long h) {
        lastAssigned = h;
    }

    /** FoldCommit's result: the token's committed prefix {@code c} and the round's minimum. */
    record Fold(long c, long roundMin) {
    }

    /**
     * FoldCommit: the first ring member closes a round (the round's minimum becomes {@code c});
     * the others fold in {@code mine}, their commit index as leader.
     */
    Fold foldCommit(Message.Token t, long h, long mine) {
        long c;
        long roundMin;
        if (s.hooks.planted(PlantedBug.SKIP_COMMIT_FOLD)) {
            c = t.c();
            roundMin = t.roundMin();
        } else if (s.projection.first().equals(s.id)) {
            c = Math.max(t.c(), t.roundMin());
            roundMin = mine;
        } else if (!s.projection.contains(s.id)) {
            // A switch admitted without a view change leads nothing: it folds nothing in (the
            // specs' LocalCommit of a non-leader is vacuous); its commit index must not lower c.
            c = t.c();
            roundMin = t.roundMin();
        } else {
            c = t.c();
            roundMin = Math.min(t.roundMin(), mine);
        }
        if (!(c <= h)) {
            throw Invariant.TypeOK.violation(s.id + " token committed prefix " + c + " above h " + h);
        }
        return new Fold(c, roundMin);
    }

    /**
     * PassToken: to the successor in {@code ring ++ joined} ({@code joined}: the visited token's,
     * with the switch this visit admitted), retransmitted on ticks until it acknowledges.
     */
    void passToken(Message.Token t, long h, Fold fold, TrimPoints trims, java.util.List<SwitchId> joined) {
        outTo = neighbour(joined, +1);
        outToken = new Message.Token(s.projection.view(), h, fold.c(), fold.roundMin(), t.hop() + 1, s.id,
                trims.pending(), trims.done(), joined);
        outSentTick = s.now;
        outFirstSentTick = s.now;
        s.effects.send(outTo, outToken);
    }

    long lastHopProcessed() {
        return lastHopProcessed;
    }

    /** TokenAck: the successor has the token; stop retransmitting. */
    void onTokenAck(Message.TokenAck a) {
        if (outToken != null && a.view().equals(outToken.view()) && a.hop() == outToken.hop()) {
            outToken = null;
        }
    }

    /**
     * PassToken retransmission and failure detection of the successor and of the token. Returns
     * why the switch suspects a failure (it then starts a view change), or null.
     */
    String onTick() {
        if (!s.active()) {
            return null;
        }
        if (outToken != null) {
            if (s.now - outFirstSentTick >= s.config.suspectTimeoutTicks()) {
                outToken = null;
                return "successor never acknowledged the token";
            }
            if (s.now - outSentTick >= s.config.tokenRetransmitTicks()) {
                outSentTick = s.now;
                s.effects.send(outTo, outToken);
            }
        } else if (s.now - lastTokenTick >= s.config.tokenLossTimeoutTicks() + s.staggerTicks()) {
            return "token lost";
        }
        return null;
    }

    /** SwitchSeal: stop sequencing in the old view (pending requests stay queued). */
    void onSealed() {
        outToken = null;
    }

    /** InstallView: a fresh token life begins. */
    void onInstalled() {
        outToken = null;
        lastHopProcessed = -1;
        lastAssigned = 0;
        lastTokenTick = s.now;
    }

    /** True while this switch holds the token un-acknowledged (it has the only copy in flight). */
    boolean holdsToken() {
        return outToken != null;
    }
}
