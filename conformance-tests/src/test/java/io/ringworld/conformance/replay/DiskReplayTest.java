package io.ringworld.conformance.replay;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ringworld.kernel.testhooks.PlantedBug;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Issue 19: TLC -simulate behaviours of {@code specs/tla/RingWorld_replay_disk.cfg} (a server
 * wiped or some entries of it corrupt, relearn, repair, a view change after the fault) replayed
 * on the kernel, compared state by state ({@link Abstraction}: unknown entries as the spec's
 * {@code Unk}, relearning as {@code dk}). {@code -Dseed=S} replays seed S's behaviours.
 */
class DiskReplayTest {
    static final int BEHAVIOURS = 400;

    @Test
    void diskFaultBehavioursReplayOnTheKernel() throws Exception {
        long seed = Long.getLong("seed", 99L);
        System.out.println("disk replay: TLC -simulate " + SpecReplayTest.CFG_DISK + " seed " + seed
                + " (rerun with -Dseed=" + seed + ")");
        List<SpecBehaviours.Behaviour> behaviours = SpecBehaviours.generate(SpecReplayTest.CFG_DISK, seed, BEHAVIOURS,
                SpecReplayTest.DEPTH);
        Map<String, Integer> actions = new TreeMap<>();
        List<String> divergences = new ArrayList<>();
        int replayed = 0;
        for (SpecBehaviours.Behaviour b : behaviours) {
            List<Map<String, Object>> states = b.states();
            for (Map<String, Object> st : states) {
                Object a = ((Map<?, ?>) st.get("action")).get("a");
                if (a instanceof String name && name.startsWith("Server") && !name.equals("ServerWrite")) {
                    actions.merge(name, 1, Integer::sum);
                }
            }
            try {
                SpecReplayTest.replayer(b, states, PlantedBug.NONE).replay(states);
                replayed++;
            } catch (KernelReplayer.Divergence d) {
                divergences.add(d.getMessage());
            }
        }
        System.out.println("disk replay: " + replayed + " of " + behaviours.size() + " behaviours replayed, "
                + divergences.size() + " diverged; server steps " + actions);
        if (!divergences.isEmpty()) {
            fail(divergences.size() + " behaviours diverged; first ones:\n"
                    + String.join("\n", divergences.subList(0, Math.min(10, divergences.size()))));
        }
        // TLC's random walk picks ServerWipe(s) far more often than one ServerCorrupt(s, I) of its many I.
        Map<String, Integer> least = Map.of("ServerWipe", 100, "ServerRelearn", 100, "ServerCorrupt", 5, "ServerRepair", 5);
        least.forEach((a, n) -> assertTrue(actions.getOrDefault(a, 0) >= n,
                a + " replayed only " + actions.getOrDefault(a, 0) + " times (at least " + n + ")"));
    }
}
