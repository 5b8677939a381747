package io.ringworld.kernel.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.Config;
import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.harness.RandomWorkload;
import io.ringworld.kernel.harness.TestCluster;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.server.IndexRange;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every message a faulty kernel cluster sends (crashes, view changes, trims, reads, damaged and
 * wiped disks), encoded by its real sender for its real receiver and decoded again: the codec
 * carries the kernel's own traffic unchanged, and the sender rules (who may send what, named
 * senders) fit it.
 */
class KernelTrafficRoundTripTest {
    /** What went over the wire in one run. */
    static final class Traffic {
        final Set<MessageType> seen = EnumSet.noneOf(MessageType.class);
        long frames;
        long sealRepliesWithUnknown;
        long unknownReads;
    }

    /** Puts every message of {@code c} through the wire (and lets it go on, unchanged). */
    static Traffic overTheWire(TestCluster c, long seed) {
        WireEncoder member = new WireEncoder(WireSamples.member(), WireLimits.DEFAULT);
        Traffic t = new Traffic();
        c.hold = (from, to, m) -> {
            byte[] frame = encoderOf(from, member).encode(from, to, m);
            Decoded d = decoderOf(to).decode(frame);
            if (!(d instanceof Decoded.Ok ok) || !ok.message().equals(m) || !ok.sender().equals(from)) {
                throw new AssertionError("seed " + seed + ": " + from + " -> " + to + " " + m + " came back as " + d);
            }
            t.seen.add(MessageType.of(m));
            t.frames++;
            if (m instanceof Message.ServerSealReply r && !r.unknown().isEmpty()) {
                t.sealRepliesWithUnknown++;
            }
            if (m instanceof Message.ServerReadReply r && r.status() == Message.ReadStatus.UNKNOWN) {
                t.unknownReads++;
            }
            return false;
        };
        return t;
    }

    @Test
    void everyMessageOfAFaultyRunSurvivesTheWire() {
        long seed = Long.getLong("seed", 20261204L);
        System.out.println("KernelTrafficRoundTripTest seed=" + seed + " (replay with -Dseed=" + seed + ")");
        TestCluster c = new TestCluster(Config.defaults(3, 2), seed, TestCluster.Faults.lossy(0.05, 0.05), 3, false);
        Traffic t = overTheWire(c, seed);
        RandomWorkload w = new RandomWorkload(c);
        w.crashes = true;
        w.run(3000);
        w.healAll();
        c.run(600);
        assertTrue(t.frames > 10_000, t.frames + " frames");
        // The traffic of a faulty run covers most types; those it lacks are covered by the properties.
        assertTrue(t.seen.size() >= 25, "types seen: " + t.seen);
        assertEquals(true, t.seen.contains(MessageType.INSTALL) && t.seen.contains(MessageType.SERVER_SEAL_REPLY));
    }

    /**
     * A server whose disk lost some records and one whose disk was wiped relearn (queries to the
     * other servers and every switch), repair, and report unknown indices in their seal replies
     * (a switch crash forces a view change while they do): all of it over the wire.
     */
    @Test
    void aDamagedAndAWipedServerRelearnAndRepairOverTheWire() {
        long seed = Long.getLong("seed", 20261204L);
        System.out.println("KernelTrafficRoundTripTest damaged-disk seed=" + seed + " (replay with -Dseed=" + seed + ")");
        TestCluster c = new TestCluster(Config.defaults(3, 2), seed, TestCluster.Faults.lossy(0.02, 0.02), 3, false);
        Traffic t = overTheWire(c, seed);
        RandomWorkload w = new RandomWorkload(c);
        w.run(1000);
        c.crashServer(0, 1);
        c.disk(0, 1).markUnknown(new IndexRange(1, 40));
        c.recoverServer(0, 1);
        c.crashServer(1, 2);
        c.disk(1, 2).markUnknown(new IndexRange(1, Long.MAX_VALUE));
        c.recoverServer(1, 2);
        w.run(500);
        c.crashSwitch(0);
        w.run(800);
        c.restartSwitch(0);
        w.run(800);
        c.run(600);
        System.out.println("damaged-disk run: " + t.frames + " frames, " + t.sealRepliesWithUnknown
                + " seal replies with unknown ranges, " + t.unknownReads + " UNKNOWN reads, types " + t.seen);
        for (MessageType type : EnumSet.range(MessageType.RELEARN_QUERY, MessageType.REPAIR_REPLY)) {
            assertTrue(t.seen.contains(type), type + " not seen: " + t.seen);
        }
        assertTrue(t.sealRepliesWithUnknown > 0, "no seal reply carried unknown ranges");
    }

    private static WireEncoder encoderOf(NodeId from, WireEncoder member) {
        return from instanceof ClientId c ? new WireEncoder(WireSamples.client(c.index()), WireLimits.DEFAULT) : member;
    }

    private static WireDecoder decoderOf(NodeId to) {
        Keyring keys = to instanceof ClientId c ? WireSamples.client(c.index()) : WireSamples.member();
        return new WireDecoder(keys, WireLimits.DEFAULT, WireDecoder.PayloadCheck.NONE);
    }
}
