package io.ringworld.kernel;

/**
 * Static cluster configuration every node knows at start: the sizes of the cluster, the bounds
 * of every queue and every timeout, in ticks (one tick is one unit of a node's local clock; the
 * host decides how long a tick is). Immutable; build one with {@link #defaults(int, int)} and the
 * {@code with...} methods.
 *
 * @param switchCount         switches of the static configuration (ids 0..switchCount-1)
 * @param replicaSetCount     replica sets R; index i is stored on set {@code i mod R}
 * @param membersPerSet       servers per replica set (3 in the paper); a majority is needed
 * @param pendingRequestsMax  pending appends + waiting getTails/reads a switch queues before Busy
 * @param statusMapSlotsMax   slots of a leader's status map; the sequencer never lets
 *                            {@code h - c} exceed {@code statusMapSlotsMax * ring size}, so the
 *                            ring buffer can never overflow
 * @param tokenRetransmitTicks resend the token to the successor this often until TokenAck
 * @param suspectTimeoutTicks  successor suspected if the token is unacknowledged this long
 * @param tokenLossTimeoutTicks a ring member that has not seen the token this long suspects it lost
 * @param holeTimeoutTicks     an index known assigned but never received is filled with junk after this
 * @param writeRetryTicks      leaders and coordinators resend unacknowledged writes this often
 * @param sealRetryTicks       a coordinator resends Seal to silent nodes this often
 * @param sealGraceTicks       after server majorities answered, wait this long for more switches
 * @param viewChangeTimeoutTicks a view change not installed by then is retried in a higher view
 * @param joinRetryTicks       a restarted switch announces itself (Join) this often
 * @param clientAppendTimeoutTicks an append not answered by then is INDETERMINATE
 * @param clientRetryTicks     a client resends a read/getTail/trim step after this
 * @param clientReadTimeoutTicks a read still unanswered by then gives NOT_YET or INDETERMINATE
 * @param clientGetTailTimeoutTicks a getTail not answered by then is INDETERMINATE
 * @param clientTrimTimeoutTicks a trim not acknowledged by then is INDETERMINATE
 * @param plantedBug           a bug to plant for checker tests; {@link PlantedBug#NONE} in production
 */
public record Config(
        int switchCount,
        int replicaSetCount,
        int membersPerSet,
        int pendingRequestsMax,
        int statusMapSlotsMax,
        int tokenRetransmitTicks,
        int suspectTimeoutTicks,
        int tokenLossTimeoutTicks,
        int holeTimeoutTicks,
        int writeRetryTicks,
        int sealRetryTicks,
        int sealGraceTicks,
        int viewChangeTimeoutTicks,
        int joinRetryTicks,
        int clientAppendTimeoutTicks,
        int clientRetryTicks,
        int clientReadTimeoutTicks,
        int clientGetTailTimeoutTicks,
        int clientTrimTimeoutTicks,
        PlantedBug plantedBug) {

    public Config {
        requirePositive("switchCount", switchCount);
        requirePositive("replicaSetCount", replicaSetCount);
        requirePositive("membersPerSet", membersPerSet);
        if (membersPerSet > 31) {
            throw new IllegalArgumentException("membersPerSet must be <= 31 (ack bitmap), got " + membersPerSet);
        }
        requirePositive("pendingRequestsMax", pendingRequestsMax);
        requirePositive("statusMapSlotsMax", statusMapSlotsMax);
        requirePositive("tokenRetransmitTicks", tokenRetransmitTicks);
        requirePositive("suspectTimeoutTicks", suspectTimeoutTicks);
        requirePositive("tokenLossTimeoutTicks", tokenLossTimeoutTicks);
        requirePositive("holeTimeoutTicks", holeTimeoutTicks);
        requirePositive("writeRetryTicks", writeRetryTicks);
        requirePositive("sealRetryTicks", sealRetryTicks);
        requirePositive("sealGraceTicks", sealGraceTicks);
        requirePositive("viewChangeTimeoutTicks", viewChangeTimeoutTicks);
        requirePositive("joinRetryTicks", joinRetryTicks);
        requirePositive("clientAppendTimeoutTicks", clientAppendTimeoutTicks);
        requirePositive("clientRetryTicks", clientRetryTicks);
        requirePositive("clientReadTimeoutTicks", clientReadTimeoutTicks);
        requirePositive("clientGetTailTimeoutTicks", clientGetTailTimeoutTicks);
        requirePositive("clientTrimTimeoutTicks", clientTrimTimeoutTicks);
        if (plantedBug == null) {
            throw new IllegalArgumentException("plantedBug must not be null (use PlantedBug.NONE)");
        }
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, got " + value);
        }
    }

    /** Sensible defaults for a cluster of the given size: 3 servers per set. */
    public static Config defaults(int switchCount, int replicaSetCount) {
        return new Config(switchCount, replicaSetCount, 3,
                /* pendingRequestsMax */ 1024, /* statusMapSlotsMax */ 256,
                /* tokenRetransmitTicks */ 3, /* suspectTimeoutTicks */ 40, /* tokenLossTimeoutTicks */ 60,
                /* holeTimeoutTicks */ 20, /* writeRetryTicks */ 5, /* sealRetryTicks */ 5,
                /* sealGraceTicks */ 5, /* viewChangeTimeoutTicks */ 80, /* joinRetryTicks */ 20,
                /* clientAppendTimeoutTicks */ 200, /* clientRetryTicks */ 10,
                /* clientReadTimeoutTicks */ 200, /* clientGetTailTimeoutTicks */ 200,
                /* clientTrimTimeoutTicks */ 200, PlantedBug.NONE);
    }

    /** Servers that form a majority of a replica set. */
    public int majority() {
        return membersPerSet / 2 + 1;
    }

    /** Every server of the static configuration, set by set. */
    public java.util.List<ServerId> allServers() {
        var out = new java.util.ArrayList<ServerId>(replicaSetCount * membersPerSet);
        for (int set = 0; set < replicaSetCount; set++) {
            for (int m = 0; m < membersPerSet; m++) {
                out.add(new ServerId(set, m));
            }
        }
        return out;
    }

    /** Every switch of the static configuration. */
    public java.util.List<SwitchId> allSwitches() {
        var out = new java.util.ArrayList<SwitchId>(switchCount);
        for (int i = 0; i < switchCount; i++) {
            out.add(new SwitchId(i));
        }
        return out;
    }

    /** The projection the cluster boots with: all switches in id order, view INITIAL, start 1. */
    public Projection initialProjection() {
        return new Projection(View.INITIAL, allSwitches(), replicaSetCount, 1);
    }

    public Config withPlantedBug(PlantedBug bug) {
        return new Config(switchCount, replicaSetCount, membersPerSet, pendingRequestsMax, statusMapSlotsMax,
                tokenRetransmitTicks, suspectTimeoutTicks, tokenLossTimeoutTicks, holeTimeoutTicks,
                writeRetryTicks, sealRetryTicks, sealGraceTicks, viewChangeTimeoutTicks, joinRetryTicks,
                clientAppendTimeoutTicks, clientRetryTicks, clientReadTimeoutTicks, clientGetTailTimeoutTicks,
                clientTrimTimeoutTicks, bug);
    }

    public Config withPendingRequestsMax(int max) {
        return new Config(switchCount, replicaSetCount, membersPerSet, max, statusMapSlotsMax,
                tokenRetransmitTicks, suspectTimeoutTicks, tokenLossTimeoutTicks, holeTimeoutTicks,
                writeRetryTicks, sealRetryTicks, sealGraceTicks, viewChangeTimeoutTicks, joinRetryTicks,
                clientAppendTimeoutTicks, clientRetryTicks, clientReadTimeoutTicks, clientGetTailTimeoutTicks,
                clientTrimTimeoutTicks, plantedBug);
    }

    public Config withStatusMapSlotsMax(int max) {
        return new Config(switchCount, replicaSetCount, membersPerSet, pendingRequestsMax, max,
                tokenRetransmitTicks, suspectTimeoutTicks, tokenLossTimeoutTicks, holeTimeoutTicks,
                writeRetryTicks, sealRetryTicks, sealGraceTicks, viewChangeTimeoutTicks, joinRetryTicks,
                clientAppendTimeoutTicks, clientRetryTicks, clientReadTimeoutTicks, clientGetTailTimeoutTicks,
                clientTrimTimeoutTicks, plantedBug);
    }

    public Config withHoleTimeoutTicks(int ticks) {
        return new Config(switchCount, replicaSetCount, membersPerSet, pendingRequestsMax, statusMapSlotsMax,
                tokenRetransmitTicks, suspectTimeoutTicks, tokenLossTimeoutTicks, ticks,
                writeRetryTicks, sealRetryTicks, sealGraceTicks, viewChangeTimeoutTicks, joinRetryTicks,
                clientAppendTimeoutTicks, clientRetryTicks, clientReadTimeoutTicks, clientGetTailTimeoutTicks,
                clientTrimTimeoutTicks, plantedBug);
    }

    public Config withClientTimeoutsTicks(int appendTicks, int readTicks, int getTailTicks, int trimTicks) {
        return new Config(switchCount, replicaSetCount, membersPerSet, pendingRequestsMax, statusMapSlotsMax,
                tokenRetransmitTicks, suspectTimeoutTicks, tokenLossTimeoutTicks, holeTimeoutTicks,
                writeRetryTicks, sealRetryTicks, sealGraceTicks, viewChangeTimeoutTicks, joinRetryTicks,
                appendTicks, clientRetryTicks, readTicks, getTailTicks, trimTicks, plantedBug);
    }

    public Config withFailureDetectionTicks(int suspectTicks, int tokenLossTicks, int viewChangeTicks) {
        return new Config(switchCount, replicaSetCount, membersPerSet, pendingRequestsMax, statusMapSlotsMax,
                tokenRetransmitTicks, suspectTicks, tokenLossTicks, holeTimeoutTicks,
                writeRetryTicks, sealRetryTicks, sealGraceTicks, viewChangeTicks, joinRetryTicks,
                clientAppendTimeoutTicks, clientRetryTicks, clientReadTimeoutTicks, clientGetTailTimeoutTicks,
                clientTrimTimeoutTicks, plantedBug);
    }
}
