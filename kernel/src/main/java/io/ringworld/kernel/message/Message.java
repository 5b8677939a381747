package io.ringworld.kernel.message;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.Entry;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.Projection;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.server.IndexRange;
import java.util.List;

/**
 * Every message of the protocol, as one sealed family of immutable records. Hosts serialize
 * these (the kernel has no codec). Grouped by who talks to whom; the comment on each record
 * names the TLA+ action (docs/protocol-names.md) that sends or consumes it.
 */
public sealed interface Message {

    // ---------------------------------------------------------------- client -> switch -> client

    /**
     * ClientAppend: a client asks any switch to append {@code payload}. {@code switchIncarnation}
     * is the life of the switch the client addresses (0 = boot life, else learned from
     * {@link AppendStale}) and {@code dedupEpoch} the switch's dedup epoch in that life (0 at
     * first, else learned from AppendStale): a switch refuses a request addressed to an earlier
     * life or epoch, so a duplicate delivered after the switch forgot the ids it saw (a restart,
     * or a new epoch when its table of clients was full, {@code Config.dedupClientsMax}) is never
     * sequenced twice.
     */
    record AppendRequest(ClientId client, long requestId, Payload payload, long switchIncarnation, long dedupEpoch)
            implements Message {
        /** An append addressed to the boot life of the switch, in its first dedup epoch. */
        public AppendRequest(ClientId client, long requestId, Payload payload) {
            this(client, requestId, payload, 0, 0);
        }

        /** An append addressed to life {@code switchIncarnation} of the switch, in its first dedup epoch. */
        public AppendRequest(ClientId client, long requestId, Payload payload, long switchIncarnation) {
            this(client, requestId, payload, switchIncarnation, 0);
        }

        /** The epoch is shown only once a switch started a second one (traces of earlier runs stay as they were). */
        @Override
        public String toString() {
            return "AppendRequest[client=" + client + ", requestId=" + requestId + ", payload=" + payload
                    + ", switchIncarnation=" + switchIncarnation + (dedupEpoch == 0 ? "" : ", dedupEpoch=" + dedupEpoch)
                    + "]";
        }
    }

    /**
     * The switch cannot vouch that the append is not a duplicate of one it sequenced: it was
     * addressed to an earlier life of switch {@code from} (now {@code incarnation}) or an earlier
     * dedup epoch (now {@code dedupEpoch}), or its id is older than the switch's window of that
     * client's ids. Not sequenced now; an earlier life or epoch may have sequenced it (outcome
     * unknown). The client addresses later appends to {@code incarnation} and {@code dedupEpoch}.
     */
    record AppendStale(long requestId, SwitchId from, long incarnation, long dedupEpoch) implements Message {
        /** A refusal by life {@code incarnation}, in its first dedup epoch. */
        public AppendStale(long requestId, SwitchId from, long incarnation) {
            this(requestId, from, incarnation, 0);
        }

        /** The epoch is shown only once a switch started a second one (traces of earlier runs stay as they were). */
        @Override
        public String toString() {
            return "AppendStale[requestId=" + requestId + ", from=" + from + ", incarnation=" + incarnation
                    + (dedupEpoch == 0 ? "" : ", dedupEpoch=" + dedupEpoch) + "]";
        }
    }

    /** LeaderCommit: the leader committed the append at {@code index} in {@code view}. */
    record AppendReply(long requestId, long index, View view) implements Message {
    }

    /** FillHole raced the append: {@code index} was filled with junk; the append definitely failed. */
    record AppendJunked(long requestId, long index) implements Message {
    }

    /** The switch's pending queue is full; the request was never sequenced (definite failure). */
    record Busy(long requestId) implements Message {
    }

    /** GetTailStart: a zero-length request to any switch. */
    record GetTailRequest(ClientId client, long requestId) implements Message {
    }

    /**
     * GetTailReturn: every index {@code <= tail} is committed or junk. It also names the switch
     * that answers ({@code from}, null in replies built without it), its life
     * ({@code incarnation}) and its dedup epoch, so a client addresses its
     * next appends to them: a client that introduced itself with a getTail does not send its first
     * append to a life the switch left (which would have to refuse it, AppendStale, and leave its
     * outcome unknown). Learning them here only moves the addressing of appends not sent yet; an
     * append already addressed keeps its life (the spec's ClientAppendStale covers both).
     */
    record GetTailReply(long requestId, long tail, SwitchId from, long incarnation, long dedupEpoch) implements Message {
        /** A reply that names no switch (the client learns no life from it). */
        public GetTailReply(long requestId, long tail) {
            this(requestId, tail, null, 0, 0);
        }

        /** The switch and its life shown only past a boot life's first epoch (transcripts of earlier runs stay as they were). */
        @Override
        public String toString() {
            return "GetTailReply[requestId=" + requestId + ", tail=" + tail
                    + (incarnation == 0 && dedupEpoch == 0 ? "" : ", from=" + from + ", incarnation=" + incarnation
                            + ", dedupEpoch=" + dedupEpoch)
                    + "]";
        }
    }

    /** ReadRequest: to any switch; a switch that does not lead {@code index} forwards it to the leader. */
    record ReadRequest(ClientId client, long requestId, long index) implements Message {
    }

    /**
     * The leader says {@code index} is committed: read it from {@code replicas}. If
     * {@code committedView} is not {@link View#NONE}, one server holding the index at that view
     * suffices; otherwise read a majority and take the highest view.
     */
    record ReadRedirect(long requestId, long index, View committedView, List<ServerId> replicas)
            implements Message {
        public ReadRedirect {
            replicas = List.copyOf(replicas);
        }
    }

    /** A token visit at the leader showed {@code token.h < index}: the index is beyond the tail. */
    record ReadNotYet(long requestId, long index) implements Message {
    }

    /** Not committed yet (or no view installed, or a trim of it is in progress): try again later. */
    record ReadRetry(long requestId, long index) implements Message {
    }

    /**
     * Trim: {@code index} is below a trim point the switch knows is done (applied by a majority
     * of every replica set after every ring member learned it); only a switch declares Trimmed.
     */
    record ReadTrimmed(long requestId, long index) implements Message {
    }

    /** Trim: every index {@code < prefix} becomes trimmed. */
    record TrimRequest(ClientId client, long requestId, long prefix) implements Message {
    }

    /** Trim done on a majority of every replica set. */
    record TrimReply(long requestId, long prefix) implements Message {
    }

    // ---------------------------------------------------------------- client <-> server

    /** ReadRequest: read {@code index} at {@code view} ({@link View#NONE}: whatever is stored). */
    record ServerRead(ClientId client, long requestId, long index, View view) implements Message {
    }

    /** What a server answers a read with. */
    enum ReadStatus {
        /** {@code view} and {@code payload} hold the stored entry. */
        OK,
        /** The server holds the index at another view than asked ("not this view"). */
        WRONG_VIEW,
        /** The server holds nothing at the index. */
        MISSING,
        /** The index is below the server's trim point. */
        TRIMMED,
        /**
         * The server cannot vouch for the index (its copy was damaged or its disk wiped): neither
         * held nor empty. A reader counts it in no majority (ServerRelearn, docs/design.md).
         */
        UNKNOWN
    }

    /** ReadReply: a server's answer; {@code view}/{@code payload} are set only for OK. */
    record ServerReadReply(long requestId, long index, ServerId from, ReadStatus status, View view, Payload payload)
            implements Message {
    }

    // ---------------------------------------------------------------- switch <-> switch

    /**
     * SequenceBatch / PassToken / FoldCommit: the token of {@code view}. {@code h} is the highest
     * index handed out, {@code c} the global committed prefix (every index {@code <= c} is
     * committed or junk), {@code roundMin} the minimum of the leaders' commit indices folded in so
     * far this round (the first ring member turns it into {@code c}), {@code hop} grows by one at
     * every pass so duplicates are recognised. {@code trimPending} is the highest trim point some
     * ring member has started (a member that saw it answers ReadRetry below it, never a redirect),
     * {@code trimDone} the highest trim point applied by a majority of every replica set (members
     * answer Trimmed below it): trim's first and second round ride on the token.
     */
    record Token(View view, long h, long c, long roundMin, long hop, SwitchId from, long trimPending,
                 long trimDone, List<SwitchId> joined) implements Message {
        /** A token of a log where nothing was ever trimmed (trim points 1). */
        public Token(View view, long h, long c, long roundMin, long hop, SwitchId from) {
            this(view, h, c, roundMin, hop, from, 1, 1);
        }

        /** A token of a view that admitted no switch (AdmitSwitch). */
        public Token(View view, long h, long c, long roundMin, long hop, SwitchId from, long trimPending,
                     long trimDone) {
            this(view, h, c, roundMin, hop, from, trimPending, trimDone, List.of());
        }

        /**
         * {@code joined} (issue 19, the specs' {@code jn}): the switches the view's first member
         * admitted since the view was installed (AdmitSwitch), in order; the token goes round
         * {@code ring ++ joined}, but only the view's ring leads replication.
         */
        public Token {
            joined = List.copyOf(joined);
        }

        /** Prints as before the joined field existed when no switch joined (golden transcripts, trace hashes). */
        @Override
        public String toString() {
            return "Token[view=" + view + ", h=" + h + ", c=" + c + ", roundMin=" + roundMin + ", hop=" + hop
                    + ", from=" + from + ", trimPending=" + trimPending + ", trimDone=" + trimDone
                    + (joined.isEmpty() ? "" : ", joined=" + joined) + "]";
        }
    }

    /** TokenAck: {@code from} processed (or already had) the token of {@code view} with {@code hop}. */
    record TokenAck(View view, long hop, SwitchId from) implements Message {
    }

    /** SequenceBatch: the sequencing switch tells the leader of {@code index} what to replicate. */
    record Assign(View view, long index, ClientId client, long requestId, Payload payload) implements Message {
    }

    /**
     * The specs' JoinRequest: a switch outside the ring of the installed view (restarted, left out
     * or refused a pre-vote) asks to be added; {@code incarnation} is the life that asks (an
     * admission's Install is addressed to that life only).
     */
    record Join(SwitchId from, long incarnation) implements Message {
        /** A Join of the boot life. */
        public Join(SwitchId from) {
            this(from, 0);
        }

        public Join {
            if (incarnation < 0) {
                throw new IllegalArgumentException("join incarnation must be >= 0, got " + incarnation);
            }
        }

        /** The boot life's Join prints as before the field existed (golden transcripts, trace hashes). */
        @Override
        public String toString() {
            return "Join[from=" + from + (incarnation == 0 ? "" : ", incarnation=" + incarnation) + "]";
        }
    }

    /**
     * StartViewChange: phase 1 of {@code view}, sent to every server and switch.
     * {@code incarnation} is the coordinator's life: a switch that restarted may pick a view its
     * earlier life already used, and a server that promised that view to the earlier life must
     * refuse it (a ballot is never used by two lives).
     */
    record Seal(View view, long committedPrefix, SwitchId coordinator, long incarnation) implements Message {
    }

    /**
     * ServerSealPage: the coordinator of ballot ({@code view}, {@code incarnation}) asks a server
     * for the page of its seal reply from index {@code from} on (the last page's
     * {@link ServerSealReply#nextFrom()}). The server answers only while it is promised to exactly
     * that ballot (a page then reads the state the promise fixed), else refuses naming its promise.
     */
    record SealPage(View view, long from, SwitchId coordinator, long incarnation) implements Message {
    }

    /**
     * SwitchSeal: a switch's answer to Seal; {@code highestSeen} is the highest token h it saw;
     * {@code incarnation} tells this life of the switch from earlier ones (see Install).
     */
    record SwitchSealReply(View view, SwitchId from, boolean accepted, View promised, long highestSeen,
                           long incarnation, long trimPending, long trimDone) implements Message {
        /** A reply of a switch that knows no trim (trim points 1). */
        public SwitchSealReply(View view, SwitchId from, boolean accepted, View promised, long highestSeen,
                               long incarnation) {
            this(view, from, accepted, promised, highestSeen, incarnation, 1, 1);
        }
    }

    /**
     * InstallView / MintToken: install {@code projection}. Every index {@code < projection.start()}
     * is committed; indices {@code >= rewriteFrom} below start were rewritten at the new view;
     * indices {@code < trimPoint} are trimmed (done); a trim up to {@code trimPending} may be in
     * progress (ring members answer ReadRetry below it, and the new ring drives it to the
     * servers again). {@code incarnations.get(k)} is the incarnation
     * of ring member k that answered the Seal: a switch that restarted since (a new incarnation)
     * must not install this view, or a duplicated Install would let it mint a second token.
     */
    record Install(Projection projection, long rewriteFrom, long trimPoint, List<Long> incarnations,
                   long trimPending, List<SwitchId> joined) implements Message {
        /** An Install with no trim in progress. */
        public Install(Projection projection, long rewriteFrom, long trimPoint, List<Long> incarnations) {
            this(projection, rewriteFrom, trimPoint, incarnations, trimPoint);
        }

        /** A view change's Install (no switch admitted since). */
        public Install(Projection projection, long rewriteFrom, long trimPoint, List<Long> incarnations,
                       long trimPending) {
            this(projection, rewriteFrom, trimPoint, incarnations, trimPending, List.of());
        }

        /**
         * {@code joined} (AdmitSwitch): the switches admitted to the installed view so far, the
         * last one the addressee; {@code incarnations} then covers {@code ring ++ joined}. The
         * view's first member sends it to the switch it admits, which takes its place after the
         * ring and leads nothing in this view.
         */
        public Install {
            incarnations = List.copyOf(incarnations);
            joined = List.copyOf(joined);
            if (incarnations.size() != projection.ring().size() + joined.size()) {
                throw new IllegalArgumentException("one incarnation per ring member and joiner: " + incarnations
                        + " for ring " + projection.ring() + " and joined " + joined);
            }
            for (SwitchId j : joined) {
                if (projection.contains(j) || joined.indexOf(j) != joined.lastIndexOf(j)) {
                    throw new IllegalArgumentException("joined " + joined + " repeats a switch or one of ring "
                            + projection.ring());
                }
            }
        }

        /** Prints as before the joined field existed when no switch joined (golden transcripts, trace hashes). */
        @Override
        public String toString() {
            return "Install[projection=" + projection + ", rewriteFrom=" + rewriteFrom + ", trimPoint=" + trimPoint
                    + ", incarnations=" + incarnations + ", trimPending=" + trimPending
                    + (joined.isEmpty() ? "" : ", joined=" + joined) + "]";
        }
    }

    // ---------------------------------------------------------------- switch <-> server

    /**
     * GetTailReturn's view check (ViewConfirmed in the specs): before answering a getTail in
     * {@code view}, a switch asks replica set 0 whether a later view has sealed it.
     */
    record ViewCheck(View view, long checkId, SwitchId from) implements Message {
    }

    /** A server's promised view, for a ViewCheck; {@code promised} above {@code view} means stale. */
    record ViewCheckReply(long checkId, View view, ServerId from, View promised) implements Message {
    }

    // ---------------------------------------------------------------- pre-vote (issue 19, item 3)

    /**
     * The specs' {@code RingAlive}: the first member of {@code view}'s ring tells the servers of
     * replica set 0 that the view's token goes round (sent at its token visits, at most once per
     * {@code Config.ringAliveTicks}). A server that heard it recently for the view it promised
     * refuses pre-votes.
     */
    record RingAlive(View view, SwitchId from) implements Message {
    }

    /**
     * StartViewChange's pre-vote ({@code PreVoteGranted}): a switch that suspects a failure asks
     * replica set 0 whether the ring of the view they promised is silent. {@code view}: the view the
     * switch promised (for diagnostics); {@code round}: the switch's round, echoed in the reply so
     * a late grant of an earlier round is never counted.
     */
    record PreVote(View view, long round, SwitchId from) implements Message {
    }

    /**
     * The answer to a PreVote: {@code granted} iff the server vouches and has not heard RingAlive of
     * {@code promised}, its promised view, within {@code Config.ringAliveTimeoutTicks}. A grant
     * changes no state of the server.
     */
    record PreVoteReply(long round, ServerId from, boolean granted, View promised) implements Message {
    }

    /**
     * LeaderReplicate / FillHole / ServerRewrite: store {@code (index, view, payload)}.
     * {@code incarnation} is the ballot's life: for a coordinator's rewrite, the coordinator's
     * incarnation (as in its Seal and Fence), so a server judges the rewrite by its ballot alone;
     * {@link #LEADER} for a leader's write of an installed view (a leader is not a ballot).
     */
    record Write(View view, long index, Payload payload, SwitchId from, long incarnation) implements Message {
        /** The incarnation field of a leader's write (LeaderReplicate, FillHole). */
        public static final long LEADER = -1;

        /** A leader's write of an installed view (LeaderReplicate, FillHole). */
        public Write(View view, long index, Payload payload, SwitchId from) {
            this(view, index, payload, from, LEADER);
        }

        public Write {
            if (incarnation < LEADER) {
                throw new IllegalArgumentException("write incarnation must be >= -1, got " + incarnation);
            }
        }

        /** A leader's write prints as before the field existed (golden transcripts, trace hashes). */
        @Override
        public String toString() {
            return "Write[view=" + view + ", index=" + index + ", payload=" + payload + ", from=" + from
                    + (incarnation == LEADER ? "" : ", incarnation=" + incarnation) + "]";
        }
    }

    /** ServerWrite: sent only after the write is durable; {@code accepted=false} if promised is higher. */
    record WriteAck(View view, long index, ServerId from, boolean accepted, View promised) implements Message {
    }

    // ------------------------------------------------- merged: several of one kind, one sender, one step

    /**
     * Several messages of one kind that a node made in one step for one receiver (wire version 7):
     * the token visit's Assigns to one leader, a leader's Writes to one server, the WriteAcks one
     * group commit releases to one leader; since version 8 also a client's appends to one switch
     * and a leader's answers to one client. A merged message is its members and nothing else: the
     * receiver handles each member as if it had arrived alone, in order, all in one step, so each
     * member is one step of the specs, taken back to back (docs/design.md, "Merged messages").
     * Its members share their view and sender, which the wire carries once. Hosts treat it as any
     * message; {@link #members} unpacks it for those that look inside (checkers, recorders).
     */
    sealed interface Merged extends Message permits Assigns, Writes, WriteAcks, AppendRequests, AppendReplies {
        /** The members, in the order the sender made them; at least two. */
        List<? extends Message> members();

        /**
         * True if {@code a} and {@code b} may be members of one merged message: of one kind
         * (Assign, Write, WriteAck, AppendRequest, AppendReply) and sharing what the wire carries
         * once (the view; a Write's sender and ballot; a WriteAck's sender, verdict and promise;
         * an AppendRequest's client and the switch life and dedup epoch it is addressed to).
         */
        static boolean mayShare(Message a, Message b) {
            if (a instanceof Assign x && b instanceof Assign y) {
                return same(x.view(), y.view());
            }
            if (a instanceof Write x && b instanceof Write y) {
                return same(x.view(), y.view()) && same(x.from(), y.from()) && x.incarnation() == y.incarnation();
            }
            if (a instanceof WriteAck x && b instanceof WriteAck y) {
                return same(x.view(), y.view()) && same(x.from(), y.from()) && x.accepted() == y.accepted()
                        && same(x.promised(), y.promised());
            }
            if (a instanceof AppendRequest x && b instanceof AppendRequest y) {
                return same(x.client(), y.client()) && x.switchIncarnation() == y.switchIncarnation()
                        && x.dedupEpoch() == y.dedupEpoch();
            }
            if (a instanceof AppendReply x && b instanceof AppendReply y) {
                return same(x.view(), y.view());
            }
            return false;
        }

        /** Equal, by identity first: a step's messages mostly share one view and sender instance. */
        private static boolean same(Object a, Object b) {
            return a == b || a.equals(b);
        }
    }

    /** SequenceBatch: one visit's Assigns to one leader, all of one view. */
    record Assigns(List<Assign> members) implements Merged {
        public Assigns {
            members = Merging.checked(members, "Assigns");
        }
    }

    /** LeaderReplicate / FillHole / ServerRewrite: Writes of one step to one server, of one view, sender and ballot. */
    record Writes(List<Write> members) implements Merged {
        public Writes {
            members = Merging.checked(members, "Writes");
        }
    }

    /** ServerWrite: the acks one step of a server releases to one switch, of one view, verdict and promise. */
    record WriteAcks(List<WriteAck> members) implements Merged {
        public WriteAcks {
            members = Merging.checked(members, "WriteAcks");
        }
    }

    /**
     * ClientAppend (wire version 8): the appends one step of a client sends one switch, addressed
     * to one life and dedup epoch of it; the switch queues each as if it came alone, in order.
     */
    record AppendRequests(List<AppendRequest> members) implements Merged {
        public AppendRequests {
            members = Merging.checked(members, "AppendRequests");
        }
    }

    /** LeaderCommit (wire version 8): the answers one step of a leader sends one client, of one view. */
    record AppendReplies(List<AppendReply> members) implements Merged {
        public AppendReplies {
            members = Merging.checked(members, "AppendReplies");
        }
    }

    /**
     * ServerSeal: the server promised {@code view} (durably) and reports its entries above the
     * coordinator's committed prefix, its highest index, its trim point and its fence (the specs'
     * {@code vs}: {@code fenceView} and {@code fenceStart} of the latest view change whose
     * {@link Fence} it applied; {@link View#NONE} and 1 if none). {@code incarnation} is the
     * coordinator's in the Seal it answers: with the view, the ballot (a restarted coordinator
     * may start its earlier life's view again, and must not count a reply to that life).
     */
    record ServerSealReply(View view, ServerId from, boolean accepted, View promised, long highestIndex,
                           long trimPoint, List<Entry> entries, View fenceView, long fenceStart,
                           long incarnation, List<IndexRange> unknown, long pageFrom, long nextFrom)
            implements Message {
        /** The {@link #pageFrom} of the first page: the answer to the Seal itself. */
        public static final long FIRST_PAGE = 0;
        /** The {@link #nextFrom} of a reply's last page. */
        public static final long LAST_PAGE = 0;

        /** A whole reply in one page (the first and the last). */
        public ServerSealReply(View view, ServerId from, boolean accepted, View promised, long highestIndex,
                               long trimPoint, List<Entry> entries, View fenceView, long fenceStart,
                               long incarnation, List<IndexRange> unknown) {
            this(view, from, accepted, promised, highestIndex, trimPoint, entries, fenceView, fenceStart,
                    incarnation, unknown, FIRST_PAGE, LAST_PAGE);
        }

        /** A reply of a server that applied no fence. */
        public ServerSealReply(View view, ServerId from, boolean accepted, View promised, long highestIndex,
                               long trimPoint, List<Entry> entries, long incarnation) {
            this(view, from, accepted, promised, highestIndex, trimPoint, entries, View.NONE, 1, incarnation, List.of());
        }

        /** A reply of a server that can vouch for every index (no disk damage). */
        public ServerSealReply(View view, ServerId from, boolean accepted, View promised, long highestIndex,
                               long trimPoint, List<Entry> entries, View fenceView, long fenceStart,
                               long incarnation) {
            this(view, from, accepted, promised, highestIndex, trimPoint, entries, fenceView, fenceStart,
                    incarnation, List.of());
        }

        /**
         * {@code unknown}: the indices above the coordinator's committed prefix this server cannot
         * vouch for (the specs' {@code Unk}: damaged or wiped, not held since), sorted and
         * disjoint; the last may be open ({@code last = Long.MAX_VALUE}, a wiped disk). A
         * coordinator counts such an index neither as held nor as empty.
         *
         * <p>Paged (issue 19, the specs' {@code ServerSealPage}): a reply carries at most
         * {@code Config.sealPageEntriesMax()} entries and {@code Config.sealPageBytesMax()} payload
         * bytes. {@code pageFrom} is {@link #FIRST_PAGE} for the answer to the Seal, else the
         * {@link SealPage#from()} it answers; {@code nextFrom} is the index to ask the next page
         * from, or {@link #LAST_PAGE}. Every page repeats the other fields (the promise fixed them:
         * the server accepts nothing of a lower view, nor of this one before the choice).
         */
        public ServerSealReply {
            entries = List.copyOf(entries);
            unknown = List.copyOf(unknown);
            if (pageFrom < 0 || nextFrom < 0) {
                throw new IllegalArgumentException("pageFrom " + pageFrom + " and nextFrom " + nextFrom
                        + " must be >= 0");
            }
        }

        /** True if this is the last page of the server's reply (the specs' {@code SealComplete}). */
        public boolean lastPage() {
            return nextFrom == LAST_PAGE;
        }

        /** True if this reply reports {@code index} unknown. */
        public boolean unknownAt(long index) {
            for (IndexRange r : unknown) {
                if (r.contains(index)) {
                    return true;
                }
            }
            return false;
        }

        /** Prints as before the unknown field existed when there is none (golden transcripts). */
        @Override
        public String toString() {
            return "ServerSealReply[view=" + view + ", from=" + from + ", accepted=" + accepted + ", promised=" + promised
                    + ", highestIndex=" + highestIndex + ", trimPoint=" + trimPoint + ", entries=" + entries
                    + ", fenceView=" + fenceView + ", fenceStart=" + fenceStart + ", incarnation=" + incarnation
                    + (unknown.isEmpty() ? "" : ", unknown=" + unknown) + "]";
        }
    }

    /**
     * ServerRewrite's fence (the specs' {@code vs}): the coordinator of {@code view} chose, and
     * its view starts at {@code start}. A server stores it (iff {@code view >= promisedView}, and
     * for the promised view only from the life that sealed it) and reports it in every later
     * ServerSealReply; a later coordinator ignores entries of views below {@code view} at indices
     * {@code >= start}: a switch left behind in an older view wrote them after the seal, and they
     * never committed. Sent to every server after ChooseEntries, even with nothing to rewrite;
     * the view is installed only once a majority of every replica set acknowledged it.
     */
    record Fence(View view, long start, SwitchId from, long incarnation, long rewriteFrom) implements Message {
        /** A Fence of a view change that rewrote nothing ({@code rewriteFrom = start}). */
        public Fence(View view, long start, SwitchId from, long incarnation) {
            this(view, start, from, incarnation, start);
        }
    }

    /**
     * ServerRelearn: a server that lost its state or found damage asks the other servers of its
     * replica set for their promise, fence and trim point, and every switch for the highest view
     * it knows of and its committed prefix. It acknowledges nothing until it has both others'
     * answers and every switch's (docs/design.md, "Damaged and wiped disks").
     */
    record RelearnQuery(long queryId, ServerId from) implements Message {
    }

    /**
     * A server's answer to a RelearnQuery: its current promise, fence and trim point.
     * {@code vouches=false}: it is damaged or relearning itself, and its answer does not count.
     */
    record RelearnServerReply(long queryId, ServerId from, boolean vouches, View promised, View fenceView,
                              long fenceStart, long trimPoint) implements Message {
    }

    /**
     * A switch's answer to a RelearnQuery: the highest view it knows of (the specs' SeenView:
     * promised, coordinated or heard) and the committed prefix it knows (what a repair may copy).
     */
    record RelearnSwitchReply(long queryId, SwitchId from, View seenView, long committedPrefix) implements Message {
    }

    /**
     * ServerRepair: a relearned server asks another server of its set for its entry at
     * {@code index}, which a switch reported committed while this server cannot vouch for it.
     */
    record RepairRead(long repairId, long index, ServerId from) implements Message {
    }

    /**
     * The answer to a RepairRead: {@code status} as for a read ({@code view}/{@code payload} set
     * only for OK). UNKNOWN: the answering server cannot vouch for the index either.
     */
    record RepairReply(long repairId, long index, ServerId from, ReadStatus status, View view, Payload payload)
            implements Message {
    }

    /** The server stored the fence of {@code view} (durably); {@code accepted=false}: it promised {@code promised}. */
    record FenceAck(View view, ServerId from, boolean accepted, View promised) implements Message {
    }

    /**
     * Trim's second round: a switch of {@code view} asks a server to trim below {@code prefix}.
     * A server promised to a later view refuses (like a write), so a trim that a majority of
     * every set applied is always seen by the next view change.
     */
    record ServerTrim(long trimId, long prefix, SwitchId from, View view) implements Message {
    }

    /**
     * The server trimmed (durably) below {@code prefix}; {@code accepted=false}: it promised
     * {@code promised}, a later view than the trim's.
     */
    record TrimAck(long trimId, long prefix, ServerId from, boolean accepted, View promised) implements Message {
    }
}
