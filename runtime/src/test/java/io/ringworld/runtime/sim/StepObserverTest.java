package io.ringworld.runtime.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.checker.history.HistoryWriter;
import io.ringworld.kernel.Effect;
import io.ringworld.kernel.Effects;
import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.testhooks.PlantedBug;
import io.ringworld.kernel.client.Client;
import io.ringworld.kernel.client.ClientInput;
import io.ringworld.kernel.invariant.Invariant;
import io.ringworld.kernel.invariant.InvariantViolation;
import io.ringworld.kernel.server.LogServer;
import io.ringworld.kernel.server.ServerInput;
import io.ringworld.kernel.sw.Switch;
import io.ringworld.kernel.sw.SwitchInput;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The simulator's observation hook: every kernel step and fault of a run, and nothing changes the run. */
class StepObserverTest {
    private static final SimConfig CONFIG = SimConfig.defaults();

    /** Counts what it sees and checks that no crashed node steps before it is back. */
    private static final class Counting implements StepObserver {
        final Set<NodeId> down = new HashSet<>();
        final List<String> problems = new ArrayList<>();
        long delivered;
        long outcomes;
        long starts;
        long crashes;
        long comebacks;
        long steps;
        /** A hash of every call, in order: two runs of one seed must give the same. */
        long hash = 17;

        private void step(NodeId node, Object input, Effects effects) {
            steps++;
            if (down.contains(node)) {
                problems.add(node + " stepped while crashed: " + input);
            }
            note(node + " " + input + " -> " + effects);
        }

        private void note(String call) {
            hash = hash * 31 + call.hashCode();
        }

        @Override
        public void switchStepped(Switch node, SwitchInput input, Effects effects) {
            step(node.id(), input, effects);
            delivered += input instanceof SwitchInput.Deliver ? 1 : 0;
            starts += input instanceof SwitchInput.Start ? 1 : 0;
        }

        @Override
        public void serverStepped(LogServer node, ServerInput input, Effects effects) {
            step(node.id(), input, effects);
            delivered += input instanceof ServerInput.Deliver ? 1 : 0;
        }

        @Override
        public void clientStepped(Client node, ClientInput input, Effects effects) {
            step(node.id(), input, effects);
            delivered += input instanceof ClientInput.Deliver ? 1 : 0;
            for (Effect e : effects) {
                outcomes += e instanceof Effect.Outcome ? 1 : 0;
            }
        }

        @Override
        public void crashed(NodeId node) {
            crashes++;
            if (!down.add(node)) {
                problems.add(node + " crashed twice");
            }
            note("crash " + node);
        }

        @Override
        public void switchRestarted(Switch node) {
            back(node.id());
        }

        @Override
        public void serverRecovered(LogServer node) {
            back(node.id());
        }

        private void back(NodeId node) {
            comebacks++;
            if (!down.remove(node)) {
                problems.add(node + " came back without a crash");
            }
            note("back " + node);
        }
    }

    @Test
    void theObserverSeesEveryStepAndEveryCrash() {
        long crashesSeen = 0;
        for (long seed = 1; seed <= 12; seed++) {
            Counting seen = new Counting();
            RunResult r = Simulation.run(seed, CONFIG, null, seen);
            long crashes = r.faultsInjected().getOrDefault(FaultKind.SERVER_CRASH, 0L)
                    + r.faultsInjected().getOrDefault(FaultKind.SWITCH_CRASH, 0L);
            assertEquals(List.of(), seen.problems, "seed " + seed);
            assertEquals(r.messages(), seen.delivered, "seed " + seed + ": every delivered message is one observed step");
            assertEquals(r.opsCompleted(), seen.outcomes, "seed " + seed + ": every completed operation is an observed outcome");
            assertEquals(crashes, seen.crashes, "seed " + seed + ": every crash the nemesis injected is reported");
            assertEquals(seen.crashes, seen.comebacks, "seed " + seed + ": every crashed node came back (after the faults)");
            long switchRestarts = r.faultsInjected().getOrDefault(FaultKind.SWITCH_CRASH, 0L);
            assertEquals(CONFIG.switchCount() + switchRestarts, seen.starts, "seed " + seed + ": a Start per boot and restart");
            assertTrue(seen.steps > seen.delivered, "ticks and syncs are steps too");
            crashesSeen += seen.crashes;
        }
        assertTrue(crashesSeen > 0, "some seed crashed a node");
    }

    @Test
    void aSeedGivesTheSameRunWithOrWithoutAnObserver() {
        for (long seed : new long[] {3, 8, 21}) {
            RunResult plain = Simulation.run(seed, CONFIG, null);
            Counting first = new Counting();
            RunResult watched = Simulation.run(seed, CONFIG, null, first);
            Counting second = new Counting();
            Simulation.run(seed, CONFIG, null, second);
            assertEquals(plain.traceHash(), watched.traceHash(), "seed " + seed);
            assertEquals(plain.events(), watched.events(), "seed " + seed);
            assertEquals(HistoryWriter.toEdn(plain.history()), HistoryWriter.toEdn(watched.history()), "seed " + seed);
            assertEquals(first.steps, second.steps, "seed " + seed);
            assertEquals(first.hash, second.hash, "seed " + seed + ": the same calls in the same order");
        }
    }

    @Test
    void aStepTheKernelRefusesIsReportedBeforeTheRunEnds() {
        List<String> failed = new ArrayList<>();
        StepObserver observer = new StepObserver() {
            @Override
            public <I> void stepFailed(io.ringworld.kernel.Node<I> node, I input, InvariantViolation violation) {
                assertEquals(Invariant.CommitNeedsMajority, violation.invariant());
                assertTrue(input instanceof SwitchInput.Deliver, "a WriteAck delivered to the leader: " + input);
                failed.add(node.id() + ": " + violation.getMessage());
            }
        };
        RunResult r = Simulation.run(1, CONFIG.withPlantedBug(PlantedBug.COMMIT_ON_ONE_ACK), null, observer);
        assertEquals(1, failed.size(), "the one failed step: " + failed);
        assertTrue(r.firstViolation().contains("CommitNeedsMajority"), r.firstViolation());
    }
}
