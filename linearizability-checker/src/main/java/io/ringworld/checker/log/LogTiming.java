package io.ringworld.checker.log;

import io.ringworld.checker.history.Operation;
import io.ringworld.checker.report.OpText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The timing half of the fast SharedLog check. Every operation that constrains the log is a point
 * inside its interval (invocation index, completion index); slot p is filled at a point Fill(p),
 * and slots fill in position order. The log's rules become "X before Y" constraints:
 * <ul>
 *   <li>Fill(p-1) before Fill(p); an append at p is Fill(p);</li>
 *   <li>tail t: Fill(t) before it, it before Fill(t+1);</li>
 *   <li>ok read of p: Fill(p) before it; read not-yet of p: it before Fill(p);</li>
 *   <li>ok or not-yet read of p: before every trim above p (a trim makes reads answer trimmed);</li>
 *   <li>read trimmed of p: after some trim above p.</li>
 * </ul>
 * These constraints form a DAG in which only "trimmed" reads have a choice, and they are sinks.
 * So the earliest point of each node (the latest invocation among its predecessors, the "cause"
 * chain) is a lower bound every linearization must respect, and the history is linearizable iff
 * every node's earliest point is before its completion, and each trimmed read has a trim whose
 * earliest point is before its completion. One pass in position order after sorting: O(n log n).
 */
final class LogTiming {
    private final LogFacts facts;
    private final boolean tailHasNoUpperBound;
    private final boolean readsMayFollowTrims;
    /** Fill index by position when positions are dense enough (else binary search in positions). */
    private int[] denseFill;
    private final int n;
    private final Operation[] byId;
    private long[] positions;
    private long[] earliest;
    private int[] cause;
    private int[] root;
    private static final int EXPLAINED_MAX = 16;
    /** How many violations were found (only some are explained). */
    private int count;
    /** Chain violations found: the violated node and the op it belongs to. */
    private final List<int[]> found = new ArrayList<>();

    LogTiming(LogFacts facts, List<Operation> operations, Set<PlantedBug> bugs) {
        this.facts = facts;
        this.tailHasNoUpperBound = bugs.contains(PlantedBug.TAIL_HAS_NO_UPPER_BOUND);
        this.readsMayFollowTrims = bugs.contains(PlantedBug.READS_MAY_FOLLOW_TRIMS);
        this.n = operations.size();
        this.byId = operations.toArray(new Operation[0]);
    }

    /** The timing violations, the earliest-visible ones explained; {@link #count()} counts them all. */
    List<Violation> check() {
        positions = interestingPositions();
        int m = positions.length;
        if (m > 0 && positions[m - 1] < 4L * m + 1024) {
            denseFill = new int[(int) positions[m - 1] + 1];
            Arrays.fill(denseFill, -1);
            for (int i = 0; i < m; i++) {
                denseFill[(int) positions[i]] = n + i;
            }
        }
        earliest = new long[n + m];
        cause = new int[n + m];
        root = new int[n + m];
        Arrays.fill(earliest, Long.MIN_VALUE);
        Arrays.fill(cause, -1);
        for (int i = 0; i < n + m; i++) {
            root[i] = i;
        }
        fillSlots();
        orderReads();
        orderTrims();
        count = found.size();
        // Explaining walks a cause chain; explain only the candidates that become visible first.
        found.sort((a, b) -> Long.compare(roughlyVisibleAt(a), roughlyVisibleAt(b)));
        List<Violation> violations = new ArrayList<>();
        for (int[] f : found.subList(0, Math.min(EXPLAINED_MAX, found.size()))) {
            violations.add(explain(f[0], f[1]));
        }
        checkTrimmedReads(violations);
        return violations;
    }

    private long logLength() {
        long max = -1;
        for (Operation a : facts.placed) {
            max = Math.max(max, facts.positionOf(a));
        }
        for (Operation r : facts.okReads) {
            max = Math.max(max, r.logValue().position());
        }
        for (Operation t : facts.tails) {
            max = Math.max(max, t.logValue().tail());
        }
        return max + 1;
    }

    private long[] interestingPositions() {
        long length = logLength();
        long[] all = new long[facts.placed.size() + facts.okReads.size() + facts.notYetReads.size()
            + 2 * facts.tails.size()];
        int k = 0;
        for (Operation a : facts.placed) {
            all[k++] = facts.positionOf(a);
        }
        for (Operation r : facts.okReads) {
            all[k++] = r.logValue().position();
        }
        for (Operation r : facts.notYetReads) {
            long p = r.invoke().logValue().position();
            if (p < length) {
                all[k++] = p;
            }
        }
        for (Operation t : facts.tails) {
            long tail = t.logValue().tail();
            if (tail >= 0) {
                all[k++] = tail;
            }
            if (tail + 1 < length && tail + 1 >= 0) {
                all[k++] = tail + 1;
            }
        }
        long[] sorted = Arrays.copyOf(all, k);
        Arrays.sort(sorted);
        int distinct = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (distinct == 0 || sorted[distinct - 1] != sorted[i]) {
                sorted[distinct++] = sorted[i];
            }
        }
        return Arrays.copyOf(sorted, distinct);
    }

    private int fillNode(long position) {
        if (denseFill != null) {
            return position < 0 || position >= denseFill.length ? -1 : denseFill[(int) position];
        }
        int i = Arrays.binarySearch(positions, position);
        return i < 0 ? -1 : n + i;
    }

    /** Lowers `node` to at least `at`, caused by `by` (a node, or -1 for its own invocation). */
    private void raise(int node, long at, int by) {
        if (at > earliest[node]) {
            earliest[node] = at;
            cause[node] = by;
            root[node] = by == -1 ? node : root[by];
        }
    }

    private void fillSlots() {
        int m = positions.length;
        int[] appendAt = new int[m];
        Arrays.fill(appendAt, -1);
        // Per fill, linked lists of op ids (one `next` array serves both: an op is in one list).
        int[] notYetHead = new int[m];
        int[] tailHead = new int[m];
        int[] nextInList = new int[n];
        Arrays.fill(notYetHead, -1);
        Arrays.fill(tailHead, -1);
        int emptyTails = -1;
        for (Operation a : facts.placed) {
            int i = fillNode(facts.positionOf(a)) - n;
            if (appendAt[i] == -1) {
                appendAt[i] = a.id();
            }
        }
        for (Operation r : facts.notYetReads) {
            int f = fillNode(r.invoke().logValue().position());
            if (f >= 0) {
                nextInList[r.id()] = notYetHead[f - n];
                notYetHead[f - n] = r.id();
            }
        }
        for (Operation t : facts.tails) {
            long tail = t.logValue().tail();
            raise(t.id(), t.start(), -1);
            if (tail < 0) {
                nextInList[t.id()] = emptyTails;
                emptyTails = t.id();
            } else {
                int i = fillNode(tail) - n;
                nextInList[t.id()] = tailHead[i];
                tailHead[i] = t.id();
            }
        }
        for (int i = 0; i < m; i++) {
            fillSlot(i, appendAt[i], notYetHead[i],
                positions[i] == 0 ? emptyTails : i > 0 && positions[i - 1] == positions[i] - 1 ? tailHead[i - 1] : -1,
                nextInList);
            for (int t = tailHead[i]; t != -1; t = nextInList[t]) {
                raise(t, earliest[n + i], n + i);
            }
        }
        for (Operation t : facts.tails) {
            if (earliest[t.id()] >= t.end()) {
                found.add(new int[] {t.id(), t.id()});
            }
        }
    }

    /** Fill(p) follows Fill(p-1), its append's invocation, not-yet reads of p and tails of p - 1. */
    private void fillSlot(int i, int append, int notYet, int tailsBefore, int[] nextInList) {
        int fill = n + i;
        if (i > 0) {
            raise(fill, earliest[fill - 1], fill - 1);
        }
        if (append >= 0) {
            raise(append, byId[append].start(), -1);
            raise(fill, earliest[append], append);
        }
        for (int r = notYet; r != -1; r = nextInList[r]) {
            raise(r, byId[r].start(), -1);
            raise(fill, earliest[r], r);
        }
        if (!tailHasNoUpperBound) {
            for (int t = tailsBefore; t != -1; t = nextInList[t]) {
                raise(fill, earliest[t], t);
            }
        }
        if (append >= 0 && earliest[fill] >= byId[append].end()) {
            found.add(new int[] {fill, append});
        }
    }

    private void orderReads() {
        for (Operation r : facts.okReads) {
            raise(r.id(), r.start(), -1);
            raise(r.id(), earliest[fillNode(r.logValue().position())], fillNode(r.logValue().position()));
            if (earliest[r.id()] >= r.end()) {
                found.add(new int[] {r.id(), r.id()});
            }
        }
        for (Operation r : facts.notYetReads) {
            raise(r.id(), r.start(), -1);
        }
    }

    /** Each trim follows every ok or not-yet read of a position below it: prefix maxima by position. */
    private void orderTrims() {
        List<Operation> readers = new ArrayList<>(facts.okReads);
        readers.addAll(facts.notYetReads);
        sortByPosition(readers);
        long[] readPositions = new long[readers.size()];
        int[] argmax = new int[readers.size()];
        for (int i = 0; i < readers.size(); i++) {
            int id = readers.get(i).id();
            readPositions[i] = readers.get(i).invoke().logValue().position();
            argmax[i] = i > 0 && earliest[byIdOf(readers, argmax[i - 1])] >= earliest[id] ? argmax[i - 1] : i;
        }
        for (Operation t : facts.trims) {
            raise(t.id(), t.start(), -1);
            int below = lowerBound(readPositions, t.invoke().logValue().position());
            if (below > 0 && !readsMayFollowTrims) {
                int r = byIdOf(readers, argmax[below - 1]);
                raise(t.id(), earliest[r], r);
            }
            if (earliest[t.id()] >= t.end()) {
                found.add(new int[] {t.id(), t.id()});
            }
        }
    }

    /** Sorts by the invocation's position (ties by id): packed into longs when they fit. */
    private static void sortByPosition(List<Operation> ops) {
        long[] packed = new long[ops.size()];
        Operation[] byIndex = ops.toArray(new Operation[0]);
        for (int i = 0; i < packed.length; i++) {
            long p = byIndex[i].invoke().logValue().position();
            if (p < 0 || p >= (1L << 32)) {
                ops.sort((a, b) -> Long.compare(a.invoke().logValue().position(), b.invoke().logValue().position()));
                return;
            }
            packed[i] = (p << 31) | i;
        }
        Arrays.sort(packed);
        for (int i = 0; i < packed.length; i++) {
            ops.set(i, byIndex[(int) (packed[i] & 0x7fffffffL)]);
        }
    }

    private static int byIdOf(List<Operation> ops, int i) {
        return ops.get(i).id();
    }

    /** Number of entries of the sorted array strictly below key. */
    private static int lowerBound(long[] sorted, long key) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** A read that answered trimmed needs some trim above its position that can precede it. */
    private void checkTrimmedReads(List<Violation> violations) {
        List<Operation> trims = new ArrayList<>(facts.trims);
        sortByPosition(trims);
        long[] trimPositions = new long[trims.size()];
        int[] argmin = new int[trims.size()];
        for (int i = trims.size() - 1; i >= 0; i--) {
            trimPositions[i] = trims.get(i).invoke().logValue().position();
            boolean keep = i + 1 < trims.size()
                && earliest[trims.get(argmin[i + 1]).id()] <= earliest[trims.get(i).id()];
            argmin[i] = keep ? argmin[i + 1] : i;
        }
        for (Operation r : facts.trimmedReads) {
            long p = r.invoke().logValue().position();
            int k = lowerBound(trimPositions, p + 1);
            if (k == trims.size()) {
                if (++count <= EXPLAINED_MAX) {
                    violations.add(new Violation(OpText.describe(r) + " but no trim above " + p + " was invoked",
                        List.of(r)));
                }
                continue;
            }
            Operation best = trims.get(argmin[k]);
            if (earliest[best.id()] >= r.end() && ++count <= EXPLAINED_MAX) {
                List<Operation> ops = chainOps(best.id(), r);
                ops.add(0, r);
                violations.add(new Violation(OpText.describe(r) + " before " + OpText.describe(best)
                    + " could take effect", ops));
            }
        }
    }

    /** Violations found in total, explained or not. */
    int count() {
        return count;
    }

    private long roughlyVisibleAt(int[] f) {
        int r = root[f[0]];
        long rootEnd = r < n ? byId[r].lastIndex() : -1;
        return Math.max(byId[f[1]].lastIndex(), rootEnd);
    }

    /** The violated op, then the ops along the cause chain of `node` (ending at the root). */
    private Violation explain(int node, int violatedOp) {
        Operation v = byId[violatedOp];
        List<Operation> ops = chainOps(node, v);
        ops.add(0, v);
        Operation rootOp = ops.get(ops.size() - 1);
        return new Violation(OpText.describe(rootOp) + " after " + OpText.describe(v) + " completed", ops);
    }

    private List<Operation> chainOps(int node, Operation exclude) {
        List<Operation> ops = new ArrayList<>();
        for (int x = node; x != -1; x = cause[x]) {
            if (x < n && byId[x] != exclude && (ops.isEmpty() || ops.get(ops.size() - 1) != byId[x])) {
                ops.add(byId[x]);
            }
        }
        return ops;
    }
}
