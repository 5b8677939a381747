package io.ringworld.checker.log;

import io.ringworld.checker.history.History;
import io.ringworld.checker.history.HistoryFormatException;
import io.ringworld.checker.history.LogValue;
import io.ringworld.checker.history.OpType;
import io.ringworld.checker.history.Operation;
import io.ringworld.checker.report.OpText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shared-log operations of a history sorted by what they constrain, and the checks that need
 * no timing: payload/position agreement. Operations that constrain nothing are dropped here:
 * failed appends (only remembered so reads of them are caught), unobserved :info appends (they
 * are indistinguishable from junk), :info reads and tails, and failed reads other than
 * not-yet/trimmed.
 */
final class LogFacts {
    /** Appends with a known position: ok appends, and :info appends some read observed. */
    final List<Operation> placed = new ArrayList<>();
    /** Position of each placed append, by operation id (NONE for others). */
    final long[] placedPosition;
    final List<Operation> okReads = new ArrayList<>();
    final List<Operation> notYetReads = new ArrayList<>();
    final List<Operation> trimmedReads = new ArrayList<>();
    final List<Operation> tails = new ArrayList<>();
    /** ok and :info trims (an :info trim may take effect at any time after its invocation). */
    final List<Operation> trims = new ArrayList<>();
    final List<Violation> violations = new ArrayList<>();

    private final History history;
    private final Map<Object, Operation> appendByPayload = new HashMap<>();
    private final List<HistoryFormatException.Problem> problems = new ArrayList<>();

    LogFacts(History history) {
        this.history = history;
        this.placedPosition = new long[history.operations().size()];
        java.util.Arrays.fill(placedPosition, LogValue.NONE);
    }

    long positionOf(Operation append) {
        return placedPosition[append.id()];
    }

    /** @throws HistoryFormatException for operations that are not shared-log operations */
    LogFacts classify() {
        for (Operation op : history.operations()) {
            classify(op);
        }
        if (!problems.isEmpty()) {
            throw new HistoryFormatException(problems);
        }
        placeAppends();
        return this;
    }

    private void classify(Operation op) {
        LogValue v = op.logValue();
        switch (op.f()) {
            case "append": classifyAppend(op, v); break;
            case "read": classifyRead(op, v); break;
            case "tail":
                if (op.outcome() == OpType.OK) {
                    require(op, v != null && v.hasTail(), ":value", () -> "an :ok tail must return {:tail t}");
                    if (v != null && v.hasTail() && v.tail() < -1) {
                        violations.add(new Violation(OpText.describe(op) + " is below -1, the tail of an empty log",
                            List.of(op)));
                    } else {
                        tails.add(op);
                    }
                }
                break;
            case "trim":
                require(op, op.invoke().logValue() != null && op.invoke().logValue().hasPosition(), ":value", () ->
                    "a trim must carry {:position p}");
                if (op.outcome() != OpType.FAIL) {
                    trims.add(op);
                }
                break;
            default:
                problems.add(new HistoryFormatException.Problem(history.lineOf(op.start()), ":f",
                    "the shared-log model has no :" + op.f() + " (expected :append :read :tail :trim)"));
        }
    }

    private void classifyAppend(Operation op, LogValue v) {
        LogValue inv = op.invoke().logValue();
        if (!require(op, inv != null && inv.payload() != null, ":value", () -> "an append must carry {:payload p}")) {
            return;
        }
        Operation other = appendByPayload.putIfAbsent(inv.payload(), op);
        Operation first = other;
        require(op, other == null, ":value :payload", () -> "payload " + inv.payload() + " is also appended at line "
            + (first == null ? 0 : history.lineOf(first.start())) + "; payloads in a history must be unique");
        if (op.outcome() == OpType.OK && require(op, v != null && v.hasPosition(), ":value", () ->
            "an :ok append must return {:payload p :position i}")) {
            placed.add(op);
            placedPosition[op.id()] = v.position();
        }
    }

    private void classifyRead(Operation op, LogValue v) {
        LogValue inv = op.invoke().logValue();
        if (!require(op, inv != null && inv.hasPosition(), ":value", () -> "a read must carry {:position i}")) {
            return;
        }
        if (op.outcome() == OpType.OK) {
            if (require(op, v != null && v.position() == inv.position() && (v.junk() || v.payload() != null), ":value", () ->
                "an :ok read must return {:position " + inv.position() + " :payload p} or {:position "
                    + inv.position() + " :junk true}")) {
                okReads.add(op);
            }
        } else if (op.outcome() == OpType.FAIL && "not-yet".equals(op.errorName())) {
            notYetReads.add(op);
        } else if (op.outcome() == OpType.FAIL && "trimmed".equals(op.errorName())) {
            trimmedReads.add(op);
        }
    }

    /** Records a problem unless ok; the message is built only then (this runs for every op). */
    private boolean require(Operation op, boolean ok, String field, java.util.function.Supplier<String> message) {
        if (!ok) {
            long index = op.completion() != null ? op.completion().index() : op.start();
            problems.add(new HistoryFormatException.Problem(history.lineOf(index), field, message.get()));
        }
        return ok;
    }

    /** Every read payload must come from an append that may have put it exactly there. */
    private void placeAppends() {
        Map<Long, Operation> byPosition = new HashMap<>();
        for (Operation a : placed) {
            Operation prior = byPosition.putIfAbsent(positionOf(a), a);
            if (prior != null) {
                violations.add(new Violation(OpText.describe(prior) + " and " + OpText.describe(a)
                    + " got the same position", List.of(prior, a)));
            }
        }
        for (Operation r : okReads) {
            LogValue v = r.logValue();
            if (!v.junk()) {
                placeRead(r, v, byPosition);
            }
        }
        for (Operation r : okReads) {
            LogValue v = r.logValue();
            Operation holder = byPosition.get(v.position());
            if (v.junk() && holder != null) {
                violations.add(new Violation(OpText.describe(r) + " but " + OpText.describe(holder)
                    + " holds that slot", List.of(holder, r)));
            }
        }
    }

    private void placeRead(Operation r, LogValue v, Map<Long, Operation> byPosition) {
        Operation a = appendByPayload.get(v.payload());
        String read = OpText.describe(r);
        if (a == null) {
            violations.add(new Violation(read + ", which was never appended", List.of(r)));
        } else if (a.outcome() == OpType.FAIL) {
            violations.add(new Violation(read + " whose append failed", List.of(a, r)));
        } else if (positionOf(a) != LogValue.NONE) {
            if (positionOf(a) != v.position()) {
                violations.add(new Violation(read + " but " + OpText.describe(a) + " is elsewhere",
                    List.of(a, r)));
            }
        } else {
            placedPosition[a.id()] = v.position();
            placed.add(a);
            Operation prior = byPosition.putIfAbsent(v.position(), a);
            if (prior != null) {
                violations.add(new Violation(read + " but " + OpText.describe(prior) + " holds that slot",
                    List.of(prior, r)));
            }
        }
    }
}
