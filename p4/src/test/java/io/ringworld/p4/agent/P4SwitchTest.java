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

    @Test
    void whatTheAgentSendsLeavesThroughThePipeline() {
        P4Switch s = leader(RingWorldDataPlane.program(), true);
        List<Effect.Send> out = sends(s.deliver(new SwitchId(0), new Message.Token(VIEW, 0, 0, 0, 1, new SwitchId(0))));
        assertTrue(out.contains(new Effect.Send(new SwitchId(0), new Message.TokenAck(VIEW, 1, new SwitchId(1)))),
                "the token is acknowledged: " + out);
        assertTrue(out.stream().anyMatch(e -> e.to().equals(new SwitchId(2)) && e.message() instanceof Message.Token),
                "and passed on: " + out);
        assertEquals(1L, s.framesToCpu().get(CpuReason.SLOW_PATH));
    }

    @Test
    void aSealTakesTheViewOutOfTheDataPlaneBeforeItIsAnswered() {
        P4Switch s = leader(RingWorldDataPlane.program(), true);
        s.deliver(new SwitchId(2), new Message.Seal(new View(8, 2), 0, new SwitchId(2), 0));
        assertTrue(!s.fastPathOn(), "sealed: the data plane leads nothing");
        s.deliver(new SwitchId(0), assign(1, 9));
        assertEquals(1L, s.framesToCpu().get(CpuReason.NOT_IN_VIEW), "an assignment after the seal goes to the agent");
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
