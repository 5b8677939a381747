package io.ringworld.runtime.sim;

import io.ringworld.kernel.Config;
import io.ringworld.kernel.sw.Switch;
import io.ringworld.kernel.wire.WireKey;
import io.ringworld.p4.agent.P4Switch;
import io.ringworld.p4.lang.CheckedProgram;
import io.ringworld.p4.ringworld.CpuReason;
import io.ringworld.p4.ringworld.PlantedP4Bug;
import io.ringworld.p4.ringworld.RingWorldDataPlane;
import java.util.HashMap;
import java.util.Map;

/**
 * Switches on ringworld.p4 in the simulator: the program (checked once per JVM), the keys the
 * frames are signed with (fixed: a simulated cluster has no secrets), and the P4 switch around a
 * kernel switch. A run with {@link SimConfig.Dataplane#P4} is strict (a difference between the
 * data plane and its kernel ends the run); with the planted P4 bug it is not, so that the run's
 * own checks have to find what the bug does.
 */
final class SimP4 {
    static final WireKey CLUSTER_KEY = new WireKey(0x03020100, 0x07060504);
    private static final java.util.concurrent.atomic.LongAdder[] FRAMES = new java.util.concurrent.atomic.LongAdder[CpuReason.values().length];
    private static final java.util.concurrent.atomic.LongAdder TOKEN_VISITS = new java.util.concurrent.atomic.LongAdder();
    private static volatile CheckedProgram program;

    static {
        for (int k = 0; k < FRAMES.length; k++) {
            FRAMES[k] = new java.util.concurrent.atomic.LongAdder();
        }
    }
    private static final Map<PlantedP4Bug, CheckedProgram> PLANTED = new java.util.concurrent.ConcurrentHashMap<>();

    private SimP4() {
    }

    static P4Switch host(Switch kernel, Config config, SimConfig.Dataplane dataplane, int clients) {
        Map<Integer, WireKey> keys = new HashMap<>();
        for (int c = 0; c < clients; c++) {
            keys.put(c, clientKey(c));
        }
        boolean strict = dataplane == SimConfig.Dataplane.P4;
        return new P4Switch(kernel, config, program(dataplane), CLUSTER_KEY, keys, strict,
                (r, m) -> {
                    FRAMES[r.ordinal()].increment();
                    if (r == CpuReason.MIRROR && m instanceof io.ringworld.kernel.message.Message.Token) {
                        TOKEN_VISITS.increment();
                    }
                });
    }

    /** Token visits the P4 switches' data planes made in this JVM so far (their mirrors reached the agents). */
    static long tokenVisitsInDataPlane() {
        return TOKEN_VISITS.sum();
    }

    /** Frames that reached the P4 switches' agents in this JVM so far, by reason (campaign statistics). */
    static Map<CpuReason, Long> framesToAgents() {
        Map<CpuReason, Long> out = new java.util.EnumMap<>(CpuReason.class);
        for (CpuReason r : CpuReason.values()) {
            long n = FRAMES[r.ordinal()].sum();
            if (n > 0) {
                out.put(r, n);
            }
        }
        return out;
    }

    static WireKey clientKey(int c) {
        return new WireKey(0x10111213 ^ c, 0x14151617 ^ (c * 0x9E3779B9));
    }

    private static CheckedProgram program(SimConfig.Dataplane dataplane) {
        PlantedP4Bug bug = dataplane.plantedBug();
        if (bug != null) {
            return PLANTED.computeIfAbsent(bug, PlantedP4Bug::program);
        }
        if (program == null) {
            program = RingWorldDataPlane.program();
        }
        return program;
    }
}
