package io.ringworld.runtime.cli;

import io.ringworld.conformance.replay.ReplaySettings;
import io.ringworld.conformance.replay.SpecReplay;
import io.ringworld.specs.tool.Catalogue;
import io.ringworld.specs.tool.Definitions;
import io.ringworld.specs.tool.ModelOptions;
import io.ringworld.specs.tool.SpecSources;
import io.ringworld.specs.tool.StepTable;
import io.ringworld.specs.tool.Tlc;
import io.ringworld.specs.tool.TlcProgress;
import io.ringworld.specs.tool.TlcResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What `ringworld specs check` prints: the run's header, TLC's progress, the result table and a violation's steps. */
final class SpecsReport {
    private final PrintStream out;
    private final SpecSources sources;
    private final Path outDir;
    private Tlc.Mode mode = Tlc.Mode.EXHAUSTIVE;

    SpecsReport(PrintStream out, SpecSources sources, Path outDir) {
        this.out = out;
        this.sources = sources;
        this.outDir = outDir;
    }

    void header(ModelOptions.Model m, Tlc.Request r) {
        mode = r.mode();
        out.println("specs: " + sources.origin());
        out.println("model " + m.name() + ": " + m.baseModel() + (m.bug().equals("none") ? "" : ", planted bug " + m.bug())
                + "; " + (r.mode() == Tlc.Mode.EXHAUSTIVE ? "exhaustive" : "simulation, walks of " + r.simulateDepth()
                + " steps, seed " + r.seed() + " (--seed " + r.seed() + " replays it)") + "; " + r.workers() + " workers"
                + (r.timeLimitSeconds() > 0 ? "; stops after " + r.timeLimitSeconds() + " s" : ""));
        out.println("  " + m.summary());
        Path work = outDir.resolve(m.name());
        out.println("cfg: " + work.resolve(m.name() + ".cfg"));
        out.println("TLC alone reruns it: (cd " + work + " && " + String.join(" ", Tlc.commandLine(r, Path.of("meta"))) + ")");
    }

    int dryRun(ModelOptions.Model m, Tlc.Request r) {
        out.println();
        out.print(m.cfgText());
        m.extraModules().forEach((name, text) -> out.print("\n" + name + ".tla:\n" + text));
        out.println("\n--dry-run: TLC not started");
        return 0;
    }

    /** A line of TLC's output while it runs: progress and errors are shown, the rest is in the .out file. */
    void tlcLine(String line) {
        TlcProgress p = TlcProgress.of(line);
        if (p != null) {
            out.println("  " + p.describe());
        } else if (line.startsWith("Error:") && !line.startsWith("Error: The behavior up to")
                && !line.startsWith("Error: The following behavior")) {
            out.println("  TLC: " + line);
        } else if (line.startsWith("Finished computing initial states") || line.startsWith("Progress:")) {
            // not TLC's "Model checking completed": TLC prints it also when its timer stopped it
            out.println("  " + line);
        }
    }

    private static final String ROW = "| %-34s | %12s | %12s | %5s | %8s | %-34s |%n";

    /** The parts of a split run, before the first starts. */
    void parts(List<ModelOptions.Model> models) {
        out.println("--split-by-crash: " + models.size() + " parts, one per node that may crash (at most one crash per"
                + " behaviour; each behaviour is in a part):");
        for (ModelOptions.Model m : models) {
            out.println("  " + m.name());
        }
    }

    /** The table of a split run's parts and their total: its verdict is ok only if every part ran to its end, ok. */
    void partsSummary(List<TlcResult> results, int partCount) {
        out.println();
        out.println("--split-by-crash: " + results.size() + " of " + partCount + " parts run");
        tableHead();
        long generated = 0;
        long distinct = 0;
        int depthMax = -1;
        double seconds = 0;
        boolean allOk = results.size() == partCount;
        for (TlcResult r : results) {
            tableRow(r.model(), r.generated(), r.distinct(), r.depth(), r.seconds(), verdict(r));
            generated += Math.max(0, r.generated());
            distinct += Math.max(0, r.distinct());
            depthMax = Math.max(depthMax, r.depth());
            seconds += r.seconds();
            allOk &= r.ok(); // a part stopped at its time limit is not ok
        }
        String verdict = allOk ? "ok: no violation in any part"
                : results.stream().filter(r -> !r.ok() && !r.stopped()).findFirst().map(this::verdict)
                        .orElse("no violation; INCOMPLETE");
        tableRow("all " + partCount + " parts", generated, distinct, depthMax, seconds, verdict);
    }

    private void tableHead() {
        out.printf(Locale.ROOT, ROW, "model", "states", "distinct", "depth", "seconds", "verdict");
        out.printf(Locale.ROOT, ROW, "-".repeat(34), "-".repeat(12), "-".repeat(12), "-".repeat(5), "-".repeat(8), "-".repeat(34));
    }

    private void tableRow(String model, long generated, long distinct, int depth, double seconds, String verdict) {
        out.printf(Locale.ROOT, ROW, model, count(generated), count(distinct), depth < 0 ? "n/a" : depth,
                String.format(Locale.ROOT, "%.1f", seconds), verdict);
    }

    /** The result table, the violation's steps; the exit status. */
    int result(TlcResult r, ModelOptions.Model m, boolean bugRun) {
        out.println();
        tableHead();
        tableRow(r.model(), r.generated(), r.distinct(), r.depth(), r.seconds(), verdict(r));
        out.println("TLC's output: " + r.output());
        if (r.trace() != null) {
            violation(r);
        }
        Catalogue.Entry base = Catalogue.of(sources).entry(m.baseModel());
        String expected = bugRun && base != null ? base.expect() : null;
        if (bugRun) {
            out.println(expected != null && expected.equals(r.violated())
                    ? "the planted bug " + m.bug() + " ends in its named violation, " + expected
                    : "the planted bug " + m.bug() + " must end in " + expected + "; TLC reported " + r.verdict());
            return expected != null && expected.equals(r.violated()) ? 0 : 1;
        }
        if (r.violated() != null && r.violated().startsWith("error: ")) {
            return 3;
        }
        return r.ok() || r.stopped() ? 0 : 1;
    }

    private static String count(long n) {
        return n < 0 ? "n/a" : String.format(Locale.ROOT, "%,d", n);
    }

    private String verdict(TlcResult r) {
        if (r.stopped()) {
            return mode == Tlc.Mode.SIMULATE ? "no violation in the walks" : "no violation; INCOMPLETE (time)";
        }
        return r.ok() ? "ok: no violation" : r.verdict();
    }

    private void violation(TlcResult r) {
        String name = r.violated();
        String why = Definitions.of(sources).comment(name);
        out.println();
        out.println("violated: " + name + (why.isEmpty() ? "" : " -- " + why));
        List<StepTable.Row> rows = StepTable.rows(r.trace());
        out.println("the counterexample, " + rows.size() + " states (only what changed; labels as in docs/protocol-names.md):");
        out.print(StepTable.render(rows));
        out.println("trace kept: " + outDir.resolve(r.model() + ".trace"));
    }

    /**
     * Replays the counterexample on the kernel: with a planted spec bug's kernel twin, whether
     * the kernel reproduces the violation, then without it, where a correct kernel parts from
     * the spec; without a planted bug, whether the kernel has the bug too.
     */
    void replayOnKernel(TlcResult r, ModelOptions.Model m) {
        out.println();
        if (r.trace() == null) {
            out.println("--replay-on-kernel: no counterexample to replay");
            return;
        }
        if (!m.specModule().equals("RingWorld")) {
            out.println("--replay-on-kernel: the replay maps behaviours of RingWorld.tla, from its initial state;"
                    + " this model checks " + m.specModule() + " (" + m.baseModel() + "), whose states the kernel replay"
                    + " does not follow");
            return;
        }
        ReplaySettings settings = ReplaySettings.fromCfg(m.cfgText());
        String twin = m.bug().equals("none") ? null : SpecReplay.kernelTwin(m.bug()).orElse(null);
        if (!m.bug().equals("none") && twin == null) {
            out.println("the spec's planted bug " + m.bug() + " has no twin among the kernel's planted bugs:"
                    + " replaying on the correct kernel only");
        }
        if (twin != null) {
            replay(r, m, settings, twin);
            out.println();
        }
        replay(r, m, settings, "NONE");
    }

    private void replay(TlcResult r, ModelOptions.Model m, ReplaySettings settings, String kernelBug) {
        List<Map<String, Object>> states = r.trace().states();
        out.println("the counterexample's " + states.size() + " states replayed on the kernel"
                + ("NONE".equals(kernelBug) ? " (no planted bug)" : " with its planted bug " + kernelBug
                + ", the twin of the spec's " + m.bug()) + ":");
        SpecReplay.Outcome o;
        try {
            o = SpecReplay.replay(r.model(), states, settings, kernelBug);
        } catch (IllegalArgumentException | IllegalStateException e) {
            out.println("  the replay cannot run this trace: " + e.getMessage());
            return;
        }
        for (SpecReplay.StepOutcome s : o.steps()) {
            out.printf(Locale.ROOT, "  %-5d %-22s %s%n", s.step(), s.action(), s.same() ? "same"
                    : !s.kernelInvariant().isEmpty() ? "the kernel's own assertion " + s.kernelInvariant() + " stops it"
                    : "DIVERGES on " + s.variable());
        }
        out.println("  " + replayVerdict(r, o, kernelBug));
    }

    private static String replayVerdict(TlcResult r, SpecReplay.Outcome o, String kernelBug) {
        boolean loop = r.trace().steps().stream().anyMatch(s -> s.backTo() > 0 || s.stuttering());
        String who = "NONE".equals(kernelBug) ? "the kernel" : "the kernel with " + kernelBug;
        if (o.reproduces(r.violated())) {
            String how = o.completed() ? "took all " + o.totalSteps() + " states as the spec did"
                    : "took every step as the spec did, and its own assertion of " + r.violated() + " stopped the last";
            return loop ? who + " " + how + " (a liveness counterexample: its loop is not replayed)"
                    : who + " reproduces " + r.violated() + ": it " + how
                    + ("NONE".equals(kernelBug) ? ". A real kernel bug." : ".");
        }
        SpecReplay.StepOutcome d = o.divergence().orElseThrow();
        if (!d.kernelInvariant().isEmpty()) {
            return who + " takes the spec's steps up to step " + d.step() + " (" + d.action() + "), where its own assertion"
                    + " of " + d.kernelInvariant() + " catches the bug" + (d.step() < o.totalSteps() ? ", before the spec's "
                    + r.violated() + " breaks at step " + o.totalSteps() : "") + ": " + d.detail();
        }
        if (d.step() == 1) {
            return who + " cannot start where the model starts: " + d.detail() + " (the replay's kernel starts empty)";
        }
        return who + " parts from the spec first at step " + d.step() + " (" + d.action() + "): " + d.detail()
                + ("NONE".equals(kernelBug) ? "\n  it does not take the spec's step there: the violation is the spec's"
                + " (its planted bug's), not the kernel's." : "");
    }
}
