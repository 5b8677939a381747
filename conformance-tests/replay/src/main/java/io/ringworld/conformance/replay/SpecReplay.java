package io.ringworld.conformance.replay;

import io.ringworld.kernel.testhooks.PlantedBug;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Replays one behaviour of RingWorld.tla on the kernel and says, step by step, whether the
 * kernel's state matched the spec's: the entry point for code outside this package (the CLI's
 * {@code ringworld specs check --replay-on-kernel}). The states are those TLC prints or writes
 * ({@link TlcTrace#read}, or the specs tool's ErrorTrace), each with the spec's {@code action}
 * label; the model's size comes from the initial state and its settings from its cfg
 * ({@link ReplaySettings#fromCfg}).
 */
public final class SpecReplay {
    private SpecReplay() {
    }

    /**
     * One replayed step.
     *
     * @param step its number, from 1 (the initial state)
     * @param action the spec action that took it (the label's {@code a}, e.g. LeaderCommit)
     * @param same whether the kernel's state matched the spec's after it
     * @param variable the spec variable that differed ("" when same)
     * @param detail the step's label with its parameters when same; else the divergence, naming
     *     the behaviour, the step, the label, the variable and both values
     * @param kernelInvariant the kernel's own invariant whose assertion stopped the step (the
     *     kernel took the step and caught itself: with a planted bug, the spec's violation
     *     reproduced), else ""
     */
    public record StepOutcome(int step, String action, boolean same, String variable, String detail,
                              String kernelInvariant) {
        public StepOutcome {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(variable, "variable");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(kernelInvariant, "kernelInvariant");
        }
    }

    /**
     * A replay's result.
     *
     * @param steps every step replayed, in order; after a divergence (the last, with same
     *     false) nothing more is replayed
     * @param totalSteps the behaviour's number of states
     * @param completed every step replayed with no divergence
     */
    public record Outcome(List<StepOutcome> steps, int totalSteps, boolean completed) {
        public Outcome {
            steps = List.copyOf(steps);
        }

        /**
         * The kernel reproduced the spec's violation of {@code invariant}: it took every step, or
         * it took the last one and its own assertion of that invariant stopped it there.
         */
        public boolean reproduces(String invariant) {
            Optional<StepOutcome> d = divergence();
            return completed || d.isPresent() && d.get().step() == totalSteps && d.get().kernelInvariant().equals(invariant);
        }

        /** The diverging step, if the replay did not complete. */
        public Optional<StepOutcome> divergence() {
            return completed || steps.isEmpty() ? Optional.empty() : Optional.of(steps.get(steps.size() - 1));
        }
    }

    /**
     * Kernel planted bugs that are the same bug as a spec's planted bug (the spec constant
     * {@code Bug}), by the spec's name. Left out, not the same bug: QuorumOneSet (any quorum of
     * one replica set; the kernel's TRIM_DONE_ON_ONE_SET takes one set for all in the trim only)
     * and NoTailViewCheck (the spec's getTail alone; the kernel's NO_TAIL_VIEW_CHECK answers a
     * read's NotYet unchecked too, a step the spec's bug keeps checked). The other spec bugs have
     * no kernel counterpart.
     */
    static final Map<String, PlantedBug> TWINS = Map.ofEntries(
            Map.entry("CommitOnOneAck", PlantedBug.COMMIT_ON_ONE_ACK),
            Map.entry("SkipSeal", PlantedBug.SKIP_SEAL),
            Map.entry("NoFence", PlantedBug.NO_FENCE),
            Map.entry("AcceptOldView", PlantedBug.IGNORE_PROMISE),
            Map.entry("TailNoWait", PlantedBug.TAIL_WITHOUT_COMMIT),
            Map.entry("NoFoldCommit", PlantedBug.SKIP_COMMIT_FOLD),
            Map.entry("TrimOneRound", PlantedBug.TRIM_ONE_ROUND),
            Map.entry("UnknownAsEmpty", PlantedBug.UNKNOWN_AS_EMPTY),
            Map.entry("AckBeforeRelearn", PlantedBug.ACK_BEFORE_RELEARN),
            Map.entry("SealFirstPage", PlantedBug.SEAL_FIRST_PAGE),
            Map.entry("DamageAsAbsent", PlantedBug.DAMAGE_READ_AS_ABSENT),
            Map.entry("AdmitLeads", PlantedBug.ADMIT_LEADS));

    /**
     * Replays {@code states} on a kernel with {@code plantedKernelBug} switched on.
     *
     * @param name names the behaviour in the divergence's message
     * @param plantedKernelBug the name of a {@link PlantedBug} constant, or "NONE"
     * @throws IllegalArgumentException for an unknown bug name, or states that are not a behaviour
     *     of RingWorld.tla from its initial state (no {@code action} labels, no switches)
     * @throws IllegalStateException for a behaviour longer than the replayer's timers allow
     *     (KernelReplayer: the stutter ticks would reach the hole timeout)
     */
    public static Outcome replay(String name, List<Map<String, Object>> states, ReplaySettings settings,
            String plantedKernelBug) {
        Objects.requireNonNull(settings, "settings");
        PlantedBug bug = plantedBug(plantedKernelBug);
        requireBehaviour(states);
        List<StepOutcome> steps = new ArrayList<>();
        KernelReplayer replayer = replayer(name, states, settings, bug)
                .onStep((step, label) -> steps.add(new StepOutcome(step, action(label), true, "",
                        KernelReplayer.labelText(label), "")));
        try {
            replayer.replay(states);
            return new Outcome(steps, states.size(), true);
        } catch (KernelReplayer.Divergence d) {
            // The listener heard of every step before the diverging one (the end-of-behaviour
            // check belongs to the last step), so the divergence is the next step's.
            int step = steps.size() + 1;
            steps.add(new StepOutcome(step, action(KernelReplayer.actionLabel(states.get(step - 1))), false, d.variable,
                    d.getMessage(), d.kernelInvariant == null ? "" : d.kernelInvariant));
            return new Outcome(steps, states.size(), false);
        }
    }

    /**
     * The kernel planted bug that is the same bug as the spec's planted bug {@code specBug} (a
     * value of the spec constant {@code Bug}, e.g. CommitOnOneAck gives COMMIT_ON_ONE_ACK); empty
     * if the kernel has none (or the name is no spec bug).
     */
    public static Optional<String> kernelTwin(String specBug) {
        Objects.requireNonNull(specBug, "specBug");
        return Optional.ofNullable(TWINS.get(specBug)).map(PlantedBug::name);
    }

    /** A replayer for the model the states are of (its size from the initial state). */
    static KernelReplayer replayer(String name, List<Map<String, Object>> states, ReplaySettings settings, PlantedBug bug) {
        return new KernelReplayer(name, switchCount(states), replicaSets(states), maxIdx(states), settings, bug);
    }

    /** The model's MaxIdx: the length of a switch's status map in the initial state. */
    static long maxIdx(List<Map<String, Object>> states) {
        Map<?, ?> sw1 = (Map<?, ?>) ((List<?>) states.get(0).get("sw")).get(0);
        return ((List<?>) sw1.get("smap")).size();
    }

    /** The model's NumSwitches: the number of switches in the initial state. */
    static int switchCount(List<Map<String, Object>> states) {
        return ((List<?>) states.get(0).get("sw")).size();
    }

    /** The model's NumRS: its servers (3 per replica set) in the initial state. */
    static int replicaSets(List<Map<String, Object>> states) {
        return ((Map<?, ?>) states.get(0).get("srv")).size() / KernelReplayer.MEMBERS;
    }

    static PlantedBug plantedBug(String name) {
        for (PlantedBug b : PlantedBug.values()) {
            if (b.name().equals(name)) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown planted kernel bug '" + name + "'; valid: "
                + Arrays.toString(PlantedBug.values()));
    }

    private static String action(Map<String, Object> label) {
        return String.valueOf(label.get("a"));
    }

    /** The shape the replayer reads: RingWorld.tla's labelled states, from Init. */
    private static void requireBehaviour(List<Map<String, Object>> states) {
        if (states == null || states.isEmpty()) {
            throw new IllegalArgumentException("no states to replay");
        }
        Map<String, Object> first = states.get(0);
        if (!(first.get("sw") instanceof List<?> sw) || sw.isEmpty() || !(first.get("srv") instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("not a state of RingWorld.tla (no variables sw and srv): " + first.keySet());
        }
        for (int k = 0; k < states.size(); k++) {
            if (!(states.get(k).get("action") instanceof Map<?, ?> label) || !(label.get("a") instanceof String)) {
                throw new IllegalArgumentException("state " + (k + 1) + " has no action label (RingWorld.tla's variable action)");
            }
        }
        if (!"Init".equals(KernelReplayer.actionLabel(first).get("a"))) {
            throw new IllegalArgumentException("the behaviour does not start in the initial state (action Init)");
        }
    }
}
