package io.ringworld.p4.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.Config;
import io.ringworld.kernel.Effect;
import io.ringworld.kernel.Effects;
import io.ringworld.kernel.Projection;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.sw.Switch;
import io.ringworld.kernel.wire.SealedPayload;
import io.ringworld.kernel.wire.WireKey;
import io.ringworld.p4.lang.CheckedProgram;
import io.ringworld.p4.ringworld.CpuReason;
import io.ringworld.p4.ringworld.PlantedP4Bug;
import io.ringworld.p4.ringworld.RingWorldDataPlane;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The P4 switch as a node: frames in, messages out of its ports, its kernel in lockstep. */
class P4SwitchTest {
    private static final WireKey CLUSTER = new WireKey(0x03020100, 0x07060504);
    private static final WireKey CLIENT0 = new WireKey(0x13121110, 0x17161514);
    private static final View VIEW = new View(7, 0);

    private static P4Switch leader(CheckedProgram program, boolean strict) {
        Config config = Config.builder(3, 1).mergedMessageBytesMax(0).build();
        Projection p = new Projection(VIEW, List.of(new SwitchId(0), new SwitchId(1), new SwitchId(2)), 1, 1);
        P4Switch s = new P4Switch(Switch.bootingInto(new SwitchId(1), config, p), config, program, CLUSTER,
                Map.of(0, CLIENT0), strict);
        s.step(io.ringworld.kernel.sw.SwitchInput.Start.INSTANCE);
        return s;
    }

    private static List<Effect.Send> sends(Effects e) {
        List<Effect.Send> out = new ArrayList<>();
        for (Effect x : e) {
            out.add((Effect.Send) x);
        }
        return out;
    }

    private static Message.Assign assign(long index, long requestId) {
        return new Message.Assign(VIEW, index, new ClientId(0), requestId,
                SealedPayload.seal(CLIENT0, 0, ("entry " + index).getBytes(StandardCharsets.UTF_8)));
    }

    private static Message.WriteAck ack(long index, int member) {
        return new Message.WriteAck(VIEW, index, new ServerId(0, member), true, VIEW);
    }

    @Test
    void theFastPathAnswersAndTheKernelFollows() {
        P4Switch s = leader(RingWorldDataPlane.program(), true);
        assertTrue(s.fastPathOn(), "the booted view is led by the data plane");
        List<Effect.Send> writes = sends(s.deliver(new SwitchId(0), assign(1, 9)));
        assertEquals(3, writes.size());
        for (int m = 0; m < 3; m++) {
            assertEquals(new ServerId(0, m), writes.get(m).to());
            assertTrue(writes.get(m).message() instanceof Message.Write w && w.index() == 1 && w.incarnation() == -1);
        }
        assertTrue(sends(s.deliver(new ServerId(0, 2), ack(1, 2))).isEmpty());
        List<Effect.Send> reply = sends(s.deliver(new ServerId(0, 0), ack(1, 0)));
        assertEquals(List.of(new Effect.Send(new ClientId(0), new Message.AppendReply(9, 1, VIEW))), reply);
        assertEquals(3, s.status().commitIndex(), "the kernel committed index 1 with the data plane (next own: 4)");
        assertEquals(3L, s.framesToCpu().get(CpuReason.MIRROR));
        assertEquals(0, s.divergences());
    }

    /** A real client's request ids start at its clock in microseconds: far above 32 bits. */
    private static final long ID_BASE = 1_765_000_000_000_000L;

    private static Message.AppendRequest append(long n) {
        return new Message.AppendRequest(new ClientId(0), ID_BASE + n,
                SealedPayload.seal(CLIENT0, 0, ("append " + n).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void appendsWaitInTheDataPlaneAndLeaveAsTheVisitsAssigns() {
        P4Switch s = leader(RingWorldDataPlane.program(), true);
        // The first append of a client reaches the kernel (the data plane holds no window of it
        // yet); the agent queues it in the loop. The next ones take the fast path.
        for (long id = 1; id <= 5; id++) {
            assertTrue(sends(s.deliver(new ClientId(0), append(id))).isEmpty(), "queued, unanswered: " + id);
        }
        assertEquals(1L, s.framesToCpu().get(CpuReason.NEW_CLIENT));
        assertEquals(4L, s.framesToCpu().get(CpuReason.MIRROR));
        assertEquals(5, s.status().pendingAppends());
        assertEquals(5, s.pipeline().parkedPackets(), "five appends wait round the loop");
        // A duplicate is dropped by the data plane (and by the kernel, which sees its mirror).
        assertTrue(sends(s.deliver(new ClientId(0), append(3))).isEmpty());
        assertEquals(5, s.pipeline().parkedPackets());
        // The token visit: indices 11..15 (h = 10), leaders ring[i mod 3]: 11 -> switch 2, 12 -> 0,
        // 13 -> 1 (this switch: the append goes round into its own leader path, whose WRITEs the
        // agent compares with its kernel's, strictly), 14 -> 2, 15 -> 0.
        List<Effect.Send> out = sends(s.deliver(new SwitchId(0), new Message.Token(VIEW, 10, 0, 0, 1, new SwitchId(0))));
        List<String> assigns = new ArrayList<>();
        for (Effect.Send e : out) {
            if (e.message() instanceof Message.Assign a) {
                assigns.add(e.to() + ":" + a.index() + ":" + (a.requestId() - ID_BASE));
            }
        }
        assigns.sort(null);
        assertEquals(List.of("switch0:12:2", "switch0:15:5", "switch2:11:1", "switch2:14:4"), assigns);
        assertEquals(3, out.stream().filter(e -> e.message() instanceof Message.Write w && w.index() == 13).count(),
                "this switch's own index is written to its replica set");
        assertEquals(5L, s.framesToCpu().get(CpuReason.MIRROR), "4 admitted and a copy; its own ASSIGN is not mirrored");
        assertEquals(LeaderSlotState.WRITING, slotState(s, 13));
        assertEquals(0, s.status().pendingAppends());
        assertEquals(0, s.pipeline().parkedPackets());
        assertEquals(0, s.divergences());
    }

    private enum LeaderSlotState { FREE, EXPECTED, WRITING, COMMITTED }

    /** The data plane's status map state of {@code index} (its slot's tag must be the index). */
    private static LeaderSlotState slotState(P4Switch s, long index) {
        int slot = (int) (index & 1023);
        assertEquals(index, s.pipeline().readRegister("RingWorldIngress.slot_tag_lo", slot).value());
        return LeaderSlotState.values()[(int) (s.pipeline().readRegister("RingWorldIngress.slot_state", slot).value() & 3)];
    }

    @Test
    void whatTheAgentSendsLeavesThroughThePipeline() {
        P4Switch s = leader(RingWorldDataPlane.program(), true);
        List<Effect.Send> out = sends(s.deliver(new SwitchId(0), new Message.Token(VIEW, 0, 0, 0, 1, new SwitchId(0))));
        assertTrue(out.contains(new Effect.Send(new SwitchId(0), new Message.TokenAck(VIEW, 1, new SwitchId(1)))),
                "the token is acknowledged: " + out);
        assertTrue(out.stream().anyMatch(e -> e.to().equals(new SwitchId(2)) && e.message() instanceof Message.Token),
                "and passed on: " + out);
        assertEquals(1L, s.framesToCpu().get(CpuReason.TOKEN), "its first visit is the kernel's: the data plane knows no hop yet");
    }

    @Test
    void aRingOfOnePassesTheTokenToItselfThroughItsDataPlane() {
        Config config = Config.builder(1, 1).mergedMessageBytesMax(0).preVote(false).build();
        Projection p = new Projection(VIEW, List.of(new SwitchId(0)), 1, 1);
        P4Switch s = new P4Switch(Switch.bootingInto(new SwitchId(0), config, p), config, RingWorldDataPlane.program(),
                CLUSTER, Map.of(0, CLIENT0), true);
        List<Effect.Send> out = sends(s.step(io.ringworld.kernel.sw.SwitchInput.Start.INSTANCE));
        for (int round = 0; round < 6; round++) {
            Message.Token t = (Message.Token) out.stream().filter(e -> e.message() instanceof Message.Token)
                    .findFirst().orElseThrow(() -> new AssertionError("no token passed")).message();
            assertEquals(round, t.hop());
            out = sends(s.deliver(new SwitchId(0), t));
            assertTrue(out.contains(new Effect.Send(new SwitchId(0), new Message.TokenAck(VIEW, round, new SwitchId(0)))), out.toString());
        }
        assertEquals(1L, s.framesToCpu().get(CpuReason.TOKEN), "the minted token's first visit is the kernel's");
        assertEquals(5L, s.framesToCpu().get(CpuReason.MIRROR), "the next five are the data plane's");
        assertEquals(0, s.divergences());
    }

    @Test
    void theFirstMembersVisitClosesTheRound() {
        Config config = Config.builder(3, 1).mergedMessageBytesMax(0).preVote(false).build();
        Projection p = new Projection(VIEW, List.of(new SwitchId(0), new SwitchId(1), new SwitchId(2)), 1, 1);
        P4Switch s = new P4Switch(Switch.bootingInto(new SwitchId(0), config, p), config, RingWorldDataPlane.program(),
                CLUSTER, Map.of(0, CLIENT0), true);
        s.step(io.ringworld.kernel.sw.SwitchInput.Start.INSTANCE);
        s.deliver(new SwitchId(2), new Message.Token(VIEW, 3, 0, 0, 3, new SwitchId(2)));
        assertTrue(s.tokenPathOn(), "the first member's next visit is quiet without pre-votes");
        // FoldCommit at the first member: c takes the round's minimum (2 > 1), and the next round
        // starts at this leader's own commit index.
        long mine = s.status().commitIndex();
        List<Effect.Send> out = sends(s.deliver(new SwitchId(2), new Message.Token(VIEW, 6, 1, 2, 6, new SwitchId(2))));
        assertTrue(out.contains(new Effect.Send(new SwitchId(1), new Message.Token(VIEW, 6, 2, mine, 7, new SwitchId(0)))), out.toString());
        assertTrue(out.contains(new Effect.Send(new SwitchId(2), new Message.TokenAck(VIEW, 6, new SwitchId(0)))), out.toString());
        // A round minimum below c leaves c alone.
        out = sends(s.deliver(new SwitchId(2), new Message.Token(VIEW, 9, 2, 1, 9, new SwitchId(2))));
        assertTrue(out.contains(new Effect.Send(new SwitchId(1), new Message.Token(VIEW, 9, 2, mine, 10, new SwitchId(0)))), out.toString());
        assertEquals(2L, s.framesToCpu().get(CpuReason.MIRROR), "both visits were the data plane's");
        assertEquals(0, s.divergences());
    }

    @Test
    void theFirstMembersDataPlaneSendsRingAliveWhenItIsDue() {
        Config config = Config.builder(3, 1).mergedMessageBytesMax(0).build();
        assertTrue(config.preVote());
        Projection p = new Projection(VIEW, List.of(new SwitchId(0), new SwitchId(1), new SwitchId(2)), 1, 1);
        P4Switch s = new P4Switch(Switch.bootingInto(new SwitchId(0), config, p), config, RingWorldDataPlane.program(),
                CLUSTER, Map.of(0, CLIENT0), true);
        s.step(io.ringworld.kernel.sw.SwitchInput.Start.INSTANCE); // its install tells set 0 at once
        s.deliver(new SwitchId(2), new Message.Token(VIEW, 3, 0, 0, 3, new SwitchId(2)));
        List<Effect.Send> quiet = sends(s.deliver(new SwitchId(2), new Message.Token(VIEW, 6, 0, 0, 6, new SwitchId(2))));
        assertTrue(quiet.stream().noneMatch(e -> e.message() instanceof Message.RingAlive), "none due yet: " + quiet);
        for (int t = 0; t < config.ringAliveTicks(); t++) {
            s.tick();
        }
        List<Effect.Send> due = sends(s.deliver(new SwitchId(2), new Message.Token(VIEW, 9, 0, 0, 9, new SwitchId(2))));
        for (int m = 0; m < 3; m++) {
            assertTrue(due.contains(new Effect.Send(new ServerId(0, m), new Message.RingAlive(VIEW, new SwitchId(0)))), due.toString());
        }
        assertEquals(2L, s.framesToCpu().get(CpuReason.MIRROR), "both later visits were the data plane's, with and without RingAlive");
        assertEquals(0, s.divergences());
    }

    @Test
    void aQuietVisitIsTheDataPlanes() {
        P4Switch s = leader(RingWorldDataPlane.program(), true);
        s.deliver(new SwitchId(0), new Message.Token(VIEW, 0, 0, 0, 1, new SwitchId(0)));
        assertTrue(s.tokenPathOn(), "after the kernel's visit nothing waits on the next one");
        for (long id = 1; id <= 3; id++) {
            s.deliver(new ClientId(0), append(id));
        }
        // Hop 4 (the ring is 3 switches): the data plane serves the three appends (indices 11..13),
        // folds this leader's commit index into the round's minimum, acknowledges and passes the
        // token with h = 13; the kernel sees the visit as a mirror and must send the same frames
        // (strict: a difference throws).
        long mirrored = s.framesToCpu().getOrDefault(CpuReason.MIRROR, 0L);
        List<Effect.Send> out = sends(s.deliver(new SwitchId(0), new Message.Token(VIEW, 10, 0, 100, 4, new SwitchId(0))));
        assertEquals(mirrored + 1, s.framesToCpu().get(CpuReason.MIRROR), "the visit was the data plane's");
        long mine = s.status().commitIndex();
        assertTrue(out.contains(new Effect.Send(new SwitchId(0), new Message.TokenAck(VIEW, 4, new SwitchId(1)))), out.toString());
        assertTrue(out.contains(new Effect.Send(new SwitchId(2), new Message.Token(VIEW, 13, 0, mine, 5, new SwitchId(1)))),
                "the pass: h + 3, the round's minimum lowered to this leader's " + mine + ": " + out);
        assertEquals(2, out.stream().filter(e -> e.message() instanceof Message.Assign).count(), "11 and 12 go to their leaders");
        assertEquals(0, s.status().pendingAppends());
        // A copy of the same hop (the predecessor sent it again) is the kernel's: acknowledged, not passed.
        List<Effect.Send> again = sends(s.deliver(new SwitchId(0), new Message.Token(VIEW, 10, 0, 100, 4, new SwitchId(0))));
        assertEquals(List.of(new Effect.Send(new SwitchId(0), new Message.TokenAck(VIEW, 4, new SwitchId(1)))), again);
        assertEquals(2L, s.framesToCpu().get(CpuReason.TOKEN));
        assertEquals(0, s.divergences());
    }

    @Test
    void aSealTakesTheViewOutOfTheDataPlaneBeforeItIsAnswered() {
        P4Switch s = leader(RingWorldDataPlane.program(), true);
        s.deliver(new SwitchId(2), new Message.Seal(new View(8, 2), 0, new SwitchId(2), 0));
        assertTrue(!s.fastPathOn(), "sealed: the data plane leads nothing");
        s.deliver(new SwitchId(0), assign(1, 9));
        assertEquals(1L, s.framesToCpu().get(CpuReason.NOT_IN_VIEW), "an assignment after the seal goes to the agent");
    }

    /**
     * Merged messages (a server's group commit releases several WriteAcks to a leader in one frame,
     * a token visit several Assigns) enter the pipeline one member a frame: the same sends as the
     * members delivered alone (seen on a real cluster: a merged frame bypassed the fast path, and a
     * kernel merging its own sends made the agent compare them with single frames).
     */
    @Test
    void aMergedMessageIsItsMembersOneFrameEach() {
        P4Switch merged = leader(RingWorldDataPlane.program(), true);
        P4Switch alone = leader(RingWorldDataPlane.program(), true);
        List<Effect.Send> viaMerged = new ArrayList<>(sends(merged.deliver(new SwitchId(0),
                new Message.Assigns(List.of(assign(1, 9), assign(4, 10))))));
        List<Effect.Send> viaAlone = new ArrayList<>(sends(alone.deliver(new SwitchId(0), assign(1, 9))));
        viaAlone.addAll(sends(alone.deliver(new SwitchId(0), assign(4, 10))));
        assertEquals(viaAlone, viaMerged);
        assertEquals(6, viaMerged.size(), "each assignment's WRITE to each of 3 servers: " + viaMerged);
        viaMerged = sends(merged.deliver(new ServerId(0, 1), new Message.WriteAcks(List.of(ack(1, 1), ack(4, 1)))));
        viaAlone = new ArrayList<>(sends(alone.deliver(new ServerId(0, 1), ack(1, 1))));
        viaAlone.addAll(sends(alone.deliver(new ServerId(0, 1), ack(4, 1))));
        assertEquals(viaAlone, viaMerged);
        viaMerged = sends(merged.deliver(new ServerId(0, 2), new Message.WriteAcks(List.of(ack(1, 2), ack(4, 2)))));
        assertEquals(List.of(new Effect.Send(new ClientId(0), new Message.AppendReply(9, 1, VIEW)),
                new Effect.Send(new ClientId(0), new Message.AppendReply(10, 4, VIEW))), viaMerged);
        assertEquals(6L, merged.framesToCpu().get(CpuReason.MIRROR), "every member took the fast path");
        assertEquals(0, merged.divergences());
    }

    @Test
    void aKernelThatMergesItsSendsIsRefused() {
        Config merging = Config.builder(3, 1).build();
        Projection p = new Projection(VIEW, List.of(new SwitchId(0), new SwitchId(1), new SwitchId(2)), 1, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new P4Switch(
                Switch.bootingInto(new SwitchId(1), merging, p), merging, RingWorldDataPlane.program(), CLUSTER,
                Map.of(0, CLIENT0), true));
        assertTrue(e.getMessage().contains("mergedMessageBytesMax 0"), e.getMessage());
    }

    @Test
    void aStrictSwitchStopsWhenItsDataPlaneDiffersFromItsKernel() {
        P4Switch s = leader(PlantedP4Bug.ACK_COUNTED_TWICE.program(), true);
        s.deliver(new SwitchId(0), assign(1, 9));
        s.deliver(new ServerId(0, 0), ack(1, 0));
        DataPlaneDivergence d = assertThrows(DataPlaneDivergence.class, () -> s.deliver(new ServerId(0, 0), ack(1, 0)));
        assertTrue(d.getMessage().contains("the data plane"), d.getMessage());
    }
}
