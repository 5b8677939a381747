package io.ringworld.kernel.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.Config;
import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.harness.RandomWorkload;
import io.ringworld.kernel.harness.TestCluster;
import io.ringworld.kernel.message.Message;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every message a faulty kernel cluster sends (crashes, view changes, trims, reads), encoded by
 * its real sender for its real receiver and decoded again: the codec carries the kernel's own
 * traffic unchanged, and the sender rules (who may send what, named senders) fit it.
 */
class KernelTrafficRoundTripTest {
    @Test
    void everyMessageOfAFaultyRunSurvivesTheWire() {
        long seed = Long.getLong("seed", 20261204L);
        System.out.println("KernelTrafficRoundTripTest seed=" + seed + " (replay with -Dseed=" + seed + ")");
        TestCluster c = new TestCluster(Config.defaults(3, 2), seed, TestCluster.Faults.lossy(0.05, 0.05), 3, false);
        WireEncoder member = new WireEncoder(WireSamples.member(), WireLimits.DEFAULT);
        Set<MessageType> seen = EnumSet.noneOf(MessageType.class);
        long[] frames = new long[1];
        c.hold = (from, to, m) -> {
            byte[] frame = encoderOf(from, member).encode(from, to, m);
            Decoded d = decoderOf(to).decode(frame);
            if (!(d instanceof Decoded.Ok ok) || !ok.message().equals(m) || !ok.sender().equals(from)) {
                throw new AssertionError("seed " + seed + ": " + from + " -> " + to + " " + m + " came back as " + d);
            }
            seen.add(MessageType.of(m));
            frames[0]++;
            return false;
        };
        RandomWorkload w = new RandomWorkload(c);
        w.crashes = true;
        w.run(3000);
        w.healAll();
        c.run(600);
        assertTrue(frames[0] > 10_000, frames[0] + " frames");
        // The traffic of a faulty run covers most types; those it lacks are covered by the properties.
        assertTrue(seen.size() >= 25, "types seen: " + seen);
        assertEquals(true, seen.contains(MessageType.INSTALL) && seen.contains(MessageType.SERVER_SEAL_REPLY));
    }

    private static WireEncoder encoderOf(NodeId from, WireEncoder member) {
        return from instanceof ClientId c ? new WireEncoder(WireSamples.client(c.index()), WireLimits.DEFAULT) : member;
    }

    private static WireDecoder decoderOf(NodeId to) {
        Keyring keys = to instanceof ClientId c ? WireSamples.client(c.index()) : WireSamples.member();
        return new WireDecoder(keys, WireLimits.DEFAULT, WireDecoder.PayloadCheck.NONE);
    }
}
