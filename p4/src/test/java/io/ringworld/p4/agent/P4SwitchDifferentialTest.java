package io.ringworld.p4.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.Config;
import io.ringworld.kernel.Effect;
import io.ringworld.kernel.Effects;
import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.Projection;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.invariant.InvariantViolation;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.sw.Switch;
import io.ringworld.kernel.sw.SwitchInput;
import io.ringworld.kernel.wire.SealedPayload;
import io.ringworld.kernel.wire.WireKey;
import io.ringworld.p4.ringworld.RingWorldDataPlane;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The whole P4 switch (pipeline, agent and the agent's kernel, every send through the pipeline)
 * against the kernel's switch role alone, on the same generated inputs: clients' appends, the
 * token's visits (the appends it serves), assignments from the other switches, the servers' acks
 * (duplicated, of indices led or not), ticks, and a Seal of a later view at a random point, so
 * that it often lands between a token and the appends it serves, or between a write and its acks.
 * After every input both send the same messages to the same nodes (the fast path's answers
 * included: the appends the data plane admits, dedups and keeps round its loop, and the ASSIGNs
 * they leave as when a visit serves them; the agent also checks after every step that the loop
 * holds as many appends as its kernel's queue). Switch 1 of a ring of 3, one replica set; the seed is printed by jqwik and pinned.
 */
class P4SwitchDifferentialTest {
    private static final WireKey CLUSTER = new WireKey(0x03020100, 0x07060504);
    private static final WireKey CLIENT0 = new WireKey(0x13121110, 0x17161514);
    private static final View VIEW = new View(7, 0);
    private static final SwitchId SELF = new SwitchId(1);

    @Property(tries = 60, seed = "20261206", edgeCases = EdgeCasesMode.NONE)
    void theP4SwitchSendsWhatTheKernelSends(@ForAll @LongRange(min = 1, max = 1L << 40) long seed) {
        run(seed, RingWorldDataPlane.program(), true);
    }

    /**
     * The planted P4 bug DUPLICATE_SEQUENCED (the dedup window never marks an id) is found: the
     * agent sees its loop hold more appends than its kernel's queue, or the P4 switch sends
     * another visit's ASSIGNs than the kernel alone.
     */
    @org.junit.jupiter.api.Test
    void thePlantedDuplicateSequencedIsFound() {
        io.ringworld.p4.lang.CheckedProgram planted = io.ringworld.p4.ringworld.PlantedP4Bug.DUPLICATE_SEQUENCED.program();
        int found = 0;
        int runs = 30;
        for (long seed = 1; seed <= runs; seed++) {
            run(seed, RingWorldDataPlane.program(), false); // without the bug, the same run passes
            try {
                run(seed, planted, false);
            } catch (DataPlaneDivergence | org.opentest4j.AssertionFailedError e) {
                found++;
            }
        }
        System.out.println("P4SwitchDifferentialTest: planted DUPLICATE_SEQUENCED found in " + found + " of " + runs + " runs");
        assertTrue(found * 2 > runs, "found in " + found + " of " + runs);
    }

    /** One generated run of {@code program}; {@code tally}: counted in the property's figures. */
    private static void run(long seed, io.ringworld.p4.lang.CheckedProgram program, boolean tally) {
        Config config = Config.builder(3, 1).mergedMessageBytesMax(0).build();
        Projection p = new Projection(VIEW, List.of(new SwitchId(0), SELF, new SwitchId(2)), 1, 1);
        Switch alone = Switch.bootingInto(SELF, config, p);
        P4Switch p4 = new P4Switch(Switch.bootingInto(SELF, config, p), config, program, CLUSTER,
                Map.of(0, CLIENT0), true);
        Random r = new Random(seed);
        compare("start", alone.step(SwitchInput.Start.INSTANCE), p4.step(SwitchInput.Start.INSTANCE));
        // Request ids from 1, from just below 2^32 (the data plane's ids are two words), or from
        // where a real client starts (its clock in microseconds).
        long[] bases = {0, (1L << 32) - 40, 1_765_000_000_000_000L};
        long idBase = bases[r.nextInt(bases.length)];
        long requestId = 0;
        long h = 1;
        long hop = 1;
        TreeSet<Long> written = new TreeSet<>(); // indices this switch wrote (from its sends)
        TreeSet<Long> ownBatches = new TreeSet<>(); // indices it handed itself at a token visit
        boolean sealed = false;
        int fastPath = 0;
        int assigns = 0; // ASSIGNs of this switch's visits: the data plane's (its loop's appends)
        int tokenVisits = 0; // token visits the data plane made (the kernel saw a mirror)
        for (int step = 0; step < 120; step++) {
            int dice = r.nextInt(100);
            NodeId from;
            Message m;
            if (dice < 20) {
                // A new append, or a network copy of an earlier one (the dedup window's cases).
                long id = idBase + (requestId > 0 && r.nextInt(4) == 0 ? 1 + r.nextInt((int) requestId) : ++requestId);
                from = new ClientId(0);
                m = new Message.AppendRequest(new ClientId(0), id, payload("append " + id));
            } else if (dice < 35) {
                // The token from the predecessor: its committed prefix and round minimum anywhere up
                // to h (FoldCommit's cases), sometimes a copy of the hop just visited.
                from = new SwitchId(0);
                long c = r.nextInt(3) == 0 ? (long) (r.nextDouble() * (h + 1)) : 0;
                long roundMin = r.nextBoolean() ? c + (long) (r.nextDouble() * (h - c + 1)) : 0;
                m = new Message.Token(VIEW, h, c, roundMin, r.nextInt(5) == 0 ? Math.max(1, hop - 2) : hop, new SwitchId(0));
            } else if (dice < 50) {
                // An index this switch leads (position 1 of 3), or now and then one another switch
                // leads (a misaddressed ASSIGN: the kernel drops it as bad input, the data plane
                // sends it to the CPU as NOT_LEADER, i mod 3 from its residue tables).
                // An index already handed out (at most h) by another switch: not one of this
                // switch's own batches, which it assigned itself.
                long index = 1 + 3L * r.nextInt((int) Math.max(1, h / 3 + 1)) + (r.nextInt(5) == 0 ? 1 + r.nextInt(2) : 0);
                if (index > h || ownBatches.contains(index)) {
                    compare("tick " + step, alone.step(SwitchInput.Tick.INSTANCE), p4.step(SwitchInput.Tick.INSTANCE));
                    continue;
                }
                from = new SwitchId(r.nextBoolean() ? 0 : 2);
                m = new Message.Assign(VIEW, index, new ClientId(0), 1000 + index, payload("assigned " + index));
            } else if (dice < 85 && !written.isEmpty()) {
                long index = r.nextInt(4) == 0 ? 1 + r.nextInt((int) h + 2) : pick(written, r);
                int member = r.nextInt(3);
                from = new ServerId(0, member);
                m = new Message.WriteAck(VIEW, index, new ServerId(0, member), true, VIEW);
            } else if (dice < 97 || sealed) {
                compare("tick " + step, alone.step(SwitchInput.Tick.INSTANCE), p4.step(SwitchInput.Tick.INSTANCE));
                continue;
            } else {
                sealed = true;
                from = new SwitchId(2);
                m = new Message.Seal(new View(8, 2), 0, new SwitchId(2), 0);
            }
            long mirroredBefore = p4.framesToCpu().getOrDefault(io.ringworld.p4.ringworld.CpuReason.MIRROR, 0L);
            Object kernelSent = deliver(() -> alone.deliver(m));
            List<Effect.Send> sent = compare(step + ": " + m, kernelSent, deliver(() -> p4.deliver(from, m)));
            if (kernelSent instanceof String) {
                // Both broke the same invariant (the generator's assignments can collide with the
                // switch's own batch): a host halts a switch there, and so does the run.
                break;
            }
            boolean mirrored = p4.framesToCpu().getOrDefault(io.ringworld.p4.ringworld.CpuReason.MIRROR, 0L) > mirroredBefore;
            fastPath += mirrored ? 1 : 0;
            tokenVisits += mirrored && m instanceof Message.Token ? 1 : 0;
            for (Effect.Send s : sent) {
                assigns += s.message() instanceof Message.Assign ? 1 : 0;
                if (s.message() instanceof Message.Token t && t.view().equals(VIEW)) {
                    h = Math.max(h, t.h());
                    hop = t.hop() + 2; // back from switch 0 after a round in which 2 and 0 assigned nothing
                }
                if (s.message() instanceof Message.Write w) {
                    written.add(w.index());
                    if (m instanceof Message.Token) {
                        ownBatches.add(w.index());
                    }
                }
            }
        }
        assertEquals(0, p4.divergences());
        if (!tally) {
            return;
        }
        runs.incrementAndGet();
        runsWithFastPath.addAndGet(fastPath > 0 ? 1 : 0);
        runsSealedAfterFastPath.addAndGet(sealed && fastPath > 0 ? 1 : 0);
        runsWithAssigns.addAndGet(assigns > 0 ? 1 : 0);
        runsWithTokenVisits.addAndGet(tokenVisits > 0 ? 1 : 0);
    }

    private static final java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
    private static final java.util.concurrent.atomic.AtomicInteger runsWithFastPath = new java.util.concurrent.atomic.AtomicInteger();
    private static final java.util.concurrent.atomic.AtomicInteger runsSealedAfterFastPath = new java.util.concurrent.atomic.AtomicInteger();
    private static final java.util.concurrent.atomic.AtomicInteger runsWithAssigns = new java.util.concurrent.atomic.AtomicInteger();
    private static final java.util.concurrent.atomic.AtomicInteger runsWithTokenVisits = new java.util.concurrent.atomic.AtomicInteger();

    /** The generator reaches what the comparison is for: the fast path's answers, and a Seal amid them. */
    @AfterContainer
    static void mostRunsTookTheFastPathAndWereSealed() {
        System.out.println("P4SwitchDifferentialTest: " + runs + " runs, " + runsWithFastPath + " took the fast path, "
                + runsSealedAfterFastPath + " of them sealed too; " + runsWithAssigns + " sent ASSIGNs from the data plane's loop; "
                + runsWithTokenVisits + " had token visits made by the data plane");
        assertTrue(runsWithFastPath.get() * 2 > runs.get() && runsSealedAfterFastPath.get() * 2 > runs.get()
                && runsWithAssigns.get() * 2 > runs.get() && runsWithTokenVisits.get() * 2 > runs.get(),
                runsWithFastPath + ", " + runsSealedAfterFastPath + ", " + runsWithAssigns + " and " + runsWithTokenVisits + " of " + runs);
    }

    private static long pick(TreeSet<Long> set, Random r) {
        int k = r.nextInt(set.size());
        for (long x : set) {
            if (k-- == 0) {
                return x;
            }
        }
        throw new IllegalStateException();
    }

    private static io.ringworld.kernel.Payload payload(String text) {
        return SealedPayload.seal(CLIENT0, 0, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The step's sends, or the invariant it broke (as a one-element marker list). */
    private static Object deliver(java.util.function.Supplier<Effects> step) {
        try {
            return sends(step.get());
        } catch (InvariantViolation v) {
            return "violated " + v.invariant();
        }
    }

    private static List<Effect.Send> sends(Effects e) {
        List<Effect.Send> out = new ArrayList<>();
        for (Effect x : e) {
            if (x instanceof Effect.Send s) {
                out.add(s);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Effect.Send> compare(String what, Object kernel, Object p4) {
        if (kernel instanceof Effects k) {
            kernel = sends(k);
        }
        if (p4 instanceof Effects q) {
            p4 = sends(q);
        }
        assertEquals(sorted(kernel), sorted(p4), what);
        return kernel instanceof List<?> l ? (List<Effect.Send>) l : List.of();
    }

    private static Object sorted(Object o) {
        if (!(o instanceof List<?> l)) {
            return o;
        }
        List<String> out = new ArrayList<>();
        for (Object x : l) {
            out.add(x.toString());
        }
        out.sort(null);
        return out;
    }
}
