package io.ringworld.conformance.host;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ringworld.kernel.testhooks.PlantedBug;
import io.ringworld.kernel.Result;
import io.ringworld.kernel.invariant.InvariantViolation;
import io.ringworld.kernel.message.Message;
import io.ringworld.runtime.sim.SimHost;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The suite can fail: hosts with planted defects are caught by the scenario they break. */
class HostSuiteCatchesBrokenHostsTest {

    /** A host whose trim claims success but trims nothing. */
    @Test
    void aHostThatAcknowledgesTrimsWithoutTrimmingIsCaught() {
        SharedLogHostConformance suite = suiteOver(() -> new Delegating(fresh(PlantedBug.NONE)) {
            @Override
            public Result trim(int client, long prefix, int via) {
                return new Result.TrimDone(prefix);
            }
        });
        suite.start();
        assertThrows(AssertionFailedError.class, suite::trimMakesThePrefixUnreadableAndKeepsTheRest);
    }

    /** A host whose reads go to the wrong index. */
    @Test
    void aHostThatReadsTheWrongIndexIsCaught() {
        SharedLogHostConformance suite = suiteOver(() -> new Delegating(fresh(PlantedBug.NONE)) {
            @Override
            public Result read(int client, long index, int via) {
                return super.read(client, index + 1, via);
            }
        });
        suite.start();
        assertThrows(AssertionFailedError.class, suite::appendThenReadReturnsThePayloadThroughAnySwitch);
    }

    /** The kernel bug that commits on one ack, hosted on the simulator, is caught by its invariants. */
    @Test
    void aKernelThatCommitsOnOneAckIsCaught() {
        SharedLogHostConformance suite = suiteOver(() -> fresh(PlantedBug.COMMIT_ON_ONE_ACK));
        suite.start();
        assertThrows(InvariantViolation.class, suite::appendThenReadReturnsThePayloadThroughAnySwitch);
    }

    /** Issue 19: a host that brings a wiped server back as a brand-new one (no lost-state marker). */
    @Test
    void aHostThatWipesAServerAsIfNewIsCaught() {
        SimHost sim = new SimHost(1, 3, 2, PlantedBug.NONE);
        SharedLogHostConformance suite = suiteOver(() -> new Delegating(SimulatorHostConformanceTest.adapt(sim)) {
            @Override
            public void wipeServer(int set, int member) {
                sim.wipeServerForgettingIt(set, member);
            }
        });
        suite.start();
        assertThrows(InvariantViolation.class, suite::aWipedServerIsNeverTakenForOneThatNeverHeldTheEntry);
    }

    private static ConformanceHost fresh(PlantedBug bug) {
        return SimulatorHostConformanceTest.adapt(new SimHost(1, 3, 2, bug));
    }

    private static SharedLogHostConformance suiteOver(java.util.function.Supplier<ConformanceHost> hosts) {
        return new SharedLogHostConformance() {
            @Override
            protected ConformanceHost newHost() {
                return hosts.get();
            }
        };
    }

    /** Forwards everything; subclasses override what they break. */
    private static class Delegating implements ConformanceHost {
        private final ConformanceHost inner;

        Delegating(ConformanceHost inner) {
            this.inner = inner;
        }

        public Result append(int client, String payload, int via) {
            return inner.append(client, payload, via);
        }

        public Result read(int client, long index, int via) {
            return inner.read(client, index, via);
        }

        public Result tail(int client, int via) {
            return inner.tail(client, via);
        }

        public Result trim(int client, long prefix, int via) {
            return inner.trim(client, prefix, via);
        }

        public void settle(long ticks) {
            inner.settle(ticks);
        }

        public void crashSwitch(int k) {
            inner.crashSwitch(k);
        }

        public void restartSwitch(int k) {
            inner.restartSwitch(k);
        }

        public void crashServer(int set, int member) {
            inner.crashServer(set, member);
        }

        public void recoverServer(int set, int member) {
            inner.recoverServer(set, member);
        }

        public void wipeServer(int set, int member) {
            inner.wipeServer(set, member);
        }

        public void dropMessagesOf(Class<? extends Message> type) {
            inner.dropMessagesOf(type);
        }

        public void stopDropping() {
            inner.stopDropping();
        }

        public long viewChanges() {
            return inner.viewChanges();
        }
    }
}
