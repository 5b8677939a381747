package io.ringworld.p4.ringworld;

import io.ringworld.kernel.Projection;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.wire.WireKey;
import io.ringworld.p4.runtime.ActionCall;
import io.ringworld.p4.runtime.FieldMatch;
import io.ringworld.p4.runtime.MulticastGroupEntry;
import io.ringworld.p4.runtime.RegisterEntry;
import io.ringworld.p4.runtime.TableEntry;
import io.ringworld.p4.v1model.Pipeline;
import java.util.List;

/**
 * What the agent writes so the data plane passes tokens (SequenceBatch, FoldCommit, TokenAck and
 * PassToken in the data plane): the token's settings while a visit would do nothing else, the
 * last hop visited, the token group (successor and predecessor), and the tables that give
 * {@code h mod n} without a division. Names as in ringworld.p4.
 */
public final class TokenSetup {
    /** The program's {@code TOKEN_GROUP}: the pass to the successor (rid 1), the TokenAck to the predecessor (rid 2). */
    public static final int TOKEN_GROUP = 1000;
    /** The program's {@code RESIDUE_KEYS}: the size of the {@code h_mod} table (8 residues below n each). */
    public static final int RESIDUE_KEYS = 8192;
    private static final int BYTES = 8;
    private static final String INGRESS = "RingWorldIngress.";
    private static final long WORD = 0xffffffffL;

    private TokenSetup() {
    }

    /** The token's settings: what a token must carry for the data plane to visit it. */
    public record Settings(SwitchId self, Projection projection, long lastHopHi, long windowSlots,
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

    /**
     * Whether the data plane can pass tokens in {@code p}: the residues of its ring's size fit
     * {@code h_mod} (a ring of one passes the token to itself, through its own port, as its kernel does).
     */
    public static boolean fits(Projection p) {
        return (long) BYTES * (p.ring().size() - 1) < RESIDUE_KEYS;
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
     * The ring's part: the token group of {@code s}'s successor and predecessor, and the residue
     * tables of the ring's size (byte k of h looks up {@code (byte * 256^k) mod n}; their sum,
     * below {@code 8n}, looks up its remainder).
     */
    public static void ring(Pipeline pipeline, Settings s) {
        pipeline.writeMulticastGroup(new MulticastGroupEntry(TOKEN_GROUP, List.of(
                new MulticastGroupEntry.Replica(SwitchPorts.portOf(s.successor()), 1),
                new MulticastGroupEntry.Replica(SwitchPorts.portOf(s.predecessor()), 2))));
        int n = s.projection().ring().size();
        for (int k = 0; k < BYTES; k++) {
            String table = INGRESS + "h_residue" + k;
            clear(pipeline, table);
            long weight = 1;
            for (int j = 0; j < k; j++) {
                weight = (weight * 256) % n;
            }
            for (int b = 0; b < 256; b++) {
                pipeline.insert(new TableEntry(table, List.of(new FieldMatch.Exact("meta.hByte" + k, b)), 0,
                        ActionCall.of("residue" + k + "_of", new ActionCall.Param("r", (b * weight) % n))));
            }
        }
        clear(pipeline, INGRESS + "h_mod");
        for (int sum = 0; sum <= BYTES * (n - 1); sum++) {
            pipeline.insert(new TableEntry(INGRESS + "h_mod", List.of(new FieldMatch.Exact("meta.residueSum", sum)), 0,
                    ActionCall.of("h_mod_of", new ActionCall.Param("m", sum % n))));
        }
    }

    private static void clear(Pipeline pipeline, String table) {
        for (TableEntry e : pipeline.entries(table)) {
            pipeline.delete(e);
        }
    }
}
