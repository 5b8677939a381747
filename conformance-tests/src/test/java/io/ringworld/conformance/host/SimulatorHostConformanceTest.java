package io.ringworld.conformance.host;

import io.ringworld.kernel.Result;
import io.ringworld.kernel.message.Message;
import io.ringworld.runtime.sim.SimHost;

/** The host conformance suite on the deterministic simulator (seed {@code -Dseed}, default 1). */
class SimulatorHostConformanceTest extends SharedLogHostConformance {
    private static final long SEED = Long.getLong("seed", 1L);

    @Override
    protected ConformanceHost newHost() {
        System.out.println("simulator host, seed " + SEED);
        return adapt(new SimHost(SEED, 3, 2));
    }

    static ConformanceHost adapt(SimHost sim) {
        return new ConformanceHost() {
            public Result append(int client, String payload, int via) {
                return sim.append(client, payload, via);
            }

            public Result read(int client, long index, int via) {
                return sim.read(client, index, via);
            }

            public Result tail(int client, int via) {
                return sim.tail(client, via);
            }

            public Result trim(int client, long prefix, int via) {
                return sim.trim(client, prefix, via);
            }

            public void settle(long ticks) {
                sim.runTicks(ticks);
            }

            public void crashSwitch(int k) {
                sim.crashSwitch(k);
            }

            public void restartSwitch(int k) {
                sim.restartSwitch(k);
            }

            public void crashServer(int set, int member) {
                sim.crashServer(set, member);
            }

            public void recoverServer(int set, int member) {
                sim.recoverServer(set, member);
            }

            public void wipeServer(int set, int member) {
                sim.wipeServer(set, member);
            }

            public void dropMessagesOf(Class<? extends Message> type) {
                sim.dropWhere(m -> type.isInstance(m)
                        || m instanceof Message.Merged merged && type.isInstance(merged.members().get(0)));
            }

            public void stopDropping() {
                sim.stopDropping();
            }

            public long viewChanges() {
                return sim.viewChanges();
            }
        };
    }
}
