package io.ringworld.p4.ringworld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.message.Message;
import io.ringworld.p4.rules.SwitchRules;
import io.ringworld.p4.rules.SwitchRulesReport;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ringworld.p4's leader path, case by case, against the kernel's switch role. */
class LeaderPathTest {

    private static void sameSends(LeaderPathHarness.Step step) {
        assertEquals(new HashSet<>(step.kernel()), new HashSet<>(step.dataPlane()),
                "kernel sent " + step.kernel() + ", data plane " + step.dataPlane() + ", CPU " + step.toCpu());
        assertEquals(step.kernel().size(), step.dataPlane().size());
    }

    @Test
    void anAssignIsWrittenToItsReplicaSetAndAMajorityOfAcksAnswersTheClient() {
        LeaderPathHarness h = new LeaderPathHarness(3, 1, 1, 5, 1);
        long i = h.ownIndex(0);
        LeaderPathHarness.Step assign = h.deliver(new SwitchId(0), h.assign(i, 2, 7));
        sameSends(assign);
        assertEquals(3, assign.dataPlane().size(), "one WRITE per member");
        assertEquals(CpuReason.MIRROR, assign.reason(), "the agent's kernel sees it too");
        LeaderPathHarness.Step first = h.deliver(h.server(i, 1), h.ack(i, 1));
        sameSends(first);
        assertTrue(first.dataPlane().isEmpty(), "one ack is no majority");
        LeaderPathHarness.Step second = h.deliver(h.server(i, 1), h.ack(i, 1));
        sameSends(second);
        assertTrue(second.dataPlane().isEmpty(), "a duplicate ack counts once");
        LeaderPathHarness.Step third = h.deliver(h.server(i, 0), h.ack(i, 0));
        sameSends(third);
        assertEquals(List.of(new ClientId(2)), third.dataPlane().stream().map(LeaderPathHarness.Sent::to).toList());
        sameSends(h.deliver(h.server(i, 2), h.ack(i, 2)));
        assertEquals(i + 3, h.dataPlaneNextOwn(), "the commit index moved past the committed index");
    }

    @Test
    void indicesCommittedOutOfOrderAdvanceTheCommitIndexByRecirculation() {
        LeaderPathHarness h = new LeaderPathHarness(2, 2, 0, 9, 1);
        long[] own = {h.ownIndex(0), h.ownIndex(1), h.ownIndex(2), h.ownIndex(3)};
        for (int k = 0; k < own.length; k++) {
            sameSends(h.deliver(new SwitchId(1), h.assign(own[k], k % 3, 100 + k)));
        }
        for (int k = own.length - 1; k >= 0; k--) {
            sameSends(h.deliver(h.server(own[k], 0), h.ack(own[k], 0)));
            sameSends(h.deliver(h.server(own[k], 2), h.ack(own[k], 2)));
            long expected = k == 0 ? own[3] + 2 : own[0];
            assertEquals(expected, h.dataPlaneNextOwn(), "after committing " + own[k]);
        }
    }

    @Test
    void theCommitIndexCarriesIntoTheHighWord() {
        long start = (1L << 32) - 2;
        LeaderPathHarness h = new LeaderPathHarness(3, 1, 2, 4, start);
        long i = h.ownIndex(0);
        long j = h.ownIndex(1);
        assertTrue(i < (1L << 32) && j > (1L << 32), i + " " + j);
        sameSends(h.deliver(new SwitchId(0), h.assign(j, 0, 1)));
        sameSends(h.deliver(new SwitchId(0), h.assign(i, 1, 1)));
        sameSends(h.deliver(h.server(j, 0), h.ack(j, 0)));
        sameSends(h.deliver(h.server(j, 1), h.ack(j, 1)));
        sameSends(h.deliver(h.server(i, 2), h.ack(i, 2)));
        sameSends(h.deliver(h.server(i, 1), h.ack(i, 1)));
        assertEquals(j + 3, h.dataPlaneNextOwn());
    }

    @Test
    void whatTheFastPathDoesNotTakeGoesToTheCpuWithItsReason() {
        LeaderPathHarness h = new LeaderPathHarness(3, 1, 0, 5, 1);
        long i = h.ownIndex(0);
        Message.Assign a = h.assign(i, 0, 1);
        byte[] forged = h.frame(new SwitchId(1), a);
        forged[40] ^= 1;
        LeaderPathHarness.Step bad = h.deliverFrame(new SwitchId(1), null, forged);
        assertEquals(CpuReason.BAD_MAC, bad.reason());
        assertTrue(bad.dataPlane().isEmpty());

        Message.Assign stale = new Message.Assign(new View(4, 0), i, new ClientId(0), 1, a.payload());
        LeaderPathHarness.Step old = h.deliver(new SwitchId(1), stale);
        sameSends(old);
        assertEquals(CpuReason.NOT_IN_VIEW, old.reason());

        LeaderPathHarness.Step token = h.deliver(new SwitchId(2),
                new Message.TokenAck(h.view(), 3, new SwitchId(2)));
        assertEquals(CpuReason.SLOW_PATH, token.reason());

        sameSends(h.deliver(new SwitchId(1), a));
        LeaderPathHarness.Step refused = h.deliver(new ServerId(0, 1),
                new Message.WriteAck(h.view(), i, new ServerId(0, 1), false, new View(6, 1)));
        assertEquals(CpuReason.ACK_REFUSED, refused.reason());
        assertTrue(refused.dataPlane().isEmpty());
        byte[] frameIn = h.frame(new SwitchId(1), a);
        assertEquals(SwitchPorts.portOf(new SwitchId(2)), token.toCpu().get(0).ingressPort());
        assertEquals(frameIn.length, bad.toCpu().get(0).frame().length, "the frame reaches the CPU whole");
    }

    @Test
    void anAssignOfAnotherLeadersIndexGoesToTheCpu() {
        for (int n : new int[] {3, 4}) {
            anotherLeadersIndex(new LeaderPathHarness(n, 1, 2, 5, 1), n);
        }
    }

    /** Ring of {@code n}, switch 2: its index goes through, the next n - 1 are another leader's (i mod n, from residues). */
    private static void anotherLeadersIndex(LeaderPathHarness h, int n) {
        long mine = h.ownIndex(0);
        for (long other = mine + 1; other < mine + n; other++) {
            LeaderPathHarness.Step s = h.deliver(new SwitchId(0), h.assign(other, 1, 50 + other));
            sameSends(s);
            assertTrue(s.dataPlane().isEmpty(), "index " + other + " is not switch 2's: nothing written");
            assertEquals(CpuReason.NOT_LEADER, s.reason());
        }
        LeaderPathHarness.Step own = h.deliver(new SwitchId(0), h.assign(mine, 1, 9));
        sameSends(own);
        assertEquals(CpuReason.MIRROR, own.reason(), "its own index takes the fast path");
    }

    @Test
    void theProgramBreaksNoSwitchRule() {
        SwitchRulesReport report = SwitchRules.check(RingWorldDataPlane.program());
        System.out.println("ringworld.p4, switch rules: " + report.render());
        assertTrue(report.violations().isEmpty(), report.render());
        assertEquals(4, report.totalStagesLowerBound(), "the stage estimate p4/README.md quotes");
    }
}
