package io.ringworld.runtime.cli;

import io.ringworld.specs.tool.CrashSplit;
import io.ringworld.specs.tool.ModelOptions;
import io.ringworld.specs.tool.SpecSources;
import io.ringworld.specs.tool.Tlc;
import io.ringworld.specs.tool.TlcResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ringworld specs check}: writes the cfg of the model asked for (a base model of
 * specs/tla with the chosen size, faults and properties written over it), runs TLC on it in its
 * own JVM, shows TLC's progress, and ends with a result table; a violation is shown as a table
 * of steps ({@link SpecsReport}) and kept as a trace file, and {@code --replay-on-kernel} runs
 * it on the kernel.
 */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Model-check RingWorld with TLC at the size and with the faults you choose.",
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {"0:no violation (with --bug: the planted bug's expected violation)",
            "1:a violation (with --bug: not the expected one)", "2:bad options", "3:TLC failed to run the model"})
final class SpecsCheckCommand implements Callable<Integer> {
    @Option(names = "--model", description = "The base model, a cfg of specs/tla (default: RingWorld_fast; `specs list`).")
    String model;

    @Option(names = "--bug", description = "Check a planted spec bug: its own model, which must end in its named violation.")
    String bug;

    @Option(names = "--switches", description = "Switches in the ring (NumSwitches).")
    Integer switches;

    @Option(names = "--replica-sets", description = "Replica sets of 3 servers: 1 or 2 (NumRS).")
    Integer replicaSets;

    @Option(names = "--payloads", description = "Appends (Payloads = 1..N); raises the highest index to N.")
    Integer payloads;

    @Option(names = "--max-index", description = "Highest log index (MaxIdx, at least --payloads).")
    Integer maxIndex;

    @Option(names = "--views", description = "Highest view a coordinator may start (MaxView).")
    Integer views;

    @Option(names = "--crash-switches", split = ",", description = "Switches that may crash, e.g. 2,3 (or none).")
    List<String> crashSwitches;

    @Option(names = "--crash-servers", split = ",", description = "Servers that may crash: a1..a3, b1..b3 (or none).")
    List<String> crashServers;

    @Option(names = "--crashes", description = "At most this many crashes in a behaviour (MaxFaults).")
    Integer crashes;

    @Option(names = "--restarts", negatable = true, description = "Crashed switches restart, crashed servers recover.")
    Boolean restarts;

    @Option(names = "--losses", description = "At most this many lost messages (MaxLoss).")
    Integer losses;

    @Option(names = "--trims", description = "Trim points 2..N+1 may be asked for (MaxTrims).")
    Integer trims;

    @Option(names = "--reads", description = "Read operations (ReadOps = 1..N).")
    Integer reads;

    @Option(names = "--get-tails", description = "getTail operations (TailOps = 1..N).")
    Integer getTails;

    @Option(names = "--vc-trigger", description = "When a switch may start a view change: any, afterCrash, afterKnownCommit, suspect.")
    String vcTrigger;

    @Option(names = "--client-switch", description = "0: clients ask any live switch; k: every operation goes to switch k.")
    Integer clientSwitch;

    @Option(names = "--disk-faults", description = "Wiped or corrupt disks: 0, 1 or 2 (DiskFaults).")
    Integer diskFaults;

    @Option(names = "--pre-vote", negatable = true, description = "The pre-vote and rejoining without a view change (PreVote, Rejoin).")
    Boolean preVote;

    @Option(names = "--invariant", description = "Check only these invariants (repeatable; default: the base model's).")
    List<String> invariants;

    @Option(names = "--no-refinement", description = "Do not check the refinement of SharedLog.")
    boolean noRefinement;

    @Option(names = "--liveness", description = "Check liveness: the fair spec, without symmetry (slower).")
    boolean liveness;

    @Option(names = "--property", description = "Also check this temporal property (repeatable).")
    List<String> properties;

    @Option(names = "--mode", defaultValue = "exhaustive", description = "exhaustive (every state) or simulate (random walks).")
    String mode;

    @Option(names = "--depth", description = "exhaustive: states at this depth are checked, not expanded; simulate: walk length (default 100).")
    Integer depth;

    @Option(names = "--time-limit", description = "Stop TLC after this long, e.g. 90s, 10m, 2h (simulate: default 60s).")
    String timeLimit;

    @Option(names = "--workers", description = "TLC worker threads (default: the cores of this machine).")
    Integer workers;

    @Option(names = "--seed", description = "TLC's seed in simulate mode (default: random, printed).")
    Long seed;

    @Option(names = "--name", description = "The run's name: its files are OUT/NAME.cfg, .out, .trace (default: the model's).")
    String name;

    @Option(names = "--out", defaultValue = "target/specs-check", description = "Where the run's files go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--spec-dir", description = "The spec directory (default: specs/tla of this checkout, else the bundled copy).")
    Path specDir;

    @Option(names = "--split-by-crash", description = "Check the model in parts, one per node that may crash"
            + " (one server per replica set under symmetry); needs at most one crash per behaviour.")
    boolean splitByCrash;

    @Option(names = "--dry-run", description = "Write the cfg and print the TLC command; do not run TLC.")
    boolean dryRun;

    @Option(names = "--replay-on-kernel", description = "Replay a counterexample on the kernel, step by step"
            + " (with --bug, with the planted bug's kernel twin if it has one).")
    boolean replayOnKernel;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static SpecSources sources(CommandLine.Model.CommandSpec spec, Path specDir) {
        try {
            return specDir != null ? SpecSources.at(specDir) : SpecSources.locate();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--spec-dir: " + e.getMessage());
        }
    }

    @Override
    public Integer call() {
        SpecSources sources = sources(spec, specDir);
        Tlc.Mode tlcMode = parseMode();
        List<ModelOptions.Model> models;
        List<Tlc.Request> requests = new ArrayList<>();
        try {
            ModelOptions options = options(tlcMode);
            models = splitByCrash ? CrashSplit.parts(options, sources, runName()) : List.of(options.build(sources, runName()));
            for (ModelOptions.Model m : models) {
                requests.add(new Tlc.Request(m.name(), m.module(), m.cfgText(), m.extraModules(), workerCount(), tlcMode,
                        depth == null ? 100 : depth, seedOf(tlcMode), limitSeconds(tlcMode)));
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        SpecsReport report = new SpecsReport(System.out, sources, out.toAbsolutePath());
        if (splitByCrash) {
            report.parts(models);
        }
        List<TlcResult> results = new ArrayList<>();
        int exit = 0;
        for (int k = 0; k < models.size(); k++) {
            ModelOptions.Model m = models.get(k);
            Tlc.Request request = requests.get(k);
            report.header(m, request);
            if (dryRun) {
                Tlc.prepare(sources, out.toAbsolutePath(), request);
                exit = report.dryRun(m, request);
                continue;
            }
            TlcResult r = Tlc.run(sources, out.toAbsolutePath(), request, report::tlcLine);
            results.add(r);
            exit = report.result(r, m, bug != null);
            if (replayOnKernel) {
                report.replayOnKernel(r, m);
            }
            if (!r.ok() && !r.stopped()) {
                break; // a violation (or TLC's failure) ends a split run: the parts after it would not change the verdict
            }
        }
        if (splitByCrash && !dryRun) {
            report.partsSummary(results, models.size());
        }
        return exit;
    }

    private String runName() {
        if (name != null) {
            return name;
        }
        return bug != null ? "bug_" + bug : (model == null ? "RingWorld_fast" : model.replaceFirst("\\.cfg$", "")) + "_check";
    }

    ModelOptions options(Tlc.Mode tlcMode) {
        return new ModelOptions().baseModel(model).bug(bug).switches(switches).replicaSets(replicaSets).payloads(payloads)
                .maxIndex(maxIndex).views(views).crashSwitches(crashSwitches == null ? null : switchIds(crashSwitches))
                .crashServers(crashServers == null ? null : none(crashServers)).crashes(crashes).restarts(restarts)
                .losses(losses).trims(trims).reads(reads).getTails(getTails).vcTrigger(vcTrigger)
                .clientSwitch(clientSwitch).diskFaults(diskFaults).preVote(preVote).invariants(invariants)
                .refinement(!noRefinement).liveness(liveness).properties(properties == null ? List.of() : properties)
                .depth(tlcMode == Tlc.Mode.EXHAUSTIVE ? depth : null).mode(tlcMode);
    }

    private static List<String> none(List<String> items) {
        return items.size() == 1 && items.get(0).equals("none") ? List.of() : items;
    }

    private List<Integer> switchIds(List<String> items) {
        try {
            return none(items).stream().map(String::trim).map(Integer::parseInt).toList();
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--crash-switches takes switch numbers, e.g. 2,3 (or none), got " + items);
        }
    }

    private Tlc.Mode parseMode() {
        return switch (mode) {
            case "exhaustive" -> Tlc.Mode.EXHAUSTIVE;
            case "simulate" -> Tlc.Mode.SIMULATE;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--mode must be exhaustive or simulate, got " + mode);
        };
    }

    private int workerCount() {
        int w = workers != null ? workers : Runtime.getRuntime().availableProcessors();
        if (w < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--workers must be at least 1, got " + w);
        }
        return w;
    }

    private long seedOf(Tlc.Mode tlcMode) {
        return seed != null ? seed : tlcMode == Tlc.Mode.SIMULATE ? new java.util.Random().nextLong() : 0;
    }

    long limitSeconds(Tlc.Mode tlcMode) {
        if (timeLimit == null) {
            return tlcMode == Tlc.Mode.SIMULATE ? 60 : 0;
        }
        try {
            String t = timeLimit.trim().toLowerCase(java.util.Locale.ROOT);
            Duration d = t.matches("\\d+") ? Duration.ofSeconds(Long.parseLong(t))
                    : Duration.parse("PT" + t.toUpperCase(java.util.Locale.ROOT));
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("not positive");
            }
            return Math.max(1, d.getSeconds());
        } catch (RuntimeException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--time-limit takes a duration such as 90s, 10m or 2h, got " + timeLimit);
        }
    }
}
