package io.ringworld.runtime.sim;

import io.ringworld.kernel.Config;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.Result;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.client.ClientInput;
import io.ringworld.kernel.sw.SwitchStatus;

/**
 * Issue 19, item 3: a switch cut off from the other switches (the ring), not from the servers,
 * for a long time (the specs' SwitchCut). With the pre-vote the ring changes view once (it lost
 * a member) and then the cut switch, refused by replica set 0 while the ring's token goes round,
 * never takes it down again; without it the cut switch starts a view change at every timeout,
 * seals the servers and stalls the ring each time (churn). Appends go through the ring's other
 * switches all along and must keep committing. A client appends through the cut switch too (as
 * clients of every switch do): its leader writes, refused by servers promised to a later view,
 * are what tell a cut switch it was left behind and set its timeouts going. Then the cut heals:
 * with the pre-vote the ring's first member admits the switch into its view (AdmitSwitch), no
 * view change; without it a Join's view change adds it back.
 *
 * <p>Scripted on a {@link SimHost}: no nemesis, no random faults; one seed gives one run.
 */
public final class SwitchCutScenario {
    /** One append through the ring every this many ticks. */
    static final long APPEND_EVERY_TICKS = 200;
    /** An append not answered by then counts as not committed. */
    static final long APPEND_PATIENCE_TICKS = 1_000;
    /** After the cut heals, the run goes on this long: the cut switch must be back in the ring's view. */
    static final long HEAL_TICKS = 1_000;

    /**
     * @param viewChangesBeforeCut views installed after the boot view before the cut
     * @param viewChangesAfterCut  views installed while the switch was cut off
     * @param appendsTried         appends sent through the ring during the cut
     * @param appendsCommitted     of those, the ones answered committed
     * @param cutSwitch            the switch cut off
     * @param preVoteRefused       the pre-votes the cut switch was refused (0 without the pre-vote)
     * @param cutSwitchStatus      the cut switch's status at the end of the cut (why it waits)
     * @param viewChangesAfterHeal views installed in the {@link #HEAL_TICKS} after the cut healed
     * @param rejoined             the cut switch sequences in the ring's view at the end (a ring
     *                             member, or admitted to the view without a view change: AdmitSwitch)
     * @param healedStatus         how the cut switch is back (or not) at the end
     */
    public record Outcome(long viewChangesBeforeCut, long viewChangesAfterCut, int appendsTried, int appendsCommitted,
                          int cutSwitch, long preVoteRefused, String cutSwitchStatus, long viewChangesAfterHeal,
                          boolean rejoined, String healedStatus) {
        /** A one-line summary for the CLI and the tests' messages. */
        public String summary() {
            return "switch " + cutSwitch + " cut off from the ring: " + viewChangesAfterCut + " view changes during the cut ("
                    + viewChangesBeforeCut + " before), " + appendsCommitted + " of " + appendsTried
                    + " appends committed, its pre-vote refused " + preVoteRefused + " times; " + cutSwitchStatus
                    + "; after the heal: " + viewChangesAfterHeal + " view changes, " + healedStatus;
        }
    }

    private SwitchCutScenario() {
    }

    /**
     * Runs the scenario on 3 switches and 2 replica sets: a few appends, then the last switch of
     * the ring (switch 2) is cut off from switches 0 and 1 for {@code cutTicks}, while one append
     * every {@link #APPEND_EVERY_TICKS} goes through switch 0 or 1.
     */
    public static Outcome run(long seed, boolean preVote, long cutTicks) {
        Config kernel = SimConfig.defaultKernelConfig(3, 2).toBuilder().preVote(preVote).build();
        SimHost sim = new SimHost(seed, kernel);
        int cut = 2;
        for (int k = 0; k < 3; k++) {
            if (!(sim.append(0, "before" + k, k) instanceof Result.Appended)) {
                throw new IllegalStateException("the boot ring did not commit an append through switch " + k);
            }
        }
        long before = sim.viewChanges();
        sim.cutSwitchFromSwitches(cut);
        int tried = 0;
        int committed = 0;
        String lastFailure = "none";
        long elapsed = 0;
        while (elapsed < cutTicks) {
            long start = sim.nowMicros();
            int n = tried;
            // One append through the cut switch (client 4; it gets no commit, times out or is refused).
            sim.submit(4, id -> new ClientInput.Append(id, Payload.ofString("cut" + n), new SwitchId(cut)));
            // Through switch 0 or 1, in turn: the ring's side of the cut.
            Result r = sim.call(1 + n % 3, id -> new ClientInput.Append(id, Payload.ofString("during" + n),
                    new SwitchId(n % 2)), APPEND_PATIENCE_TICKS);
            tried++;
            if (r instanceof Result.Appended) {
                committed++;
            } else {
                lastFailure = "append " + n + " via switch " + (n % 2) + " at tick " + sim.nowMicros() / Simulation.TICK_MICROS + ": " + r;
            }
            long spent = (sim.nowMicros() - start) / Simulation.TICK_MICROS;
            if (spent < APPEND_EVERY_TICKS) {
                sim.runTicks(APPEND_EVERY_TICKS - spent);
                spent = APPEND_EVERY_TICKS;
            }
            elapsed += spent;
        }
        SwitchStatus s = sim.switchStatus(cut);
        String why = s.active() ? "it is active in " + s.view()
                : "it waits: " + (s.preVoteWaitingFor().isEmpty() ? "inactive in " + s.view() : s.preVoteWaitingFor());
        long duringCut = sim.viewChanges() - before;
        // The heal: the cut switch's Joins reach the ring, which takes it back (AdmitSwitch with the
        // pre-vote; a Join's view change without it).
        sim.healSwitch(cut);
        long atHeal = sim.viewChanges();
        sim.runTicks(HEAL_TICKS);
        SwitchStatus healed = sim.switchStatus(cut);
        SwitchStatus ring = sim.switchStatus(0);
        boolean rejoined = healed.active() && healed.inTokenRing() && ring.active() && healed.view().equals(ring.view());
        String how = !rejoined ? "switch " + cut + " not back: " + healed.view() + (healed.active() ? " active" : " inactive")
                : healed.projection().contains(healed.id()) ? "switch " + cut + " a ring member of " + healed.view()
                : "switch " + cut + " admitted to " + healed.view() + " (ring " + healed.projection().ring()
                        + ", joined " + healed.joined() + ")";
        return new Outcome(before, duringCut, tried, committed, cut, s.preVoteRefused(),
                why + "; last failed append: " + lastFailure, sim.viewChanges() - atHeal, rejoined, how);
    }
}
