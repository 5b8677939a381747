package io.ringworld.runtime.sim;

import io.ringworld.checker.log.LogChecker;
import io.ringworld.checker.report.Verdict;
import io.ringworld.kernel.Result;
import io.ringworld.kernel.client.ClientInput;
import io.ringworld.kernel.invariant.InvariantViolation;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * One simulated run: a {@link SimCluster} (the kernel's nodes, network, disks and event loop)
 * driven by a workload and a nemesis through three phases, then judged. Every random choice
 * derives from one root seed, so a run replays exactly.
 *
 * <p>The phases ({@link Phase}): the workload runs while faults are injected; then faults stop,
 * everything heals and every client must get an append committed within a bound (liveness); then
 * every acknowledged append is read back. At the end the history goes to the linearizability
 * checker. Kernel invariants are checked after every step of every node (by the cluster).
 *
 * <p>A {@link StepObserver} may watch every kernel step and fault of a run; with none (the
 * default) the hot path is unchanged.
 */
public final class Simulation {
    /** One tick of a node's clock, in simulated microseconds (before drift). */
    static final long TICK_MICROS = 100;
    /** Simulated time the fault phase may last. */
    static final long FAULT_PHASE_MAX_MICROS = 2_000 * TICK_MICROS;
    /** After healing, every client must get an append committed within this (the liveness bound). */
    static final long LIVENESS_BOUND_MICROS = 3_000 * TICK_MICROS;
    /** Simulated time the read-back may take. */
    static final long READ_BACK_MAX_MICROS = 4_000 * TICK_MICROS;
    /** A run that processes more events than this is stuck in a loop of zero-time work. */
    static final long EVENTS_MAX = 40_000_000;

    final SimConfig config;
    final long seed;
    final FaultPlan plan;
    final SimCluster cluster;
    final Workload workload;
    final Nemesis nemesis;
    final WindowNemesis windowNemesis;

    private final List<String> violations = new ArrayList<>();
    private Phase phase = Phase.FAULTS;
    /** Set when a client operation completed: only then can a phase be complete. */
    private boolean workloadChanged;

    Simulation(long seed, SimConfig config, PrintStream traceOut) {
        this.seed = seed;
        this.config = config;
        SimRandom root = new SimRandom(seed);
        this.plan = FaultPlan.forRun(seed, config);
        this.workload = new Workload(config, plan, root.derive("workload"));
        this.cluster = new SimCluster(seed, config, plan, traceOut, new SimCluster.Listener() {
            @Override
            public void outcome(int client, long requestId, Result result) {
                Simulation.this.outcome(client, requestId, result);
            }

            @Override
            public void nodeFault(String op, String node) {
                workload.nemesis(op, node, cluster.now());
            }

            @Override
            public void hostViolation(String what) {
                violations.add(what);
            }

            @Override
            public void protocolWindow(ProtocolWindow window, int node, long detail) {
                windowNemesis.onWindow(window, node);
                if (workload.probe(window, node, detail)) {
                    cluster.countFault(FaultKind.PROBE);
                }
            }
        });
        this.nemesis = new Nemesis(cluster, cluster, (f, what) -> workload.nemesis(f, what, cluster.now()),
                () -> phase == Phase.FAULTS, this::burst, plan, root.derive("nemesis"));
        this.windowNemesis = new WindowNemesis(nemesis, cluster, cluster, plan);
    }

    /**
     * Frames that reached the agents of P4 switches ({@link SimConfig.Dataplane}) in this JVM so
     * far, by reason: MIRROR counts the frames the data plane's fast path took.
     */
    public static java.util.Map<io.ringworld.p4.ringworld.CpuReason, Long> p4FramesToAgents() {
        return SimP4.framesToAgents();
    }

    /** Token visits the data planes of P4 switches made in this JVM so far (each reached its agent as a MIRROR). */
    public static long p4TokenVisitsInDataPlane() {
        return SimP4.tokenVisitsInDataPlane();
    }

    /** Runs one seed to the end and checks it. {@code traceOut} receives the trace in PRINT mode. */
    public static RunResult run(long seed, SimConfig config, PrintStream traceOut) {
        return new Simulation(seed, config, traceOut).runToEnd();
    }

    /**
     * Runs one seed with {@code observer} watching every kernel step and fault (null: none). The
     * run is the one {@link #run(long, SimConfig, PrintStream)} makes of the seed.
     */
    public static RunResult run(long seed, SimConfig config, PrintStream traceOut, StepObserver observer) {
        Simulation sim = new Simulation(seed, config, traceOut);
        sim.cluster.observer = observer;
        return sim.runToEnd();
    }

    RunResult runToEnd() {
        boot();
        loop();
        if (violations.isEmpty()) {
            violations.addAll(workload.violations());
        }
        if (violations.isEmpty()) {
            checkHistory();
        }
        if (violations.isEmpty()) {
            checkViewsSettled();
        }
        if (violations.isEmpty()) {
            checkOnAMajority();
        }
        return new RunResult(seed, plan, List.copyOf(violations), workload.history(), cluster.faultCounts(),
                cluster.viewChanges(), workload.opsCompleted(), cluster.messages(), cluster.events(), cluster.now(),
                cluster.trace.enabled() ? cluster.trace.hash() : 0);
    }

    private void boot() {
        cluster.boot();
        for (int lane = 0; lane < workload.laneCount(); lane++) {
            cluster.schedule(lane * 7L, new Event.LaneNext(lane));
        }
        nemesis.scheduleAll();
        workloadChanged = true;
        cluster.schedule(FAULT_PHASE_MAX_MICROS, new Event.PhaseDeadline(Phase.FAULTS));
    }

    private void loop() {
        while (phase != Phase.DONE && violations.isEmpty() && cluster.hasEvents()) {
            Event event = cluster.nextEvent();
            if (cluster.events() > EVENTS_MAX) {
                violations.add("runaway: more than " + EVENTS_MAX + " events by t=" + cluster.now() + "us");
                break;
            }
            dispatchChecked(event);
            if (workloadChanged && phase != Phase.DONE) {
                workloadChanged = false;
                if (workload.phaseComplete()) {
                    advancePhase();
                }
            }
        }
    }

    /** {@link #dispatch}, a kernel invariant's or a data plane's complaint recorded as the run's violation. */
    private void dispatchChecked(Event event) {
        try {
            dispatch(event);
        } catch (InvariantViolation e) {
            violations.add("kernel invariant " + e.invariant().name() + " at t=" + cluster.now() + "us: "
                    + e.getMessage());
        } catch (io.ringworld.p4.agent.DataPlaneDivergence e) {
            violations.add("P4 data plane diverged from its kernel at t=" + cluster.now() + "us: " + e.getMessage());
        }
    }

    private void dispatch(Event event) {
        if (cluster.handle(event)) {
            return;
        }
        if (event instanceof Event.LaneNext l) {
            laneNext(l.lane());
        } else if (event instanceof Event.FaultDue f) {
            nemesis.fire(f.kind());
        } else if (event instanceof Event.Restart r) {
            nemesis.restart(r.node());
        } else if (event instanceof Event.Heal h) {
            nemesis.heal(h.partitionId());
        } else if (event instanceof Event.DiskWindow d) {
            nemesis.diskWindow(d.server(), d.lagging(), d.cut(), d.stage());
        } else if (event instanceof Event.Aimed a) {
            windowNemesis.fire(a.action(), a.node());
        } else if (event instanceof Event.PhaseDeadline p) {
            phaseDeadline(p.phase());
        } else {
            throw new IllegalStateException("unknown event " + event);
        }
    }

    // ------------------------------------------------------------------ phases

    private void phaseDeadline(Phase deadline) {
        if (deadline != phase) {
            return;
        }
        switch (phase) {
            case FAULTS -> advancePhase();
            case LIVENESS -> violations.add("liveness: after faults stopped and everything healed at t="
                    + (cluster.now() - LIVENESS_BOUND_MICROS) + "us, within " + LIVENESS_BOUND_MICROS / TICK_MICROS
                    + " ticks " + workload.livenessStuck());
            case READ_BACK -> violations.add("read-back of acknowledged appends did not finish within "
                    + READ_BACK_MAX_MICROS / TICK_MICROS + " ticks");
            default -> {
            }
        }
    }

    /** View changes installed before everything healed: after it, views must settle (the specs' ViewsSettle). */
    private long viewChangesAtHeal = -1;

    /**
     * The specs' {@code ViewsSettle}, bounded: once every fault stopped and healed, the views
     * settle. After the read-back the run goes on, clients idle, until every switch is active in
     * one view (within {@link #SETTLE_MAX_MICROS}; a switch left out rejoins through a Join), then
     * {@link #QUIET_MICROS} more with no view change; at most {@value #SETTLE_VIEW_CHANGES_MAX}
     * view changes after the heal in all (the left-out and restarted switches rejoin).
     */
    static final int SETTLE_VIEW_CHANGES_MAX = 4;
    static final long SETTLE_MAX_MICROS = 3_000 * TICK_MICROS;
    static final long QUIET_MICROS = 1_000 * TICK_MICROS;

    private void checkViewsSettled() {
        long deadline = cluster.now() + SETTLE_MAX_MICROS;
        String unsettled = unsettledNow();
        long quietUntil = -1;
        long changesAtSettle = -1;
        long events = 0;
        while (cluster.hasEvents() && violations.isEmpty()) {
            if (++events % 64 == 0) {
                unsettled = unsettledNow();
                if (unsettled == null && quietUntil < 0) {
                    quietUntil = cluster.now() + QUIET_MICROS;
                    changesAtSettle = cluster.viewChanges();
                } else if (unsettled != null && quietUntil >= 0) {
                    break; // settled, then unsettled again: no quiet
                }
            }
            if (quietUntil >= 0 ? cluster.now() >= quietUntil : cluster.now() >= deadline) {
                break;
            }
            dispatchChecked(cluster.nextEvent());
        }
        long after = cluster.viewChanges() - viewChangesAtHeal;
        String why = unsettled != null ? unsettled + " (" + (cluster.now() - deadline + SETTLE_MAX_MICROS) / TICK_MICROS
                + " ticks after the read-back)"
                : cluster.viewChanges() != changesAtSettle ? "views did not settle (ViewsSettle): a view change after they"
                        + " had settled" : tooManyViewChanges(after, SETTLE_VIEW_CHANGES_MAX);
        if (why != null && violations.isEmpty()) {
            violations.add(why);
        }
    }

    /**
     * The protocol's claim behind every acknowledgement, on the servers themselves once the views
     * settled: every acknowledged append no trim covered is held by a majority of its replica set.
     * A damaged server repairs its unknown committed entries (ServerRepair), so one that copied
     * nothing back leaves a committed entry on one server of three, which the reads cannot see
     * (they need one copy) and the next disk fault in the set would lose. The run goes on, clients
     * idle, up to {@link #SETTLE_MAX_MICROS} for the repairs.
     */
    private void checkOnAMajority() {
        long deadline = cluster.now() + SETTLE_MAX_MICROS;
        long events = 0;
        String short_ = shortOfAMajority();
        while (short_ != null && violations.isEmpty() && cluster.hasEvents() && cluster.now() < deadline) {
            dispatchChecked(cluster.nextEvent());
            if (++events % 64 == 0) {
                short_ = shortOfAMajority();
            }
        }
        if (short_ != null && violations.isEmpty()) {
            violations.add(short_ + " (" + SETTLE_MAX_MICROS / TICK_MICROS + " ticks after the views settled)");
        }
    }

    /** The acknowledged appends (no trim covered) held by fewer than a majority of their set, or null. */
    private String shortOfAMajority() {
        return shortOfAMajority(workload.acknowledgedIndices().tailSet(workload.trimPrefixIssuedMax(), true),
                cluster::holders, cluster.kernelConfig.majority(), cluster.kernelConfig.membersPerSet());
    }

    /**
     * The campaign's majority check: which of {@code acknowledged} fewer than {@code majority}
     * servers of their set hold ({@code holders}), as a violation naming up to five, or null.
     */
    static String shortOfAMajority(Iterable<Long> acknowledged, java.util.function.LongToIntFunction holders, int majority,
            int membersPerSet) {
        List<String> examples = new ArrayList<>();
        int count = 0;
        for (long index : acknowledged) {
            int held = holders.applyAsInt(index);
            if (held < majority) {
                count++;
                if (examples.size() < 5) {
                    examples.add(index + " (" + held + " of " + membersPerSet + ")");
                }
            }
        }
        return count == 0 ? null : count + " acknowledged appends are not held by a majority of their replica set, e.g. "
                + examples;
    }

    private static String tooManyViewChanges(long viewChangesAfterHeal, int max) {
        return viewChangesAfterHeal <= max ? null : "views did not settle (ViewsSettle): " + viewChangesAfterHeal
                + " view changes after everything healed, at most " + max + " allowed";
    }

    /** Why the switches are not (yet) all active in one view, or null. */
    private String unsettledNow() {
        String[] views = new String[config.switchCount()];
        boolean[] active = new boolean[config.switchCount()];
        for (int k = 0; k < views.length; k++) {
            io.ringworld.kernel.sw.SwitchStatus st = cluster.switchStatus(k);
            views[k] = String.valueOf(st.view());
            active[k] = st.active();
        }
        return unsettled(0, SETTLE_VIEW_CHANGES_MAX, views, active);
    }

    /** Why the views did not settle after the heal, or null (a function of the run's end, for tests). */
    static String unsettled(long viewChangesAfterHeal, int max, String[] views, boolean[] active) {
        String tooMany = tooManyViewChanges(viewChangesAfterHeal, max);
        if (tooMany != null) {
            return tooMany;
        }
        for (int k = 0; k < views.length; k++) {
            if (!active[k] || !views[k].equals(views[0])) {
                return "views did not settle (ViewsSettle): switch" + k + " is " + (active[k] ? "active" : "not active")
                        + " in " + views[k] + ", switch0 " + (active[0] ? "active" : "not active") + " in " + views[0];
            }
        }
        return null;
    }

    private void advancePhase() {
        Phase next = Phase.values()[phase.ordinal() + 1];
        cluster.traceLine("phase " + next);
        if (phase == Phase.FAULTS) {
            nemesis.stopAndHealAll();
            viewChangesAtHeal = cluster.viewChanges();
        }
        phase = next;
        workload.startPhase(next);
        if (next == Phase.LIVENESS) {
            cluster.schedule(cluster.now() + LIVENESS_BOUND_MICROS, new Event.PhaseDeadline(Phase.LIVENESS));
        } else if (next == Phase.READ_BACK) {
            cluster.schedule(cluster.now() + READ_BACK_MAX_MICROS, new Event.PhaseDeadline(Phase.READ_BACK));
        }
        if (next != Phase.DONE) {
            for (int lane = 0; lane < workload.laneCount(); lane++) {
                laneNext(lane);
            }
            workloadChanged = true;
        }
    }

    // ------------------------------------------------------------------ the workload

    private void laneNext(int lane) {
        ClientInput op = workload.next(lane, cluster.now());
        if (op != null) {
            cluster.invoke(lane, op);
        }
    }

    /**
     * A burst of appends through the burst client, to overflow pending queues (Busy): one step of
     * it, so its appends to one switch leave merged (AppendRequests), as a real client's burst does.
     */
    private void burst(int count) {
        int client = workload.burstClient();
        java.util.List<ClientInput.Append> appends = new java.util.ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            appends.add(workload.burstAppend(cluster.now()));
        }
        cluster.invokeQuietly(client, new ClientInput.Appends(appends));
    }

    private void outcome(int client, long requestId, Result result) {
        workloadChanged = true;
        int lane = workload.complete(client, requestId, result, cluster.now());
        if (lane >= 0) {
            cluster.schedule(cluster.now() + 1 + cluster.network.thinkTimeMicros(), new Event.LaneNext(lane));
        }
    }

    // ------------------------------------------------------------------ the verdict

    private void checkHistory() {
        Verdict verdict = LogChecker.check(workload.history());
        if (verdict.validity() != io.ringworld.checker.report.Validity.VALID) {
            violations.add("history not linearizable (" + verdict.validity() + "): " + verdict.reason());
        }
    }
}
