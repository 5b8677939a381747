package io.ringworld.client;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.Config;
import io.ringworld.kernel.Effect;
import io.ringworld.kernel.Effects;
import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.Result;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.client.Client;
import io.ringworld.kernel.client.ClientInput;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.wire.Keyring;
import io.ringworld.kernel.wire.SealedPayload;
import io.ringworld.kernel.wire.WireDecoder;
import io.ringworld.kernel.wire.WireKey;
import io.ringworld.kernel.wire.WireLimits;
import io.ringworld.net.ClusterFile;
import io.ringworld.net.ClusterFileException;
import io.ringworld.net.Loop;
import io.ringworld.net.Transport;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/**
 * A RingWorld cluster from an application: appends, reads, getTail and trims, each a
 * {@link CompletableFuture}, with blocking forms. It hosts the kernel's client role (there is no
 * second client protocol) on one Netty event loop of its own, which also runs its clock.
 *
 * <p>Outcomes: an append completes with its index, or with {@link IndeterminateException} when
 * its fate is unknown (a timeout: it may yet be in the log; never retried behind your back, since
 * a retry could append it twice), or with {@link RingWorldException} when it definitely failed.
 * Payloads are sealed with this client's key, so servers and readers can check who wrote them.
 *
 * <p>Request ids start at the wall clock's microseconds at {@link #connect} and grow by one per
 * operation, so a client index restarted later never reuses a request id the switches may still
 * remember (they deduplicate by client and request id). Thread-safe: every call hands its work to
 * the client's loop.
 */
public final class RingWorldClient implements AutoCloseable {
    private final ClientId id;
    private final WireKey key;
    private final Loop loop;
    private final Transport transport;
    private final Client kernel;
    private final int switchCount;
    private final Map<Long, CompletableFuture<Result>> pending = new HashMap<>();
    private final ScheduledFuture<?> ticker;
    private final ScheduledFuture<?> dialer;
    /** Every switch and server: the client keeps a connection to each (see {@link #introduce}). */
    private final java.util.List<NodeId> members;
    /** How often a switch without a connection is dialled again. */
    private static final long DIAL_MILLIS = 500;
    private long nextRequestId;
    private int preferredSwitch;
    private long busyRetries;
    /** Switches whose introduction was answered (their life is known); on the loop. */
    private final java.util.Set<Integer> introduced = new java.util.HashSet<>();
    /** Switches whose introduction is under way (loop only). */
    private final java.util.Set<Integer> introducing = new java.util.HashSet<>();

    private RingWorldClient(ClusterFile cluster, ClusterFile.ClientEntry me) throws ClusterFileException {
        this.id = new ClientId(me.index());
        this.key = ClusterFile.readKey(me.keyFile());
        Config config = cluster.kernelConfig();
        this.switchCount = config.switchCount();
        this.kernel = new Client(id, config);
        io.ringworld.net.TransportTls tls = io.ringworld.net.TransportTls.forClient(cluster); // before the loop: it may throw
        this.loop = Loop.start("ringworld-client-" + me.name());
        this.transport = new Transport(id, loop, Keyring.forClient(me.index(), key), WireLimits.DEFAULT,
                WireDecoder.PayloadCheck.NONE, cluster::addressOf, new Transport.Inbound() {
                    @Override
                    public void onMessage(NodeId sender, Message message) {
                        apply(kernel.deliver(message));
                    }

                    @Override
                    public void onConnected(NodeId peer) {
                        if (peer instanceof SwitchId sw) {
                            introduce(sw);
                        }
                    }
                }, tls);
        this.nextRequestId = System.currentTimeMillis() * 1000;
        this.preferredSwitch = (int) (Math.abs(nextRequestId / 1000) % switchCount);
        this.ticker = loop.eventLoop().scheduleAtFixedRate(() -> {
            apply(kernel.tick());
            transport.flush();
        }, cluster.tickMillis(), cluster.tickMillis(), TimeUnit.MILLISECONDS);
        this.members = cluster.members().stream().map(ClusterFile.Member::id).toList();
        this.dialer = loop.eventLoop().scheduleWithFixedDelay(this::dialAndIntroduce, 0, DIAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * A client of the cluster of {@code clusterFile}, as its client entry {@code clientName}. It
     * dials every switch and server and returns once all are connected, or after 5 s (operations
     * then go through the nodes that are up; the others are dialled again every half second).
     */
    public static RingWorldClient connect(java.nio.file.Path clusterFile, String clientName) throws ClusterFileException {
        return connect(ClusterFile.read(clusterFile), clientName);
    }

    /** A client of {@code cluster}, as its client entry {@code clientName} (see {@link #connect(java.nio.file.Path, String)}). */
    public static RingWorldClient connect(ClusterFile cluster, String clientName) throws ClusterFileException {
        RingWorldClient c = new RingWorldClient(cluster, cluster.client(clientName));
        try {
            c.awaitConnected(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return c;
    }

    /** Appends {@code data}; completes with its index. */
    public CompletableFuture<Long> append(byte[] data) {
        Payload sealed = SealedPayload.seal(key, id.index(), data);
        CompletableFuture<Result> f = new CompletableFuture<>();
        long deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(INTRODUCTION_WAIT_MILLIS);
        loop.eventLoop().execute(() -> whenALifeIsKnown(() -> attempt(rid -> new ClientInput.Append(rid, sealed, via()), f, 0),
                f, deadlineNanos));
        return f.thenCompose(RingWorldClient::checked).thenApply(r -> ((Result.Appended) r).index());
    }

    /** How long an append waits for a switch whose life this client knows before it fails, unsent. */
    static final long INTRODUCTION_WAIT_MILLIS = 10_000;

    /**
     * Loop only: runs {@code send} once a connected switch's life is known (an answer of it named
     * it). An append addressed to a life the client only guesses (the boot life) is refused by a
     * switch in a later life, and its outcome is then unknown (that life may have sequenced it):
     * after every switch restarted, the introductions are answered only once a view is installed
     * again. Until then the append waits here, unsent; after {@link #INTRODUCTION_WAIT_MILLIS} it
     * fails, definitely not appended.
     */
    private void whenALifeIsKnown(Runnable send, CompletableFuture<Result> f, long deadlineNanos) {
        for (int k = 0; k < switchCount; k++) {
            if (introduced.contains(k) && transport.connected(new SwitchId(k))) {
                send.run();
                return;
            }
        }
        if (System.nanoTime() - deadlineNanos >= 0) {
            f.completeExceptionally(new RingWorldException("no switch answered this client's introduction within "
                    + INTRODUCTION_WAIT_MILLIS + " ms (connected to none, or none serves yet): the append was not sent"));
            return;
        }
        loop.eventLoop().schedule(() -> whenALifeIsKnown(send, f, deadlineNanos), 5, TimeUnit.MILLISECONDS);
    }

    /** Reads index {@code index} (1-based). */
    public CompletableFuture<ReadResult> read(long index) {
        return submit(rid -> new ClientInput.Read(rid, index, via())).thenApply(RingWorldClient::readResult);
    }

    /** The tail: every index up to it is committed (or junk); 0 for an empty log. */
    public CompletableFuture<Long> getTail() {
        return submit(rid -> new ClientInput.GetTail(rid, via())).thenApply(r -> ((Result.Tail) r).tail());
    }

    /** Trims every index below {@code prefix}. */
    public CompletableFuture<Long> trim(long prefix) {
        return submit(rid -> new ClientInput.Trim(rid, prefix, via())).thenApply(r -> ((Result.TrimDone) r).prefix());
    }

    /**
     * Delivers the log from {@code fromIndex} on, in index order, as {@code subscriber} requests
     * it: committed entries (junk skipped) and trimmed ranges ({@link LogEvent}); at the tail it
     * waits for more (getTail every {@code pollMillis}). Nothing is read ahead of the demand. The
     * subscriber's methods run on this client's loop: hand slow work to a thread of your own.
     */
    public void subscribe(long fromIndex, java.util.concurrent.Flow.Subscriber<? super LogEvent> subscriber, long pollMillis) {
        subscriber.onSubscribe(new TailSubscription(this, fromIndex, subscriber, loop.eventLoop(), pollMillis));
    }

    /** {@link #subscribe(long, java.util.concurrent.Flow.Subscriber, long)}, polling the tail every 10 ms. */
    public void subscribe(long fromIndex, java.util.concurrent.Flow.Subscriber<? super LogEvent> subscriber) {
        subscribe(fromIndex, subscriber, 10);
    }

    public long appendBlocking(byte[] data) throws RingWorldException {
        return join(append(data));
    }

    public ReadResult readBlocking(long index) throws RingWorldException {
        return join(read(index));
    }

    public long getTailBlocking() throws RingWorldException {
        return join(getTail());
    }

    private static <T> T join(CompletableFuture<T> f) throws RingWorldException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RingWorldException("interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RingWorldException r) {
                throw r;
            }
            throw new RingWorldException(String.valueOf(e.getCause()));
        }
    }

    /**
     * A new connection to switch {@code sw} is announced with a getTail through it: a switch
     * answers a client on a connection that client opened, and an append is answered by its
     * index's leader, which need not be the switch it was sent to. The answer names the switch's
     * life, which the kernel client then addresses appends to: a switch that restarted since the
     * cluster booted would refuse an append addressed to its boot life, and that append would end
     * INDETERMINATE. The introduction counts only once the kernel client heard this switch's own
     * life: a getTail the switch does not answer in time is retried through the next switch, whose
     * answer names that switch's life, not this one's.
     */
    private void introduce(SwitchId sw) {
        long rid = ++nextRequestId;
        CompletableFuture<Result> answered = new CompletableFuture<>();
        pending.put(rid, answered);
        introducing.add(sw.index());
        answered.whenComplete((r, e) -> { // completed on the loop, like every outcome
            introducing.remove(sw.index());
            for (int k = 0; k < switchCount; k++) {
                if (kernel.status().switchLives().get(k) >= 0) {
                    introduced.add(k); // any switch whose life an answer named
                }
            }
        });
        stepHeldAppends(); // before a later request id
        apply(kernel.step(new ClientInput.GetTail(rid, sw)));
        transport.flush();
    }

    /**
     * Every DIAL_MILLIS on the loop: dial whoever is not connected, and introduce this client again
     * to every connected switch whose life it has not heard (a switch that was not serving yet
     * answered nothing, or the getTail was answered by another switch).
     */
    private void dialAndIntroduce() {
        members.forEach(transport::connect);
        for (NodeId m : members) {
            if (m instanceof SwitchId sw && transport.connected(sw) && !introduced.contains(sw.index())
                    && !introducing.contains(sw.index())) {
                introduce(sw);
            }
        }
    }

    /** The switch for the next operation (on the loop): the preferred one if connected, else any connected one. */
    private SwitchId via() {
        for (int k = 0; k < switchCount; k++) { // first a switch whose life this client knows
            SwitchId sw = new SwitchId((preferredSwitch + k) % switchCount);
            if (introduced.contains(sw.index()) && transport.connected(sw)) {
                preferredSwitch = sw.index();
                return sw;
            }
        }
        for (int k = 0; k < switchCount; k++) {
            SwitchId sw = new SwitchId((preferredSwitch + k) % switchCount);
            if (transport.connected(sw)) {
                preferredSwitch = sw.index();
                return sw;
            }
        }
        return new SwitchId(preferredSwitch);
    }

    /**
     * Waits up to {@code timeoutMillis} until this client is connected to every switch and server
     * (answers come from the node that has them, over a connection this client opened) and every
     * switch answered its introduction (so the client knows each switch's life); true if so, false
     * if the time ran out (operations then go to the nodes that are connected).
     */
    public boolean awaitConnected(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < deadline) {
            boolean all;
            try {
                all = loop.eventLoop().submit(() -> members.stream().allMatch(transport::connected)
                        && introduced.size() == switchCount).get();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
            if (all) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    /** How many times an operation a switch answered Busy is sent again (each a new request). */
    static final int BUSY_RETRIES_MAX = 8;
    /** The first back-off after a Busy; it doubles per retry up to {@link #BUSY_BACKOFF_MILLIS_MAX}. */
    static final long BUSY_BACKOFF_MILLIS_FIRST = 5;
    static final long BUSY_BACKOFF_MILLIS_MAX = 500;

    /**
     * Runs on the loop: the next request id, the kernel's op, a future completed by its Outcome.
     * A Busy (the switch's queue was full; the request was never sequenced, so sending it again
     * cannot append twice) is retried as a new request after a bounded exponential back-off (5 ms
     * doubling to 500 ms, at most 8 times: about 1.1 s in all), through the next switch; then the
     * operation fails with BUSY.
     */
    private CompletableFuture<Result> submit(LongFunction<ClientInput> op) {
        CompletableFuture<Result> f = new CompletableFuture<>();
        loop.eventLoop().execute(() -> attempt(op, f, 0));
        return f.thenCompose(RingWorldClient::checked);
    }

    private void attempt(LongFunction<ClientInput> op, CompletableFuture<Result> f, int retries) {
        long rid = ++nextRequestId;
        CompletableFuture<Result> once = new CompletableFuture<>();
        pending.put(rid, once);
        once.thenAccept(r -> { // completed on the loop
            if (busy(r) && retries < BUSY_RETRIES_MAX) {
                busyRetries++;
                long backoff = Math.min(BUSY_BACKOFF_MILLIS_MAX, BUSY_BACKOFF_MILLIS_FIRST << retries);
                loop.eventLoop().schedule(() -> attempt(op, f, retries + 1), backoff, TimeUnit.MILLISECONDS);
            } else {
                f.complete(r);
            }
        });
        ClientInput input = op.apply(rid);
        if (input instanceof ClientInput.Append a) {
            heldAppends.add(a);
            if (!appendStepQueued) {
                appendStepQueued = true;
                loop.eventLoop().execute(appendStepTask);
            }
        } else {
            stepHeldAppends(); // the kernel takes request ids in increasing order
            apply(kernel.step(input));
        }
        flushSoon();
    }

    /**
     * Loop only: appends taken and not yet given to the kernel. The appends a burst submits (a
     * pipelined window) are given to it in one step after the tasks already queued on the loop,
     * so those to one switch leave as one merged request (wire version 8; a Kafka producer's
     * batch with no linger): nothing waits for more to come.
     */
    private final java.util.ArrayList<ClientInput.Append> heldAppends = new java.util.ArrayList<>();
    private boolean appendStepQueued;
    private final Runnable appendStepTask = () -> {
        stepHeldAppends();
        flushSoon();
    };

    private void stepHeldAppends() {
        appendStepQueued = false;
        if (heldAppends.isEmpty()) {
            return;
        }
        ClientInput input = heldAppends.size() == 1 ? heldAppends.get(0) : new ClientInput.Appends(heldAppends);
        heldAppends.clear(); // Appends holds a copy
        apply(kernel.step(input));
    }

    /**
     * Flushes after the tasks already queued on the loop: operations submitted in a burst (a
     * pipelined window) leave in one write burst instead of a flush each.
     */
    private void flushSoon() {
        if (!flushQueued) {
            flushQueued = true;
            loop.eventLoop().execute(flushTask);
        }
    }

    /** Loop only: a {@link #flushTask} is queued and has not run. */
    private boolean flushQueued;
    private final Runnable flushTask = this::flushNow;

    private void flushNow() {
        flushQueued = false;
        transport.flush();
    }

    private static boolean busy(Result r) {
        return r instanceof Result.Failed fl && fl.reason() == Result.FailureReason.BUSY;
    }

    /** Operations sent again after a Busy, in this client's life (for tests and metrics). */
    public long busyRetries() {
        try {
            return loop.eventLoop().submit(() -> busyRetries).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CompletableFuture<Result> checked(Result r) {
        if (r instanceof Result.Indeterminate i) {
            return CompletableFuture.failedFuture(new IndeterminateException(i.reason()));
        }
        if (r instanceof Result.Failed fl) {
            return CompletableFuture.failedFuture(new RingWorldException(fl.reason() + ": " + fl.detail()));
        }
        return CompletableFuture.completedFuture(r);
    }

    private static ReadResult readResult(Result r) {
        if (r instanceof Result.ReadValue v) {
            if (v.payload().isJunk()) {
                return new ReadResult.Junk(v.index());
            }
            return new ReadResult.Value(v.index(), SealedPayload.writer(v.payload()), SealedPayload.application(v.payload()));
        }
        if (r instanceof Result.ReadTrimmed t) {
            return new ReadResult.Trimmed(t.index());
        }
        return new ReadResult.NotYet(((Result.ReadNotYet) r).index());
    }

    private void apply(Effects effects) {
        for (Effect e : effects) {
            if (e instanceof Effect.Send s) {
                transport.send(s.to(), s.message());
            } else if (e instanceof Effect.Outcome o) {
                CompletableFuture<Result> f = pending.remove(o.requestId());
                if (o.result().status() != Result.Status.OK) {
                    preferredSwitch = (preferredSwitch + 1) % switchCount; // fail over for the next ones
                }
                if (f != null) {
                    f.complete(o.result());
                }
            }
        }
    }

    /** Operations in flight. */
    public int pendingCount() {
        try {
            return loop.eventLoop().submit(pending::size).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fails what is in flight as indeterminate, closes the connections and stops the loop. */
    @Override
    public void close() {
        loop.eventLoop().submit(() -> {
            ticker.cancel(false);
            dialer.cancel(false);
            pending.values().forEach(f -> f.complete(new Result.Indeterminate("client closed")));
            pending.clear();
            transport.close();
        }).syncUninterruptibly();
        loop.close();
    }
}
