package io.ringworld.kernel.invariant;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.Config;
import io.ringworld.kernel.Effects;
import io.ringworld.kernel.Effect;
import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.Result;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.internal.LongMap;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The global invariants, checked from the outside: a host calls {@link #afterStep} with the node
 * and the effects of every step it applies (before applying them or right after, in step order).
 * The checker keeps ghost state, as a spec would: every write sent per {@code (index, view)}, the
 * servers that acknowledged it durably, and thus the entries chosen by a majority.
 *
 * <p>Checked: UniqueAssignment (one assignment and one payload per (index, view)),
 * OneTokenPerView (one sender and one {@code h} per (view, hop)), CommitNeedsMajority (an
 * AppendReply, a token's committed prefix, a completed append or a read redirect only covers
 * indices a majority acknowledged in one view), Agreement (no two payloads chosen at one index),
 * CommittedStable (no write of a later view carries another payload than the chosen one),
 * ReadCommitted (a read returns the chosen payload; NotYet only for an index beyond every append
 * completed and every tail returned before the read began; no payload for an index a read that
 * completed before it began found Trimmed), TailCoversCompleted and TailMonotonic (across
 * all clients, in real time as seen by the host).
 *
 * <p>Memory: full ghost state only for indices above the committed prefix; below it, two
 * references per index.
 */
public final class ClusterInvariants {
    private static final int TOKEN_HOPS_REMEMBERED = 256;
    private static final int TOKEN_VIEWS_REMEMBERED = 8;

    /** Ghost state of one index: the writes per view (usually one or two views), flat arrays. */
    private static final class Ghost {
        View[] views = new View[2];
        Payload[] payloads = new Payload[2];
        int[] acks = new int[2];
        int n;
        ClientId assignedClient;
        long assignedRequest;
        View assignedView;
        Payload chosen;
        View chosenView;

        int find(View v) {
            for (int k = 0; k < n; k++) {
                if (views[k].equals(v)) {
                    return k;
                }
            }
            return -1;
        }

        void add(View v, Payload p) {
            if (n == views.length) {
                views = java.util.Arrays.copyOf(views, n * 2);
                payloads = java.util.Arrays.copyOf(payloads, n * 2);
                acks = java.util.Arrays.copyOf(acks, n * 2);
            }
            views[n] = v;
            payloads[n] = p;
            acks[n] = 0;
            n++;
        }
    }

    private static final class TokenTrack {
        final long[] hop = new long[TOKEN_HOPS_REMEMBERED];
        final int[] from = new int[TOKEN_HOPS_REMEMBERED];
        final long[] h = new long[TOKEN_HOPS_REMEMBERED];

        TokenTrack() {
            java.util.Arrays.fill(hop, -1);
        }
    }

    private final Config config;
    private final LongMap<Ghost> ghosts = new LongMap<>(256);
    /**
     * Indices up to the committed prefix a token carried are settled: only their chosen payload
     * and view are kept (dense arrays, index i at slot i), so memory stays small on long runs.
     */
    private Payload[] settledPayloads = new Payload[1024];
    private View[] settledViews = new View[1024];
    private final TreeMap<View, TokenTrack> tokens = new TreeMap<>();
    /** The track of the view the last token had (almost every token): no TreeMap lookup. */
    private View lastTokenView;
    private TokenTrack lastTokenTrack;
    /** Per client index, by request id: the payload of each append in flight. */
    private LongMap<Payload>[] appendPayloads = newMaps(4);
    /** Per client index, by request id: {maxCompletedAppend, maxTailReturned[, maxTrimmedRead]} at the start. */
    private LongMap<long[]>[] tailFloors = newMaps(4);
    /** Per client index, by request id: the index an AppendReply named (one append, one index). */
    private LongMap<Long>[] appendIndices = newMaps(4);
    private long checkedCommittedPrefix;
    private long maxCompletedAppend;
    private long maxTailReturned;
    /**
     * The highest index a completed operation showed trimmed: a read answered Trimmed, or a trim
     * of {@code p} completed (index {@code p - 1}). Trim is a prefix: every index below is trimmed too.
     */
    private long maxTrimmedRead;
    private long chosenCount;
    private long stepsChecked;
    /** Per view, its coordinator's fence: {@code {start, acks of set 0, acks of set 1, ...}} (FencedNeverAdopted). */
    private final TreeMap<View, long[]> fences = new TreeMap<>();
    /** Per view whose fence is on a majority of every replica set: its start. */
    private final TreeMap<View, Long> fencesOnQuorum = new TreeMap<>();

    public ClusterInvariants(Config config) {
        this.config = config;
    }

    @SuppressWarnings("unchecked")
    private static <V> LongMap<V>[] newMaps(int n) {
        LongMap<V>[] maps = new LongMap[n];
        for (int k = 0; k < n; k++) {
            maps[k] = new LongMap<>();
        }
        return maps;
    }

    private LongMap<Payload> appendsOf(ClientId c) {
        if (c.index() >= appendPayloads.length) {
            appendPayloads = grown(appendPayloads, c.index());
        }
        return appendPayloads[c.index()];
    }

    private LongMap<long[]> floorsOf(ClientId c) {
        if (c.index() >= tailFloors.length) {
            tailFloors = grown(tailFloors, c.index());
        }
        return tailFloors[c.index()];
    }

    private static <V> LongMap<V>[] grown(LongMap<V>[] maps, int index) {
        LongMap<V>[] more = java.util.Arrays.copyOf(maps, Math.max(index + 1, maps.length * 2));
        for (int k = maps.length; k < more.length; k++) {
            more[k] = new LongMap<>();
        }
        return more;
    }

    /** Checks the effects of one step of {@code node}. Throws {@link InvariantViolation}. */
    public void afterStep(NodeId node, Iterable<Effect> effects) {
        stepsChecked++;
        if (effects instanceof Effects list) {
            for (int k = 0, n = list.size(); k < n; k++) {
                onEffect(node, list.get(k));
            }
        } else {
            for (Effect e : effects) {
                onEffect(node, e);
            }
        }
    }

    private void onEffect(NodeId node, Effect e) {
        if (e instanceof Effect.Send s) {
            if (s.message() instanceof Message.AppendReply r && s.to() instanceof ClientId c) {
                onAppendReply(c, r);
            } else if (s.message() instanceof Message.AppendReplies replies && s.to() instanceof ClientId c) {
                for (Message.AppendReply r : replies.members()) {
                    onAppendReply(c, r);
                }
            }
            onSend(node, s.message());
        } else if (e instanceof Effect.Outcome o) {
            onOutcome(o);
        }
    }

    private void onSend(NodeId node, Message m) {
        if (m instanceof Message.Merged merged) {
            for (Message member : merged.members()) {
                onSend(node, member);
            }
        } else if (m instanceof Message.Write w) {
            onWrite(w);
        } else if (m instanceof Message.WriteAck a && node instanceof ServerId server) {
            if (a.accepted()) {
                onWriteAck(a, server);
            }
        } else if (m instanceof Message.Token t && node instanceof SwitchId sw) {
            onToken(t, sw);
        } else if (m instanceof Message.Assign a) {
            onAssign(a);
        } else if (m instanceof Message.AppendReply r) {
            if (r.index() <= checkedCommittedPrefix) {
                return; // settled: chosen by a majority (checked when the prefix passed it)
            }
            Ghost g = ghosts.get(r.index());
            int k = g == null ? -1 : g.find(r.view());
            if (!(k >= 0 && hasMajority(g.acks[k]))) {
                throw Invariant.CommitNeedsMajority.violation(node + " answered append #"
                    + r.requestId() + " committed at index " + r.index() + " in " + r.view()
                    + " but a majority of its replica set has not stored it in that view");
            }
        } else if (m instanceof Message.ReadRedirect r) {
            onRedirect(node, r);
        } else if (m instanceof Message.Fence f) {
            fences.putIfAbsent(f.view(), new long[1 + config.replicaSetCount()]);
            fences.get(f.view())[0] = f.start();
        } else if (m instanceof Message.FenceAck a && node instanceof ServerId server) {
            if (a.accepted()) {
                onFenceAck(a.view(), server);
            }
        } else if (m instanceof Message.AppendRequest r) {
            appendsOf(r.client()).put(r.requestId(), r.payload());
        } else if (m instanceof Message.GetTailRequest g) {
            LongMap<long[]> floors = floorsOf(g.client());
            if (floors.get(g.requestId()) == null) {
                floors.put(g.requestId(), new long[] {maxCompletedAppend, maxTailReturned});
            }
        } else if (m instanceof Message.ReadRequest r && node instanceof ClientId) {
            LongMap<long[]> floors = floorsOf(r.client());
            if (floors.get(r.requestId()) == null) {
                floors.put(r.requestId(), new long[] {maxCompletedAppend, maxTailReturned, maxTrimmedRead});
            }
        }
    }

    /** UniqueAssignment for requests: one append is committed at one index, never two. */
    private void onAppendReply(ClientId c, Message.AppendReply r) {
        if (c.index() >= appendIndices.length) {
            appendIndices = grown(appendIndices, c.index());
        }
        Long before = appendIndices[c.index()].put(r.requestId(), r.index());
        if (before != null && before != r.index()) {
            throw Invariant.UniqueAssignment.violation(c + " append #" + r.requestId() + " was sequenced twice:"
                + " committed at index " + before + " and at index " + r.index());
        }
    }

    private Ghost ghost(long index) {
        Ghost g = ghosts.get(index);
        if (g == null) {
            g = new Ghost();
            ghosts.put(index, g);
        }
        return g;
    }

    private boolean hasMajority(int bits) {
        return Integer.bitCount(bits) >= config.majority();
    }

    private void onAssign(Message.Assign a) {
        if (a.index() <= checkedCommittedPrefix) {
            return; // a stale view's sequencer; its writes will be refused
        }
        Ghost g = ghost(a.index());
        if (a.view().equals(g.assignedView)) {
            if (!(a.client().equals(g.assignedClient) && a.requestId() == g.assignedRequest)) {
                throw Invariant.UniqueAssignment.violation("index " + a.index() + " assigned twice in " + a.view() + ": to " + g.assignedClient + "#"
                    + g.assignedRequest + " and to " + a.client() + "#" + a.requestId());
            }
        } else if (g.assignedView == null || a.view().isAfter(g.assignedView)) {
            g.assignedView = a.view();
            g.assignedClient = a.client();
            g.assignedRequest = a.requestId();
        }
    }

    private void onFenceAck(View view, ServerId server) {
        long[] f = fences.get(view);
        if (f == null || fencesOnQuorum.containsKey(view)) {
            return;
        }
        f[1 + server.replicaSet()] |= 1L << server.member();
        for (int set = 0; set < config.replicaSetCount(); set++) {
            if (Long.bitCount(f[1 + set]) < config.majority()) {
                return;
            }
        }
        fencesOnQuorum.put(view, f[0]);
    }

    /**
     * FencedNeverAdopted: {@code w} writes a payload an older view wrote at its index; no fence on a
     * quorum of a view in between may cover that index (the older entry cannot have committed).
     */
    private void checkNotFenced(Ghost g, Message.Write w) {
        if (w.payload().isJunk() || fencesOnQuorum.isEmpty()) {
            return;
        }
        View adoptedFrom = null;
        for (int k = 0; k < g.n; k++) {
            if (g.views[k].isBefore(w.view()) && g.payloads[k].equals(w.payload())
                    && (adoptedFrom == null || g.views[k].isAfter(adoptedFrom))) {
                adoptedFrom = g.views[k];
            }
        }
        if (adoptedFrom == null) {
            return;
        }
        for (Map.Entry<View, Long> f : fencesOnQuorum.subMap(adoptedFrom, false, w.view(), false).entrySet()) {
            if (f.getValue() <= w.index()) {
                throw Invariant.FencedNeverAdopted.violation("index " + w.index() + " is written in " + w.view()
                        + " with " + w.payload() + " of " + adoptedFrom + ", but the fence of " + f.getKey()
                        + " (start " + f.getValue() + ") is on a majority of every replica set: that entry never committed");
            }
        }
    }

    private void onWrite(Message.Write w) {
        if (w.index() <= checkedCommittedPrefix) {
            View cv = settledViews[(int) w.index()];
            Payload chosen = settledPayloads[(int) w.index()];
            if (!w.view().isBefore(cv)) {
                if (!(chosen.equals(w.payload()))) {
                    throw Invariant.CommittedStable.violation("index " + w.index() + " committed with "
                        + chosen + " in " + cv + " is rewritten with " + w.payload() + " in " + w.view());
                }
            }
            return;
        }
        Ghost g = ghost(w.index());
        int k = g.find(w.view());
        if (k >= 0) {
            if (!(g.payloads[k].equals(w.payload()))) {
                throw Invariant.UniqueAssignment.violation("index " + w.index() + " written in "
                    + w.view() + " with " + g.payloads[k] + " and with " + w.payload());
            }
            return;
        }
        checkNotFenced(g, w);
        g.add(w.view(), w.payload());
        if (g.chosen != null && !w.view().isBefore(g.chosenView)) {
            if (!(g.chosen.equals(w.payload()))) {
                throw Invariant.CommittedStable.violation("index " + w.index() + " committed with "
                    + g.chosen + " in " + g.chosenView + " is rewritten with " + w.payload() + " in " + w.view());
            }
        }
    }

    private void onWriteAck(Message.WriteAck a, ServerId server) {
        if (a.index() <= checkedCommittedPrefix) {
            return;
        }
        Ghost g = ghosts.get(a.index());
        int k = g == null ? -1 : g.find(a.view());
        if (k < 0) {
            return;
        }
        boolean before = hasMajority(g.acks[k]);
        g.acks[k] |= 1 << server.member();
        if (before || !hasMajority(g.acks[k])) {
            return;
        }
        Payload p = g.payloads[k];
        if (g.chosen == null) {
            chosenCount++;
        } else {
            if (!(g.chosen.equals(p))) {
                throw Invariant.Agreement.violation("index " + a.index() + " committed with " + g.chosen
                    + " in " + g.chosenView + " and with " + p + " in " + a.view());
            }
        }
        if (g.chosen == null || a.view().isBefore(g.chosenView)) {
            g.chosen = p;
            g.chosenView = a.view();
            for (int j = 0; j < g.n; j++) {
                if (!g.views[j].isBefore(g.chosenView)) {
                    if (!(g.payloads[j].equals(p))) {
                        throw Invariant.CommittedStable.violation("index " + a.index() + " committed with "
                            + p + " in " + a.view() + " was also written with " + g.payloads[j] + " in "
                            + g.views[j]);
                    }
                }
            }
        }
    }

    private void onToken(Message.Token t, SwitchId from) {
        TokenTrack track = lastTokenTrack;
        if (!t.view().equals(lastTokenView)) {
            track = tokens.get(t.view());
            if (track == null) {
                track = new TokenTrack();
                tokens.put(t.view(), track);
                if (tokens.size() > TOKEN_VIEWS_REMEMBERED) {
                    tokens.pollFirstEntry();
                }
            }
            lastTokenView = t.view();
            lastTokenTrack = track;
        }
        int slot = (int) (t.hop() & (TOKEN_HOPS_REMEMBERED - 1)); // hops are >= 0; a power of two
        if (track.hop[slot] == t.hop()) {
            if (!(track.from[slot] == from.index() && track.h[slot] == t.h())) {
                throw Invariant.OneTokenPerView.violation("two tokens in " + t.view() + ": hop " + t.hop() + " sent by switch" + track.from[slot] + " with h="
                    + track.h[slot] + " and by " + from + " with h=" + t.h());
            }
        } else if (t.hop() > track.hop[slot]) {
            track.hop[slot] = t.hop();
            track.from[slot] = from.index();
            track.h[slot] = t.h();
        }
        for (long i = checkedCommittedPrefix + 1; i <= t.c(); i++) {
            Ghost g = ghosts.get(i);
            if (!(g != null && g.chosen != null)) {
                throw Invariant.CommitNeedsMajority.violation(from + " passed a token of " + t.view()
                    + " with committed prefix " + t.c() + " but index " + i + " is not stored by a majority in any view");
            }
        }
        for (long i = checkedCommittedPrefix + 1; i <= t.c(); i++) {
            settle(i, ghosts.remove(i));
        }
        checkedCommittedPrefix = Math.max(checkedCommittedPrefix, t.c());
    }

    private void settle(long i, Ghost g) {
        if (i >= settledPayloads.length) {
            int n = (int) Math.max(i + 1, settledPayloads.length * 2L);
            settledPayloads = java.util.Arrays.copyOf(settledPayloads, n);
            settledViews = java.util.Arrays.copyOf(settledViews, n);
        }
        settledPayloads[(int) i] = g.chosen;
        settledViews[(int) i] = g.chosenView;
    }

    /** The payload a majority chose at {@code index}, or null. */
    private Payload chosenAt(long index) {
        if (index >= 1 && index <= checkedCommittedPrefix) {
            return settledPayloads[(int) index];
        }
        Ghost g = ghosts.get(index);
        return g == null ? null : g.chosen;
    }

    private void onRedirect(NodeId node, Message.ReadRedirect r) {
        if (r.index() <= checkedCommittedPrefix) {
            return;
        }
        Ghost g = ghosts.get(r.index());
        if (g == null || g.chosen == null) {
            // Trimmed indices are redirected without a view; they may predate this checker.
            if (!(r.committedView().equals(View.NONE) && r.index() <= checkedCommittedPrefix)) {
                throw Invariant.ReadCommitted.violation(node + " sent a read of index " + r.index() + " to the servers, but it is not committed");
            }
            return;
        }
        if (!r.committedView().equals(View.NONE)) {
            int k = g.find(r.committedView());
            if (!(k >= 0 && hasMajority(g.acks[k]))) {
                throw Invariant.ReadCommitted.violation(node + " says index " + r.index()
                    + " was committed in " + r.committedView() + " but no majority stored it in that view");
            }
        }
    }

    private void onOutcome(Effect.Outcome o) {
        Result r = o.result();
        Payload appended = appendsOf(o.client()).remove(o.requestId());
        long[] floors = floorsOf(o.client()).remove(o.requestId());
        if (r instanceof Result.Appended a) {
            Payload chosen = chosenAt(a.index());
            if (!(chosen != null)) {
                throw Invariant.CommitNeedsMajority.violation(o.client() + " append #" + o.requestId()
                    + " completed at index " + a.index() + " which no majority stored");
            }
            if (appended != null) {
                if (!(chosen.equals(appended))) {
                    throw Invariant.Agreement.violation(o.client() + " append #" + o.requestId()
                        + " of " + appended + " completed at index " + a.index() + " which holds " + chosen);
                }
            }
            maxCompletedAppend = Math.max(maxCompletedAppend, a.index());
        } else if (r instanceof Result.ReadTrimmed t) {
            maxTrimmedRead = Math.max(maxTrimmedRead, t.index());
        } else if (r instanceof Result.TrimDone t) {
            maxTrimmedRead = Math.max(maxTrimmedRead, t.prefix() - 1);
        } else if (r instanceof Result.ReadValue v) {
            if (floors != null && floors.length > 2) {
                if (!(v.index() > floors[2])) throw Invariant.ReadCommitted.violation(o.client() + " read #" + o.requestId()
                        + " returned a payload at index " + v.index() + " but a read or trim that completed before it"
                        + " began showed every index up to " + floors[2] + " trimmed");
            }
            Payload chosen = chosenAt(v.index());
            if (!(chosen != null && chosen.equals(v.payload()))) {
                throw Invariant.ReadCommitted.violation(o.client() + " read #" + o.requestId() + " returned " + v.payload() + " at index " + v.index()
                    + " but the committed value is " + chosen);
            }
        } else if (r instanceof Result.ReadNotYet n && floors != null) {
            long floor = Math.max(floors[0], floors[1]);
            if (!(n.index() > floor)) {
                throw Invariant.ReadCommitted.violation(o.client() + " read #" + o.requestId() + " answered NotYet"
                    + " for index " + n.index() + " but the log already reached " + floor + " before the read began");
            }
        } else if (r instanceof Result.Tail t) {
            if (floors != null) {
                if (!(t.tail() >= floors[0])) {
                    throw Invariant.TailCoversCompleted.violation(o.client() + " getTail #" + o.requestId()
                        + " returned " + t.tail() + " but an append completed at " + floors[0] + " before it was called");
                }
                if (!(t.tail() >= floors[1])) {
                    throw Invariant.TailMonotonic.violation(o.client() + " getTail #" + o.requestId()
                        + " returned " + t.tail() + " after a getTail returned " + floors[1]);
                }
            }
            // The tail may only cover durable indices, or a view change could hand them out again
            // and a later getTail would go backwards.
            for (long i = maxTailReturned + 1; i <= t.tail(); i++) {
                if (!(chosenAt(i) != null)) {
                    throw Invariant.TailMonotonic.violation(o.client() + " getTail #" + o.requestId()
                        + " returned " + t.tail() + " but index " + i + " is not stored by a majority, so a view change"
                        + " may move the tail back");
                }
            }
            maxTailReturned = Math.max(maxTailReturned, t.tail());
        }
    }

    /** Indices a majority stored in some view (the ghost "chosen" set). */
    public long chosenCount() {
        return chosenCount;
    }

    /** The payload chosen at {@code index}, or null if none yet. */
    public Payload chosen(long index) {
        return chosenAt(index);
    }

    /** The highest committed prefix any token carried. */
    public long committedPrefix() {
        return checkedCommittedPrefix;
    }

    public long stepsChecked() {
        return stepsChecked;
    }

    /** Appends with a request in flight (sent, no outcome yet). */
    public Map<String, Payload> openAppendsForDebug() {
        HashMap<String, Payload> out = new HashMap<>();
        for (int c = 0; c < appendPayloads.length; c++) {
            String client = new ClientId(c) + "#";
            appendPayloads[c].forEach((id, p) -> out.put(client + id, p));
        }
        return out;
    }
}
