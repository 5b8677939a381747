package io.ringworld.runtime.cli;

import io.ringworld.runtime.campaign.Campaign;
import io.ringworld.runtime.sim.FaultKind;
import java.io.PrintStream;
import java.util.Locale;

/** The campaign's summary table. */
final class SummaryTable {
    private final PrintStream out;

    SummaryTable(PrintStream out) {
        this.out = out;
    }

    void print(Campaign.Summary s) {
        double wallSeconds = s.wallNanos / 1e9;
        out.println();
        out.println("| runs | passed | violations | ops | messages | view changes | simulated s | wall s |");
        out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
        out.printf(Locale.ROOT, "| %d | %d | %d | %d | %d | %d | %.1f | %.1f |%n", s.runs, s.runs - s.failures.size(),
                s.failures.size(), s.ops, s.messages, s.viewChanges, s.simulatedMicros / 1e6, wallSeconds);
        out.println();
        out.println("| fault | injected |");
        out.println("|---|---:|");
        for (FaultKind kind : FaultKind.values()) {
            out.printf(Locale.ROOT, "| %s | %d |%n", kind.cliName(), s.faultsByKind[kind.ordinal()]);
        }
        out.println();
        out.printf(Locale.ROOT, "campaign: %s (%d of %d runs passed)%n",
                s.allPassed() ? "PASSED" : "FAILED", s.runs - s.failures.size(), s.runs);
    }
}
