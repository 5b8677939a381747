package io.ringworld.node;

import io.ringworld.kernel.Config;
import io.ringworld.kernel.Effect;
import io.ringworld.kernel.Effects;
import io.ringworld.kernel.Node;
import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.server.LogServer;
import io.ringworld.kernel.server.ServerInput;
import io.ringworld.kernel.sw.Switch;
import io.ringworld.kernel.sw.SwitchInput;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.wire.Keyring;
import io.ringworld.kernel.wire.WireDecoder;
import io.ringworld.kernel.wire.WireKey;
import io.ringworld.kernel.wire.WireLimits;
import io.ringworld.net.ClusterFile;
import io.ringworld.net.ClusterFileException;
import io.ringworld.net.Loop;
import io.ringworld.net.Transport;
import io.ringworld.storage.GroupCommitter;
import io.ringworld.storage.LogStore;
import io.ringworld.storage.StorageException;
import io.ringworld.storage.StoreOptions;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One kernel role (a switch or a log server) in this process, hosted by Netty: every step runs on
 * the one event loop thread ({@link Loop}); ticks come from that loop's timer; a step's effects
 * are applied in order; a server's Persist goes to its disk through the group committer, and the
 * kernel itself holds back the replies that depend on it until the host steps it with
 * PersistDone, which happens only after the fsync that covers it.
 */
public final class NodeHost implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeHost.class);
    /** The UNSAFE benchmark mode's switch (a JVM option of the node process; never in a cluster file). */
    public static final String PAGE_CACHE_ACKS_PROPERTY = "ringworld.unsafe.pageCacheAcks";
    private static final boolean PAGE_CACHE_ACKS = Boolean.getBoolean(PAGE_CACHE_ACKS_PROPERTY);

    private final ClusterFile cluster;
    private final ClusterFile.Member me;
    private final Loop loop;
    private final Transport transport;
    /** A log server's held-writes layer in test mode, else null: a test fault tears a write through it. */
    private io.ringworld.storage.HeldWritesFileLayer heldWrites;
    private final Node<?> node;
    /** The switch's P4 data plane with {@code node} as its agent's kernel ({@code --dataplane p4}), else null. */
    private final io.ringworld.p4.agent.P4Switch p4;
    private final LogStore store;
    private final GroupCommitter committer;
    private ScheduledFuture<?> ticker;
    private final java.util.concurrent.atomic.AtomicLong steps = new java.util.concurrent.atomic.AtomicLong();
    private NodeMetrics metrics;
    private final KernelWatch watch;
    /** A switch's pacing of idle token passes (null on a server). */
    private final TokenPacer pacer;
    /** The hold of an idle token pass, microseconds (a JVM option of the node; 0: no hold). */
    public static final String TOKEN_IDLE_HOLD_PROPERTY = "ringworld.tokenIdleHoldMicros";
    static final long TOKEN_IDLE_HOLD_MICROS_DEFAULT = 1000;
    /** Message types this node loses instead of sending: a test fault, empty unless TestControl sets it. */
    private volatile java.util.Set<Class<?>> dropped = java.util.Set.of();
    /** The highest persist the committer reported durable (its thread writes, the loop reads). */
    private final java.util.concurrent.atomic.AtomicLong durableUpTo = new java.util.concurrent.atomic.AtomicLong();
    /** Whether a {@link #stepDurable} task is queued on the loop and has not started. */
    private final java.util.concurrent.atomic.AtomicBoolean durableStepQueued = new java.util.concurrent.atomic.AtomicBoolean();
    /** The highest persist the server was stepped with (loop only). */
    private long durableStepped;

    private NodeHost(ClusterFile cluster, ClusterFile.Member me, Loop loop, Node<?> node, LogStore store,
            io.ringworld.net.TransportTls tls, Map<String, java.net.InetSocketAddress> peerAddresses, boolean onP4)
            throws ClusterFileException {
        this.cluster = cluster;
        this.me = me;
        this.loop = loop;
        this.node = node;
        this.p4 = onP4 ? onP4((Switch) node, cluster) : null;
        this.store = store;
        this.watch = new KernelWatch(me.name(), node);
        this.pacer = node instanceof Switch
                ? new TokenPacer(TimeUnit.MICROSECONDS.toNanos(Long.getLong(TOKEN_IDLE_HOLD_PROPERTY, TOKEN_IDLE_HOLD_MICROS_DEFAULT)))
                : null;
        // Log servers check every payload's end-to-end tag; switches those of their clients' appends.
        this.transport = new Transport(me.id(), loop, keyring(cluster), WireLimits.DEFAULT,
                node instanceof Switch ? WireDecoder.PayloadCheck.FROM_CLIENTS : WireDecoder.PayloadCheck.ALL,
                peerAddresses.isEmpty() ? cluster::addressOf : id -> peerAddress(cluster, peerAddresses, id), new Transport.Inbound() {
                    @Override
                    public void onMessage(NodeId sender, io.ringworld.kernel.message.Message message) {
                        try {
                            apply(p4 != null ? p4.deliver(sender, message) : node.deliver(message));
                        } catch (io.ringworld.kernel.invariant.InvariantViolation v) {
                            violated(v);
                        } catch (io.ringworld.p4.agent.DataPlaneDivergence d) {
                            diverged(d);
                        }
                    }
                }, tls);
        this.committer = store == null ? null : new GroupCommitter(store, new GroupCommitter.Listener() {
            @Override
            public void onDurable(long persistId) {
                // One step for a whole group commit: PersistDone(id) covers every persist up to id,
                // so the replies a round releases leave together (one frame burst, one flush)
                // instead of one loop task, step and flush per persist.
                durableUpTo.set(persistId);
                if (durableStepQueued.compareAndSet(false, true)) {
                    loop.eventLoop().execute(NodeHost.this::stepDurable);
                }
            }

            @Override
            public void onRefused(StorageException e) {
                log.error("{}: disk refused a write ({}): its acknowledgements wait", me.name(), e.getMessage());
            }
        }, 100, PAGE_CACHE_ACKS);
        if (PAGE_CACHE_ACKS && store != null) {
            log.warn("{}: PAGE-CACHE ACKS: writes are acknowledged BEFORE their fsync (-D{}=true, benchmarks only):"
                    + " a machine crash can lose acknowledged entries", me.name(), PAGE_CACHE_ACKS_PROPERTY);
        }
    }

    /**
     * Starts member {@code name} of {@code cluster}: opens its disk (a server) or takes its next
     * incarnation (a switch), listens at its address, starts its clock.
     */
    public static NodeHost start(ClusterFile cluster, String name) throws Exception {
        return start(cluster, name, TestMode.NONE);
    }

    /** {@link #start(ClusterFile, String)} in a fault campaign's {@link TestMode}. */
    public static NodeHost start(ClusterFile cluster, String name, TestMode test) throws Exception {
        return start(cluster, name, test, false);
    }

    /**
     * {@link #start(ClusterFile, String, TestMode)}; with {@code onP4} a switch runs ringworld.p4
     * on the p4 module's interpreter as its data plane, its kernel as the agent (issue 23): every
     * frame goes through the pipeline, and a difference between the two stops the node.
     */
    public static NodeHost start(ClusterFile cluster, String name, TestMode test, boolean onP4) throws Exception {
        ClusterFile.Member me = cluster.member(name);
        io.ringworld.kernel.testhooks.TestHooks hooks = io.ringworld.kernel.testhooks.TestHooks.planting(test.plantedBug());
        if (test.any()) {
            log.warn("{}: TEST MODE, never for a real log: planted bug {}, unforced writes held in memory: {},"
                    + " peers dialled elsewhere: {}, PLANTED STORAGE BUG ack before force: {}, segment bytes {}", name,
                    test.plantedBug(), test.heldWrites(), test.peerAddresses(), test.ackBeforeForce(), test.segmentBytes());
        }
        for (String peer : test.peerAddresses().keySet()) {
            cluster.member(peer); // an unknown name is refused (ClusterFileException), not silently unused
        }
        Config config = cluster.kernelConfig();
        io.ringworld.net.TransportTls tls = io.ringworld.net.TransportTls.forMember(cluster); // a bad TLS file fails before anything starts
        Loop loop = Loop.start("ringworld-" + name);
        log.info("{}: {} ({}:{}) starting on the {}; cluster {}, {} switches, {} replica sets, tick {} ms", name, me.id(),
                me.address().getHostString(), me.address().getPort(), loop.describe(), cluster.clusterId(), config.switchCount(), config.replicaSetCount(),
                cluster.tickMillis());
        Node<?> node;
        LogStore store = null;
        io.ringworld.storage.HeldWritesFileLayer held = null;
        try {
            if (me.id() instanceof SwitchId sw) {
                long incarnation = Incarnations.takeNext(me.dataDir(), cluster.clusterId());
                // On P4, the kernel sends one message a frame: its agent compares them with the data plane's.
                Config own = onP4 ? p4KernelConfig(cluster) : config;
                node = incarnation == 0 ? Switch.booting(sw, own, hooks) : Switch.restarted(sw, own, incarnation, hooks);
                log.info("{}: switch life {} ({})", name, incarnation, incarnation == 0 ? "boots view 0" : "a restart: rejoins by a view change");
            } else {
                StoreOptions options = StoreOptions.of(cluster.clusterId());
                if (test.segmentBytes() != 0) {
                    options = options.withSegmentBytes(test.segmentBytes());
                }
                io.ringworld.storage.FileLayer files = io.ringworld.storage.NioFileLayer.INSTANCE;
                if (test.heldWrites()) {
                    held = new io.ringworld.storage.HeldWritesFileLayer(files);
                    files = held;
                }
                if (test.ackBeforeForce()) { // above the held writes: a skipped force leaves them held
                    files = new LateForceFileLayer(files);
                }
                options = options.withFiles(files);
                store = LogStore.openExisting(me.dataDir(), options);
                log.info("{}: store {}: {}", name, me.dataDir(), store.recoveryReport());
                node = new LogServer((ServerId) me.id(), config, store, hooks);
            }
        } catch (IOException | RuntimeException e) {
            loop.close();
            throw e;
        }
        if (onP4 && !(node instanceof Switch)) {
            onP4 = false; // a log server has no data plane: the option is the switches'
        }
        NodeHost host = new NodeHost(cluster, me, loop, node, store, tls, test.peerAddresses(), onP4);
        host.heldWrites = held;
        try {
            host.begin();
        } catch (Exception | Error e) {
            host.close();
            throw e;
        }
        return host;
    }

    private void begin() throws Exception {
        transport.listen(me.address()); // from this thread: the bind completes on the loop
        if (me.metricsAddress() != null) {
            metrics = new NodeMetrics(me.name(), node instanceof Switch ? "switch" : "server", transport, steps, watch,
                    me.metricsAddress());
            log.info("{}: metrics at http://{}:{}/metrics", me.name(), me.metricsAddress().getHostString(),
                    me.metricsAddress().getPort());
        }
        loop.eventLoop().submit(() -> {
            if (p4 != null) {
                apply(p4.step(SwitchInput.Start.INSTANCE));
            } else if (node instanceof Switch s) {
                apply(s.step(SwitchInput.Start.INSTANCE));
            }
            ticker = loop.eventLoop().scheduleAtFixedRate(this::tick, cluster.tickMillis(), cluster.tickMillis(),
                    TimeUnit.MILLISECONDS);
            return null;
        }).get();
        log.info("{}: serving at {}:{}", me.name(), me.address().getHostString(), me.address().getPort());
    }

    /** On the loop: steps the server once with the highest persist the committer reported durable. */
    private void stepDurable() {
        durableStepQueued.set(false);
        long upTo = durableUpTo.get();
        if (upTo <= durableStepped) {
            return;
        }
        for (long id = durableStepped + 1; id <= upTo; id++) {
            watch.onDurable(id);
        }
        durableStepped = upTo;
        try {
            apply(((LogServer) node).step(new ServerInput.PersistDone(upTo)));
        } catch (io.ringworld.kernel.invariant.InvariantViolation v) {
            violated(v);
        }
        transport.flush();
    }

    /** The process's exit status after a kernel invariant violation (NodeMain stops the process). */
    public static final int EXIT_INVARIANT_VIOLATED = 70;
    /** Whether a violation stops the process (NodeMain: a node process) or only stops this host (in-process tests). */
    static volatile boolean exitOnViolation;

    /**
     * A step broke one of the kernel's always-on invariants: the kernel's state can no longer be
     * trusted, so the node stops (fail-stop, as a crash the protocol tolerates) instead of going
     * on; the log line names the invariant, for operators and for fault campaigns.
     */
    /** The switch's P4 data plane around its kernel, with the cluster's keys (the agent signs with them). */
    private static io.ringworld.p4.agent.P4Switch onP4(Switch kernel, ClusterFile cluster) throws ClusterFileException {
        log.info("{}: data plane: ringworld.p4 on the p4 module's interpreter, the kernel as its agent", kernel.id());
        return new io.ringworld.p4.agent.P4Switch(kernel, p4KernelConfig(cluster),
                io.ringworld.p4.ringworld.RingWorldDataPlane.program(), cluster.clusterKey(), clientKeys(cluster), true);
    }

    /** The cluster's kernel configuration as a P4 switch's kernel runs it: sending no merged messages. */
    private static Config p4KernelConfig(ClusterFile cluster) {
        return cluster.kernelConfig().toBuilder().mergedMessageBytesMax(0).build();
    }

    /** Frames that reached this switch's P4 agent, by reason (empty on the kernel alone or a server). */
    public Map<io.ringworld.p4.ringworld.CpuReason, Long> p4FramesToCpu() {
        return p4 == null ? Map.of() : p4.framesToCpu();
    }

    /** The P4 data plane disagreed with its kernel: a bug in one of them; the node stops as on a violation. */
    private void diverged(io.ringworld.p4.agent.DataPlaneDivergence d) {
        log.error("{}: P4 DATA PLANE DIVERGED FROM ITS KERNEL, stopping: {}", me.name(), d.getMessage(), d);
        stopServing();
    }

    private void violated(io.ringworld.kernel.invariant.InvariantViolation v) {
        log.error("{}: INVARIANT VIOLATED, stopping: {}", me.name(), v.getMessage(), v);
        stopServing();
    }

    /** After a violation: no more ticks or frames; the process exits unless a test hosts it. */
    private void stopServing() {
        if (ticker != null) {
            ticker.cancel(false);
        }
        transport.close();
        if (exitOnViolation) {
            new Thread(() -> System.exit(EXIT_INVARIANT_VIOLATED), "ringworld-violation-exit").start();
        }
    }

    /**
     * A test fault (TestControl): this log server's next write to a segment is torn, as a power
     * cut in the middle of it leaves it ({@code HeldWritesFileLayer.tearNextWrite}), and the
     * process halts at once, saying on stderr what it wrote. Needs held writes (else the torn
     * write's unforced predecessors would outlive the halt in the page cache): false without.
     */
    boolean tearNextWrite(long seed) {
        if (heldWrites == null) {
            return false;
        }
        heldWrites.tearNextWrite(seed, what -> {
            System.err.println(me.name() + ": " + TORN_WRITE_MARK + what);
            System.err.flush();
            Runtime.getRuntime().halt(EXIT_TORN_WRITE);
        });
        log.warn("{}: test fault: the next segment write is torn (seed {}), then the process halts", me.name(), seed);
        return true;
    }

    /** What a node halted by its test fault's torn write prints before what reached the file. */
    public static final String TORN_WRITE_MARK = "TORN WRITE, halting: ";

    /** The exit status of a node halted by its test fault's torn write. */
    static final int EXIT_TORN_WRITE = 75;

    /**
     * A test fault (TestControl): this node's clock runs at {@code percent} of its rate (200: twice
     * as fast, its timeouts expire in half the time; 50: half as fast). Its tick timer is set again.
     */
    void setTickRatePercent(int percent) {
        if (percent < 10 || percent > 1000) {
            throw new IllegalArgumentException("tick rate must be 10..1000 percent, got " + percent);
        }
        long periodNanos = TimeUnit.MILLISECONDS.toNanos(cluster.tickMillis()) * 100 / percent;
        loop.eventLoop().submit(() -> {
            if (ticker != null) {
                ticker.cancel(false);
            }
            ticker = loop.eventLoop().scheduleAtFixedRate(this::tick, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
        }).syncUninterruptibly();
        log.warn("{}: test fault: clock at {}% of its rate (a tick every {} us)", me.name(), percent, periodNanos / 1000);
    }

    private void tick() {
        try {
            apply(p4 != null ? p4.tick() : node.tick());
        } catch (io.ringworld.kernel.invariant.InvariantViolation v) {
            violated(v);
        } catch (io.ringworld.p4.agent.DataPlaneDivergence d) {
            diverged(d);
        }
        watch.onTick();
        transport.flush();
    }

    private void apply(Effects effects) {
        steps.incrementAndGet();
        watch.onEffects(effects);
        for (Effect e : effects) {
            if (e instanceof Effect.Send s) {
                if (dropped.contains(s.message().getClass())) {
                    continue; // a test's fault (TestControl): this message is lost on the way
                }
                if (s.message() instanceof Message.Token t && pacer != null) {
                    long hold = pacer.holdNanos(t);
                    if (hold > 0) {
                        loop.eventLoop().schedule(() -> {
                            transport.send(s.to(), t);
                            transport.flush();
                        }, hold, TimeUnit.NANOSECONDS);
                        continue;
                    }
                }
                transport.send(s.to(), s.message());
            } else if (e instanceof Effect.Persist p) {
                committer.submit(p.persistId(), List.copyOf(p.records()));
            } else {
                log.warn("{}: an effect a node does not produce: {}", me.name(), e);
            }
        }
    }

    /** Where member {@code id} is dialled: the test mode's address for its name if any, else the cluster file's. */
    private static java.net.InetSocketAddress peerAddress(ClusterFile cluster, Map<String, java.net.InetSocketAddress> overrides,
            NodeId id) {
        for (ClusterFile.Member m : cluster.members()) {
            if (m.id().equals(id)) {
                java.net.InetSocketAddress a = overrides.get(m.name());
                return a != null ? a : m.address();
            }
        }
        return cluster.addressOf(id);
    }

    private static Keyring keyring(ClusterFile cluster) throws ClusterFileException {
        return Keyring.forClusterMember(cluster.clusterKey(), clientKeys(cluster));
    }

    /** Every client's key, by client index, as the cluster file names their key files. */
    private static Map<Integer, WireKey> clientKeys(ClusterFile cluster) throws ClusterFileException {
        Map<Integer, WireKey> clientKeys = new HashMap<>();
        for (ClusterFile.ClientEntry c : cluster.clients()) {
            clientKeys.put(c.index(), ClusterFile.readKey(c.keyFile()));
        }
        return clientKeys;
    }

    /** A test fault: every message of these types this node would send is lost, until called again (empty: none). */
    void dropOutbound(java.util.Set<Class<?>> types) {
        dropped = java.util.Set.copyOf(types);
    }

    /**
     * One line of the node's kernel status, from its last published reading (KernelWatch, at
     * most a tick old): a switch's view (epoch and coordinator), whether it is active and in the
     * ring; a server's promise and what it holds.
     */
    String statusLine() {
        KernelWatch.Reading r = watch.reading();
        String view = "view=" + r.viewEpoch() + "." + r.viewCoordinator();
        return node instanceof Switch
                ? "switch " + view + " active=" + r.active() + " ring=" + r.inRing() + " knownCommitted=" + r.knownCommitted()
                        + p4Counts()
                : "server " + view + " relearning=" + r.relearning() + " highestIndex=" + r.highestIndex() + " unknown=" + r.unknown();
    }

    /**
     * On a P4 switch, the frames its data plane's fast path took (each reaches the agent as a
     * MIRROR) and the frames it sent to the CPU unhandled, also by reason; read on the loop, where
     * they are counted.
     */
    private String p4Counts() {
        if (p4 == null) {
            return "";
        }
        Map<io.ringworld.p4.ringworld.CpuReason, Long> counts = loop.eventLoop().submit(() -> p4.framesToCpu())
                .syncUninterruptibly().getNow();
        long mirrored = counts.getOrDefault(io.ringworld.p4.ringworld.CpuReason.MIRROR, 0L);
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder why = new StringBuilder();
        for (io.ringworld.p4.ringworld.CpuReason r : io.ringworld.p4.ringworld.CpuReason.values()) {
            long n = counts.getOrDefault(r, 0L);
            if (n > 0 && r != io.ringworld.p4.ringworld.CpuReason.MIRROR) {
                why.append(why.length() == 0 ? "" : ",").append(r).append(':').append(n);
            }
        }
        return " p4FastPath=" + mirrored + " p4ToCpu=" + (total - mirrored) + " p4ToCpuBy=" + (why.length() == 0 ? "-" : why);
    }

    /**
     * A test's look into a log server (TestControl): the indices of its replica set in {@code [from,
     * to]} it holds no entry of (junk counts as an entry), as ranges of indices ({@code 5..9,12..12};
     * a range may span other sets' indices), or {@code none}; read on the loop (the kernel is not
     * thread-safe). Null on a switch.
     */
    String missingEntries(long from, long to) {
        if (!(node instanceof LogServer server)) {
            return null;
        }
        int sets = cluster.kernelConfig().replicaSetCount();
        int mine = ((ServerId) me.id()).replicaSet();
        return loop.eventLoop().submit(() -> {
            StringBuilder b = new StringBuilder();
            long runFrom = -1;
            for (long i = from; i <= to + 1; i++) {
                if (i <= to && Math.floorMod(i, (long) sets) != mine) {
                    continue; // another set's index: neither ends nor starts a run
                }
                boolean missing = i <= to && server.entry(i) == null;
                if (missing && runFrom < 0) {
                    runFrom = i;
                } else if (!missing && runFrom >= 0) {
                    b.append(b.length() == 0 ? "" : ",").append(runFrom).append("..").append(i - 1);
                    runFrom = -1;
                }
            }
            return b.length() == 0 ? "none" : b.toString();
        }).syncUninterruptibly().getNow();
    }

    public Transport.Counters counters() {
        return transport.counters();
    }

    /**
     * Graceful stop: the clock stops, the connections close, the committer forces what it has,
     * the store closes. A restart on the same directory recovers.
     */
    @Override
    public void close() {
        try {
            loop.eventLoop().submit(() -> {
                if (ticker != null) {
                    ticker.cancel(false);
                }
                transport.close();
            }).syncUninterruptibly();
        } finally {
            if (metrics != null) {
                metrics.close();
            }
            loop.close();
            try {
                if (committer != null) {
                    committer.close();
                }
                if (store != null) {
                    store.close();
                }
            } catch (Exception e) {
                log.error("{}: closing the store: {}", me.name(), e.toString());
            }
            log.info("{}: stopped after {} steps", me.name(), steps);
        }
    }
}
