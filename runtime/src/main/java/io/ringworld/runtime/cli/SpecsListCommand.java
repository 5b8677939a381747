package io.ringworld.runtime.cli;

import io.ringworld.specs.tool.Catalogue;
import io.ringworld.specs.tool.SpecSources;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ringworld specs list}: the models of specs/tla, what each is for, and the planted spec bugs. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "The models the build checks, the deep ones, the planted spec bugs and the replay models.")
final class SpecsListCommand implements Callable<Integer> {
    private static final int DESCRIPTION_CHARS_MAX = 110;

    @Option(names = "--kind", defaultValue = "all", description = "all, fast, deep, bug or replay (default: ${DEFAULT-VALUE}).")
    String kind;

    @Option(names = "--spec-dir", description = "The spec directory (default: specs/tla of this checkout, else the bundled copy).")
    Path specDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        String filter = switch (kind) {
            case "all" -> "";
            case "fast" -> "fast";
            case "deep" -> "deep";
            case "bug" -> "planted";
            case "replay" -> "replay";
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--kind must be all, fast, deep, bug or replay, got " + kind);
        };
        SpecSources sources = SpecsCheckCommand.sources(spec, specDir);
        System.out.println("specs: " + sources.origin());
        String row = "%-34s %-22s %-14s %-26s %s%n";
        System.out.printf(row, "model", "kind", "module", "planted bug -> must end in", "what it is for");
        for (Catalogue.Entry e : Catalogue.of(sources).entries()) {
            if (!e.kind().contains(filter)) {
                continue;
            }
            String bug = e.bug() == null ? "" : e.bug() + " -> " + (e.expect() == null ? "?" : e.expect());
            System.out.printf(row, e.cfg(), e.kind(), e.module(), bug, shorten(e.description()));
        }
        System.out.println("\n`ringworld specs check --model NAME` checks a model (sizes and faults can be changed);"
                + " `--bug NAME` runs a planted bug's model.");
        return 0;
    }

    private static String shorten(String s) {
        return s.length() <= DESCRIPTION_CHARS_MAX ? s : s.substring(0, DESCRIPTION_CHARS_MAX - 3) + "...";
    }
}
