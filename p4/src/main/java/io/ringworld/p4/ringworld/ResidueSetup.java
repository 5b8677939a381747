package io.ringworld.p4.ringworld;

import io.ringworld.p4.runtime.ActionCall;
import io.ringworld.p4.runtime.FieldMatch;
import io.ringworld.p4.runtime.TableEntry;
import io.ringworld.p4.v1model.Pipeline;
import java.util.List;

/**
 * The tables that give ringworld.p4 a 64-bit word's remainder by the ring size and by the replica
 * set count without a division (the token's {@code h mod n}, an index's leader {@code i mod n} and
 * set {@code i mod s}): byte k of the word looks up {@code (byte x 256^k) mod n} and {@code mod s}
 * in table {@code residue<k>}, and each sum, below {@code 8n} and {@code 8s}, looks up its
 * remainder in {@code ring_mod} and {@code set_mod}. 2,048 + 8n + 8s - 14 entries.
 */
public final class ResidueSetup {
    /** The program's {@code RESIDUE_KEYS}: the size of {@code ring_mod} and {@code set_mod}. */
    public static final int RESIDUE_KEYS = 8192;
    private static final int BYTES = 8;
    private static final String INGRESS = "RingWorldIngress.";

    private ResidueSetup() {
    }

    /** Whether the remainder tables hold every sum of a ring of {@code n} and {@code s} sets. */
    public static boolean fits(int n, int s) {
        return n >= 1 && s >= 1 && (long) BYTES * (Math.max(n, s) - 1) < RESIDUE_KEYS;
    }

    /**
     * Fills the tables for a ring of {@code n} switches and {@code s} replica sets, unless they
     * hold those already (the remainder tables' sizes tell: the fill is the same for the same n and s).
     */
    public static void fill(Pipeline pipeline, int n, int s) {
        if (!fits(n, s)) {
            throw new IllegalArgumentException("a ring of " + n + " and " + s + " replica sets do not fit the residue tables");
        }
        if (pipeline.entries(INGRESS + "ring_mod").size() == BYTES * (n - 1) + 1
                && pipeline.entries(INGRESS + "set_mod").size() == BYTES * (s - 1) + 1) {
            return;
        }
        long ringWeight = 1;
        long setWeight = 1;
        for (int k = 0; k < BYTES; k++) {
            String table = INGRESS + "residue" + k;
            pipeline.clear(table);
            for (int b = 0; b < 256; b++) {
                pipeline.insert(new TableEntry(table, List.of(new FieldMatch.Exact("meta.byte" + k, b)), 0,
                        ActionCall.of("residue" + k + "_of", new ActionCall.Param("ringR", (b * ringWeight) % n),
                                new ActionCall.Param("setR", (b * setWeight) % s))));
            }
            ringWeight = ringWeight * 256 % n;
            setWeight = setWeight * 256 % s;
        }
        remainders(pipeline, "ring_mod", "meta.ringResidueSum", n);
        remainders(pipeline, "set_mod", "meta.setResidueSum", s);
    }

    private static void remainders(Pipeline pipeline, String table, String key, int m) {
        pipeline.clear(INGRESS + table);
        for (int sum = 0; sum <= BYTES * (m - 1); sum++) {
            pipeline.insert(new TableEntry(INGRESS + table, List.of(new FieldMatch.Exact(key, sum)), 0,
                    ActionCall.of(table + "_of", new ActionCall.Param("m", sum % m))));
        }
    }
}
