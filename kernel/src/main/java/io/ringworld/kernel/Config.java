package io.ringworld.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * Static cluster configuration every node knows at start: the sizes of the cluster, the bounds
 * of every queue and every timeout, in ticks (one tick is one unit of a node's local clock; the
 * host decides how long a tick is). Immutable. Build one with {@link #builder(int, int)} (every
 * other setting has a named default, {@code *_DEFAULT}) or take {@link #defaults(int, int)};
 * change one with {@link #toBuilder()}. {@link Builder#build()} validates every setting and names
 * the one that is wrong.
 *
 * <p>Test hooks (planted bugs) are not settings: see {@code io.ringworld.kernel.testhooks}.
 */
public final class Config {
    /** Default of {@link #membersPerSet()}. */
    public static final int MEMBERS_PER_SET_DEFAULT = 3;
    /** Default of {@link #pendingRequestsMax()}. */
    public static final int PENDING_REQUESTS_MAX_DEFAULT = 1024;
    /** Default of {@link #dedupClientsMax()}. */
    public static final int DEDUP_CLIENTS_MAX_DEFAULT = 4096;
    /** Default of {@link #statusMapSlotsMax()}. */
    public static final int STATUS_MAP_SLOTS_MAX_DEFAULT = 256;
    /** Default of {@link #sealPageEntriesMax()}: within the wire format's default of 4,096. */
    public static final int SEAL_PAGE_ENTRIES_MAX_DEFAULT = 1024;
    /** Default of {@link #sealPageBytesMax()}: 4 MiB, within the wire format's default frame of 64 MiB. */
    public static final int SEAL_PAGE_BYTES_MAX_DEFAULT = 4 << 20;
    /**
     * Default of {@link #payloadHeapBytesMax()}: 4 MiB (4,096 entries of 1 KiB). A server's own
     * memory bound, not a protocol setting: servers of one cluster may differ. Small on purpose:
     * a payload held in the heap outlives young collections, each of which copies the lot (64
     * MiB cost a pipelined bench a quarter of its throughput in GC pauses); older entries are
     * read back from the page cache.
     */
    public static final int PAYLOAD_HEAP_BYTES_MAX_DEFAULT = 4 << 20;
    /**
     * Default of {@link #mergedMessageBytesMax()}: 64 KiB (64 Writes of 1 KiB to one server in one
     * message), half the frame a host's batch of messages is cut at.
     */
    public static final int MERGED_MESSAGE_BYTES_MAX_DEFAULT = 64 << 10;
    /** Members in one merged message at most, whatever their size: within the wire format's default. */
    public static final int MERGED_MEMBERS_MAX = 1024;
    /** What a merged message counts for one member besides its payload bytes (its fields on the wire). */
    public static final int MERGED_MEMBER_OVERHEAD_BYTES = 32;
    /** What a seal page counts for one entry besides its payload bytes (its index, view and descriptor on the wire). */
    public static final int SEAL_PAGE_ENTRY_OVERHEAD_BYTES = 32;
    /** Default of {@link #tokenRetransmitTicks()}. */
    public static final int TOKEN_RETRANSMIT_TICKS_DEFAULT = 3;
    /** Default of {@link #suspectTimeoutTicks()}. */
    public static final int SUSPECT_TIMEOUT_TICKS_DEFAULT = 40;
    /** Default of {@link #tokenLossTimeoutTicks()}. */
    public static final int TOKEN_LOSS_TIMEOUT_TICKS_DEFAULT = 60;
    /** Default of {@link #holeTimeoutTicks()}. */
    public static final int HOLE_TIMEOUT_TICKS_DEFAULT = 20;
    /** Default of {@link #writeRetryTicks()}. */
    public static final int WRITE_RETRY_TICKS_DEFAULT = 5;
    /** Default of {@link #sealRetryTicks()}. */
    public static final int SEAL_RETRY_TICKS_DEFAULT = 5;
    /** Default of {@link #sealGraceTicks()}. */
    public static final int SEAL_GRACE_TICKS_DEFAULT = 5;
    /** Default of {@link #viewChangeTimeoutTicks()}. */
    public static final int VIEW_CHANGE_TIMEOUT_TICKS_DEFAULT = 80;
    /** Default of {@link #joinRetryTicks()}. */
    public static final int JOIN_RETRY_TICKS_DEFAULT = 20;
    /** Default of {@link #clientAppendTimeoutTicks()}. */
    public static final int CLIENT_APPEND_TIMEOUT_TICKS_DEFAULT = 200;
    /** Default of {@link #clientRetryTicks()}. */
    public static final int CLIENT_RETRY_TICKS_DEFAULT = 10;
    /** Default of {@link #clientReadTimeoutTicks()}. */
    public static final int CLIENT_READ_TIMEOUT_TICKS_DEFAULT = 200;
    /** Default of {@link #clientGetTailTimeoutTicks()}. */
    public static final int CLIENT_GET_TAIL_TIMEOUT_TICKS_DEFAULT = 200;
    /** Default of {@link #clientTrimTimeoutTicks()}. */
    public static final int CLIENT_TRIM_TIMEOUT_TICKS_DEFAULT = 200;
    /** Default of {@link #preVote()}. */
    public static final boolean PRE_VOTE_DEFAULT = true;

    private final int switchCount;
    private final int replicaSetCount;
    private final int membersPerSet;
    private final int pendingRequestsMax;
    private final int dedupClientsMax;
    private final int statusMapSlotsMax;
    private final int sealPageEntriesMax;
    private final int sealPageBytesMax;
    private final int payloadHeapBytesMax;
    private final int mergedMessageBytesMax;
    private final int tokenRetransmitTicks;
    private final int suspectTimeoutTicks;
    private final int tokenLossTimeoutTicks;
    private final int holeTimeoutTicks;
    private final int writeRetryTicks;
    private final int sealRetryTicks;
    private final int sealGraceTicks;
    private final int viewChangeTimeoutTicks;
    private final int joinRetryTicks;
    private final int clientAppendTimeoutTicks;
    private final int clientRetryTicks;
    private final int clientReadTimeoutTicks;
    private final int clientGetTailTimeoutTicks;
    private final int clientTrimTimeoutTicks;
    private final boolean preVote;
    private final int ringAliveTicks;
    private final int ringAliveTimeoutTicks;
    /** As set on the builder (0: derived), so {@link #toBuilder()} derives them again from changed timeouts. */
    private final int ringAliveTicksSet;
    private final int ringAliveTimeoutTicksSet;

    private Config(Builder b) {
        this.switchCount = b.switchCount;
        this.replicaSetCount = b.replicaSetCount;
        this.membersPerSet = b.membersPerSet;
        this.pendingRequestsMax = b.pendingRequestsMax;
        this.dedupClientsMax = b.dedupClientsMax;
        this.statusMapSlotsMax = b.statusMapSlotsMax;
        this.sealPageEntriesMax = b.sealPageEntriesMax;
        this.sealPageBytesMax = b.sealPageBytesMax;
        this.payloadHeapBytesMax = b.payloadHeapBytesMax;
        this.mergedMessageBytesMax = b.mergedMessageBytesMax;
        this.tokenRetransmitTicks = b.tokenRetransmitTicks;
        this.suspectTimeoutTicks = b.suspectTimeoutTicks;
        this.tokenLossTimeoutTicks = b.tokenLossTimeoutTicks;
        this.holeTimeoutTicks = b.holeTimeoutTicks;
        this.writeRetryTicks = b.writeRetryTicks;
        this.sealRetryTicks = b.sealRetryTicks;
        this.sealGraceTicks = b.sealGraceTicks;
        this.viewChangeTimeoutTicks = b.viewChangeTimeoutTicks;
        this.joinRetryTicks = b.joinRetryTicks;
        this.clientAppendTimeoutTicks = b.clientAppendTimeoutTicks;
        this.clientRetryTicks = b.clientRetryTicks;
        this.clientReadTimeoutTicks = b.clientReadTimeoutTicks;
        this.clientGetTailTimeoutTicks = b.clientGetTailTimeoutTicks;
        this.clientTrimTimeoutTicks = b.clientTrimTimeoutTicks;
        this.preVote = b.preVote;
        this.ringAliveTicksSet = b.ringAliveTicks;
        this.ringAliveTimeoutTicksSet = b.ringAliveTimeoutTicks;
        // Derived unless set: a third of the successor's patience, so a live ring tells the
        // servers about three times before any switch could suspect it.
        this.ringAliveTicks = b.ringAliveTicks > 0 ? b.ringAliveTicks : Math.max(1, b.suspectTimeoutTicks / 3);
        this.ringAliveTimeoutTicks = b.ringAliveTimeoutTicks > 0 ? b.ringAliveTimeoutTicks
                : Math.max(this.ringAliveTicks + 1, Math.min(b.suspectTimeoutTicks, b.tokenLossTimeoutTicks) - 1);
    }

    /** A builder for a cluster of {@code switchCount} switches and {@code replicaSetCount} replica sets. */
    public static Builder builder(int switchCount, int replicaSetCount) {
        return new Builder(switchCount, replicaSetCount);
    }

    /** Every default for a cluster of the given size: 3 servers per set. */
    public static Config defaults(int switchCount, int replicaSetCount) {
        return builder(switchCount, replicaSetCount).build();
    }

    /** A builder holding every setting of this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder(switchCount, replicaSetCount);
        b.membersPerSet = membersPerSet;
        b.pendingRequestsMax = pendingRequestsMax;
        b.dedupClientsMax = dedupClientsMax;
        b.statusMapSlotsMax = statusMapSlotsMax;
        b.sealPageEntriesMax = sealPageEntriesMax;
        b.sealPageBytesMax = sealPageBytesMax;
        b.payloadHeapBytesMax = payloadHeapBytesMax;
        b.mergedMessageBytesMax = mergedMessageBytesMax;
        b.tokenRetransmitTicks = tokenRetransmitTicks;
        b.suspectTimeoutTicks = suspectTimeoutTicks;
        b.tokenLossTimeoutTicks = tokenLossTimeoutTicks;
        b.holeTimeoutTicks = holeTimeoutTicks;
        b.writeRetryTicks = writeRetryTicks;
        b.sealRetryTicks = sealRetryTicks;
        b.sealGraceTicks = sealGraceTicks;
        b.viewChangeTimeoutTicks = viewChangeTimeoutTicks;
        b.joinRetryTicks = joinRetryTicks;
        b.clientAppendTimeoutTicks = clientAppendTimeoutTicks;
        b.clientRetryTicks = clientRetryTicks;
        b.clientReadTimeoutTicks = clientReadTimeoutTicks;
        b.clientGetTailTimeoutTicks = clientGetTailTimeoutTicks;
        b.clientTrimTimeoutTicks = clientTrimTimeoutTicks;
        b.preVote = preVote;
        b.ringAliveTicks = ringAliveTicksSet;
        b.ringAliveTimeoutTicks = ringAliveTimeoutTicksSet;
        return b;
    }

    /** Switches of the static configuration (ids 0..switchCount-1). */
    public int switchCount() {
        return switchCount;
    }

    /** Replica sets R; index i is stored on set {@code i mod R}. */
    public int replicaSetCount() {
        return replicaSetCount;
    }

    /** Servers per replica set (3 in the paper); a majority is needed; at most 31 (the ack bitmap). */
    public int membersPerSet() {
        return membersPerSet;
    }

    /** Pending appends + waiting getTails/reads a switch queues before Busy. */
    public int pendingRequestsMax() {
        return pendingRequestsMax;
    }

    /**
     * Clients whose append request ids a switch remembers (to refuse network duplicates); when
     * one more client appends, the switch starts a new dedup epoch, forgets them all and refuses
     * (AppendStale) every append addressed to an earlier epoch: memory stays bounded, and no
     * duplicate is ever sequenced twice.
     */
    public int dedupClientsMax() {
        return dedupClientsMax;
    }

    /** Slots of a leader's status map; the sequencer never lets {@code h - c} exceed {@code statusMapSlotsMax * ring size}, so the ring buffer can never overflow. */
    public int statusMapSlotsMax() {
        return statusMapSlotsMax;
    }

    /**
     * Entries in one page of a server's seal reply (the specs' {@code SealEntriesMax}): a
     * coordinator that knows no committed prefix (restarted) asks for the rest page by page, so
     * no seal reply exceeds the wire format's {@code sealReplyEntriesMax}, whatever the log's length.
     */
    public int sealPageEntriesMax() {
        return sealPageEntriesMax;
    }

    /**
     * Payload bytes in one page of a seal reply, each entry counted with
     * {@link #SEAL_PAGE_ENTRY_OVERHEAD_BYTES} more; a page always carries at least one entry, so a
     * page is at most this or one entry, within the wire format's frame limit.
     */
    public int sealPageBytesMax() {
        return sealPageBytesMax;
    }

    /**
     * The payload bytes a log server keeps in its heap: beyond them, the payloads of its oldest
     * entries whose persist is confirmed leave the heap and are read back from its durable state
     * when asked for (a read, a seal reply, a repair). It keeps every held index's view. A bound
     * in bytes, not entries: payloads range from bytes to the wire format's limit.
     */
    public int payloadHeapBytesMax() {
        return payloadHeapBytesMax;
    }

    /**
     * The bytes of one merged message ({@code Message.Merged}): the Assigns, Writes or WriteAcks a
     * step makes for one receiver leave as one message of at most this many bytes (payloads plus
     * {@value #MERGED_MEMBER_OVERHEAD_BYTES} a member) and {@value #MERGED_MEMBERS_MAX} members.
     * 0: every message leaves alone (as before wire version 7). A sender's setting: receivers
     * take either.
     */
    public int mergedMessageBytesMax() {
        return mergedMessageBytesMax;
    }

    /** Resend the token to the successor this often until TokenAck. */
    public int tokenRetransmitTicks() {
        return tokenRetransmitTicks;
    }

    /** Successor suspected if the token is unacknowledged this long. */
    public int suspectTimeoutTicks() {
        return suspectTimeoutTicks;
    }

    /** A ring member that has not seen the token this long suspects it lost. */
    public int tokenLossTimeoutTicks() {
        return tokenLossTimeoutTicks;
    }

    /** An index known assigned but never received is filled with junk after this. */
    public int holeTimeoutTicks() {
        return holeTimeoutTicks;
    }

    /** Leaders and coordinators resend unacknowledged writes this often. */
    public int writeRetryTicks() {
        return writeRetryTicks;
    }

    /** A coordinator resends Seal to silent nodes this often. */
    public int sealRetryTicks() {
        return sealRetryTicks;
    }

    /** After server majorities answered, wait this long for more switches. */
    public int sealGraceTicks() {
        return sealGraceTicks;
    }

    /** A view change not installed by then is retried in a higher view. */
    public int viewChangeTimeoutTicks() {
        return viewChangeTimeoutTicks;
    }

    /** A restarted switch announces itself (Join) this often. */
    public int joinRetryTicks() {
        return joinRetryTicks;
    }

    /** An append not answered by then is INDETERMINATE. */
    public int clientAppendTimeoutTicks() {
        return clientAppendTimeoutTicks;
    }

    /** A client resends a read/getTail/trim step after this. */
    public int clientRetryTicks() {
        return clientRetryTicks;
    }

    /** A read still unanswered by then gives NOT_YET or INDETERMINATE. */
    public int clientReadTimeoutTicks() {
        return clientReadTimeoutTicks;
    }

    /** A getTail not answered by then is INDETERMINATE. */
    public int clientGetTailTimeoutTicks() {
        return clientGetTailTimeoutTicks;
    }

    /** A trim not acknowledged by then is INDETERMINATE. */
    public int clientTrimTimeoutTicks() {
        return clientTrimTimeoutTicks;
    }

    /**
     * Issue 19 (the specs' {@code PreVote}): a switch that suspects a failure starts a view change
     * only once a majority of replica set 0 grants a pre-vote (they have not heard from the ring
     * of the view they promised recently), so a switch cut off from a working ring cannot take it
     * down again and again. False: every suspicion starts a view change at once (as before issue
     * 19; the trace models and the conformance replay's models other than
     * RingWorld_replay_join have PreVote = FALSE).
     */
    public boolean preVote() {
        return preVote;
    }

    /**
     * The first member of an active ring tells replica set 0 that its token goes round
     * (RingAlive) at most this often, at its token visits. Default: a third of
     * {@link #suspectTimeoutTicks()} (at least 1).
     */
    public int ringAliveTicks() {
        return ringAliveTicks;
    }

    /**
     * A server that has not heard RingAlive of the view it promised for this long grants
     * pre-votes. Below the switches' suspect and token-loss patience, so a dead ring is granted
     * by the time its members suspect it. Default: one tick below the lower of the two (at least
     * {@link #ringAliveTicks()} + 1).
     */
    public int ringAliveTimeoutTicks() {
        return ringAliveTimeoutTicks;
    }

    /** Servers that form a majority of a replica set. */
    public int majority() {
        return membersPerSet / 2 + 1;
    }

    /** Every server of the static configuration, set by set. */
    public List<ServerId> allServers() {
        var out = new ArrayList<ServerId>(replicaSetCount * membersPerSet);
        for (int set = 0; set < replicaSetCount; set++) {
            for (int m = 0; m < membersPerSet; m++) {
                out.add(new ServerId(set, m));
            }
        }
        return out;
    }

    /** Every switch of the static configuration. */
    public List<SwitchId> allSwitches() {
        var out = new ArrayList<SwitchId>(switchCount);
        for (int i = 0; i < switchCount; i++) {
            out.add(new SwitchId(i));
        }
        return out;
    }

    /** The projection the cluster boots with: all switches in id order, view INITIAL, start 1. */
    public Projection initialProjection() {
        return new Projection(View.INITIAL, allSwitches(), replicaSetCount, 1);
    }

    private int[] values() {
        return new int[] {switchCount, replicaSetCount, membersPerSet, pendingRequestsMax, dedupClientsMax, statusMapSlotsMax, sealPageEntriesMax, sealPageBytesMax, payloadHeapBytesMax, mergedMessageBytesMax, tokenRetransmitTicks, suspectTimeoutTicks, tokenLossTimeoutTicks, holeTimeoutTicks, writeRetryTicks, sealRetryTicks, sealGraceTicks, viewChangeTimeoutTicks, joinRetryTicks, clientAppendTimeoutTicks, clientRetryTicks, clientReadTimeoutTicks, clientGetTailTimeoutTicks, clientTrimTimeoutTicks, preVote ? 1 : 0, ringAliveTicks, ringAliveTimeoutTicks};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Config c && java.util.Arrays.equals(values(), c.values());
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(values());
    }

    @Override
    public String toString() {
        return "Config{switchCount=" + switchCount + ", replicaSetCount=" + replicaSetCount + ", membersPerSet=" + membersPerSet + ", pendingRequestsMax=" + pendingRequestsMax + ", dedupClientsMax=" + dedupClientsMax + ", statusMapSlotsMax=" + statusMapSlotsMax + ", sealPageEntriesMax=" + sealPageEntriesMax + ", sealPageBytesMax=" + sealPageBytesMax + ", payloadHeapBytesMax=" + payloadHeapBytesMax + ", mergedMessageBytesMax=" + mergedMessageBytesMax + ", tokenRetransmitTicks=" + tokenRetransmitTicks + ", suspectTimeoutTicks=" + suspectTimeoutTicks + ", tokenLossTimeoutTicks=" + tokenLossTimeoutTicks + ", holeTimeoutTicks=" + holeTimeoutTicks + ", writeRetryTicks=" + writeRetryTicks + ", sealRetryTicks=" + sealRetryTicks + ", sealGraceTicks=" + sealGraceTicks + ", viewChangeTimeoutTicks=" + viewChangeTimeoutTicks + ", joinRetryTicks=" + joinRetryTicks + ", clientAppendTimeoutTicks=" + clientAppendTimeoutTicks + ", clientRetryTicks=" + clientRetryTicks + ", clientReadTimeoutTicks=" + clientReadTimeoutTicks + ", clientGetTailTimeoutTicks=" + clientGetTailTimeoutTicks + ", clientTrimTimeoutTicks=" + clientTrimTimeoutTicks + ", preVote=" + preVote + ", ringAliveTicks=" + ringAliveTicks + ", ringAliveTimeoutTicks=" + ringAliveTimeoutTicks + "}";
    }

    /** Settings for a {@link Config}; every setter names its unit last, every value is checked in {@link #build()}. */
    public static final class Builder {
        private int switchCount;
        private int replicaSetCount;
        private int membersPerSet = MEMBERS_PER_SET_DEFAULT;
        private int pendingRequestsMax = PENDING_REQUESTS_MAX_DEFAULT;
        private int dedupClientsMax = DEDUP_CLIENTS_MAX_DEFAULT;
        private int statusMapSlotsMax = STATUS_MAP_SLOTS_MAX_DEFAULT;
        private int sealPageEntriesMax = SEAL_PAGE_ENTRIES_MAX_DEFAULT;
        private int sealPageBytesMax = SEAL_PAGE_BYTES_MAX_DEFAULT;
        private int payloadHeapBytesMax = PAYLOAD_HEAP_BYTES_MAX_DEFAULT;
        private int mergedMessageBytesMax = MERGED_MESSAGE_BYTES_MAX_DEFAULT;
        private int tokenRetransmitTicks = TOKEN_RETRANSMIT_TICKS_DEFAULT;
        private int suspectTimeoutTicks = SUSPECT_TIMEOUT_TICKS_DEFAULT;
        private int tokenLossTimeoutTicks = TOKEN_LOSS_TIMEOUT_TICKS_DEFAULT;
        private int holeTimeoutTicks = HOLE_TIMEOUT_TICKS_DEFAULT;
        private int writeRetryTicks = WRITE_RETRY_TICKS_DEFAULT;
        private int sealRetryTicks = SEAL_RETRY_TICKS_DEFAULT;
        private int sealGraceTicks = SEAL_GRACE_TICKS_DEFAULT;
        private int viewChangeTimeoutTicks = VIEW_CHANGE_TIMEOUT_TICKS_DEFAULT;
        private int joinRetryTicks = JOIN_RETRY_TICKS_DEFAULT;
        private int clientAppendTimeoutTicks = CLIENT_APPEND_TIMEOUT_TICKS_DEFAULT;
        private int clientRetryTicks = CLIENT_RETRY_TICKS_DEFAULT;
        private int clientReadTimeoutTicks = CLIENT_READ_TIMEOUT_TICKS_DEFAULT;
        private int clientGetTailTimeoutTicks = CLIENT_GET_TAIL_TIMEOUT_TICKS_DEFAULT;
        private int clientTrimTimeoutTicks = CLIENT_TRIM_TIMEOUT_TICKS_DEFAULT;
        private boolean preVote = PRE_VOTE_DEFAULT;
        /** 0: derived from the timeouts in build (see {@link Config#ringAliveTicks()}). */
        private int ringAliveTicks;
        /** 0: derived from the timeouts in build (see {@link Config#ringAliveTimeoutTicks()}). */
        private int ringAliveTimeoutTicks;

        private Builder(int switchCount, int replicaSetCount) {
            this.switchCount = switchCount;
            this.replicaSetCount = replicaSetCount;
        }

        /** Servers per replica set (3 in the paper); a majority is needed; at most 31 (the ack bitmap); default {@value Config#MEMBERS_PER_SET_DEFAULT}. */
        public Builder membersPerSet(int value) {
            this.membersPerSet = value;
            return this;
        }

        /** Pending appends + waiting getTails/reads a switch queues before Busy; default {@value Config#PENDING_REQUESTS_MAX_DEFAULT}. */
        public Builder pendingRequestsMax(int value) {
            this.pendingRequestsMax = value;
            return this;
        }

        /** Clients a switch remembers append request ids of; default {@value Config#DEDUP_CLIENTS_MAX_DEFAULT}. */
        public Builder dedupClientsMax(int value) {
            this.dedupClientsMax = value;
            return this;
        }

        /** Slots of a leader's status map; the sequencer never lets {@code h - c} exceed {@code statusMapSlotsMax * ring size}, so the ring buffer can never overflow; default {@value Config#STATUS_MAP_SLOTS_MAX_DEFAULT}. */
        public Builder statusMapSlotsMax(int value) {
            this.statusMapSlotsMax = value;
            return this;
        }

        /** Resend the token to the successor this often until TokenAck; default {@value Config#TOKEN_RETRANSMIT_TICKS_DEFAULT}. */
        public Builder tokenRetransmitTicks(int value) {
            this.tokenRetransmitTicks = value;
            return this;
        }

        /** Successor suspected if the token is unacknowledged this long; default {@value Config#SUSPECT_TIMEOUT_TICKS_DEFAULT}. */
        public Builder suspectTimeoutTicks(int value) {
            this.suspectTimeoutTicks = value;
            return this;
        }

        /** A ring member that has not seen the token this long suspects it lost; default {@value Config#TOKEN_LOSS_TIMEOUT_TICKS_DEFAULT}. */
        public Builder tokenLossTimeoutTicks(int value) {
            this.tokenLossTimeoutTicks = value;
            return this;
        }

        /** An index known assigned but never received is filled with junk after this; default {@value Config#HOLE_TIMEOUT_TICKS_DEFAULT}. */
        public Builder holeTimeoutTicks(int value) {
            this.holeTimeoutTicks = value;
            return this;
        }

        /** Leaders and coordinators resend unacknowledged writes this often; default {@value Config#WRITE_RETRY_TICKS_DEFAULT}. */
        public Builder writeRetryTicks(int value) {
            this.writeRetryTicks = value;
            return this;
        }

        /** A coordinator resends Seal to silent nodes this often; default {@value Config#SEAL_RETRY_TICKS_DEFAULT}. */
        public Builder sealRetryTicks(int value) {
            this.sealRetryTicks = value;
            return this;
        }

        /** Entries in one seal reply page; default {@value Config#SEAL_PAGE_ENTRIES_MAX_DEFAULT}. */
        public Builder sealPageEntriesMax(int value) {
            this.sealPageEntriesMax = value;
            return this;
        }

        /** Payload bytes (plus the per-entry overhead) in one seal reply page; default {@value Config#SEAL_PAGE_BYTES_MAX_DEFAULT}. */
        public Builder sealPageBytesMax(int value) {
            this.sealPageBytesMax = value;
            return this;
        }

        /**
         * Payload bytes a log server keeps in its heap, 0 for none once durable (every read goes to
         * its durable state); default {@value Config#PAYLOAD_HEAP_BYTES_MAX_DEFAULT}.
         */
        public Builder payloadHeapBytesMax(int value) {
            this.payloadHeapBytesMax = value;
            return this;
        }

        /** Bytes of one merged message, 0 for none; default {@value Config#MERGED_MESSAGE_BYTES_MAX_DEFAULT}. */
        public Builder mergedMessageBytesMax(int value) {
            this.mergedMessageBytesMax = value;
            return this;
        }

        /** After server majorities answered, wait this long for more switches; default {@value Config#SEAL_GRACE_TICKS_DEFAULT}. */
        public Builder sealGraceTicks(int value) {
            this.sealGraceTicks = value;
            return this;
        }

        /** A view change not installed by then is retried in a higher view; default {@value Config#VIEW_CHANGE_TIMEOUT_TICKS_DEFAULT}. */
        public Builder viewChangeTimeoutTicks(int value) {
            this.viewChangeTimeoutTicks = value;
            return this;
        }

        /** A restarted switch announces itself (Join) this often; default {@value Config#JOIN_RETRY_TICKS_DEFAULT}. */
        public Builder joinRetryTicks(int value) {
            this.joinRetryTicks = value;
            return this;
        }

        /** An append not answered by then is INDETERMINATE; default {@value Config#CLIENT_APPEND_TIMEOUT_TICKS_DEFAULT}. */
        public Builder clientAppendTimeoutTicks(int value) {
            this.clientAppendTimeoutTicks = value;
            return this;
        }

        /** A client resends a read/getTail/trim step after this; default {@value Config#CLIENT_RETRY_TICKS_DEFAULT}. */
        public Builder clientRetryTicks(int value) {
            this.clientRetryTicks = value;
            return this;
        }

        /** A read still unanswered by then gives NOT_YET or INDETERMINATE; default {@value Config#CLIENT_READ_TIMEOUT_TICKS_DEFAULT}. */
        public Builder clientReadTimeoutTicks(int value) {
            this.clientReadTimeoutTicks = value;
            return this;
        }

        /** A getTail not answered by then is INDETERMINATE; default {@value Config#CLIENT_GET_TAIL_TIMEOUT_TICKS_DEFAULT}. */
        public Builder clientGetTailTimeoutTicks(int value) {
            this.clientGetTailTimeoutTicks = value;
            return this;
        }

        /** A trim not acknowledged by then is INDETERMINATE; default {@value Config#CLIENT_TRIM_TIMEOUT_TICKS_DEFAULT}. */
        public Builder clientTrimTimeoutTicks(int value) {
            this.clientTrimTimeoutTicks = value;
            return this;
        }

        /** Issue 19's pre-vote before every view change; default {@value Config#PRE_VOTE_DEFAULT}. */
        public Builder preVote(boolean value) {
            this.preVote = value;
            return this;
        }

        /** The ring's RingAlive interval; default a third of suspectTimeoutTicks (see {@link Config#ringAliveTicks()}). */
        public Builder ringAliveTicks(int value) {
            this.ringAliveTicks = value;
            return this;
        }

        /** A server grants pre-votes once RingAlive is this late; default derived (see {@link Config#ringAliveTimeoutTicks()}). */
        public Builder ringAliveTimeoutTicks(int value) {
            this.ringAliveTimeoutTicks = value;
            return this;
        }

        /** The configuration; throws {@link IllegalArgumentException} naming the first setting that is wrong. */
        public Config build() {
            requirePositive("switchCount", switchCount);
            requirePositive("replicaSetCount", replicaSetCount);
            requirePositive("membersPerSet", membersPerSet);
            requirePositive("pendingRequestsMax", pendingRequestsMax);
            requirePositive("dedupClientsMax", dedupClientsMax);
            requirePositive("statusMapSlotsMax", statusMapSlotsMax);
            requirePositive("sealPageEntriesMax", sealPageEntriesMax);
            requirePositive("sealPageBytesMax", sealPageBytesMax);
            if (payloadHeapBytesMax < 0) {
                throw new IllegalArgumentException("payloadHeapBytesMax must be >= 0 (0: every durable payload is read back),"
                        + " got " + payloadHeapBytesMax);
            }
            if (mergedMessageBytesMax < 0) {
                throw new IllegalArgumentException("mergedMessageBytesMax must be >= 0 (0: no merging), got "
                        + mergedMessageBytesMax);
            }
            requirePositive("tokenRetransmitTicks", tokenRetransmitTicks);
            requirePositive("suspectTimeoutTicks", suspectTimeoutTicks);
            requirePositive("tokenLossTimeoutTicks", tokenLossTimeoutTicks);
            requirePositive("holeTimeoutTicks", holeTimeoutTicks);
            requirePositive("writeRetryTicks", writeRetryTicks);
            requirePositive("sealRetryTicks", sealRetryTicks);
            requirePositive("sealGraceTicks", sealGraceTicks);
            requirePositive("viewChangeTimeoutTicks", viewChangeTimeoutTicks);
            requirePositive("joinRetryTicks", joinRetryTicks);
            requirePositive("clientAppendTimeoutTicks", clientAppendTimeoutTicks);
            requirePositive("clientRetryTicks", clientRetryTicks);
            requirePositive("clientReadTimeoutTicks", clientReadTimeoutTicks);
            requirePositive("clientGetTailTimeoutTicks", clientGetTailTimeoutTicks);
            requirePositive("clientTrimTimeoutTicks", clientTrimTimeoutTicks);
            if (ringAliveTicks < 0 || ringAliveTimeoutTicks < 0) {
                throw new IllegalArgumentException("ringAliveTicks and ringAliveTimeoutTicks must be > 0 (or unset), got "
                        + ringAliveTicks + " and " + ringAliveTimeoutTicks);
            }
            checkRingAlive();
            if (membersPerSet > 31) {
                throw new IllegalArgumentException("membersPerSet must be <= 31 (the ack bitmap), got " + membersPerSet);
            }
            return new Config(this);
        }

        /** Set by hand, the RingAlive timeout must cover an interval and be below the switches' patience. */
        private void checkRingAlive() {
            int alive = ringAliveTicks > 0 ? ringAliveTicks : Math.max(1, suspectTimeoutTicks / 3);
            if (ringAliveTimeoutTicks > 0 && ringAliveTimeoutTicks <= alive) {
                throw new IllegalArgumentException("ringAliveTimeoutTicks must be > ringAliveTicks (" + alive + "), got "
                        + ringAliveTimeoutTicks);
            }
            int patience = Math.min(suspectTimeoutTicks, tokenLossTimeoutTicks);
            if (ringAliveTimeoutTicks > 0 && ringAliveTimeoutTicks >= patience) {
                throw new IllegalArgumentException("ringAliveTimeoutTicks must be below suspectTimeoutTicks and "
                        + "tokenLossTimeoutTicks (" + patience + "), got " + ringAliveTimeoutTicks);
            }
        }

        private static void requirePositive(String name, int value) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be > 0, got " + value);
            }
        }
    }
}
