package io.ringworld.checker.oracle;

import io.ringworld.checker.gen.PlannedOp;
import io.ringworld.checker.history.OpType;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Mutations of generated plans that usually break linearizability: wrong payloads, swapped or
 * shifted positions, smaller or larger tails, reads after trims, moved intervals, changed outcomes.
 * A mutation may leave the history linearizable; the brute-force oracle decides.
 */
public final class Mutations {
    private Mutations() {
    }

    public static List<PlannedOp> mutate(List<PlannedOp> plan, SplittableRandom random, int count) {
        List<PlannedOp> copy = new ArrayList<>();
        for (PlannedOp op : plan) {
            copy.add(op.copy());
        }
        for (int i = 0; i < count && !copy.isEmpty(); i++) {
            mutateOne(copy, random);
        }
        return copy;
    }

    /** Tries random mutations until one changes the plan (or gives up after a few attempts). */
    private static void mutateOne(List<PlannedOp> plan, SplittableRandom random) {
        for (int attempt = 0; attempt < 20; attempt++) {
            String before = plan.toString();
            tryOne(plan, random);
            if (!before.equals(plan.toString())) {
                return;
            }
        }
    }

    private static void tryOne(List<PlannedOp> plan, SplittableRandom random) {
        PlannedOp op = plan.get(random.nextInt(plan.size()));
        switch (random.nextInt(7)) {
            case 0: mutateRead(plan, op, random); break;
            case 1: mutatePosition(plan, op, random); break;
            case 2:
                if ("tail".equals(op.f) && op.outcome == OpType.OK) {
                    op.tail += random.nextBoolean() ? -1 : 1;
                }
                break;
            case 3: moveInterval(op, random); break;
            case 4: mutateOutcome(op, random); break;
            case 5:
                if ("trim".equals(op.f)) {
                    op.position += 1 + random.nextInt(2);
                }
                break;
            default:
                swapIntervals(plan, op, random);
        }
    }

    private static void mutateRead(List<PlannedOp> plan, PlannedOp op, SplittableRandom random) {
        if (!"read".equals(op.f) || op.outcome == OpType.INFO) {
            return;
        }
        int choice = random.nextInt(5);
        op.outcome = choice <= 1 ? OpType.OK : OpType.FAIL;
        op.error = choice == 2 ? "not-yet" : choice == 3 ? "trimmed" : choice == 4 ? "not-yet" : null;
        op.junk = choice == 1;
        op.payload = null;
        if (choice == 0) {
            PlannedOp other = plan.get(random.nextInt(plan.size()));
            op.payload = other.payload != null && random.nextInt(4) > 0 ? other.payload : "never";
        }
        if (choice == 4) {
            op.position += 1;
        }
    }

    private static void mutatePosition(List<PlannedOp> plan, PlannedOp op, SplittableRandom random) {
        if (!"append".equals(op.f) || op.outcome != OpType.OK) {
            return;
        }
        PlannedOp other = plan.get(random.nextInt(plan.size()));
        if ("append".equals(other.f) && other.outcome == OpType.OK && other != op) {
            long p = op.position;
            op.position = other.position;
            other.position = p;
        } else {
            op.position = Math.max(0, op.position + (random.nextBoolean() ? -1 : 1));
        }
    }

    private static void moveInterval(PlannedOp op, SplittableRandom random) {
        double shift = (random.nextBoolean() ? -1 : 1) * (10 + random.nextDouble() * 40);
        op.invokeAt += shift;
        if (!op.pending()) {
            op.completeAt += shift;
        }
    }

    private static void swapIntervals(List<PlannedOp> plan, PlannedOp op, SplittableRandom random) {
        PlannedOp other = plan.get(random.nextInt(plan.size()));
        if (op.pending() != other.pending()) {
            return;
        }
        double a = op.invokeAt;
        double b = op.completeAt;
        op.invokeAt = other.invokeAt;
        op.completeAt = other.completeAt;
        other.invokeAt = a;
        other.completeAt = b;
    }

    private static void mutateOutcome(PlannedOp op, SplittableRandom random) {
        if (!"append".equals(op.f)) {
            return;
        }
        if (op.outcome == OpType.OK) {
            op.outcome = random.nextBoolean() ? OpType.FAIL : OpType.INFO;
            op.error = op.outcome == OpType.FAIL ? "lost" : "crashed";
        } else if (op.outcome == OpType.INFO && !op.pending()) {
            op.outcome = OpType.FAIL;
            op.error = "lost";
        } else if (op.outcome == OpType.FAIL) {
            op.outcome = OpType.OK;
            op.error = null;
            op.position = random.nextInt(4);
        }
    }
}
