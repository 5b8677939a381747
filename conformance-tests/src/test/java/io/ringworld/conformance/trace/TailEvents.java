package io.ringworld.conformance.trace;

import io.ringworld.kernel.Effect;
import io.ringworld.kernel.Effects;
import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.sw.Switch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The getTail part of {@link SpecEventRecorder} (see its class comment): follows the getTails
 * waiting at each switch as the kernel's Queries keeps them, and records GetTailStart,
 * ViewCheckReply and the trace-only GetTailReply through the recorder.
 */
final class TailEvents {
    /** A getTail waiting at a switch: its spec id, the kernel request, whether it took its h yet. */
    private static final class TailWait {
        int g;
        final NodeId client;
        final long requestId;
        boolean taken;

        TailWait(int g, NodeId client, long requestId) {
            this.g = g;
            this.client = client;
            this.requestId = requestId;
        }
    }

    private final SpecEventRecorder rec;
    /** The getTails waiting at each switch (index x = 1..SWITCHES), in the kernel's order. */
    private final List<List<TailWait>> waits = new ArrayList<>();
    /** Whether each switch was active after its last step (index x = 1..SWITCHES). */
    private final boolean[] wasActive;
    /** Waits restarted as a fresh spec getTail at an install ({@link #installed}). */
    int restarts;

    TailEvents(SpecEventRecorder rec) {
        this.rec = rec;
        this.wasActive = new boolean[rec.switches + 1];
        for (int x = 0; x <= rec.switches; x++) {
            waits.add(new ArrayList<>());
        }
    }

    /** Switch x stepped and is {@code active} now; returns whether it was active before. */
    boolean stepped(int x, boolean active) {
        boolean before = wasActive[x];
        wasActive[x] = active;
        return before;
    }

    /** Switch x crashed: the kernel's waiting getTails die with it. */
    void crashed(int x) {
        waits.get(x).clear();
        wasActive[x] = false;
    }

    /**
     * GetTailStart: a GetTailRequest the switch queued (not Busy). The kernel keeps one wait per
     * arrival (a client resends to the next switch every few ticks) and answers each: every
     * arrival is a spec getTail of its own, except a resend that finds the same request waiting
     * here for its h still. The two waits take the same h at the same visit and are confirmed by
     * the same check, so they are one spec getTail (answered twice with the same tail).
     */
    void start(int x, Message.GetTailRequest r, List<Message> sent) {
        if (sent.stream().anyMatch(m -> m instanceof Message.Busy)) {
            return;
        }
        for (TailWait t : waits.get(x)) {
            if (!t.taken && t.requestId == r.requestId() && t.client.equals(r.client())) {
                waits.get(x).add(new TailWait(t.g, r.client(), r.requestId()));
                return;
            }
        }
        int g = rec.tailOps + 1;
        rec.emit("GetTailStart", "g", g, "x", x);
        if (!rec.cut) {
            waits.get(x).add(new TailWait(g, r.client(), r.requestId()));
        }
    }

    /** The token visit of a SequenceBatch at x: the waiting getTails take its h (GetTailStart's second half). */
    void visited(int x) {
        for (TailWait t : waits.get(x)) {
            t.taken = true;
        }
    }

    /**
     * ViewCheckReply: a view check's reply showed a promise above the switch's view and sealed
     * it (onOutranked: the switch was active before this step and is not after it).
     */
    void viewCheckReply(Switch s, int x, Message.ViewCheckReply r, boolean activeBefore) {
        if (activeBefore && !s.status().active() && r.promised().isAfter(r.view())) {
            rec.emit("ViewCheckReply", "x", x, "s", SpecEventRecorder.server(r.from()), "v", rec.spec(r.promised()));
        }
    }

    /** GetTailReply (trace only): the kernel answered a waiting getTail with its tail. */
    void replies(int x, Effects effects) {
        for (Effect e : effects) {
            if (e instanceof Effect.Send send && send.message() instanceof Message.GetTailReply r) {
                TailWait w = null;
                for (TailWait t : waits.get(x)) {
                    if (t.requestId == r.requestId() && t.client.equals(send.to())) {
                        w = t;
                        break;
                    }
                }
                if (w == null) {
                    throw new IllegalStateException("seed " + rec.seed + ": getTail reply without a wait: " + r);
                }
                waits.get(x).remove(w);
                rec.emit("GetTailReply", "g", w.g, "x", x, "tail", r.tail());
            }
        }
    }

    /**
     * Switch x installed a new view, which restarts its waiting getTails (Queries.onViewInstalled:
     * their h must come from a token of the new view). One that took an h in the old view becomes
     * a fresh spec getTail: the spec may have answered it at that visit already (see the
     * recorder's class comment).
     */
    void installed(int x) {
        Map<Integer, Integer> fresh = new HashMap<>();          // waits that were one spec getTail stay one
        for (TailWait t : waits.get(x)) {
            if (t.taken && !rec.cut) {
                Integer g = fresh.get(t.g);
                if (g == null) {
                    g = rec.tailOps + 1;
                    fresh.put(t.g, g);
                    restarts++;
                    rec.emit("GetTailStart", "g", g, "x", x);
                }
                t.g = g;
                t.taken = false;
            }
        }
    }
}
