package io.ringworld.kernel.harness;

import java.util.Random;

/**
 * A seeded random workload over a {@link TestCluster}: client operations, and optionally switch
 * crashes/restarts and server crashes/recoveries (never more than one switch and one server per
 * replica set down at once, so the cluster can always make progress again).
 */
public final class RandomWorkload {
    public boolean crashes;
    public double opProbability = 0.3;
    public double crashProbability = 0.004;
    public double recoverProbability = 0.02;

    private int downSwitch = -1;
    private final int[] downServer;
    private long appendCounter;

    private final TestCluster c;
    private final Random random;

    public RandomWorkload(TestCluster c) {
        this.c = c;
        this.random = c.random;
        this.downServer = new int[c.config.replicaSetCount()];
        java.util.Arrays.fill(downServer, -1);
    }

    public void run(int ticks) {
        for (int t = 0; t < ticks; t++) {
            if (random.nextDouble() < opProbability) {
                startOp();
            }
            if (crashes) {
                faults();
            }
            c.runTick();
        }
    }

    /** Heals every fault (restarts the down switch, recovers down servers). */
    public void healAll() {
        if (downSwitch >= 0) {
            c.restartSwitch(downSwitch);
            downSwitch = -1;
        }
        for (int set = 0; set < downServer.length; set++) {
            if (downServer[set] >= 0) {
                c.recoverServer(set, downServer[set]);
                downServer[set] = -1;
            }
        }
    }

    private void startOp() {
        int client = random.nextInt(c.clientCount());
        int via = random.nextInt(c.config.switchCount());
        int kind = random.nextInt(10);
        if (kind < 5) {
            c.append(client, "p" + (++appendCounter) + "-" + c.seed, via);
        } else if (kind < 8) {
            c.read(client, 1 + random.nextInt((int) Math.max(1, appendCounter + 3)), via);
        } else if (kind < 9) {
            c.getTail(client, via);
        } else {
            c.trim(client, 1 + random.nextInt((int) Math.max(1, appendCounter / 4 + 1)), via);
        }
    }

    private void faults() {
        double r = random.nextDouble();
        if (downSwitch < 0 && r < crashProbability) {
            downSwitch = random.nextInt(c.config.switchCount());
            c.crashSwitch(downSwitch);
        } else if (downSwitch >= 0 && r < recoverProbability) {
            c.restartSwitch(downSwitch);
            downSwitch = -1;
        }
        int set = random.nextInt(downServer.length);
        double q = random.nextDouble();
        if (downServer[set] < 0 && q < crashProbability) {
            downServer[set] = random.nextInt(c.config.membersPerSet());
            c.crashServer(set, downServer[set]);
        } else if (downServer[set] >= 0 && q < recoverProbability) {
            c.recoverServer(set, downServer[set]);
            downServer[set] = -1;
        }
    }
}
