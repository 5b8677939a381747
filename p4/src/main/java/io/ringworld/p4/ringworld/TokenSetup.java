package io.ringworld.p4.ringworld;

import io.ringworld.kernel.Projection;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.wire.WireKey;
import io.ringworld.p4.runtime.ActionCall;
import io.ringworld.p4.runtime.MulticastGroupEntry;
import io.ringworld.p4.runtime.RegisterEntry;
import io.ringworld.p4.v1model.Pipeline;
import java.util.List;

/**
 * What the agent writes so the data plane passes tokens (SequenceBatch, FoldCommit, TokenAck and
 * PassToken in the data plane): the token's settings while a visit would do nothing else, the
 * last hop visited, and the token group (successor and predecessor). The residue tables that
 * give {@code h mod n} are the installed view's ({@link ResidueSetup}): the data plane visits
 * tokens only of the view it leads. Names as in ringworld.p4.
 */
public final class TokenSetup {
    /** The program's {@code TOKEN_GROUP}: the pass to the successor (rid 1), the TokenAck to the predecessor (rid 2). */
    public static final int TOKEN_GROUP = 1000;
    /** The program's {@code TOKEN_ALIVE_GROUP}: the token group and replica set 0 (rid 3, the RING_ALIVE). */
    public static final int TOKEN_ALIVE_GROUP = 1001;
    /** The program's replication ids in the token groups: the pass, the TokenAck, the RING_ALIVE. */
    private static final int RID_PASS = 1;
    private static final int RID_ACK = 2;
    private static final int RID_RING_ALIVE = 3;
    private static final String INGRESS = "RingWorldIngress.";
    private static final long WORD = 0xffffffffL;

    private TokenSetup() {
    }

    /** The token's settings: what a token must carry for the data plane to visit it. */
    public record Settings(SwitchId self, Projection projection, long lastHopHi, boolean ringAlive, long windowSlots,
            long trimPending, long trimDone, WireKey clusterKey) {

        /** The ring member before this switch: the only one that passes it the token. */
        public SwitchId predecessor() {
            List<SwitchId> ring = projection.ring();
            return ring.get(Math.floorMod(ring.indexOf(self) - 1, ring.size()));
        }

        public SwitchId successor() {
            List<SwitchId> ring = projection.ring();
            return ring.get((ring.indexOf(self) + 1) % ring.size());
        }
    }


    /** Tokens that satisfy {@code s} are visited in the data plane (above the hop {@link #lastHop} wrote). */
    public static void tokenOn(Pipeline pipeline, Settings s) {
        pipeline.setDefaultAction(INGRESS + "token_settings", ActionCall.of("token_on",
                new ActionCall.Param("self", s.self().index()),
                new ActionCall.Param("epochHi", s.projection().view().epoch() >>> 32),
                new ActionCall.Param("epochLo", s.projection().view().epoch() & WORD),
                new ActionCall.Param("coordinator", s.projection().view().coordinator() & WORD),
                new ActionCall.Param("predecessor", s.predecessor().index()),
                new ActionCall.Param("lastHopHi", s.lastHopHi()),
                new ActionCall.Param("first", s.projection().first().equals(s.self()) ? 1 : 0),
                new ActionCall.Param("ringAlive", s.ringAlive() ? 1 : 0),
                new ActionCall.Param("windowSlots", s.windowSlots()),
                new ActionCall.Param("trimPendingHi", s.trimPending() >>> 32),
                new ActionCall.Param("trimPendingLo", s.trimPending() & WORD),
                new ActionCall.Param("trimDoneHi", s.trimDone() >>> 32),
                new ActionCall.Param("trimDoneLo", s.trimDone() & WORD),
                new ActionCall.Param("k0", s.clusterKey().k0() & WORD),
                new ActionCall.Param("k1", s.clusterKey().k1() & WORD)));
    }

    /** Every token goes to the CPU. */
    public static void tokenOff(Pipeline pipeline) {
        pipeline.setDefaultAction(INGRESS + "token_settings", ActionCall.of("token_off"));
    }

    /** The last hop visited (its low word: {@code token_on} names the high one). */
    public static void lastHop(Pipeline pipeline, long hop) {
        pipeline.writeRegister(new RegisterEntry(INGRESS + "token_hop_lo", 0, hop & WORD));
    }

    public static long lastHopLo(Pipeline pipeline) {
        return pipeline.readRegister(INGRESS + "token_hop_lo", 0).value();
    }

    /**
     * The ring's part: the token group of {@code s}'s successor (rid 1) and predecessor (rid 2),
     * and the same with the {@code membersPerSet} servers of replica set 0 (rid 3: the RING_ALIVE
     * of a first member's visit).
     */
    public static void ring(Pipeline pipeline, Settings s, int membersPerSet) {
        List<MulticastGroupEntry.Replica> pass = List.of(
                new MulticastGroupEntry.Replica(SwitchPorts.portOf(s.successor()), RID_PASS),
                new MulticastGroupEntry.Replica(SwitchPorts.portOf(s.predecessor()), RID_ACK));
        pipeline.writeMulticastGroup(new MulticastGroupEntry(TOKEN_GROUP, pass));
        List<MulticastGroupEntry.Replica> alive = new java.util.ArrayList<>(pass);
        for (int m = 0; m < membersPerSet; m++) {
            alive.add(new MulticastGroupEntry.Replica(SwitchPorts.portOf(new io.ringworld.kernel.ServerId(0, m)), RID_RING_ALIVE));
        }
        pipeline.writeMulticastGroup(new MulticastGroupEntry(TOKEN_ALIVE_GROUP, alive));
    }
}
