package io.ringworld.p4.ringworld;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.Config;
import io.ringworld.kernel.Projection;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.sw.DedupWindow;
import io.ringworld.kernel.wire.WireKey;
import io.ringworld.p4.runtime.ActionCall;
import io.ringworld.p4.runtime.CloneSessionEntry;
import io.ringworld.p4.runtime.FieldMatch;
import io.ringworld.p4.runtime.RegisterEntry;
import io.ringworld.p4.runtime.TableEntry;
import io.ringworld.p4.v1model.Pipeline;
import java.util.List;

/**
 * What the agent writes so the data plane sequences (ClientAppend and SequenceBatch in the data
 * plane): the sequencer's settings, the clients' dedup windows, the admission limit, the leader
 * of each index a visit can hand out, and a visit's registers. Names as in ringworld.p4.
 */
public final class SequencerSetup {
    /** The program's {@code DEDUP_CLIENTS}: clients with a dedup window in the data plane (by index). */
    public static final int DEDUP_CLIENTS = 256;
    /** The program's {@code LEADER_KEYS}: the size of the {@code leaders} table. */
    public static final int LEADER_KEYS = 4096;
    private static final String INGRESS = "RingWorldIngress.";
    private static final long WORD = 0xffffffffL;

    private SequencerSetup() {
    }

    /**
     * Whether the data plane can sequence for a switch of this configuration: the leader of every
     * index a visit may hand out fits the {@code leaders} table (a batch never exceeds
     * {@code statusMapSlotsMax * ring size}), and the queue's limit fits a ticket counter.
     */
    public static boolean fits(Config config) {
        return (long) config.switchCount() * (config.statusMapSlotsMax() + 1L) <= LEADER_KEYS
                && config.switchCount() <= SwitchPorts.SWITCHES_MAX;
    }

    /**
     * Turns sequencing on for this life and dedup epoch (appends addressed to others go to the
     * CPU), with the mirror's clone session (a leader path not installed yet has none).
     */
    public static void sequencerOn(Pipeline pipeline, SwitchId self, long incarnation, long dedupEpoch, WireKey clusterKey) {
        pipeline.writeCloneSession(new CloneSessionEntry(RingWorldDataPlane.MIRROR_SESSION, SwitchPorts.CPU_PORT));
        pipeline.setDefaultAction(INGRESS + "sequencer", ActionCall.of("sequencer_on",
                new ActionCall.Param("self", self.index()),
                new ActionCall.Param("incarnationHi", incarnation >>> 32),
                new ActionCall.Param("incarnationLo", incarnation & WORD),
                new ActionCall.Param("epochHi", dedupEpoch >>> 32),
                new ActionCall.Param("epochLo", dedupEpoch & WORD),
                new ActionCall.Param("k0", clusterKey.k0() & WORD),
                new ActionCall.Param("k1", clusterKey.k1() & WORD)));
    }

    /** Whether the data plane can hold this client's window (its index is a slot). */
    public static boolean holdsClient(ClientId c) {
        return c.index() < DEDUP_CLIENTS && SwitchPorts.hasPort(c);
    }

    /**
     * Copies the kernel's dedup window of {@code c} into the data plane (its highest id and 64
     * cells: cell {@code id & 63} holds {@code id} when the kernel saw it, else a value that is no
     * id of that cell; ids as two 32-bit words), or takes the client out if the window is null or
     * its highest id is negative (the data plane compares ids unsigned): its appends then go to
     * the CPU.
     */
    public static void copyWindow(Pipeline pipeline, ClientId c, DedupWindow w, WireKey key) {
        TableEntry entry = new TableEntry(INGRESS + "dedup_clients",
                List.of(new FieldMatch.Exact("hdr.append.client", c.index())), 0,
                ActionCall.of("dedup_client", new ActionCall.Param("slot", c.index()),
                        new ActionCall.Param("k0", key.k0() & WORD), new ActionCall.Param("k1", key.k1() & WORD)));
        boolean present = pipeline.entries(INGRESS + "dedup_clients").stream().anyMatch(e -> e.matches().equals(entry.matches()));
        if (w == null || w.highestRequestId() < 0) {
            if (present) {
                pipeline.delete(entry);
            }
            return;
        }
        long highest = w.highestRequestId();
        write(pipeline, "dedup_highest_hi", c.index(), highest >>> 32);
        write(pipeline, "dedup_highest_lo", c.index(), highest & WORD);
        for (int d = 0; d < DedupWindow.IDS; d++) {
            long id = highest - d;
            int cell = (int) (id & (DedupWindow.IDS - 1));
            int at = c.index() * DedupWindow.IDS + cell;
            boolean seen = id >= 0 && w.seen(id);
            // A cell nobody marked holds a value whose low bits are not its own: no id matches it.
            write(pipeline, "dedup_cells_hi", at, seen ? id >>> 32 : 0);
            write(pipeline, "dedup_cells_lo", at, seen ? id & WORD : cell ^ 1);
        }
        if (!present) {
            pipeline.insert(entry);
        }
    }

    /** Forgets every client's window (a new dedup epoch). */
    public static void forgetClients(Pipeline pipeline) {
        pipeline.clear(INGRESS + "dedup_clients");
    }

    /** How many appends may wait before ClientAppend answers Busy (the kernel's, clamped at 0). */
    public static void admitLimit(Pipeline pipeline, int queuedMax) {
        write(pipeline, "admit_limit", 0, Math.max(0, queuedMax));
    }

    /**
     * The leader of every index a visit may hand out in {@code p}: key {@code (h mod n) + 1 +
     * offset}, for offsets below {@code statusMapSlotsMax * n}; this switch's own indices are
     * marked (they go round into its own leader path, or are dropped if it does not lead the view
     * in the data plane: its kernel writes them then).
     */
    public static void leaders(Pipeline pipeline, Projection p, SwitchId self, Config config) {
        pipeline.clear(INGRESS + "leaders");
        int n = p.ring().size();
        long keys = (long) n * (config.statusMapSlotsMax() + 1L);
        if (keys > LEADER_KEYS) {
            throw new IllegalArgumentException("a ring of " + n + " needs " + keys + " leader keys, the table holds " + LEADER_KEYS);
        }
        for (int k = 1; k < keys; k++) {
            SwitchId leader = p.ring().get(k % n);
            pipeline.insert(new TableEntry(INGRESS + "leaders", List.of(new FieldMatch.Exact("meta.leaderKey", k)), 0,
                    ActionCall.of("leader_route", new ActionCall.Param("port", SwitchPorts.portOf(leader)),
                            new ActionCall.Param("isSelf", leader.equals(self) ? 1 : 0))));
        }
    }

    /** Tickets handed out, and where the served ones end (the appends waiting are their difference). */
    public static long tickets(Pipeline pipeline) {
        return pipeline.readRegister(INGRESS + "tickets", 0).value();
    }

    public static long servedEnd(Pipeline pipeline) {
        return pipeline.readRegister(INGRESS + "visit_end", 0).value();
    }

    /**
     * A token visit served {@code served} waiting appends with indices {@code h + 1 ..} of
     * {@code view} in a ring of {@code ringSize}: the visit's registers, {@code visit_end} last
     * (the waiting appends look at it first). Run the pipeline's {@code drain} next.
     */
    public static void visit(Pipeline pipeline, View view, long h, int ringSize, long served) {
        long first = servedEnd(pipeline);
        write(pipeline, "visit_first", 0, first);
        write(pipeline, "visit_h_hi", 0, h >>> 32);
        write(pipeline, "visit_h_lo", 0, h & WORD);
        write(pipeline, "visit_h_mod", 0, Math.floorMod(h, (long) ringSize));
        write(pipeline, "visit_epoch_hi", 0, view.epoch() >>> 32);
        write(pipeline, "visit_epoch_lo", 0, view.epoch() & WORD);
        write(pipeline, "visit_coordinator", 0, view.coordinator() & WORD);
        write(pipeline, "visit_end", 0, (first + served) & WORD);
    }

    private static void write(Pipeline pipeline, String register, int index, long value) {
        pipeline.writeRegister(new RegisterEntry(INGRESS + register, index, value));
    }
}
