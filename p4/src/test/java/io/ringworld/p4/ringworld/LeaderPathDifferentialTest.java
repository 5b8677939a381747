package io.ringworld.p4.ringworld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.message.Message;
import io.ringworld.p4.lang.CheckedProgram;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Differential: generated runs of a leader's fast path (assignments and acks in any order,
 * duplicated, from the wrong replica set or member, of a stale view, repeated after commit),
 * fed to the kernel's switch role and to ringworld.p4 on the interpreter. Both must send the
 * same frames, byte for byte, except where the data plane hands a packet to the agent: then the
 * kernel sends nothing the data plane did not, or (an assignment seen before) only the client's
 * answer, which is the agent's to give. At the end both have the same commit index.
 */
class LeaderPathDifferentialTest {
    private static final Map<CpuReason, Integer> REASONS_SEEN = Collections.synchronizedMap(new EnumMap<>(CpuReason.class));

    @Property(tries = 150, seed = "20261206", edgeCases = EdgeCasesMode.NONE)
    void thePipelineSendsWhatTheKernelSends(@ForAll @IntRange(min = 1, max = 5) int ringSize,
            @ForAll @IntRange(min = 1, max = 5) int sets, @ForAll @IntRange(min = 0, max = 4) int position,
            @ForAll @IntRange(min = 0, max = 2) int startKind, @ForAll @LongRange(min = 1, max = 1L << 40) long seed) {
        run(LeaderPathHarness.PROGRAM, ringSize, sets, position, startKind, seed);
    }

    /**
     * The planted P4 bug: a duplicate ack credits the next member's bit too (an ack counted
     * twice). The same generated runs find it within the first 100 seeds.
     */
    @org.junit.jupiter.api.Test
    void aPlantedAckCountedTwiceIsFound() {
        CheckedProgram planted = PlantedP4Bug.ACK_COUNTED_TWICE.program();
        int found = 0;
        int first = -1;
        for (int seed = 1; seed <= 100; seed++) {
            try {
                run(planted, 3, 1, seed % 3, 0, seed);
            } catch (AssertionError e) {
                found++;
                if (first < 0) {
                    first = seed;
                }
            }
        }
        System.out.println("planted " + PlantedP4Bug.ACK_COUNTED_TWICE + ": found by " + found
                + " of 100 seeds, the first " + first);
        assertTrue(found > 0, "the planted bug was never found");
    }

    private static void run(CheckedProgram program, int ringSize, int sets, int position, int startKind, long seed) {
        Random random = new Random(seed);
        long start = switch (startKind) {
            case 0 -> 1;
            case 1 -> 1 + random.nextInt(5000);
            default -> (1L << 32) - random.nextInt(12);
        };
        LeaderPathHarness h = new LeaderPathHarness(program, ringSize, sets, position % ringSize,
                1 + random.nextInt(1000), start);
        List<Event> events = scenario(h, random, 1 + random.nextInt(8));
        for (Event e : events) {
            LeaderPathHarness.Step step = h.deliver(e.from, e.message);
            judge(e, step);
        }
        assertEquals(h.kernel.status().commitIndex() + 1, h.dataPlaneNextOwn(),
                "commit index after " + events.size() + " events (seed " + seed + ")");
    }

    private static void judge(Event e, LeaderPathHarness.Step step) {
        Set<LeaderPathHarness.Sent> kernel = new HashSet<>(step.kernel());
        Set<LeaderPathHarness.Sent> dataPlane = new HashSet<>(step.dataPlane());
        Set<CpuReason> reasons = Set.of(step.reason());
        reasons.forEach(r -> REASONS_SEEN.merge(r, 1, Integer::sum));
        String what = e + ": kernel " + step.kernel() + ", data plane " + step.dataPlane() + ", CPU " + reasons;
        assertEquals(step.dataPlane().size(), dataPlane.size(), "a frame sent twice: " + what);
        if (reasons.contains(CpuReason.ASSIGN_SEEN)) {
            assertTrue(kernel.containsAll(dataPlane), what);
            Set<LeaderPathHarness.Sent> agents = new HashSet<>(kernel);
            agents.removeAll(dataPlane);
            for (LeaderPathHarness.Sent s : agents) {
                assertTrue(s.to() instanceof ClientId, "only the client's answer is the agent's: " + what);
            }
        } else {
            assertEquals(kernel, dataPlane, what);
        }
        assertTrue(!reasons.contains(CpuReason.INVARIANT), "no generated run breaks an invariant: " + what);
        if (!reasons.contains(CpuReason.MIRROR)) {
            assertTrue(dataPlane.isEmpty(), "a frame the agent answers is not answered by the data plane too: " + what);
        }
    }

    private record Event(NodeId from, Message message) {
        @Override
        public String toString() {
            return message + " from " + from;
        }
    }

    /** The run's events: each own index assigned and acked by its set, shuffled, with noise. */
    private static List<Event> scenario(LeaderPathHarness h, Random random, int indices) {
        List<Event> events = new ArrayList<>();
        SwitchId sequencer = h.projection.ring().get(random.nextInt(h.projection.ring().size()));
        for (int k = 0; k < indices; k++) {
            long i = h.ownIndex(k);
            Message.Assign a = h.assign(i, random.nextInt(LeaderPathHarness.CLIENTS), 1 + random.nextInt(1000));
            events.add(new Event(sequencer, a));
            if (random.nextInt(4) == 0) {
                events.add(new Event(sequencer, a));
            }
            for (int m = 0; m < h.config.membersPerSet(); m++) {
                if (random.nextInt(6) != 0) {
                    events.add(new Event(h.server(i, m), h.ack(i, m)));
                }
                if (random.nextInt(5) == 0) {
                    events.add(new Event(h.server(i, m), h.ack(i, m)));
                }
            }
            if (random.nextInt(4) == 0) {
                // A member outside the set, or another set's server, or a view the switch is not in.
                ServerId outside = random.nextBoolean() || h.projection.replicaSetCount() == 1
                        ? new ServerId(h.projection.replicaSetOf(i), h.config.membersPerSet())
                        : new ServerId((h.projection.replicaSetOf(i) + 1) % h.projection.replicaSetCount(), 0);
                events.add(new Event(outside, new Message.WriteAck(h.view(), i, outside, true, h.view())));
                View other = new View(h.view().epoch() + 1, 0);
                events.add(new Event(h.server(i, 0), new Message.WriteAck(other, i, h.server(i, 0), true, other)));
            }
        }
        Collections.shuffle(events, random);
        // Assignments repeated at the end: some committed by now (the kernel may answer again).
        for (int k = 0; k < indices; k++) {
            if (random.nextInt(3) == 0) {
                for (Event e : List.copyOf(events)) {
                    if (e.message instanceof Message.Assign a && a.index() == h.ownIndex(k)) {
                        events.add(e);
                        break;
                    }
                }
            }
        }
        return events;
    }

    @org.junit.jupiter.api.AfterAll
    static void printReasons() {
        System.out.println("leader path differential: packets to the CPU by reason " + REASONS_SEEN);
    }
}
