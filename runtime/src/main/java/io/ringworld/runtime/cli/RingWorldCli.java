package io.ringworld.runtime.cli;

import io.ringworld.checker.cli.CheckCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ringworld} command line: {@code campaign}, {@code scenario} and {@code check}. */
@Command(name = "ringworld", mixinStandardHelpOptions = true, version = "ringworld 0.1.0",
        description = "RingWorld: a datacenter-wide distributed shared log.",
        subcommands = {CampaignCommand.class, ScenarioCommand.class, CheckCommand.class})
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
