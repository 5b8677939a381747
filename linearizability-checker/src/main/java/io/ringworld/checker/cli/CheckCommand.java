package io.ringworld.checker.cli;

import io.ringworld.checker.history.History;
import io.ringworld.checker.history.HistoryFormatException;
import io.ringworld.checker.history.HistoryReader;
import io.ringworld.checker.log.LogChecker;
import io.ringworld.checker.report.Timeline;
import io.ringworld.checker.report.Verdict;
import io.ringworld.checker.report.VerdictMaps;
import io.ringworld.checker.wgl.Budget;
import io.ringworld.checker.wgl.Models;
import io.ringworld.checker.wgl.WglChecker;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ringworld check FILE.edn [--model log|register|kv]}: prints the verdict map. Exit status:
 * 0 valid, 1 not linearizable, 2 bad input (the line and field are printed), 3 unknown.
 * {@code --bench} runs the benchmark instead (seeded; {@code --seed} replays).
 */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Check a Jepsen EDN history for linearizability.",
    exitCodeListHeading = "Exit status:%n",
    exitCodeList = {"0:valid", "1:not linearizable", "2:bad input", "3:unknown (budget ran out)"})
public final class CheckCommand implements Callable<Integer> {
    public static final int EXIT_VALID = 0;
    public static final int EXIT_INVALID = 1;
    public static final int EXIT_BAD_INPUT = 2;
    public static final int EXIT_UNKNOWN = 3;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE.edn", description = "The history, one op map per line.")
    Path file;

    @Option(names = "--model", defaultValue = "log", description = "log, register or kv (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--algorithm", defaultValue = "fast",
        description = "For --model log: fast (O(n log n)) or wgl (general search). Other models always use wgl.")
    String algorithm;

    @Option(names = "--budget-ms", defaultValue = "10000", description = "Time budget of the wgl search; then :unknown.")
    long budgetMillis;

    @Option(names = "--budget-states", defaultValue = "20000000", description = "Memoized-state budget of the wgl search.")
    long budgetStates;

    @Option(names = "--timeline", paramLabel = "OUT.html|OUT.svg", description = "Write a timeline of the violation's window.")
    Path timeline;

    @Option(names = "--bench", description = "Run the benchmark (1M-op history; wgl's largest within 10 s).")
    boolean bench;

    @Option(names = "--seed", description = "Seed of --bench (default: random, printed).")
    Long seed;

    @Option(names = "--bench-ops", defaultValue = "1000000", description = "Operations of the --bench history.")
    int benchOps;

    @Option(names = "--bench-runs", defaultValue = "5", description = "Timed runs of the fast checker in --bench.")
    int benchRuns;

    @Option(names = "--wgl-max-ops", defaultValue = "4096000", description = "Largest history --bench tries with wgl.")
    int wglMaxOps;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new CheckCommand()).execute(args));
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (bench) {
            new Bench(out, seed != null ? seed : new java.util.SplittableRandom().nextLong(), benchOps, benchRuns, wglMaxOps).run();
            return EXIT_VALID;
        }
        if (file == null) {
            err.println("bad input: no FILE.edn given (or use --bench)");
            return EXIT_BAD_INPUT;
        }
        try {
            History history = HistoryReader.read(file);
            Verdict verdict = check(history);
            out.println(VerdictMaps.toEdn(verdict, history));
            writeTimeline(history, verdict);
            return verdict.validity().exitCode();
        } catch (HistoryFormatException e) {
            err.println("bad input: " + file + ":");
            err.println(e.getMessage().replaceAll("(?m)^", "  "));
            return EXIT_BAD_INPUT;
        } catch (IOException | IllegalArgumentException e) {
            err.println("bad input: " + file + ": " + e.getMessage());
            return EXIT_BAD_INPUT;
        }
    }

    private Verdict check(History history) {
        if ("log".equals(model) && "fast".equals(algorithm)) {
            return LogChecker.check(history);
        }
        if (!"fast".equals(algorithm) && !"wgl".equals(algorithm)) {
            throw new IllegalArgumentException("--algorithm must be fast or wgl, got " + algorithm);
        }
        return WglChecker.check(history, Models.byName(model), new Budget(budgetMillis, budgetStates));
    }

    private void writeTimeline(History history, Verdict verdict) throws IOException {
        if (timeline == null) {
            return;
        }
        String text = timeline.toString().endsWith(".svg") ? Timeline.svg(history, verdict) : Timeline.html(history, verdict);
        Files.writeString(timeline, text, StandardCharsets.UTF_8);
    }
}
