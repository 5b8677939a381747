package io.ringworld.kernel.server;

import io.ringworld.kernel.Config;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.message.Message;

/**
 * One ServerRelearn round of a damaged or wiped server (docs/design.md, "Damaged and wiped
 * disks"): what the other servers of its set and every switch answered to its RelearnQuery.
 * Pure bookkeeping; {@link LogServer} sends and applies.
 *
 * <p>Why both others and every switch: its own promise may be the lost one, so a majority that
 * includes itself could miss the one server that promised a later view (specs README, the
 * RelearnServersOnly finding); and a seal reply it sent before the fault may still be counted
 * by the coordinator of a view no other server has promised yet, and that coordinator is a
 * switch that knows the view (SeenView).
 */
final class RelearnRound {
    final long queryId;
    private final Config config;
    private final ServerId self;
    private int serversReplied; // bitmap of members of our set that vouched
    private final boolean[] switchesReplied;
    private int switchReplyCount;
    View promised;
    View fenceView;
    long fenceStart;
    long trimPoint;
    long committedPrefix;
    long lastSentTick;

    RelearnRound(long queryId, Config config, ServerId self, View promised, View fenceView, long fenceStart,
                 long trimPoint) {
        this.queryId = queryId;
        this.config = config;
        this.self = self;
        this.switchesReplied = new boolean[config.switchCount()];
        this.promised = promised;
        this.fenceView = fenceView;
        this.fenceStart = fenceStart;
        this.trimPoint = trimPoint;
    }

    boolean serverReplied(int member) {
        return (serversReplied & (1 << member)) != 0;
    }

    boolean switchReplied(int index) {
        return switchesReplied[index];
    }

    /** Returns false (and counts nothing) for a reply that is not one of this round's. */
    boolean onServerReply(Message.RelearnServerReply r) {
        ServerId from = r.from();
        if (r.queryId() != queryId || from.replicaSet() != self.replicaSet() || from.equals(self)
                || from.member() >= config.membersPerSet() || !r.vouches()) {
            return false;
        }
        serversReplied |= 1 << from.member();
        if (r.promised().isAfter(promised)) {
            promised = r.promised();
        }
        if (r.fenceView().isAfter(fenceView)) {
            fenceView = r.fenceView();
            fenceStart = r.fenceStart();
        }
        trimPoint = Math.max(trimPoint, r.trimPoint());
        return true;
    }

    boolean onSwitchReply(Message.RelearnSwitchReply r) {
        SwitchId from = r.from();
        if (r.queryId() != queryId || from.index() >= switchesReplied.length) {
            return false;
        }
        if (!switchesReplied[from.index()]) {
            switchesReplied[from.index()] = true;
            switchReplyCount++;
        }
        if (r.seenView().isAfter(promised)) {
            promised = r.seenView();
        }
        committedPrefix = Math.max(committedPrefix, r.committedPrefix());
        return true;
    }

    /** A majority of the set not counting ourselves, and every switch of the configuration. */
    boolean complete() {
        return Integer.bitCount(serversReplied) >= config.majority() && switchReplyCount == switchesReplied.length;
    }

    /** Why the round is not complete (for the server's status). */
    String waitingFor() {
        StringBuilder b = new StringBuilder();
        if (Integer.bitCount(serversReplied) < config.majority()) {
            b.append(Integer.bitCount(serversReplied)).append(" of the ").append(config.majority())
                    .append(" other intact servers of set ").append(self.replicaSet()).append(" it needs");
        }
        for (int k = 0; k < switchesReplied.length; k++) {
            if (!switchesReplied[k]) {
                b.append(b.length() == 0 ? "" : "; ").append("switch ").append(k);
            }
        }
        return b.toString();
    }
}
