package io.ringworld.runtime.cli;

import io.ringworld.checker.history.HistoryWriter;
import io.ringworld.kernel.testhooks.PlantedBug;
import io.ringworld.runtime.campaign.Campaign;
import io.ringworld.runtime.campaign.CampaignBugs;
import io.ringworld.runtime.sim.FaultKind;
import io.ringworld.runtime.sim.RunResult;
import io.ringworld.runtime.sim.SimConfig;
import io.ringworld.runtime.sim.Simulation;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ringworld campaign}: many seeded simulation runs with faults, a summary table, and for
 * each failing seed its history, what went wrong and the command that replays it.
 */
@Command(name = "campaign", mixinStandardHelpOptions = true,
        description = "Run a fault-injection campaign in the deterministic simulator.",
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {"0:every run passed", "1:a run found a violation", "2:bad arguments"})
public final class CampaignCommand implements Callable<Integer> {
    @Option(names = "--seeds", defaultValue = "100", description = "Runs (seeds) in the campaign (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--from", description = "First seed (default: random, printed).")
    Long from;

    @Option(names = "--seed", description = "Run exactly this one seed (replay).")
    Long seed;

    @Option(names = "--faults", defaultValue = "all",
            description = "Fault kinds: all, none, or a list of loss,dup,reorder,delay,partition,asym-partition,"
                    + "server-crash,switch-crash,clock-drift,burst, the steering kinds, disk-wipe,disk-corrupt"
                    + " (default: ${DEFAULT-VALUE}; all leaves out the disk kinds: --disk-faults).")
    String faults;

    @Option(names = "--disk-faults",
            description = "Also wipe and corrupt server disks (disk-wipe, disk-corrupt; issue 19): at most one damaged"
                    + " server per replica set at a time.")
    boolean diskFaults;

    @Option(names = "--no-swarm", description = "Switch on every listed fault in every run (default: a random subset per seed).")
    boolean noSwarm;

    @Option(names = "--clients", defaultValue = "4", description = "Concurrent clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--ops", defaultValue = "40", description = "Operations per client (default: ${DEFAULT-VALUE}).")
    int ops;

    @Option(names = "--switches", defaultValue = "3", description = "Switches on the ring (default: ${DEFAULT-VALUE}).")
    int switches;

    @Option(names = "--replica-sets", defaultValue = "2", description = "Replica sets of 3 servers (default: ${DEFAULT-VALUE}).")
    int replicaSets;

    @Option(names = "--planted-bug", defaultValue = "NONE",
            description = "Plant a kernel bug to show the campaign finds it: ${COMPLETION-CANDIDATES}.")
    PlantedBug plantedBug;

    @Option(names = "--threads", description = "Host threads (default: available processors).")
    Integer threads;

    @Option(names = "--trace", description = "With --seed: print the event trace.")
    boolean trace;

    @Option(names = "--out", defaultValue = "campaign-failures",
            description = "Folder for the histories of failing seeds (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--bench", description = "Benchmark: simulated messages per second and seeds per minute.")
    boolean bench;

    @Option(names = "--planted-bug-matrix",
            description = "Run the campaign's seeds once per planted kernel bug and print how many seeds find each"
                    + " (fails if one is never found).")
    boolean bugMatrix;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Option(names = "--trace-hashes", paramLabel = "FILE",
            description = "Write each seed's trace hash to FILE, one \"seed hash\" line per seed in seed order:"
                    + " two builds that behave the same write the same file.")
    Path traceHashes;

    @Option(names = "--real",
            description = "Run the campaign against a real cluster of node processes on this machine (issue 22):"
                    + " SIGKILL, SIGSTOP, iptables cuts in a network namespace of its own, link proxies, broken disks,"
                    + " skewed clocks; --faults then names process, network, link, disk, clock or single kinds"
                    + " (kill-server, ..., see docs); --out is where each run's folder goes.")
    boolean real;

    @Option(names = "--fault-seconds", defaultValue = "40",
            description = "With --real: how long each run's fault phase lasts (default: ${DEFAULT-VALUE}).")
    int faultSeconds;

    @Option(names = "--rate", defaultValue = "200",
            description = "With --real: client operations per second, all workers together (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--storage-bug", paramLabel = "ack-before-force",
            description = "With --real: plant the storage bug: log servers acknowledge a write before its fsync.")
    String storageBug;

    @Option(names = "--dataplane", defaultValue = "kernel", paramLabel = "kernel|p4",
            description = "What runs the switches: the kernel alone, or ringworld.p4 on the p4 module's interpreter"
                    + " with the kernel as its control-plane agent (a difference between them fails the run;"
                    + " with --real, the switch nodes run so and stop on one) (default: ${DEFAULT-VALUE}).")
    String dataplane;

    @Option(names = "--planted-p4-bug", paramLabel = "ack-counted-twice|duplicate-sequenced",
            description = "With --dataplane p4: run ringworld.p4 with a planted bug (ack-counted-twice: a duplicate"
                    + " ack also credits the next member; duplicate-sequenced: the dedup window never marks an id,"
                    + " so a copy of an append is sequenced again); the agent does not stop on a difference, the"
                    + " run's checks must find it.")
    String plantedP4Bug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (real && !"kernel".equals(dataplane) && !"p4".equals(dataplane)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--dataplane must be kernel or p4, got " + dataplane);
        }
        if (real && plantedP4Bug != null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--planted-p4-bug with --real: not yet, a real cluster's P4 switches stop on a divergence");
        }
        if (real) {
            return new RealCampaignCli(this, spec).call();
        }
        SimConfig config;
        try {
            config = config();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintStream stdout = System.out;
        if (bench) {
            return new CampaignBench(stdout).run(config, seeds);
        }
        if (seed != null) {
            return replay(config, seed, stdout);
        }
        long first = from != null ? from : new SecureRandom().nextLong() & Long.MAX_VALUE;
        if (bugMatrix) {
            if (plantedBug != PlantedBug.NONE) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--planted-bug-matrix plants every bug in turn: leave out --planted-bug");
            }
            Progress progress = new Progress(seeds * CampaignBugs.found(diskFaults).size(), quiet ? null : System.err);
            return new BugMatrix(stdout, threadsOrDefault()).run(config, first, seeds, progress);
        }
        stdout.printf(Locale.ROOT, "campaign: seeds %d..%d (--from %d), faults=%s%s%s, switches=%d, replica-sets=%d,"
                        + " clients=%d, ops=%d, planted-bug=%s%s%n",
                first, first + seeds - 1, first, faults, diskFaults ? "+disk" : "", noSwarm ? "" : " (swarm)", switches, replicaSets, clients,
                ops, plantedBug, config.dataplane() == SimConfig.Dataplane.KERNEL ? ""
                        : ", dataplane=" + config.dataplane());
        Progress progress = new Progress(seeds, quiet ? null : System.err);
        java.util.Map<Long, Long> hashes = new java.util.concurrent.ConcurrentSkipListMap<>();
        Campaign.Summary summary = new Campaign(config, threadsOrDefault()).run(first, seeds, r -> {
            hashes.put(r.seed(), r.traceHash());
            progress.done(r);
        });
        progress.finish();
        if (traceHashes != null) {
            writeTraceHashes(hashes, stdout);
        }
        new SummaryTable(stdout).print(summary);
        if (config.dataplane() != SimConfig.Dataplane.KERNEL) {
            stdout.println("P4 switches: frames to the agents by reason " + Simulation.p4FramesToAgents()
                    + " (MIRROR: taken by the data plane's fast path; of those, " + Simulation.p4TokenVisitsInDataPlane()
                    + " token visits the data plane made; TOKEN: tokens it left to the kernel)");
        }
        for (RunResult failure : summary.failures) {
            reportFailure(failure, stdout);
        }
        return summary.allPassed() ? 0 : 1;
    }

    private int replay(SimConfig config, long theSeed, PrintStream stdout) {
        SimConfig traced = config.withTraceMode(trace ? SimConfig.TraceMode.PRINT : SimConfig.TraceMode.HASH);
        RunResult result = Simulation.run(theSeed, traced, stdout);
        stdout.printf(Locale.ROOT, "seed %d: %s; ops=%d messages=%d view-changes=%d simulated=%dus trace-hash=%016x%n",
                theSeed, result.passed() ? "passed" : "FAILED", result.opsCompleted(), result.messages(),
                result.viewChanges(), result.simulatedMicros(), result.traceHash());
        stdout.println("plan: " + result.plan().describe());
        stdout.println("injected: " + result.faultsInjected());
        if (!result.passed()) {
            reportFailure(result, stdout);
            return 1;
        }
        return 0;
    }

    private void reportFailure(RunResult r, PrintStream stdout) {
        stdout.println();
        stdout.println("FAILED seed " + r.seed() + ": " + r.firstViolation());
        stdout.println("  plan: " + r.plan().describe());
        for (int k = 1; k < r.violations().size() && k < 5; k++) {
            stdout.println("  also: " + r.violations().get(k));
        }
        try {
            Files.createDirectories(out);
            Path file = out.resolve("seed-" + r.seed() + ".edn");
            HistoryWriter.write(r.history(), file);
            stdout.println("  history: " + file + " (" + r.history().ops().size() + " ops)");
        } catch (IOException e) {
            stdout.println("  history could not be saved: " + e.getMessage());
        }
        stdout.println("  replay:  " + replayCommand(r.seed()));
    }

    private void writeTraceHashes(java.util.Map<Long, Long> hashes, PrintStream stdout) {
        StringBuilder b = new StringBuilder();
        hashes.forEach((s, h) -> b.append(s).append(' ').append(String.format(Locale.ROOT, "%016x", h)).append('\n'));
        try {
            Files.writeString(traceHashes, b);
            stdout.println("trace hashes of " + hashes.size() + " seeds: " + traceHashes);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write --trace-hashes " + traceHashes + ": " + e.getMessage(), e);
        }
    }

    /** The exact command that replays {@code theSeed} with this campaign's settings. */
    String replayCommand(long theSeed) {
        StringBuilder cmd = new StringBuilder("./ringworld campaign --seed ").append(theSeed)
                .append(" --faults ").append(faults)
                .append(" --switches ").append(switches)
                .append(" --replica-sets ").append(replicaSets)
                .append(" --clients ").append(clients)
                .append(" --ops ").append(ops);
        if (diskFaults) {
            cmd.append(" --disk-faults");
        }
        if (noSwarm) {
            cmd.append(" --no-swarm");
        }
        if (plantedBug != PlantedBug.NONE) {
            cmd.append(" --planted-bug ").append(plantedBug);
        }
        if (!"kernel".equals(dataplane)) {
            cmd.append(" --dataplane ").append(dataplane);
        }
        if (plantedP4Bug != null) {
            cmd.append(" --planted-p4-bug ").append(plantedP4Bug);
        }
        return cmd.append(" --trace").toString();
    }

    SimConfig config() {
        if (seeds < 1) {
            throw new IllegalArgumentException("--seeds must be >= 1, got " + seeds);
        }
        Set<FaultKind> kinds = FaultKind.parseList(faults);
        if (diskFaults) {
            kinds = new java.util.HashSet<>(kinds);
            kinds.addAll(FaultKind.DISK);
        }
        return new SimConfig(switches, replicaSets, clients, ops, kinds, !noSwarm, plantedBug,
                SimConfig.TraceMode.HASH).withDataplane(dataplane());
    }

    /** --dataplane and --planted-p4-bug as the simulator's setting; throws naming a bad value. */
    private SimConfig.Dataplane dataplane() {
        boolean p4 = switch (dataplane == null ? "kernel" : dataplane) {
            case "kernel" -> false;
            case "p4" -> true;
            default -> throw new IllegalArgumentException("--dataplane must be kernel or p4, got " + dataplane);
        };
        if (plantedP4Bug == null) {
            return p4 ? SimConfig.Dataplane.P4 : SimConfig.Dataplane.KERNEL;
        }
        if (!p4) {
            throw new IllegalArgumentException("--planted-p4-bug needs --dataplane p4");
        }
        SimConfig.Dataplane planted = SimConfig.Dataplane.withPlantedBug(plantedP4Bug);
        if (planted == null) {
            throw new IllegalArgumentException("--planted-p4-bug must be one of " + java.util.Arrays.stream(
                    io.ringworld.p4.ringworld.PlantedP4Bug.values()).map(io.ringworld.p4.ringworld.PlantedP4Bug::cliName)
                    .toList() + ", got " + plantedP4Bug);
        }
        return planted;
    }

    private int threadsOrDefault() {
        return threads != null ? Math.max(1, threads) : Runtime.getRuntime().availableProcessors();
    }
}
