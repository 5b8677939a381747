package io.ringworld.runtime.sim;

import io.ringworld.checker.history.History;
import io.ringworld.checker.history.HistoryBuilder;
import io.ringworld.checker.history.Op;
import io.ringworld.checker.history.OpType;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.client.ClientInput;
import io.ringworld.kernel.Result;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The clients' side of a run: which operation each client lane issues next, and the Jepsen history
 * of every invocation and completion (nemesis events included).
 *
 * <p>A lane is one Jepsen process: at most one operation outstanding. When an operation's outcome
 * is unknown (:info) the process is retired, as Jepsen requires, and the lane goes on under a new
 * process number. Kernel indices start at 1 and the history's positions at 0, so
 * {@code position = index - 1}; a kernel tail {@code t} is the history tail {@code t - 1}.
 */
final class Workload {
    /** Operations of one lane are issued through a client of this id; bursts use one more. */
    private final int laneCount;
    private final int switchCount;
    private final boolean appendsOnly;
    private final boolean appendsAndTails;
    private final boolean even;
    private final SimRandom random;
    private final HistoryBuilder history = new HistoryBuilder(4096);
    private final Lane[] lanes;
    private final Map<Long, Pending> burstPending = new HashMap<>();
    private final TreeMap<Long, String> acknowledged = new TreeMap<>();
    private final ArrayDeque<Long> readBackQueue = new ArrayDeque<>();
    private final java.util.ArrayList<String> violations = new java.util.ArrayList<>();
    /** Steps of the liveness phase each lane must finish (append; getTail; read), by op mix. */
    private final int livenessSteps;
    /**
     * Probe scripts (FaultKind.PROBE) waiting for a free lane; a script is a list of operations
     * one lane issues in turn, each after the last completed, so that what one answer showed
     * binds the next (real-time order).
     */
    private final ArrayDeque<ArrayDeque<Probe>> probes = new ArrayDeque<>();

    /** One operation of a probe script: a getTail, or a read of {@code index}, at switch {@code via}. */
    private record Probe(boolean tail, long index, SwitchId via) {
    }
    private static final int PROBES_MAX = 8;
    private final double probeChance;
    private final int trimPercent;
    /** The probes' own stream: without them a run draws what it drew before. */
    private final SimRandom probeRandom;
    private long nextProcess;
    private long nextRequestId = 1;
    private long nextPayload;
    private long maxIndexSeen;
    private long trimPrefixIssuedMax = 1;
    private long opsCompleted;
    private Phase phase = Phase.FAULTS;

    /** What an outstanding operation was, to record its completion. */
    private record Pending(long process, String f, long index, String payload, long requestId, int lane) {
    }

    private static final class Lane {
        long process;
        int opsLeft;
        Pending pending;
        /** In the liveness phase: 0 append, 1 getTail, 2 read of that append; done at livenessSteps. */
        int livenessStep;
        long livenessIndex;
        int livenessAttempts;
        /** The probe script this lane runs, or null. */
        ArrayDeque<Probe> script;
        String livenessLast = "none yet";
        long readBackIndex = -1;
        int readBackAttempts;
    }

    Workload(SimConfig config, FaultPlan plan, SimRandom random) {
        this.laneCount = config.clientCount();
        this.switchCount = config.switchCount();
        this.appendsOnly = config.opMix() == SimConfig.OpMix.APPENDS;
        this.appendsAndTails = config.opMix() == SimConfig.OpMix.APPENDS_AND_TAILS;
        this.even = config.opMix() == SimConfig.OpMix.EVEN;
        this.random = random;
        this.probeRandom = random.derive("probe");
        this.probeChance = appendsOnly ? 0 : plan.steering().probeChance();
        // With probes on, a seed also draws how often its clients trim (3% otherwise): trims are
        // the protocol's other window, and 3% of 160 operations rarely meets a view change.
        this.trimPercent = probeChance > 0 && !appendsAndTails ? 3 + probeRandom.nextInt(13) : 3;
        this.livenessSteps = appendsOnly ? 1 : appendsAndTails ? 2 : 3;
        this.lanes = new Lane[laneCount];
        for (int k = 0; k < laneCount; k++) {
            lanes[k] = new Lane();
            lanes[k].process = k;
            lanes[k].opsLeft = config.opsPerClient();
        }
        this.nextProcess = laneCount;
    }

    int laneCount() {
        return laneCount;
    }

    /** The kernel client that bursts go through. */
    int burstClient() {
        return laneCount;
    }

    void startPhase(Phase next) {
        phase = next;
        if (next == Phase.READ_BACK) {
            readBackQueue.addAll(acknowledged.keySet());
        }
    }

    /** True when every lane finished what the current phase asks of it. */
    boolean phaseComplete() {
        for (Lane lane : lanes) {
            if (lane.pending != null) {
                return false;
            }
            if (phase == Phase.FAULTS && lane.opsLeft > 0) {
                return false;
            }
            if (phase == Phase.LIVENESS && lane.livenessStep < livenessSteps) {
                return false;
            }
        }
        return phase != Phase.READ_BACK || readBackQueue.isEmpty();
    }

    /** The indices of every acknowledged append, ascending. */
    java.util.NavigableSet<Long> acknowledgedIndices() {
        return java.util.Collections.unmodifiableNavigableSet(acknowledged.navigableKeySet());
    }

    /** The highest prefix a trim was issued for: an acknowledged index at or above it was never trimmed. */
    long trimPrefixIssuedMax() {
        return trimPrefixIssuedMax;
    }

    /** The next operation of {@code lane}, or null if it has nothing to do in this phase. */
    ClientInput next(int laneIndex, long nowMicros) {
        Lane lane = lanes[laneIndex];
        if (lane.pending != null) {
            return null;
        }
        SwitchId via = new SwitchId(random.nextInt(switchCount));
        long requestId = nextRequestId++;
        switch (phase) {
            case FAULTS -> {
                if (lane.opsLeft == 0) {
                    return null;
                }
                if (lane.script == null || lane.script.isEmpty()) {
                    lane.script = probes.poll();
                }
                Probe probe = lane.script == null ? null : lane.script.poll();
                if (probe != null) {
                    return probe.tail() ? getTail(laneIndex, lane, requestId, probe.via(), nowMicros)
                            : read(laneIndex, lane, requestId, probe.index(), probe.via(), nowMicros);
                }
                lane.opsLeft--;
                return randomOp(laneIndex, lane, requestId, via, nowMicros);
            }
            case LIVENESS -> {
                return livenessOp(laneIndex, lane, requestId, via, nowMicros);
            }
            case READ_BACK -> {
                if (lane.readBackIndex < 0) {
                    Long index = readBackQueue.poll();
                    if (index == null) {
                        return null;
                    }
                    lane.readBackIndex = index;
                    lane.readBackAttempts = 0;
                }
                lane.readBackAttempts++;
                return read(laneIndex, lane, requestId, lane.readBackIndex, via, nowMicros);
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * After healing every lane must get a definite answer to each kind of operation the op mix
     * has, in turn: an append committed, a getTail, a read of that append. An operation that
     * times out is asked again; one that never gets an answer within the bound fails the run.
     */
    private ClientInput livenessOp(int laneIndex, Lane lane, long requestId, SwitchId via, long nowMicros) {
        if (lane.livenessStep >= livenessSteps) {
            return null;
        }
        lane.livenessAttempts++;
        return switch (lane.livenessStep) {
            case 0 -> append(laneIndex, lane, requestId, via, nowMicros);
            case 1 -> getTail(laneIndex, lane, requestId, via, nowMicros);
            default -> read(laneIndex, lane, requestId, lane.livenessIndex, via, nowMicros);
        };
    }

    /** The lanes that did not finish the liveness phase, and where each is stuck. */
    String livenessStuck() {
        StringBuilder b = new StringBuilder();
        String[] steps = {"append", "getTail", "read"};
        for (int k = 0; k < lanes.length; k++) {
            Lane lane = lanes[k];
            if (lane.livenessStep < livenessSteps) {
                b.append(b.length() == 0 ? "" : "; ").append("client ").append(k).append("'s ")
                        .append(steps[lane.livenessStep]).append(" got no answer in ").append(lane.livenessAttempts)
                        .append(" attempts (last: ").append(lane.livenessLast).append(')');
            }
        }
        return b.toString();
    }

    /**
     * FaultKind.PROBE: switch {@code node} entered {@code window}; with the plan's chance, the next
     * free lanes read and getTail at every switch what the window may get wrong: the last
     * acknowledged index and the one above the highest seen (a view change), the indices at a
     * trim's prefix (a trim).
     */
    boolean probe(ProtocolWindow window, int node, long detail) {
        if (probeChance <= 0 || phase != Phase.FAULTS || probes.size() >= PROBES_MAX
                || !probeRandom.chance(probeChance)) {
            return false;
        }
        boolean trim = window == ProtocolWindow.TRIM_STARTED || window == ProtocolWindow.TRIM_DONE;
        if (trim && appendsAndTails) {
            return false;
        }
        long recent = acknowledged.isEmpty() ? Math.max(1, maxIndexSeen) : acknowledged.lastKey();
        long index = trim ? Math.max(1, detail - 1 - probeRandom.nextInt(2))
                : probeRandom.nextInt(2) == 0 ? recent : maxIndexSeen + 1;
        // From the switch of the window round the ring: it knows first, the others learn later.
        ArrayDeque<Probe> script = new ArrayDeque<>();
        for (int k = 0; k <= switchCount; k++) {
            SwitchId via = new SwitchId((node + k) % switchCount);
            if (!trim) {
                script.add(new Probe(true, 0, via));
            }
            if (!appendsAndTails) {
                script.add(new Probe(false, index, via));
            }
        }
        probes.add(script);
        return true;
    }

    private ClientInput randomOp(int laneIndex, Lane lane, long requestId, SwitchId via, long nowMicros) {
        if (appendsOnly) {
            return append(laneIndex, lane, requestId, via, nowMicros);
        }
        if (appendsAndTails) {
            return random.nextInt(3) == 0 ? getTail(laneIndex, lane, requestId, via, nowMicros)
                    : append(laneIndex, lane, requestId, via, nowMicros);
        }
        if (even) {
            return evenOp(laneIndex, lane, requestId, via, nowMicros);
        }
        int dice = random.nextInt(100);
        if (dice < 45) {
            return append(laneIndex, lane, requestId, via, nowMicros);
        }
        if (dice < 65) {
            long index = 1 + random.nextInt((int) Math.min(Integer.MAX_VALUE - 3, maxIndexSeen + 3));
            return read(laneIndex, lane, requestId, index, via, nowMicros);
        }
        if (dice < 75 && !acknowledged.isEmpty()) {
            return read(laneIndex, lane, requestId, randomAcknowledged(), via, nowMicros);
        }
        if (dice < 100 - trimPercent || maxIndexSeen < 4) {
            return getTail(laneIndex, lane, requestId, via, nowMicros);
        }
        return trim(laneIndex, lane, requestId, 1 + random.nextInt((int) Math.max(1, maxIndexSeen / 3)), via, nowMicros);
    }

    /** {@link SimConfig.OpMix#EVEN}: 40% appends, 25% reads, 20% getTails, 15% trims. */
    private ClientInput evenOp(int laneIndex, Lane lane, long requestId, SwitchId via, long nowMicros) {
        int dice = random.nextInt(100);
        if (dice < 40 || maxIndexSeen < 1) {
            return append(laneIndex, lane, requestId, via, nowMicros);
        }
        if (dice < 65) {
            long index = 1 + random.nextInt((int) Math.min(Integer.MAX_VALUE - 2, maxIndexSeen + 1));
            return read(laneIndex, lane, requestId, index, via, nowMicros);
        }
        if (dice < 85) {
            return getTail(laneIndex, lane, requestId, via, nowMicros);
        }
        return trim(laneIndex, lane, requestId, 2 + random.nextInt((int) Math.max(1, maxIndexSeen)), via, nowMicros);
    }

    private ClientInput trim(int laneIndex, Lane lane, long requestId, long prefix, SwitchId via, long nowMicros) {
        trimPrefixIssuedMax = Math.max(trimPrefixIssuedMax, prefix);
        lane.pending = new Pending(lane.process, "trim", prefix, null, requestId, laneIndex);
        history.invokeTrim(lane.process, prefix - 1, nanos(nowMicros));
        return new ClientInput.Trim(requestId, prefix, via);
    }

    private long randomAcknowledged() {
        long lo = acknowledged.firstKey();
        long hi = acknowledged.lastKey();
        Long key = acknowledged.ceilingKey(random.nextLong(lo, hi));
        return key == null ? hi : key;
    }

    private ClientInput append(int laneIndex, Lane lane, long requestId, SwitchId via, long nowMicros) {
        String payload = "p" + lane.process + "-" + (nextPayload++);
        lane.pending = new Pending(lane.process, "append", 0, payload, requestId, laneIndex);
        history.invokeAppend(lane.process, payload, nanos(nowMicros));
        return new ClientInput.Append(requestId, Payload.ofString(payload), via);
    }

    private ClientInput getTail(int laneIndex, Lane lane, long requestId, SwitchId via, long nowMicros) {
        lane.pending = new Pending(lane.process, "tail", 0, null, requestId, laneIndex);
        history.invokeTail(lane.process, nanos(nowMicros));
        return new ClientInput.GetTail(requestId, via);
    }

    private ClientInput read(int laneIndex, Lane lane, long requestId, long index, SwitchId via, long nowMicros) {
        lane.pending = new Pending(lane.process, "read", index, null, requestId, laneIndex);
        history.invokeRead(lane.process, index - 1, nanos(nowMicros));
        return new ClientInput.Read(requestId, index, via);
    }

    /** A burst append through the burst client; each has a process of its own. */
    ClientInput.Append burstAppend(long nowMicros) {
        long process = nextProcess++;
        long requestId = nextRequestId++;
        String payload = "b" + process + "-" + (nextPayload++);
        burstPending.put(requestId, new Pending(process, "append", 0, payload, requestId, -1));
        history.invokeAppend(process, payload, nanos(nowMicros));
        return new ClientInput.Append(requestId, Payload.ofString(payload), new SwitchId(random.nextInt(switchCount)));
    }

    void nemesis(String f, String value, long nowMicros) {
        history.add(Op.of(OpType.INFO, f, Op.NEMESIS, nanos(nowMicros), value));
    }

    /**
     * Records the completion of client {@code client}'s request; returns the lane that may issue
     * its next operation, or -1.
     */
    int complete(int client, long requestId, Result result, long nowMicros) {
        Pending p;
        Lane lane = null;
        if (client == burstClient()) {
            p = burstPending.remove(requestId);
        } else {
            lane = lanes[client];
            p = lane.pending != null && lane.pending.requestId() == requestId ? lane.pending : null;
        }
        if (p == null) {
            violations.add("client " + client + " got an outcome for unknown request " + requestId + ": " + result);
            return -1;
        }
        opsCompleted++;
        record(p, result, nanos(nowMicros));
        if (lane == null) {
            return -1;
        }
        lane.pending = null;
        if (result.status() == Result.Status.INDETERMINATE) {
            lane.process = nextProcess++;
        }
        afterPhaseStep(lane, p, result);
        return client;
    }

    private void afterPhaseStep(Lane lane, Pending p, Result result) {
        if (phase == Phase.LIVENESS && lane.livenessStep < livenessSteps) {
            lane.livenessLast = result.toString();
            boolean answered = switch (lane.livenessStep) {
                case 0 -> result instanceof Result.Appended;
                case 1 -> result instanceof Result.Tail;
                default -> result instanceof Result.ReadValue || result instanceof Result.ReadTrimmed
                        || result instanceof Result.ReadNotYet;
            };
            if (answered) {
                if (result instanceof Result.Appended a) {
                    lane.livenessIndex = a.index();
                }
                lane.livenessStep++;
                lane.livenessAttempts = 0;
            }
        }
        if (phase == Phase.READ_BACK && lane.readBackIndex >= 0) {
            if (checkReadBack(lane.readBackIndex, result) || lane.readBackAttempts >= 8) {
                if (lane.readBackAttempts >= 8 && !checkReadBack(lane.readBackIndex, result)) {
                    violations.add("acknowledged append at position " + (lane.readBackIndex - 1) + " ("
                            + acknowledged.get(lane.readBackIndex) + ") could not be read back after healing: "
                            + result);
                }
                lane.readBackIndex = -1;
            }
        }
    }

    /** True when the read-back of acknowledged {@code index} is settled (ok, or a definite loss recorded). */
    private boolean checkReadBack(long index, Result result) {
        String expected = acknowledged.get(index);
        if (result instanceof Result.ReadValue v) {
            if (v.payload().isJunk() || !v.payload().asString().equals(expected)) {
                violations.add("acknowledged append at position " + (index - 1) + " (" + expected
                        + ") changed: read back " + v.payload());
            }
            return true;
        }
        if (result instanceof Result.ReadTrimmed) {
            if (index >= trimPrefixIssuedMax) {
                violations.add("acknowledged append at position " + (index - 1) + " (" + expected
                        + ") reads as trimmed, but no trim covered it");
            }
            return true;
        }
        if (result instanceof Result.ReadNotYet) {
            violations.add("acknowledged append at position " + (index - 1) + " (" + expected
                    + ") lost: read back says not-yet");
            return true;
        }
        return false;
    }

    private void record(Pending p, Result result, long timeNanos) {
        long process = p.process();
        if (result instanceof Result.Appended a) {
            history.okAppend(process, p.payload(), a.index() - 1, timeNanos);
            maxIndexSeen = Math.max(maxIndexSeen, a.index());
            String previous = acknowledged.put(a.index(), p.payload());
            if (previous != null) {
                violations.add("position " + (a.index() - 1) + " acknowledged twice: " + previous + " and "
                        + p.payload());
            }
        } else if (result instanceof Result.ReadValue v) {
            if (v.payload().isJunk()) {
                history.okReadJunk(process, v.index() - 1, timeNanos);
            } else {
                history.okRead(process, v.index() - 1, v.payload().asString(), timeNanos);
            }
        } else if (result instanceof Result.ReadTrimmed t) {
            history.failRead(process, t.index() - 1, "trimmed", timeNanos);
        } else if (result instanceof Result.ReadNotYet n) {
            history.failRead(process, n.index() - 1, "not-yet", timeNanos);
        } else if (result instanceof Result.Tail t) {
            history.okTail(process, t.tail() - 1, timeNanos);
            maxIndexSeen = Math.max(maxIndexSeen, t.tail());
        } else if (result instanceof Result.TrimDone d) {
            history.okTrim(process, d.prefix() - 1, timeNanos);
        } else if (result instanceof Result.Failed f) {
            history.fail(process, p.f(), invokeValue(p),
                    f.reason().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), timeNanos);
        } else {
            history.info(process, p.f(), invokeValue(p), "indeterminate", timeNanos);
        }
    }

    private static Object invokeValue(Pending p) {
        return switch (p.f()) {
            case "append" -> io.ringworld.checker.history.LogValue.payload(p.payload());
            case "read" -> io.ringworld.checker.history.LogValue.position(p.index() - 1);
            case "trim" -> io.ringworld.checker.history.LogValue.position(p.index() - 1);
            default -> null;
        };
    }

    History history() {
        return history.build();
    }

    int historySize() {
        return history.size();
    }

    List<String> violations() {
        return violations;
    }

    long opsCompleted() {
        return opsCompleted;
    }

    int acknowledgedCount() {
        return acknowledged.size();
    }

    private static long nanos(long micros) {
        return micros * 1000;
    }
}
