package io.ringworld.runtime.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * The shapes of partition that split a ring (FaultKind.SHAPED_PARTITION), as lists of cut links
 * {@code {from, to}} over the cluster's nodes (switches first, then servers). Random halves of all
 * nodes rarely cut a switch off from the other switches while it still reaches the servers, or
 * leave the old ring on one side with a minority of every replica set: these do it on purpose.
 */
final class PartitionShapes {
    enum Shape {
        /** One node against every other node. */
        ISOLATE_NODE,
        /** The switches in two groups that cannot talk; every server reaches every switch. */
        RING_SPLIT,
        /** Some switches cannot reach any server; the switches still talk. */
        SWITCHES_FROM_SERVERS,
        /** Some switches with one member of every replica set, against the rest. */
        MINORITY_SIDE
    }

    private PartitionShapes() {
    }

    /** A shape drawn from {@code random}, its cut links, and a description; null if the cluster is too small for it. */
    static Cut draw(Topology t, SimRandom random) {
        Shape shape = Shape.values()[random.nextInt(Shape.values().length)];
        int switches = t.switchCount();
        boolean[] sideA = new boolean[t.clusterNodeCount()];
        switch (shape) {
            case ISOLATE_NODE -> sideA[random.nextInt(t.clusterNodeCount())] = true;
            case RING_SPLIT, SWITCHES_FROM_SERVERS, MINORITY_SIDE -> {
                if (switches < 2 && shape == Shape.RING_SPLIT) {
                    return null;
                }
                int picked = 0;
                for (int k = 0; k < switches; k++) {
                    sideA[k] = random.nextInt(2) == 0;
                    picked += sideA[k] ? 1 : 0;
                }
                if (picked == 0) {
                    sideA[random.nextInt(switches)] = true;
                } else if (picked == switches && shape == Shape.RING_SPLIT) {
                    sideA[random.nextInt(switches)] = false;
                }
                if (shape == Shape.MINORITY_SIDE) {
                    for (int set = 0; set * t.membersPerSet() < t.serverCount(); set++) {
                        sideA[t.serverNode(set * t.membersPerSet() + random.nextInt(t.membersPerSet()))] = true;
                    }
                }
            }
        }
        List<int[]> links = new ArrayList<>();
        for (int a = 0; a < sideA.length; a++) {
            for (int b = 0; b < sideA.length; b++) {
                if (sideA[a] && !sideA[b] && cuts(shape, t, a, b)) {
                    links.add(new int[] {a, b});
                    links.add(new int[] {b, a});
                }
            }
        }
        StringBuilder groupA = new StringBuilder();
        for (int n = 0; n < sideA.length; n++) {
            if (sideA[n]) {
                groupA.append(groupA.length() == 0 ? "" : " ").append(t.name(n));
            }
        }
        return links.isEmpty() ? null
                : new Cut(links, shape.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + " [" + groupA + "]");
    }

    private static boolean cuts(Shape shape, Topology t, int a, int b) {
        boolean aSwitch = a < t.switchCount();
        boolean bSwitch = b < t.switchCount();
        return switch (shape) {
            case ISOLATE_NODE, MINORITY_SIDE -> true;
            case RING_SPLIT -> aSwitch && bSwitch;
            case SWITCHES_FROM_SERVERS -> aSwitch && !bSwitch;
        };
    }

    /** Links to cut (each both ways already listed) and how the history names the partition. */
    record Cut(List<int[]> links, String what) {
    }
}
