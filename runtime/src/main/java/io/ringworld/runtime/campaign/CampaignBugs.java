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

    static {
        RETIRED.put(PlantedBug.NONE, "no bug");
    }

    private CampaignBugs() {
    }

    /** The bugs a campaign with the default fault configuration must find, in declaration order. */
    public static List<PlantedBug> found() {
        List<PlantedBug> bugs = new ArrayList<>();
        for (PlantedBug bug : PlantedBug.values()) {
            if (!RETIRED.containsKey(bug)) {
                bugs.add(bug);
            }
        }
        return bugs;
    }

    /** The bugs left out of campaigns, each with why no campaign can see it. */
    public static Map<PlantedBug, String> retired() {
        Map<PlantedBug, String> out = new EnumMap<>(RETIRED);
        out.remove(PlantedBug.NONE);
        return Collections.unmodifiableMap(out);
    }
}
