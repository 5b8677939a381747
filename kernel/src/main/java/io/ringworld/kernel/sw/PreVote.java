package io.ringworld.kernel.sw;

import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.message.Message;

/**
 * Issue 19, item 3 (i): the pre-vote before a view change (the specs' {@code PreVoteGranted},
 * {@code RingAlive}). A switch that suspects a failure asks the servers of replica set 0 whether
 * the ring of the view they promised went quiet; only a majority of grants starts the view
 * change. The first ring member keeps them told, at its token visits, that the token goes round.
 * Without {@code Config.preVote()} every request is granted at once (the kernel before issue 19).
 *
 * <p>A round is open from the first request until it is granted or the suspicion is gone (a
 * token visit, an install, a seal by another coordinator); it is asked again every
 * sealRetryTicks with a fresh round id, so a late grant of an earlier round, given when the ring
 * may have been quiet, never counts.
 */
final class PreVote {
    private final Switch s;
    /** The last round id; rounds of different lives differ (the incarnation is in the high bits). */
    private long round;
    private long roundsAsked;
    private boolean open;
    private long roundTick;
    /** Members of replica set 0 that granted / refused the current round (bit per member). */
    private int grants;
    private int refusals;
    private String why = "";
    /** Rounds a majority refused, in this life (SwitchStatus: why this switch waits). */
    private long refusedRounds;
    /** The current round is already counted refused (a third refusal is not a second one). */
    private boolean roundRefused;
    /** The promised view the refusers named in the last refused round, or null. */
    private View refusedView;
    private boolean refusedThisOpening;
    private long ringAliveSentTick;
    private boolean ringAliveSent;
    /** The view of the last RingAlive: a new view's ring tells the servers at once, whatever the interval. */
    private View ringAliveSentView = View.NONE;

    PreVote(Switch s) {
        this.s = s; // s.incarnation is not set yet here (field initializer): read it in ask
    }

    /**
     * A trigger of a view change fired ({@code why}: a constant). True if the view change may
     * start now (pre-vote off); else a round is opened (or keeps running) and the grant starts it.
     */
    boolean request(String why) {
        if (!s.config.preVote()) {
            return true;
        }
        if (!open) {
            open = true;
            refusedThisOpening = false;
            this.why = why;
            ask();
        }
        return false;
    }

    /** Retry: a fresh round to replica set 0 every sealRetryTicks while the round is open. */
    void onTick() {
        if (open && s.now - roundTick >= s.config.sealRetryTicks()) {
            ask();
        }
    }

    private void ask() {
        round = (s.incarnation << 32) + ++roundsAsked;
        roundTick = s.now;
        grants = 0;
        refusals = 0;
        roundRefused = false;
        Message.PreVote m = new Message.PreVote(s.view, round, s.id);
        for (ServerId server : s.serverIds[0]) {
            s.effects.send(server, m);
        }
    }

    /** The suspicion is gone (token visit, install, another coordinator's seal): close the round. */
    void cancel() {
        open = false;
    }

    /** Outcome of a reply: {@link #GRANTED} (start the view change), {@link #REFUSED} (a majority refused), else 0. */
    static final int GRANTED = 1;
    static final int REFUSED = 2;

    int onReply(Message.PreVoteReply r) {
        ServerId from = r.from();
        if (from.replicaSet() != 0 || from.member() < 0 || from.member() >= s.config.membersPerSet()) {
            s.badInput("pre-vote reply from " + from + ", not a server of replica set 0");
            return 0;
        }
        if (!open || r.round() != round) {
            return 0; // an earlier round's answer: the ring may have come back since
        }
        int bit = 1 << from.member();
        if (r.granted()) {
            grants |= bit;
        } else {
            refusals |= bit;
            refusedView = r.promised();
        }
        if (Integer.bitCount(grants) >= s.config.majority()) {
            open = false;
            return GRANTED;
        }
        if (Integer.bitCount(refusals) >= s.config.majority() && !roundRefused) {
            roundRefused = true;
            refusedThisOpening = true;
            refusedRounds++;
            return REFUSED;
        }
        return 0;
    }

    /** Why the last granted round was asked for (the view change's reason). */
    String why() {
        return why;
    }

    /**
     * A token visit: it ends this switch's own suspicion, and the first ring member tells replica
     * set 0 that the token goes round (at most once per ringAliveTicks for one view).
     */
    void onTokenVisit() {
        open = false;
        tellRingAlive(false);
    }

    /**
     * The view was installed here. Its first member tells replica set 0 at once that the view's
     * ring is alive (the specs' {@code RingAlive} holds from the install, not from the minter's
     * first visit: conformance finding F18). Without this, the servers' promise of the new view
     * could age past ringAliveTimeoutTicks before the minted token's first visit, and a switch
     * left out of the ring would be granted a view change where it should ask to join.
     */
    void onViewInstalled() {
        tellRingAlive(true);
    }

    /** Whether a token visit now would send RingAlive (the first member, none sent recently). */
    boolean tellsRingAliveAtVisit() {
        if (!s.config.preVote() || !s.projection.first().equals(s.id)) {
            return false;
        }
        View v = s.projection.view();
        return !(ringAliveSent && v.equals(ringAliveSentView) && s.now - ringAliveSentTick < s.config.ringAliveTicks());
    }

    private void tellRingAlive(boolean installed) {
        if (!s.config.preVote() || !s.projection.first().equals(s.id)) {
            return;
        }
        View v = s.projection.view();
        boolean recent = ringAliveSent && v.equals(ringAliveSentView) && s.now - ringAliveSentTick < s.config.ringAliveTicks();
        if (recent && !installed) {
            return;
        }
        ringAliveSent = true;
        ringAliveSentTick = s.now;
        ringAliveSentView = v;
        Message.RingAlive m = new Message.RingAlive(v, s.id);
        for (ServerId server : s.serverIds[0]) {
            s.effects.send(server, m);
        }
    }

    /** The promised view the last refuser of the last refused round named (that server promised it). */
    View refusedView() {
        return refusedView;
    }

    /** Rounds a majority refused, in this life. */
    long refusedRounds() {
        return refusedRounds;
    }

    /** Why this switch waits for its pre-vote (status only: builds a string), or empty. */
    String waitingFor() {
        if (!open) {
            return "";
        }
        if (refusedThisOpening && refusedView != null) {
            return "pre-vote refused: the ring of view " + refusedView + " is alive";
        }
        return "pre-vote: waiting for replica set 0";
    }
}
