package io.ringworld.kernel.sw;

import io.ringworld.kernel.Projection;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import java.util.List;

/**
 * One snapshot of a switch ({@link Switch#status()}): what hosts, tests and operators may read of
 * it. A value; it does not change as the switch steps on.
 *
 * @param id                     the switch
 * @param incarnation            which life of the switch this is (0 at boot)
 * @param view                   the highest view promised or installed
 * @param projection             the installed projection, or null
 * @param active                 a view is installed and no higher one sealed the switch
 * @param coordinating           the switch coordinates a view change
 * @param seenView               the highest view it knows of (its promise or one it heard of):
 *                               a view change it starts goes above it
 * @param rewriteFrom            the lowest index written at the installed view
 * @param coordinatorStart       the start of the view it coordinates (0 until ChooseEntries),
 *                               -1 when not coordinating
 * @param coordinatorRewriteFrom the rewriteFrom of the view it coordinates (0 until
 *                               ChooseEntries), -1 when not coordinating
 * @param commitIndex            as leader: all its indices up to here are committed
 * @param knownCommitted         the global committed prefix it knows
 * @param highestSeenH           the highest token h it saw
 * @param trimDone               every index below is trimmed and answered Trimmed (the trim is done)
 * @param trimPending            a trim below this may be in progress: reads below get ReadRetry
 * @param expectedIndices        indices it leads that were handed out but whose Assign has not come
 * @param openTrims              the trims it runs, in start order
 * @param pendingAppends         appends queued for the next token visit
 * @param dedupEpoch             the dedup epoch of this life (appends addressed to another are refused)
 * @param dedupClients           clients whose append ids it remembers now (at most dedupClientsMax)
 * @param nowTicks               its local clock
 * @param badInputs              malformed or unexpected inputs counted and ignored
 * @param lastBadInput           the last of those, or empty
 * @param viewChangeWaitingFor as coordinator with a majority of every set, why it still
 *                            cannot choose (indices unknown on damaged servers), else empty
 * @param preVoteRefused         pre-vote rounds a majority of replica set 0 refused (issue 19: the
 *                               ring of the view they promised is alive), in this life; a waiting
 *                               switch asks again every sealRetryTicks
 * @param preVoteWaitingFor      while a pre-vote is open, why the switch waits (e.g. "pre-vote
 *                               refused: the ring of view v is alive"), else empty
 * @param joined                 the switches admitted to the installed view without a view change
 *                               (AdmitSwitch) as far as this switch knows: the token goes round
 *                               the projection's ring, then these; they lead nothing in the view
 */
public record SwitchStatus(
        SwitchId id,
        long incarnation,
        View view,
        Projection projection,
        boolean active,
        boolean coordinating,
        View seenView,
        long rewriteFrom,
        long coordinatorStart,
        long coordinatorRewriteFrom,
        long commitIndex,
        long knownCommitted,
        long highestSeenH,
        long trimDone,
        long trimPending,
        int expectedIndices,
        List<OpenTrim> openTrims,
        int pendingAppends,
        long dedupEpoch,
        int dedupClients,
        long nowTicks,
        long badInputs,
        String lastBadInput,
        String viewChangeWaitingFor,
        long preVoteRefused,
        String preVoteWaitingFor,
        List<SwitchId> joined) {

    public SwitchStatus {
        openTrims = List.copyOf(openTrims);
        joined = List.copyOf(joined);
    }

    /** True if the switch sequences in the installed view: a member of its ring or admitted to it. */
    public boolean inTokenRing() {
        return projection != null && (projection.contains(id) || joined.contains(id));
    }

    /** One trim a switch runs: its prefix, whether a client asked for it, whether it was started. */
    public record OpenTrim(long prefix, boolean client, boolean started) {
    }
}
