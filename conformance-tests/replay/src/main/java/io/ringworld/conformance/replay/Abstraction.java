package io.ringworld.conformance.replay;

import io.ringworld.kernel.Entry;
import io.ringworld.kernel.Projection;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.Result;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.sw.Switch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The abstraction function of the replay: after every step, the kernel's state mapped to the
 * spec's variables and compared with the spec's state (servers' promise and entries, switches'
 * installed view, promise, ring, start and commit index, append, getTail and read outcomes, the
 * in-flight token's h and c). A mismatch throws {@link KernelReplayer.Divergence} naming the
 * variable.
 */
final class Abstraction {
    private final KernelReplayer rp;

    Abstraction(KernelReplayer r) {
        this.rp = r;
    }

    /** True if the spec's history commits payload p at index i (in some view). */
    @SuppressWarnings("unchecked")
    private static boolean committedAt(Map<String, Object> st, long i, long p) {
        for (Object o : (List<Object>) st.get("commits")) {
            Map<String, Object> c = (Map<String, Object>) o;
            if (KernelReplayer.num(c.get("i")) == i && KernelReplayer.num(c.get("p")) == p) {
                return true;
            }
        }
        return false;
    }

    /** SeenView(x) of RingWorldBase: max(sw[x].pv, co[x].v, sw[x].ev). */
    @SuppressWarnings("unchecked")
    private static long seenOf(Map<String, Object> st, int x) {
        Map<String, Object> sx = ((List<Map<String, Object>>) st.get("sw")).get(x - 1);
        Map<String, Object> cx = ((List<Map<String, Object>>) st.get("co")).get(x - 1);
        return Math.max(KernelReplayer.num(sx.get("pv")), Math.max(KernelReplayer.num(cx.get("v")), KernelReplayer.num(sx.get("ev"))));
    }

    /** The spec's Unk payload (RingWorldBase). */
    static final long UNK = -5;

    private boolean unknownAt(int k, long i) {
        if (i < rp.srvs[k].status().trimPoint()) {
            return false;
        }
        for (io.ringworld.kernel.server.IndexRange r : rp.srvs[k].status().unknown()) {
            if (r.contains(i)) {
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    void compare(Map<String, Object> st) {
        // Servers: promised view, entries (view, payload) per index.
        Map<Object, Object> srv = (Map<Object, Object>) st.get("srv");
        for (Map.Entry<Object, Object> e : srv.entrySet()) {
            int k = KernelReplayer.srvIndex(e.getKey());
            Map<String, Object> ss = (Map<String, Object>) e.getValue();
            if (!(Boolean) ss.get("up")) {
                continue;
            }
            String sn = "srv[" + e.getKey() + "]";
            // A server that never promised (kernel View.NONE) accepts the boot view: spec pv 0.
            View promised = rp.srvs[k].status().promisedView();
            long kpv = promised.equals(View.NONE) ? 0L : rp.specView(promised);
            rp.check(sn + ".pv", KernelReplayer.num(ss.get("pv")), kpv);
            // The ballot it promised to (F13): the incarnation of the coordinator, -1 unknown.
            // Issue 19: dk (damaged, not relearned) is the kernel's relearning; while it lasts the
            // server acknowledges nothing, and the kernel's rebuild forgot the ballot (pi) the spec's
            // ServerCorrupt keeps until its relearn sets it to -1: not compared then.
            boolean dk = ss.get("dk") instanceof Boolean b && b;
            rp.check(sn + ".dk", dk, rp.srvs[k].status().relearning());
            if (!dk) {
                rp.check(sn + ".pi", KernelReplayer.num(ss.get("pi")), rp.srvs[k].status().promisedIncarnation());
            }
            rp.check(sn + ".tp (trimPoint)", KernelReplayer.num(ss.get("tp")), rp.srvs[k].status().trimPoint());
            List<Map<String, Object>> ents = (List<Map<String, Object>>) ss.get("st");
            for (int i = 1; i <= ents.size(); i++) {
                Map<String, Object> se = ents.get(i - 1);
                Entry ke = rp.srvs[k].entry(i);
                // The spec's Unk (-5): an index the server cannot vouch for (issue 19).
                long kp = ke == null ? (unknownAt(k, i) ? UNK : -1) : KernelReplayer.specPayload(ke.payload());
                long kv = ke == null ? -1 : rp.specView(ke.view());
                long sv0 = KernelReplayer.num(se.get("v"));
                if (kv > sv0 && rp.specRfOf.containsKey(kv) && i < rp.specRfOf.get(kv) && committedAt(st, i, kp)) {
                    continue; // the kernel's lower rf rewrote a committed index the spec's rf left alone
                }
                rp.check(sn + ".st[" + i + "].p", KernelReplayer.num(se.get("p")), kp);
                long sv = KernelReplayer.num(se.get("v"));
                // Abstraction: both coordinators rewrite only from rf = known committed prefix + 1
                // (every index below is committed and keeps its entry), but the spec's known
                // prefix follows the spec's FoldCommit and the kernel's its round-min fold, so
                // their rf may differ: below the higher of the two, one side may keep the older
                // view of the same (committed) payload; the payload is compared above.
                boolean committedBelowRewrite = sv > kv && kv >= 0 && rp.rewriteFromOf.containsKey(sv) && i < rp.rewriteFromOf.get(sv)
                        || kv > sv && sv >= 0 && rp.specRfOf.containsKey(kv) && i < rp.specRfOf.get(kv);
                if (!committedBelowRewrite) {
                    rp.check(sn + ".st[" + i + "].v", sv, kv);
                }
            }
        }
        // Switches: installed view, promise, ring, start, commit index.
        List<Map<String, Object>> sw = (List<Map<String, Object>>) st.get("sw");
        for (int x = 1; x <= rp.n; x++) {
            Map<String, Object> sx = sw.get(x - 1);
            if (!(Boolean) sx.get("up") || rp.admittedBy[x] != 0) {
                continue; // a joiner the spec admitted before the kernel's visit admits it (KernelReplayer.admittedBy)
            }
            Switch s = rp.sws[x];
            String xn = "sw[" + x + "]";
            Projection p = s.status().projection();
            if (rp.overtakenView[x] != 0 && KernelReplayer.num(sx.get("view")) != rp.overtakenView[x]) {
                rp.overtakenView[x] = 0; // the spec's joiner left the admitted view: compared again
            }
            boolean overtaken = rp.overtakenView[x] != 0;
            rp.check(xn + ".pv", KernelReplayer.num(sx.get("pv")), rp.specView(s.status().view()));
            if (overtaken) {
                // Sealed at the same promise; the spec's admitted projection is not the kernel's
                // (KernelReplayer.overtakenView, F18).
                if (KernelReplayer.num(sx.get("pv")) <= rp.overtakenView[x]) {
                    throw rp.div(xn + ".pv", xn + " overtaken admission to view " + rp.overtakenView[x]
                            + " but the spec's switch is not sealed by a later view");
                }
                View seenNow = s.status().seenView();
                rp.check(xn + ".ev (SeenView)", seenOf(st, x), seenNow.equals(View.NONE) ? 0L : rp.specView(seenNow));
                continue;
            }
            rp.check(xn + ".view", KernelReplayer.num(sx.get("view")), p == null ? -1L : rp.specView(p.view()));
            rp.check(xn + ".td (knownTrimPoint)", KernelReplayer.num(sx.get("td")), s.status().trimDone());
            rp.check(xn + ".tp (pendingTrimPoint)", KernelReplayer.num(sx.get("tp")), s.status().trimPending());
            // SeenView (F13): the highest view it knows of, which a view change starts above; the
            // spec's idle coordination counts as view 0, a restarted kernel switch knows none.
            View seen = s.status().seenView();
            rp.check(xn + ".ev (SeenView)", seenOf(st, x),
                    seen.equals(View.NONE) ? 0L : rp.specView(seen));
            if (p != null) {
                List<Long> ring = new ArrayList<>();
                for (SwitchId y : p.ring()) {
                    ring.add((long) y.index() + 1);
                }
                rp.check(xn + ".ring", sx.get("ring"), ring);
                // Issue 19, AdmitSwitch: the switches admitted to the view (spec jn, kernel
                // joined). The spec updates every member at the admission, which only the
                // member's own later visits read; a kernel member learns the list from the token
                // at its next visit: its list is a prefix of the spec's.
                List<Long> joined = new ArrayList<>();
                for (SwitchId y : s.status().joined()) {
                    joined.add((long) y.index() + 1);
                }
                List<?> jn = sx.get("jn") instanceof List<?> li ? li : List.of();
                if (joined.size() > jn.size() || !jn.subList(0, joined.size()).equals(joined)) {
                    throw rp.div(xn + ".jn", xn + ".jn spec=" + jn + " kernel=" + joined + " (not a prefix of the spec's)");
                }
                rp.check(xn + ".start", KernelReplayer.num(sx.get("start")), p.start());
                // A switch AdmitSwitch added leads no index in this view: the spec's LocalCommit is
                // then MaxIdx (no index of its own holds it back), the kernel's fold takes nothing
                // from it (Sequencing.foldCommit); the token's c, compared below, is the same.
                if (p.contains(new SwitchId(x - 1))) {
                    rp.check(xn + ".commitIndex (LocalCommit)", rp.localCommit(sx, x, joined.size()), Math.min(s.status().commitIndex(), rp.maxIdx));
                }
            }
        }
        // Client outcomes: an append is done with its index.
        List<Map<String, Object>> apps = (List<Map<String, Object>>) st.get("apps");
        for (int p = 1; p <= apps.size(); p++) {
            Map<String, Object> ap = apps.get(p - 1);
            Result r = rp.outcomes.get((long) p);
            String spec = ap.get("st").equals("done") ? "Appended(" + KernelReplayer.num(ap.get("idx")) + ")" : "open";
            String kernel = r instanceof Result.Appended a ? "Appended(" + a.index() + ")" : r == null ? "open" : r.toString();
            rp.check("apps[" + p + "]", spec, kernel);
        }
        // getTail: the kernel answers the same h, possibly later (after its view check's round
        // trip): a kernel answer must be the spec's; the spec may lead, until the behaviour's end
        // (requireAnswered).
        List<Map<String, Object>> tails = (List<Map<String, Object>>) st.get("tails");
        for (int g = 1; g <= tails.size(); g++) {
            Map<String, Object> tg = tails.get(g - 1);
            Result r = rp.outcomes.get(KernelReplayer.TAIL_CLIENT + g);
            if (r == null) {
                continue;
            }
            String spec = tg.get("st").equals("done") ? "Tail(" + KernelReplayer.num(tg.get("res")) + ")" : String.valueOf(tg.get("st"));
            String kernel = r instanceof Result.Tail t ? "Tail(" + t.tail() + ")" : r.toString();
            rp.check("tails[" + g + "]", spec, kernel);
        }
        // Reads: a kernel answer must be the spec's (the kernel may answer later).
        Object rd = st.get("reads");
        List<Object> readList = rd instanceof List<?> li ? (List<Object>) li : rd instanceof Map<?, ?> mp
                ? new ArrayList<>(((Map<Object, Object>) mp).values()) : List.of();
        for (int r = 1; r <= readList.size(); r++) {
            Map<String, Object> rs = (Map<String, Object>) readList.get(r - 1);
            Result kr = rp.outcomes.get(KernelReplayer.READ_CLIENT + r);
            if (kr == null) {
                continue;
            }
            String kernel = kr instanceof Result.ReadValue v ? "value " + KernelReplayer.specPayload(v.payload())
                    : kr instanceof Result.ReadNotYet ? "value -2" : kr instanceof Result.ReadTrimmed ? "value -3" : kr.toString();
            String spec = "done".equals(rs.get("st")) ? "value " + rs.get("res") : String.valueOf(rs.get("st"));
            rp.check("reads[" + r + "]", spec, kernel);
        }
        // Tokens: the kernel's in-flight token of each live spec token's view has its h and c.
        for (Object o : (List<Object>) st.get("toks")) {
            Map<String, Object> t = (Map<String, Object>) o;
            long sv = KernelReplayer.num(t.get("v"));
            int at = (int) KernelReplayer.num(t.get("at"));
            View v = rp.views.get(sv);
            if (v == null || !rp.swUp[at]) {
                continue;
            }
            Message.Token kt = null;
            for (KernelReplayer.Packet pk : rp.net.pool) {
                if (pk.m() instanceof Message.Token tk && tk.view().equals(v) && pk.to().equals(new SwitchId(at - 1))) {
                    kt = tk;
                }
            }
            String tn = "toks[v=" + sv + ",at=" + at + "]";
            if (kt == null) {
                throw rp.div(tn, tn + " spec token has no kernel token in flight to switch " + at);
            }
            rp.check(tn + ".h", KernelReplayer.num(t.get("h")), kt.h());
            // The spec's FoldCommit is the kernel's round-minimum scheme (finding F14): same c.
            rp.check(tn + ".c", KernelReplayer.num(t.get("c")), kt.c());
        }
    }

    /**
     * At a behaviour's end: every getTail and read the spec answered, the kernel answered too.
     * Its lag is a step or two (a view check's round trip); a getTail the kernel never answers
     * while the spec does (finding F15) would otherwise pass as lagging.
     */
    @SuppressWarnings("unchecked")
    void requireAnswered(Map<String, Object> st) {
        List<Map<String, Object>> tails = (List<Map<String, Object>>) st.get("tails");
        for (int g = 1; g <= tails.size(); g++) {
            if ("done".equals(tails.get(g - 1).get("st")) && rp.outcomes.get(KernelReplayer.TAIL_CLIENT + g) == null) {
                throw rp.div("tails[" + g + "]", "the spec answered getTail " + g + " with " + tails.get(g - 1).get("res")
                        + "; the kernel never answered it");
            }
        }
        List<Map<String, Object>> reads = (List<Map<String, Object>>) st.get("reads");
        for (int r = 1; r <= reads.size(); r++) {
            Map<String, Object> rs = reads.get(r - 1);
            // NotYet (-2) is a client timeout in the kernel: the read may stay open.
            if ("done".equals(rs.get("st")) && KernelReplayer.num(rs.get("res")) != -2
                    && rp.outcomes.get(KernelReplayer.READ_CLIENT + r) == null) {
                throw rp.div("reads[" + r + "]", "the spec answered read " + r + " with " + rs.get("res")
                        + "; the kernel never answered it");
            }
        }
    }
}
