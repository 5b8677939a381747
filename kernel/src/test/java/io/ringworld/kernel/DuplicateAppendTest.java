package io.ringworld.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.Result;
import io.ringworld.kernel.harness.TestCluster;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.sw.Switch;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Paper section 3.1.3 (switch crashes): a switch forgets the request ids it saw when it
 * restarts, so a duplicated AppendRequest delivered to its next life must not be sequenced
 * again. Requests name the switch life they address; other lives refuse them (AppendStale).
 */
class DuplicateAppendTest {
    private static final SwitchId S1 = new SwitchId(1);

    @Test
    void section_3_1_3_aDuplicateDeliveredAfterARestartIsNeverSequencedAgain() {
        TestCluster c = new TestCluster(Config.defaults(3, 2), 11, TestCluster.Faults.none(), 2, true);
        List<Message.AppendRequest> copies = new ArrayList<>();
        c.hold = (from, to, m) -> {
            if (m instanceof Message.AppendRequest r && to.equals(S1)) {
                copies.add(r); // the network keeps a duplicate to deliver much later
            }
            return false;
        };
        long id = c.append(0, "once", 1);
        assertTrue(c.runUntilClientsIdle(300));
        long index = assertInstanceOf(Result.Appended.class, c.outcome(0, id)).index();
        c.crashSwitch(1);
        c.run(5);
        c.restartSwitch(1);
        for (int t = 0; t < 2000 && !c.switchAt(1).status().active(); t++) {
            c.runTick();
        }
        assertTrue(c.switchAt(1).status().active(), "switch1 rejoined through a view change");
        Switch restarted = c.switchAt(1);
        Effects e = restarted.deliver(copies.get(0));
        assertEquals(List.of(new Effect.Send(new ClientId(0), new Message.AppendStale(id, S1, restarted.status().incarnation()))),
                e.toList());
        c.inject(S1, e);
        assertEquals(0, restarted.status().pendingAppends(), "the duplicate was not queued");
        c.run(100);
        // The log holds "once" at one index only (ClusterInvariants checks UniqueAssignment per
        // request too); read every index up to the tail.
        long tail = c.getTail(1, 0);
        assertTrue(c.runUntilClientsIdle(500));
        long t = assertInstanceOf(Result.Tail.class, c.outcome(1, tail)).tail();
        int found = 0;
        for (long i = 1; i <= t; i++) {
            long r = c.read(1, i, 2);
            assertTrue(c.runUntilClientsIdle(500));
            if (c.outcome(1, r) instanceof Result.ReadValue v && !v.payload().isJunk()
                    && v.payload().asString().equals("once")) {
                found++;
                assertEquals(index, i);
            }
        }
        assertEquals(1, found);
    }

    @Test
    void section_3_1_3_aClientLearnsTheNewLifeAndItsNextAppendSucceeds() {
        TestCluster c = new TestCluster(Config.defaults(3, 2), 12, TestCluster.Faults.none(), 1, true);
        c.crashSwitch(1);
        c.run(5);
        c.restartSwitch(1);
        for (int t = 0; t < 2000 && !c.switchAt(1).status().active(); t++) {
            c.runTick();
        }
        long first = c.append(0, "to the old life", 1);
        assertTrue(c.runUntilClientsIdle(1000));
        assertEquals(Result.Status.INDETERMINATE, c.outcome(0, first).status(),
                "refused by the new life, maybe sequenced by the old one: outcome unknown, never FAILED");
        long second = c.append(0, "to the new life", 1);
        assertTrue(c.runUntilClientsIdle(1000));
        assertInstanceOf(Result.Appended.class, c.outcome(0, second));
    }
}
