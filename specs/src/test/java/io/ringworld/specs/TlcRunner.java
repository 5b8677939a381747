package io.ringworld.specs;

import io.ringworld.specs.tool.Cfg;
import io.ringworld.specs.tool.SpecSources;
import io.ringworld.specs.tool.Tlc;
import io.ringworld.specs.tool.TlcResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The gate's use of the specs tool's TLC runner ({@link Tlc}, the one `ringworld specs check`
 * runs): each model in its own JVM, private copy of the spec directory and -metadir under
 * target/tlc; the whole TLC output in target/tlc/&lt;model&gt;.out; one summary line on stdout.
 */
final class TlcRunner {
    /** Every run of this JVM, in order: {@link GateBudget} prints them as the gate's budget. */
    static final List<TlcResult> RESULTS = java.util.Collections.synchronizedList(new ArrayList<>());

    private TlcRunner() {
    }

    static Path tlaDir() {
        return Path.of(System.getProperty("specs.tla.dir", "tla")).toAbsolutePath();
    }

    static Path outDir() {
        return Path.of(System.getProperty("specs.out.dir", "target/tlc")).toAbsolutePath();
    }

    /** How long one TLC run may take: 60 minutes unless -Dspecs.timeoutMinutes says otherwise. */
    static long timeoutMinutes() {
        return Long.getLong("specs.timeoutMinutes", 60);
    }

    static int workers() {
        return Integer.getInteger("specs.workers", 2);
    }

    /** The configs in the spec directory whose file name matches the predicate. */
    static List<String> configs(java.util.function.Predicate<String> wanted) {
        return SpecSources.at(tlaDir()).cfgs().stream().filter(wanted).toList();
    }

    /** The value of a "\\* key: value" header line of a config, or null. */
    static String header(String cfgText, String key) {
        return Cfg.parse(cfgText, "cfg").header(key);
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs TLC on a config file of the spec directory. */
    static TlcResult run(String cfgName) {
        return run(cfgName.replaceFirst("\\.cfg$", ""), read(tlaDir().resolve(cfgName)));
    }

    /** Runs TLC on config text (model = its name) against the spec directory's modules. */
    static TlcResult run(String model, String cfgText) {
        Tlc.Request request = new Tlc.Request(model, Cfg.parse(cfgText, model).module(model), cfgText, Map.of(), workers(),
                Tlc.Mode.EXHAUSTIVE, 0, 0, timeoutMinutes() * 60);
        TlcResult r = Tlc.run(SpecSources.at(tlaDir()), outDir(), request, line -> { });
        RESULTS.add(r);                                               // the budget shows how far it got
        System.out.println(r.summaryLine());
        if (r.stopped()) {
            throw new AssertionError("TLC timed out after " + timeoutMinutes() + " min on " + model + " ("
                    + r.distinct() + " distinct states so far; -Dspecs.timeoutMinutes=N allows more)");
        }
        return r;
    }
}
