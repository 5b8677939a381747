package io.ringworld.runtime.cli;

import io.ringworld.checker.cli.CheckCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ringworld} command line: {@code campaign}, {@code scenario}, {@code check}, {@code cluster}, {@code node} and the one-off log operations. */
@Command(name = "ringworld", mixinStandardHelpOptions = true, version = "ringworld 0.1.0",
        description = "RingWorld: a datacenter-wide distributed shared log.",
        subcommands = {CampaignCommand.class, ScenarioCommand.class, CheckCommand.class, ClusterCommand.class,
            NodeCommand.class, BenchCommand.class, LinkBenchCommand.class, PaperScaleCommand.class, LogCommands.Append.class, LogCommands.Read.class, LogCommands.Tail.class,
            LogCommands.Trim.class, SpecsCommand.class})
public final class RingWorldCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (tests use it to run commands in-process). */
    public static CommandLine commandLine() {
        return new CommandLine(new RingWorldCli());
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
