package io.ringworld.runtime.cli;

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

    /** The result table, the violation's steps; the exit status. */
    int result(TlcResult r, ModelOptions.Model m, boolean bugRun) {
        out.println();
        String row = "| %-34s | %12s | %12s | %5s | %8s | %-34s |%n";
        out.printf(Locale.ROOT, row, "model", "states", "distinct", "depth", "seconds", "verdict");
        out.printf(Locale.ROOT, row, "-".repeat(34), "-".repeat(12), "-".repeat(12), "-".repeat(5), "-".repeat(8), "-".repeat(34));
        out.printf(Locale.ROOT, row, r.model(), count(r.generated()), count(r.distinct()), r.depth() < 0 ? "n/a" : r.depth(),
                String.format(Locale.ROOT, "%.1f", r.seconds()), verdict(r));
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

    void replayOnKernel(TlcResult r, ModelOptions.Model m) {
        out.println();
        out.println("--replay-on-kernel: not available in this build");
    }
}
