package io.ringworld.kernel.sw;

import io.ringworld.kernel.Config;
import io.ringworld.kernel.Entry;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.testhooks.PlantedBug;
import io.ringworld.kernel.testhooks.TestHooks;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.invariant.Invariant;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.server.IndexRange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * The state of one view change this switch coordinates (ViewChange's coordinator side): seal
 * replies (ChooseEntries), the chosen entries and their rewrite acks, and the acks of the fence
 * (ServerRewrite). Pure bookkeeping: {@link ViewChange} sends and installs.
 */
final class Coordinator {
    static final int SEALING = 0;
    static final int REWRITING = 1;

    final View view;
    final long committedPrefix;
    final Config config;
    private final TestHooks hooks;
    final long startTick;
    long lastSealTick;
    long lastRewriteTick;
    int phase = SEALING;
    /** Why ChooseEntries waits although a majority of every set replied (unknown indices), or null. */
    String waitingFor;

    final int[] serverReplies;
    final boolean[] switchReplies;
    final long[] incarnations;
    int switchReplyCount;
    long maxSeen;
    /**
     * Highest done trim point: from switches only. A server's trim point may come from a round 2
     * that reached a minority: it is not done, and a later view's seal quorum may miss that
     * server, so declaring it done would let switches answer Trimmed for indices a later view
     * serves again (TrimAcrossViewChangesTest).
     */
    long maxTrimPoint = 1;
    /** Highest trim point in progress: some switch knows it pending, or some server applied it. */
    long maxTrimPending = 1;
    /** Highest server trim point: entries below it may be gone, so none is rewritten. */
    long maxServerTrimPoint = 1;
    /**
     * The highest fence among the server replies (the specs' {@code lv} in Choose): entries of a
     * view below {@code fenceView} at indices {@code >= fenceStart} are ignored.
     */
    View fenceView = View.NONE;
    long fenceStart = 1;
    /** Highest-view entry per index above the committed prefix (ChooseEntries). */
    final HashMap<Long, Entry> best = new HashMap<>();
    /**
     * Per replica set and member, the indices the reply reported unknown (the specs' Unk: a
     * damaged or wiped server), empty if none or not replied.
     */
    private final List<IndexRange>[][] unknown;
    /**
     * Per replica set and member, where the next page of its seal reply starts ({@code 0}: no
     * page yet) and the entries of its pages so far: a reply counts once its last page is in
     * (the specs' {@code SealComplete}; Choose reads only complete replies).
     */
    private final long[][] pageNext;
    private final ArrayList<Entry>[][] pageEntries;
    /**
     * Per replica set and member, the unknown ranges of its first page: they cover the whole
     * reply, from the Seal's index on; a later page's cover only what lies from its own start on
     * (taking the last page's lost the indices a damaged server reported on its first page:
     * found by the disk campaign, seeds 1158, 1645 and 1714).
     */
    private final List<IndexRange>[][] pageUnknown;
    /**
     * The view change's start, then the last tick a seal page arrived: a long log's paging is
     * progress, not a stuck view change (the view-change timeout runs from it).
     */
    long lastPageTick;

    long start;
    long rewriteFrom;
    Payload[] rewritePayloads;
    int[] rewriteAcks;
    boolean[] rewriteDone;
    int remaining;
    /** Per replica set, the members that acknowledged the fence (ServerRewrite). */
    final int[] fenceAcks;

    Coordinator(View view, long committedPrefix, Config config, TestHooks hooks, long now) {
        this.view = view;
        this.committedPrefix = committedPrefix;
        this.config = config;
        this.hooks = hooks;
        this.startTick = now;
        this.serverReplies = new int[config.replicaSetCount()];
        this.switchReplies = new boolean[config.switchCount()];
        this.incarnations = new long[config.switchCount()];
        this.maxSeen = committedPrefix;
        this.fenceAcks = new int[config.replicaSetCount()];
        @SuppressWarnings("unchecked")
        List<IndexRange>[][] u = new List[config.replicaSetCount()][config.membersPerSet()];
        for (List<IndexRange>[] set : u) {
            java.util.Arrays.fill(set, List.of());
        }
        this.unknown = u;
        this.pageNext = new long[config.replicaSetCount()][config.membersPerSet()];
        @SuppressWarnings("unchecked")
        ArrayList<Entry>[][] pe = new ArrayList[config.replicaSetCount()][config.membersPerSet()];
        this.pageEntries = pe;
        @SuppressWarnings("unchecked")
        List<IndexRange>[][] pu = new List[config.replicaSetCount()][config.membersPerSet()];
        this.pageUnknown = pu;
        this.lastPageTick = now;
    }

    /** The index the next page of {@code id}'s reply starts at, or 0 if no page of it is in. */
    long pageNext(ServerId id) {
        return pageNext[id.replicaSet()][id.member()];
    }

    /**
     * A page of server {@code r.from()}'s accepted seal reply: kept in order (a duplicate or
     * stale page is dropped), and on the last page the whole reply counts. Returns where to ask
     * the next page from, {@link Message.ServerSealReply#LAST_PAGE} if the reply is now
     * complete, or -1 if the page was not taken.
     */
    long onServerPage(Message.ServerSealReply r, long now) {
        int set = r.from().replicaSet();
        int member = r.from().member();
        long expected = pageNext[set][member];
        boolean first = r.pageFrom() == Message.ServerSealReply.FIRST_PAGE;
        if (serverReplied(r.from()) || (first ? expected != 0 : r.pageFrom() != expected)) {
            return -1;
        }
        lastPageTick = now;
        ArrayList<Entry> sofar = pageEntries[set][member];
        if (r.lastPage() || hooks.planted(PlantedBug.SEAL_FIRST_PAGE)) {
            pageEntries[set][member] = null;
            List<IndexRange> unknownRanges = first ? r.unknown() : pageUnknown[set][member];
            pageUnknown[set][member] = null;
            onServerReply(r, sofar == null ? r.entries() : concat(sofar, r.entries()), unknownRanges);
            return Message.ServerSealReply.LAST_PAGE;
        }
        if (first) {
            pageUnknown[set][member] = r.unknown();
        }
        if (sofar == null) {
            sofar = new ArrayList<>();
            pageEntries[set][member] = sofar;
        }
        sofar.addAll(r.entries());
        pageNext[set][member] = r.nextFrom();
        return r.nextFrom();
    }

    private static List<Entry> concat(ArrayList<Entry> sofar, List<Entry> last) {
        sofar.addAll(last);
        return sofar;
    }

    /** Seals went out at {@code now} (retransmitted every sealRetryTicks). */
    void sealsSent(long now) {
        lastSealTick = now;
    }

    /** Rewrites and the fence went out at {@code now} (retransmitted every writeRetryTicks). */
    void rewritesSent(long now) {
        lastRewriteTick = now;
    }

    boolean serverReplied(ServerId id) {
        return (serverReplies[id.replicaSet()] & (1 << id.member())) != 0;
    }

    boolean switchReplied(SwitchId id) {
        return switchReplies[id.index()];
    }

    /** A server's whole reply: {@code entries} are those of all its pages, {@code unknownRanges} its first page's. */
    private void onServerReply(Message.ServerSealReply r, List<Entry> entries, List<IndexRange> unknownRanges) {
        serverReplies[r.from().replicaSet()] |= 1 << r.from().member();
        unknown[r.from().replicaSet()][r.from().member()] = unknownRanges;
        maxSeen = Math.max(maxSeen, r.highestIndex());
        maxServerTrimPoint = Math.max(maxServerTrimPoint, r.trimPoint());
        maxTrimPending = Math.max(maxTrimPending, r.trimPoint());
        if (r.fenceView().isAfter(fenceView)) {
            fenceView = r.fenceView();
            fenceStart = r.fenceStart();
        }
        // The fenced view handed out indices from its start: never start below them.
        maxSeen = Math.max(maxSeen, r.fenceStart() - 1);
        for (Entry e : entries) {
            Entry old = best.get(e.index());
            if (old == null || e.view().isAfter(old.view())) {
                best.put(e.index(), e);
            }
        }
    }

    void onSwitchReply(SwitchId from, long highestSeen, long incarnation, TrimPoints trims) {
        maxTrimPending = Math.max(maxTrimPending, trims.pending());
        maxTrimPoint = Math.max(maxTrimPoint, trims.done());
        // The latest life that answered: an Install names it, and only it may install.
        incarnations[from.index()] = incarnation;
        if (!switchReplies[from.index()]) {
            switchReplies[from.index()] = true;
            switchReplyCount++;
        }
        maxSeen = Math.max(maxSeen, highestSeen);
    }

    /**
     * The trim points the Install carries: done from switches only (see {@link #maxTrimPoint}),
     * pending from any switch or server.
     */
    TrimPoints trims() {
        return TrimPoints.of(Math.max(maxTrimPending, maxTrimPoint), maxTrimPoint);
    }

    boolean everySetHasMajority() {
        return majorityOfEverySet(serverReplies);
    }

    private boolean majorityOfEverySet(int[] replies) {
        for (int bits : replies) {
            if (Integer.bitCount(bits) < config.majority()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The specs' {@code c.ok} in Choose, for disk faults: null if every index the new view would
     * decide is decided, else why not. An index in {@code [rewriteFrom, start)} is decided by a
     * majority of its set's replies that vouch for it (do not report it unknown): then a
     * committed entry is in one of them, and junk is chosen only where such a majority
     * positively never held a valid entry. An index at or above {@code start} that some reply reports unknown needs the same
     * majority (no reply holds it, so then it was never committed and the new view may hand it
     * out again). Until then the coordinator waits for more seal replies.
     */
    boolean decided() {
        waitingFor = undecided();
        return waitingFor == null;
    }

    private String undecided() {
        long startNow = startIndex();
        long from = rewriteFromIndex();
        for (long i = from; i < startNow; i++) {
            // A valid entry is not enough while too few vouch: a server that lost a view's
            // rewrite at i but kept that view's fence reports i unknown, and an older entry,
            // valid below that fence's start, would win over the committed rewrite (disk
            // campaign seed 460). With a majority vouching, a committed entry is among them.
            if (vouchers(i) < config.majority()) {
                return "index " + i + " is unknown on " + unknownCount(i) + " servers of set " + setOf(i)
                        + ", vouched for by too few";
            }
        }
        for (int set = 0; set < unknown.length; set++) {
            for (List<IndexRange> ranges : unknown[set]) {
                for (IndexRange q : ranges) {
                    if (q.last() < startNow) {
                        continue;
                    }
                    long i = firstOfSet(Math.max(q.first(), startNow), set);
                    if (i <= q.last() && vouchers(i) < config.majority()) {
                        return "index " + i + " (and above) is unknown on " + unknownCount(i) + " servers of set "
                                + set + ", vouched for by too few";
                    }
                }
            }
        }
        return null;
    }

    private long firstOfSet(long i, int set) {
        int sets = config.replicaSetCount();
        long r = Math.floorMod(i, (long) sets);
        long up = Math.floorMod(set - r, (long) sets);
        return i > Long.MAX_VALUE - up ? Long.MAX_VALUE : i + up;
    }

    private int setOf(long i) {
        return (int) Math.floorMod(i, (long) config.replicaSetCount());
    }

    /** Replies of index i's set that vouch for i (the planted UNKNOWN_AS_EMPTY: every reply). */
    private int vouchers(long i) {
        int set = setOf(i);
        int bits = serverReplies[set];
        if (hooks.planted(PlantedBug.UNKNOWN_AS_EMPTY)) {
            return Integer.bitCount(bits);
        }
        return Integer.bitCount(bits) - unknownCount(i);
    }

    private int unknownCount(long i) {
        int set = setOf(i);
        int n = 0;
        for (int m = 0; m < unknown[set].length; m++) {
            if ((serverReplies[set] & (1 << m)) != 0 && covers(unknown[set][m], i)) {
                n++;
            }
        }
        return n;
    }

    private static boolean covers(List<IndexRange> ranges, long i) {
        for (IndexRange q : ranges) {
            if (q.contains(i)) {
                return true;
            }
        }
        return false;
    }

    boolean allSwitchesReplied() {
        return switchReplyCount == switchReplies.length;
    }

    /**
     * ChooseEntries: per index up to the highest seen, the highest-view payload that is not
     * fenced, else junk.
     */
    void choose() {
        if (!everySetHasMajority()) {
            throw Invariant.ChooseNeedsSealQuorum.violation(view + " chooses with seal replies "
                    + java.util.Arrays.toString(serverReplies) + " (bitmaps per replica set), below a majority of "
                    + config.majority() + " in some set");
        }
        start = startIndex();
        rewriteFrom = rewriteFromIndex();
        checkChoice();
        int n = (int) Math.max(0, start - rewriteFrom);
        rewritePayloads = new Payload[n];
        rewriteAcks = new int[n];
        rewriteDone = new boolean[n];
        for (int k = 0; k < n; k++) {
            Entry e = best.get(rewriteFrom + k);
            rewritePayloads[k] = e == null || fenced(e) ? Payload.JUNK : e.payload();
        }
        remaining = n;
        phase = REWRITING;
        best.clear();
    }

    /** Never below an index already handed out: seen by a server or switch, committed, or trimmed. */
    private long startIndex() {
        if (hooks.planted(PlantedBug.START_AT_COMMITTED)) {
            return committedPrefix + 1;
        }
        return Math.max(Math.max(maxSeen, committedPrefix), Math.max(maxTrimPoint, maxTrimPending) - 1) + 1;
    }

    private long rewriteFromIndex() {
        return Math.max(committedPrefix + 1, Math.max(maxTrimPoint, maxServerTrimPoint));
    }

    /** ChooseAboveSeen: the new view hands out no index the old ones may have used, and rewrites nothing committed. */
    private void checkChoice() {
        if (!(start > maxSeen && start > committedPrefix && start >= fenceStart
                && start >= Math.max(maxTrimPoint, maxTrimPending))) {
            throw Invariant.ChooseAboveSeen.violation(view + " starts at " + start + " but saw index " + maxSeen
                    + ", committed prefix " + committedPrefix + ", fence start " + fenceStart + ", trim points "
                    + maxTrimPending + "/" + maxTrimPoint);
        }
        if (!(rewriteFrom > committedPrefix && rewriteFrom <= start)) {
            throw Invariant.ChooseAboveSeen.violation(view + " rewrites from " + rewriteFrom + " with committed prefix "
                    + committedPrefix + " and start " + start);
        }
    }

    /** InstallNeedsQuorum: InstallView may proceed only now (see {@link #readyToInstall()}). */
    void checkInstall() {
        if (!readyToInstall()) {
            throw Invariant.InstallNeedsQuorum.violation(view + " installs in phase " + phase + " with " + remaining
                    + " rewrites short of a majority and fence acks " + java.util.Arrays.toString(fenceAcks)
                    + " (bitmaps per replica set, a majority is " + config.majority() + ")");
        }
    }

    /**
     * The specs' {@code ~Valid(e, i)}: an entry of a view below the highest fence at an index at
     * or above its start. A switch left behind in an older view wrote it after the fenced view's
     * seal, to a server outside that seal's quorum; it never committed, and adopting it could
     * order it before appends that completed in the fenced view. {@code best} holds the
     * highest-view entry per index, so if it is fenced every other entry there is too.
     */
    boolean fenced(Entry e) {
        return !hooks.planted(PlantedBug.NO_FENCE) && e.view().isBefore(fenceView)
                && e.index() >= fenceStart;
    }

    /** The fence of this view change (sent after ChooseEntries). */
    Message.Fence fence(SwitchId self, long incarnation) {
        return new Message.Fence(view, start, self, incarnation, rewriteFrom);
    }

    boolean fenceAcked(ServerId id) {
        return (fenceAcks[id.replicaSet()] & (1 << id.member())) != 0;
    }

    void onFenceAck(ServerId from) {
        fenceAcks[from.replicaSet()] |= 1 << from.member();
    }

    /** InstallView may proceed: every rewrite and the fence are on a majority of every replica set. */
    boolean readyToInstall() {
        return phase == REWRITING && remaining == 0 && majorityOfEverySet(fenceAcks);
    }

    /** Returns true if this ack completed a rewrite. */
    boolean onRewriteAck(Message.WriteAck a) {
        long k = a.index() - rewriteFrom;
        if (k < 0 || k >= rewriteDone.length) {
            return false;
        }
        int set = (int) Math.floorMod(a.index(), (long) config.replicaSetCount());
        if (a.from().replicaSet() != set || a.from().member() >= config.membersPerSet()) {
            return false;
        }
        // Recorded after the majority too: a server applies the fence only once it holds every
        // rewrite of its set, so each server is sent each rewrite until it acknowledged it (else
        // two servers missing different rewrites leave no majority for the fence).
        rewriteAcks[(int) k] |= 1 << a.from().member();
        if (!rewriteDone[(int) k] && Integer.bitCount(rewriteAcks[(int) k]) >= config.majority()) {
            rewriteDone[(int) k] = true;
            remaining--;
            return true;
        }
        return false;
    }

    List<Long> incarnationsOf(List<SwitchId> ring) {
        ArrayList<Long> out = new ArrayList<>(ring.size());
        for (SwitchId sw : ring) {
            out.add(incarnations[sw.index()]);
        }
        return out;
    }

    ArrayList<SwitchId> aliveSwitches() {
        ArrayList<SwitchId> ring = new ArrayList<>();
        for (int k = 0; k < switchReplies.length; k++) {
            if (switchReplies[k]) {
                ring.add(new SwitchId(k));
            }
        }
        return ring;
    }
}
