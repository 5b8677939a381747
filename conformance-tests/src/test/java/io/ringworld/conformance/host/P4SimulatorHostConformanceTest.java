package io.ringworld.conformance.host;

import io.ringworld.runtime.sim.SimConfig;
import io.ringworld.runtime.sim.SimHost;

/**
 * The host conformance suite on the simulator with P4 switches: ringworld.p4 on the p4 module's
 * interpreter, the kernel's switch role as its agent (issue 23). Seed {@code -Dseed}, default 1.
 */
class P4SimulatorHostConformanceTest extends SharedLogHostConformance {
    private static final long SEED = Long.getLong("seed", 1L);

    @Override
    protected ConformanceHost newHost() {
        System.out.println("simulator host with P4 switches, seed " + SEED);
        return SimulatorHostConformanceTest.adapt(new SimHost(SEED, 3, 2, SimConfig.Dataplane.P4));
    }
}
