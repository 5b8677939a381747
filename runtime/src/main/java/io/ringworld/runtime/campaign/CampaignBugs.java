package io.ringworld.runtime.campaign;

import io.ringworld.kernel.testhooks.PlantedBug;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Which planted kernel bugs a fault campaign must find (its power, shown by
 * {@code ringworld campaign --planted-bug-matrix}), and which it is not meant to, with the reason.
 */
public final class CampaignBugs {
    private static final Map<PlantedBug, String> RETIRED = new EnumMap<>(PlantedBug.class);

    /** Bugs only a campaign with disk faults ({@code --disk-faults}) can see: without them no index is ever unknown. */
    private static final Map<PlantedBug, String> DISK_ONLY = new EnumMap<>(PlantedBug.class);

    static {
        RETIRED.put(PlantedBug.NONE, "no bug");
        DISK_ONLY.put(PlantedBug.UNKNOWN_AS_EMPTY, "needs --disk-faults (no index is unknown without a disk fault)");
        RETIRED.put(PlantedBug.ACK_BEFORE_RELEARN, "a damaged server's early acks matter only when a stale leader's"
                + " write reaches it and the one server a later view did not seal, after that seal; the disk window"
                + " does not line that up (0 of 500 disk seeds): TLC's bug_AckBeforeRelearn and LogServerDiskTest catch it");
        RETIRED.put(PlantedBug.FORGET_COMMITTED_AT_RESTART, "it shows only when a server restarted after its relearn"
                + " with committed entries still unknown and no view change follows; the simulator's faults keep"
                + " changing views until the heal (0 of 1,000 disk seeds): RepairAfterRestartTest (a scripted simulator"
                + " run, judged by the campaign's majority check) and LogServerDiskTest catch it, and the real-cluster"
                + " campaign found it");
        RETIRED.put(PlantedBug.DAMAGE_READ_AS_ABSENT, "the simulator damages a disk only while its server is down, so the"
                + " damage is found at recovery, never by a read of a payload the server keeps on disk only: TLC's"
                + " bug_DamageAsAbsent and LogServerHeapWindowTest catch it (a bit flipped under a running server is"
                + " the real-cluster campaign's disk fault)");
    }

    /** The bugs a campaign must find: the default ones, and with disk faults also the disk-only ones. */
    public static List<PlantedBug> found(boolean diskFaults) {
        List<PlantedBug> bugs = new ArrayList<>();
        for (PlantedBug bug : PlantedBug.values()) {
            if (!RETIRED.containsKey(bug) && (diskFaults || !DISK_ONLY.containsKey(bug))) {
                bugs.add(bug);
            }
        }
        return bugs;
    }

    /** The bugs only a campaign with disk faults must find, with why. */
    public static Map<PlantedBug, String> diskOnly() {
        return Collections.unmodifiableMap(DISK_ONLY);
    }

    private CampaignBugs() {
    }

    /** The bugs a campaign with the default fault configuration must find, in declaration order. */
    public static List<PlantedBug> found() {
        return found(false);
    }

    /** The bugs left out of campaigns, each with why no campaign can see it. */
    public static Map<PlantedBug, String> retired() {
        Map<PlantedBug, String> out = new EnumMap<>(RETIRED);
        out.remove(PlantedBug.NONE);
        return Collections.unmodifiableMap(out);
    }
}
