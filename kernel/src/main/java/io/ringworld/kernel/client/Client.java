package io.ringworld.kernel.client;

import io.ringworld.kernel.internal.EffectBuffer;
import io.ringworld.kernel.Result;
import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.Config;
import io.ringworld.kernel.Effect;
import io.ringworld.kernel.Effects;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.invariant.Invariant;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.internal.LongMap;
import java.util.ArrayList;
import java.util.List;

/**
 * The client library role: append, read, getTail and trim, each with a request id and exactly
 * one outcome.
 *
 * <p><b>Inputs</b> ({@link ClientInput}): {@code Append} (several in one step: {@code Appends}),
 * {@code Read}, {@code GetTail}, {@code Trim} (start an operation: ClientAppend, ReadRequest,
 * GetTailStart, Trim), {@code Deliver(message)} (replies: AppendReply, AppendJunked, AppendStale, Busy, ReadRedirect,
 * ReadNotYet, ReadRetry, ReadTrimmed, ServerReadReply, GetTailReply, TrimReply; AppendReplies
 * unpacked) and {@code Tick}
 * (retries, time-outs). Only a switch's ReadTrimmed ends a read as Trimmed: a server's TRIMMED
 * sends the read to the next replica (the trim may not be done yet).
 *
 * <p><b>Effects</b>: {@code Send} (requests) and {@code Outcome} (an operation finished). An
 * append is sent once and never resent: without an answer by {@code clientAppendTimeoutTicks}
 * it is INDETERMINATE. Reads of uncommitted indices, getTails and trims are retried every
 * {@code clientRetryTicks}, moving to the next switch; a read of a committed index is served by
 * one server at the committed view (the next server on "not this view"), or by a majority taking
 * the highest view when the committed view is unknown.
 *
 * <p><b>Host order</b>: apply effects in list order; the list is reused by the next step.
 */
public final class Client implements io.ringworld.kernel.Node<ClientInput> {
    private static final int APPEND = 0;
    private static final int READ = 1;
    private static final int TAIL = 2;
    private static final int TRIM = 3;

    /** Read phases. */
    private static final int ASK_SWITCH = 0;
    private static final int ONE_SERVER = 1;
    private static final int MAJORITY = 2;

    private static final class Op {
        final long requestId;
        final int kind;
        final long deadline;
        long arg;
        Payload payload;
        int switchIndex;
        long nextRetryTick;
        /** Requests sent to switches so far (a trim's Busy is a definite failure only after the first). */
        int sends;
        // read state
        int phase = ASK_SWITCH;
        boolean sawNotYet;
        View committedView = View.NONE;
        List<ServerId> replicas = List.of();
        int serverCursor;
        int majorityReplies;
        View bestView = View.NONE;
        Payload bestPayload;
        // getTail: highest tail completed before this call began (TailMonotonic, locally)
        long tailFloor;
        // append: refused by a new life of its switch (AppendStale); the old life may have sequenced it
        String staleRefusal;
        /** append: the life of its switch it was addressed to. */
        long addressedIncarnation;

        Op(long requestId, int kind, long deadline) {
            this.requestId = requestId;
            this.kind = kind;
            this.deadline = deadline;
        }
    }

    private final ClientId id;
    private final Config config;
    private final EffectBuffer effects = new EffectBuffer();
    private final LongMap<Op> ops = new LongMap<>();
    /** Open ops in start order, so retries and time-outs are deterministic. */
    private final ArrayList<Op> order = new ArrayList<>();
    private long now;
    private long lastRequestId = Long.MIN_VALUE;
    private long maxTailCompleted;
    /** The life of each switch as last heard (AppendStale); all boot in life 0. */
    private final long[] switchIncarnations;
    /** Per switch: a reply of it named its life (else switchIncarnations holds the boot life, a guess). */
    private final boolean[] lifeHeard;
    /** The dedup epoch of each switch as last heard (AppendStale); 0 in every new life. */
    private final long[] switchDedupEpochs;
    private final SwitchId[] switchIds;
    private long badInputs;
    private String lastBadInput = "";

    public Client(ClientId id, Config config) {
        this.id = id;
        this.config = config;
        effects.mergeSendsUpTo(config.mergedMessageBytesMax());
        this.switchIncarnations = new long[config.switchCount()];
        this.lifeHeard = new boolean[config.switchCount()];
        this.switchDedupEpochs = new long[config.switchCount()];
        this.switchIds = config.allSwitches().toArray(new SwitchId[0]);
    }

    /** The one transition. The returned list is reused by the next step (see {@link Effects}). */
    @Override
    public Effects step(ClientInput input) {
        effects.clear();
        if (input instanceof ClientInput.Deliver d) {
            onMessage(d.message());
        } else if (input instanceof ClientInput.Tick) {
            onTick();
        } else if (input instanceof ClientInput.Append a) {
            onAppendStart(a);
        } else if (input instanceof ClientInput.Appends batch) {
            for (ClientInput.Append a : batch.appends()) {
                onAppendStart(a);
            }
        } else if (input instanceof ClientInput.Read r) {
            onReadStart(r);
        } else if (input instanceof ClientInput.GetTail g) {
            Op op = begin(g.requestId(), TAIL, config.clientGetTailTimeoutTicks(), g.via());
            if (op != null) {
                op.tailFloor = maxTailCompleted;
                sendToSwitch(op);
            }
        } else if (input instanceof ClientInput.Trim t) {
            Op op = begin(t.requestId(), TRIM, config.clientTrimTimeoutTicks(), t.via());
            if (op != null) {
                op.arg = t.prefix();
                sendToSwitch(op);
            }
        } else {
            badInput("unknown input " + input);
        }
        effects.placeMerged();
        return effects;
    }

    /** ClientAppend: sent once, never resent (see the class comment). */
    private void onAppendStart(ClientInput.Append a) {
        Op op = begin(a.requestId(), APPEND, config.clientAppendTimeoutTicks(), a.via());
        if (op != null) {
            op.payload = a.payload();
            int k = a.via().index();
            op.addressedIncarnation = switchIncarnations[k];
            effects.send(a.via(), new Message.AppendRequest(id, a.requestId(), a.payload(),
                    switchIncarnations[k], switchDedupEpochs[k]));
        }
    }

    /** Shorthand for {@code step(new ClientInput.Deliver(m))}. */
    /** Shorthand for {@code step(ClientInput.Tick.INSTANCE)}. */
    @Override
    public Effects tick() {
        return step(ClientInput.Tick.INSTANCE);
    }

    @Override
    public Effects deliver(Message m) {
        return step(new ClientInput.Deliver(m));
    }

    private Op begin(long requestId, int kind, int timeoutTicks, SwitchId via) {
        if (requestId <= lastRequestId || via == null || via.index() >= config.switchCount()) {
            badInput("request id " + requestId + " not increasing or bad switch " + via);
            effects.add(new Effect.Outcome(id, requestId, new Result.Failed(Result.FailureReason.INVALID,
                    "request id must increase per client and via must be a configured switch")));
            return null;
        }
        lastRequestId = requestId;
        Op op = new Op(requestId, kind, now + timeoutTicks);
        op.switchIndex = via.index();
        op.nextRetryTick = now + config.clientRetryTicks();
        ops.put(requestId, op);
        order.add(op);
        return op;
    }

    private void onReadStart(ClientInput.Read r) {
        if (r.index() < 1) {
            if (r.requestId() > lastRequestId) {
                lastRequestId = r.requestId();
            }
            effects.add(new Effect.Outcome(id, r.requestId(), new Result.Failed(Result.FailureReason.INVALID,
                    "read of index " + r.index() + ": indices start at 1")));
            return;
        }
        Op op = begin(r.requestId(), READ, config.clientReadTimeoutTicks(), r.via());
        if (op != null) {
            op.arg = r.index();
            sendToSwitch(op);
        }
    }

    private void sendToSwitch(Op op) {
        SwitchId to = switchIds[op.switchIndex];
        Message m = switch (op.kind) {
            case READ -> new Message.ReadRequest(id, op.requestId, op.arg);
            case TAIL -> new Message.GetTailRequest(id, op.requestId);
            case TRIM -> new Message.TrimRequest(id, op.requestId, op.arg);
            default -> throw new IllegalStateException("appends are never resent");
        };
        effects.send(to, m);
        op.sends++;
        op.nextRetryTick = now + config.clientRetryTicks();
    }

    private void onMessage(Message m) {
        if (m instanceof Message.AppendReplies replies) {
            for (Message.AppendReply r : replies.members()) {
                onMessage(r); // each as if it came alone
            }
        } else if (m instanceof Message.AppendReply r) {
            if (r.index() < 1) {
                // Found by the conformance replay's malformed copies: reported as Appended(0).
                badInput("append reply with index " + r.index());
                return;
            }
            finish(r.requestId(), APPEND, new Result.Appended(r.index()));
        } else if (m instanceof Message.AppendJunked r) {
            finish(r.requestId(), APPEND, new Result.Failed(Result.FailureReason.JUNK_FILLED,
                    "index " + r.index() + " was filled with junk before the append reached its leader"));
        } else if (m instanceof Message.AppendStale st) {
            onAppendStale(st);
        } else if (m instanceof Message.Busy b) {
            onBusy(b);
        } else if (m instanceof Message.GetTailReply r) {
            onTail(r);
        } else if (m instanceof Message.TrimReply r) {
            finish(r.requestId(), TRIM, new Result.TrimDone(r.prefix()));
        } else if (m instanceof Message.ReadRedirect r) {
            onRedirect(r);
        } else if (m instanceof Message.ReadNotYet r) {
            Op op = open(r.requestId(), READ);
            if (op != null && op.phase == ASK_SWITCH) {
                op.sawNotYet = true;
            }
        } else if (m instanceof Message.ReadTrimmed r) {
            Op op = open(r.requestId(), READ);
            if (op != null && r.index() == op.arg) {
                finish(op.requestId, READ, new Result.ReadTrimmed(op.arg));
            }
        } else if (m instanceof Message.ReadRetry r) {
            Op op = open(r.requestId(), READ);
            if (op != null && op.phase == ASK_SWITCH) {
                op.nextRetryTick = Math.min(op.nextRetryTick, now + config.clientRetryTicks());
            }
        } else if (m instanceof Message.ServerReadReply r) {
            onServerRead(r);
        } else {
            badInput("a client does not handle " + m.getClass().getSimpleName());
        }
    }

    private Op open(long requestId, int kind) {
        Op op = ops.get(requestId);
        return op != null && op.kind == kind ? op : null;
    }

    private void onBusy(Message.Busy b) {
        Op op = ops.get(b.requestId());
        if (op == null) {
            return;
        }
        if (op.kind == TRIM && op.sends > 1) {
            return; // an earlier attempt may have started the trim: only a timeout (INDETERMINATE) ends it
        }
        if (op.kind == APPEND || op.kind == TAIL || op.kind == TRIM) {
            finish(op.requestId, op.kind, new Result.Failed(Result.FailureReason.BUSY,
                    "switch" + op.switchIndex + " pending queue full"));
        }
        // A busy read simply retries on its timer.
    }

    private void onTail(Message.GetTailReply r) {
        Op op = open(r.requestId(), TAIL);
        if (op == null) {
            return;
        }
        if (r.from() != null && r.from().index() >= switchIncarnations.length) {
            badInput("a getTail reply from " + r.from() + ", which is not a switch of the cluster");
            return;
        }
        if (!(r.tail() >= op.tailFloor)) {
            throw Invariant.TailMonotonic.violation(id + " getTail #" + r.requestId()
                + " returned " + r.tail() + " after an earlier getTail returned " + op.tailFloor);
        }
        maxTailCompleted = Math.max(maxTailCompleted, r.tail());
        if (r.from() != null) {
            learnLife(r.from().index(), r.incarnation(), r.dedupEpoch());
        }
        finish(r.requestId(), TAIL, new Result.Tail(r.tail()));
    }

    private void onRedirect(Message.ReadRedirect r) {
        Op op = open(r.requestId(), READ);
        if (op == null || op.phase != ASK_SWITCH || r.index() != op.arg || r.replicas().isEmpty()) {
            return;
        }
        op.replicas = r.replicas();
        op.committedView = r.committedView();
        op.serverCursor = 0;
        if (op.committedView.equals(View.NONE)) {
            startMajorityRead(op);
        } else {
            op.phase = ONE_SERVER;
            effects.send(op.replicas.get(0), new Message.ServerRead(id, op.requestId, op.arg, op.committedView));
            op.nextRetryTick = now + config.clientRetryTicks();
        }
    }

    private void startMajorityRead(Op op) {
        op.phase = MAJORITY;
        op.majorityReplies = 0;
        op.bestView = View.NONE;
        op.bestPayload = null;
        for (ServerId s : op.replicas) {
            effects.send(s, new Message.ServerRead(id, op.requestId, op.arg, View.NONE));
        }
        op.nextRetryTick = now + config.clientRetryTicks();
    }

    /** ReadReply: one server at the committed view, or a majority taking the highest view. */
    private void onServerRead(Message.ServerReadReply r) {
        Op op = open(r.requestId(), READ);
        if (op == null || r.index() != op.arg) {
            return;
        }
        if (!op.replicas.contains(r.from())) {
            // Found by the conformance replay's malformed copies: a reply "from" server 7 of
            // set 0 set bit 7 of the majority mask and counted toward the majority.
            badInput("read reply for index " + r.index() + " from " + r.from() + ", not one of its replicas");
            return;
        }
        // A server's TRIMMED is not final: its trim may not be done, and another replica may still
        // serve the payload to a read redirected before the trim; only a switch declares Trimmed.
        if (op.phase == ONE_SERVER) {
            if (r.status() == Message.ReadStatus.OK && op.committedView.equals(r.view())) {
                finish(op.requestId, READ, new Result.ReadValue(op.arg, r.payload()));
            } else if (op.serverCursor < op.replicas.size() && r.from().equals(op.replicas.get(op.serverCursor))) {
                op.serverCursor++;
                if (op.serverCursor < op.replicas.size()) {
                    effects.send(op.replicas.get(op.serverCursor),
                            new Message.ServerRead(id, op.requestId, op.arg, op.committedView));
                    op.nextRetryTick = now + config.clientRetryTicks();
                } else {
                    startMajorityRead(op);
                }
            }
        } else if (op.phase == MAJORITY) {
            onMajorityReply(op, r);
        }
    }

    private void onMajorityReply(Op op, Message.ServerReadReply r) {
        if (r.status() == Message.ReadStatus.UNKNOWN) {
            return; // a damaged server vouches for nothing: no member of the majority (HighestOfMajority)
        }
        int bit = 1 << r.from().member();
        if ((op.majorityReplies & bit) != 0) {
            return;
        }
        op.majorityReplies |= bit;
        if (r.status() == Message.ReadStatus.OK && (op.bestPayload == null || r.view().isAfter(op.bestView))) {
            op.bestView = r.view();
            op.bestPayload = r.payload();
        }
        if (Integer.bitCount(op.majorityReplies) >= config.majority()) {
            if (op.bestPayload != null) {
                finish(op.requestId, READ, new Result.ReadValue(op.arg, op.bestPayload));
            } else {
                // A committed index missing from a majority: only after a trim race; ask again.
                op.phase = ASK_SWITCH;
                op.nextRetryTick = now + config.clientRetryTicks();
            }
        }
    }

    private void onTick() {
        now++;
        for (int k = 0; k < order.size(); k++) {
            Op op = order.get(k);
            if (now >= op.deadline) {
                timeOut(op);
                k--;
            } else if (op.kind != APPEND && now >= op.nextRetryTick) {
                retry(op);
            }
        }
    }

    private void timeOut(Op op) {
        Result result;
        if (op.kind == READ && op.sawNotYet) {
            result = new Result.ReadNotYet(op.arg);
        } else {
            String what = switch (op.kind) {
                case APPEND -> "append";
                case READ -> "read";
                case TAIL -> "getTail";
                default -> "trim";
            };
            result = new Result.Indeterminate(op.staleRefusal != null ? op.staleRefusal
                    : what + " timed out (deadline tick " + op.deadline + ")");
        }
        finish(op.requestId, op.kind, result);
    }

    private void retry(Op op) {
        if (op.kind == READ && op.phase == ONE_SERVER) {
            // The server did not answer: try the next one, then a majority.
            op.serverCursor++;
            if (op.serverCursor < op.replicas.size()) {
                effects.send(op.replicas.get(op.serverCursor),
                        new Message.ServerRead(id, op.requestId, op.arg, op.committedView));
                op.nextRetryTick = now + config.clientRetryTicks();
            } else {
                startMajorityRead(op);
            }
            return;
        }
        if (op.kind == READ && op.phase == MAJORITY) {
            op.phase = ASK_SWITCH;
        }
        op.switchIndex = (op.switchIndex + 1) % config.switchCount();
        sendToSwitch(op);
    }

    private void finish(long requestId, int kind, Result result) {
        Op op = ops.get(requestId);
        if (op == null || op.kind != kind) {
            return;
        }
        ops.remove(requestId);
        order.remove(op);
        effects.add(new Effect.Outcome(id, requestId, result));
    }

    private void badInput(String what) {
        badInputs++;
        lastBadInput = what;
    }

    /**
     * The switch cannot vouch the append is no duplicate: an earlier life or dedup epoch of it
     * may have sequenced it, so the append stays open (an AppendReply may still come) and times
     * out INDETERMINATE; later appends address the life and epoch the refusal names. Only a
     * refusal of an open append moves the addressing: a refusal of a long-finished one is the
     * answer to a late network duplicate, and may come from a life older than the one known.
     */
    private void onAppendStale(Message.AppendStale st) {
        Op op = open(st.requestId(), APPEND);
        int k = st.from().index();
        if (op == null || k >= switchIncarnations.length) {
            return;
        }
        boolean newLife = op.addressedIncarnation != st.incarnation();
        switchIncarnations[k] = st.incarnation();
        lifeHeard[k] = true;
        switchDedupEpochs[k] = st.dedupEpoch();
        op.staleRefusal = newLife
                ? "append refused by a new life of " + st.from() + " (incarnation " + st.incarnation()
                        + "); the life it was addressed to may have sequenced it"
                : "append refused by " + st.from() + " in dedup epoch " + st.dedupEpoch() + ": it forgot the ids"
                        + " of an earlier epoch or finds this one older than the client's window, and may have"
                        + " sequenced it before";
    }

    /**
     * A getTail reply named switch {@code k}'s life and dedup epoch: appends not sent yet are
     * addressed to them if they are newer than what the client knows (lives and epochs only grow;
     * an older pair is a late reply of a life the client already left).
     */
    private void learnLife(int k, long incarnation, long dedupEpoch) {
        if (k < 0 || k >= switchIncarnations.length) {
            return;
        }
        lifeHeard[k] = true;
        if (incarnation > switchIncarnations[k]
                || (incarnation == switchIncarnations[k] && dedupEpoch > switchDedupEpochs[k])) {
            switchIncarnations[k] = incarnation;
            switchDedupEpochs[k] = dedupEpoch;
        }
    }

    @Override
    public ClientId id() {
        return id;
    }

    /** A snapshot of this client's state for hosts, tests and operators: a value, not a view. */
    public ClientStatus status() {
        java.util.List<Long> lives = new java.util.ArrayList<>(switchIncarnations.length);
        for (int k = 0; k < switchIncarnations.length; k++) {
            lives.add(lifeHeard[k] ? switchIncarnations[k] : -1L);
        }
        return new ClientStatus(id, ops.size(), now, badInputs, lastBadInput, lives);
    }
}
