package io.ringworld.runtime.cli;

import io.ringworld.runtime.sim.SwitchCutScenario;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ringworld scenario switch-cut}: issue 19's scripted scenario, a switch cut off from the
 * ring but not from the servers (SwitchCutScenario), with and without the pre-vote.
 */
@Command(name = "scenario", mixinStandardHelpOptions = true,
        description = "Run a scripted scenario in the deterministic simulator (switch-cut: a switch cut off from the "
                + "ring, not from the servers; prints the view changes and the appends committed).",
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {"0:the scenario's bound held", "1:it did not (churn, or appends that did not commit)",
                "2:bad arguments"})
public final class ScenarioCommand implements Callable<Integer> {
    /** The bound the pre-vote must keep: view changes while the switch is cut off. */
    static final long VIEW_CHANGES_MAX = 2;

    @Parameters(index = "0", description = "The scenario: switch-cut.")
    String name;

    @Option(names = "--ticks", defaultValue = "20000", description = "How long the cut lasts (default: ${DEFAULT-VALUE}).")
    long ticks;

    @Option(names = "--seed", defaultValue = "1", description = "The run's seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--no-pre-vote", description = "Switch issue 19's pre-vote off (the kernel before it: churn).")
    boolean noPreVote;

    @Override
    public Integer call() {
        if (!"switch-cut".equals(name)) {
            System.err.println("unknown scenario " + name + " (known: switch-cut)");
            return 2;
        }
        if (ticks <= 0) {
            System.err.println("--ticks must be > 0");
            return 2;
        }
        SwitchCutScenario.Outcome o = SwitchCutScenario.run(seed, !noPreVote, ticks);
        System.out.println((noPreVote ? "pre-vote off: " : "pre-vote on: ") + o.summary());
        boolean held = o.viewChangesAfterCut() <= VIEW_CHANGES_MAX && o.appendsCommitted() == o.appendsTried()
                && o.rejoined();
        System.out.println("bound (at most " + VIEW_CHANGES_MAX + " view changes, every append through the ring "
                + "committed, the cut switch back after the heal): " + (held ? "held" : "NOT held"));
        return held ? 0 : 1;
    }
}
