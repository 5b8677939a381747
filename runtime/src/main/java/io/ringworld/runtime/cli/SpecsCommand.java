package io.ringworld.runtime.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ringworld specs}: the TLA+ specs from the command line. {@code list} shows the models
 * the build checks and the planted spec bugs; {@code check} model-checks RingWorld at the size
 * and with the faults the user chooses, shows a violation as a table of steps, and can replay it
 * on the kernel.
 */
@Command(name = "specs", mixinStandardHelpOptions = true,
        description = "Model-check the TLA+ specs (TLC) at the size you choose; replay a counterexample on the kernel.",
        subcommands = {SpecsListCommand.class, SpecsCheckCommand.class})
final class SpecsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
