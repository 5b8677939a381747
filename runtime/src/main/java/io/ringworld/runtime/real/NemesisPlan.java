package io.ringworld.runtime.real;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A run's fault schedule, all drawn from its seed before the run starts (so the schedule replays
 * from the seed; the interleaving with the clients does not): the enabled kinds in a seeded order,
 * repeated, one fault at a time, each held for 1 to 3 s after a quiet gap of 0.5 to 1.5 s, until
 * the fault phase is used (but every enabled kind at least once).
 */
final class NemesisPlan {
    /** One fault: what, on which nodes (a split or halves: the nodes of the first side), for how long, and its number (percent, a bit). */
    record Step(int number, long atMillis, RealFault fault, List<String> targets, long holdMillis, long param) {
        String describe() {
            return fault.label() + " " + String.join(",", targets) + (param != 0 ? " (" + param + ")" : "");
        }
    }

    private NemesisPlan() {
    }

    static List<Step> plan(long seed, Set<RealFault> kinds, List<String> switches, List<List<String>> replicaSets,
            long phaseMillis) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 17);
        // In declaration order before the shuffle: a Set.copyOf iterates in an order of its own per JVM.
        List<RealFault> order = new ArrayList<>(kinds.isEmpty() ? List.of() : java.util.EnumSet.copyOf(kinds));
        for (int i = order.size() - 1; i > 0; i--) { // a seeded shuffle
            int j = random.nextInt(i + 1);
            RealFault t = order.get(i);
            order.set(i, order.get(j));
            order.set(j, t);
        }
        List<String> servers = new ArrayList<>();
        replicaSets.forEach(servers::addAll);
        List<String> nodes = new ArrayList<>(switches);
        nodes.addAll(servers);
        List<Step> steps = new ArrayList<>();
        long at = 1_000 + random.nextLong(1_000);
        for (int k = 0; !order.isEmpty(); k++) {
            long hold = 1_000 + random.nextLong(2_000);
            if (at + hold > phaseMillis && k >= order.size()) { // every kind at least once
                break;
            }
            RealFault f = order.get(k % order.size());
            steps.add(new Step(k + 1, at, f, targets(f, random, switches, replicaSets, servers, nodes), hold,
                    param(f, random)));
            at += hold + 500 + random.nextLong(1_000);
        }
        return steps;
    }

    private static List<String> targets(RealFault f, SplittableRandom random, List<String> switches,
            List<List<String>> replicaSets, List<String> servers, List<String> nodes) {
        return switch (f) {
            case KILL_SWITCH -> List.of(pick(switches, random));
            case KILL_SERVER, TORN_RECORD, BIT_FLIP, WIPE, DISK_FULL -> List.of(pick(servers, random));
            case LOSE_UNSYNCED -> replicaSets.get(random.nextInt(replicaSets.size()));
            case CUT_ONE_WAY -> {
                String from = pick(nodes, random);
                String to;
                do {
                    to = pick(nodes, random);
                } while (to.equals(from));
                yield List.of(from, to);
            }
            case SPLIT_RING -> side(switches, random);
            case HALVES -> side(nodes, random);
            default -> List.of(pick(nodes, random));
        };
    }

    /** A nonempty proper subset of {@code all}, about half. */
    private static List<String> side(List<String> all, SplittableRandom random) {
        List<String> side = new ArrayList<>();
        for (String n : all) {
            if (random.nextBoolean()) {
                side.add(n);
            }
        }
        if (side.isEmpty()) {
            side.add(all.get(random.nextInt(all.size())));
        } else if (side.size() == all.size()) {
            side.remove(random.nextInt(side.size()));
        }
        return side;
    }

    private static long param(RealFault f, SplittableRandom random) {
        return switch (f) {
            case CLOCK_SKEW -> new long[] {25, 50, 200, 400}[random.nextInt(4)];
            case LINK_LOSS -> 10 + random.nextInt(40);
            case LINK_DUPLICATE, LINK_REORDER -> 20 + random.nextInt(60);
            case LINK_DELAY -> 5 + random.nextInt(50);
            case BIT_FLIP, TORN_RECORD -> 1 + random.nextLong(Long.MAX_VALUE - 1); // where, drawn when applied
            default -> 0;
        };
    }

    private static String pick(List<String> from, SplittableRandom random) {
        return from.get(random.nextInt(from.size()));
    }
}
