package io.ringworld.conformance.trace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks one recorded trace with TLC (its own JVM, its own -metadir): writes
 * {@code Trace_<seed>.tla} (EXTENDS RingWorldTrace, defines TheLog) and its cfg (Trace.cfg with
 * the trace's own bounds, see {@link SpecEventRecorder#constants()}) into a work
 * directory holding a copy of specs/tla, runs TLC, and reads the verdict. Accepted means TLC
 * REPORTED the invariant TraceNotAccepted violated (exit 12): a behaviour of RingWorld matched
 * every event. Exit 0 (no state with l > Len(TraceLog)) means rejected; then a diagnostic run
 * (Strict = FALSE, INVARIANT NoDiff, -dump) names the event and the variable that differ.
 */
final class TlcTraceChecker {
    static final Path SPECS = Paths.get("..", "specs", "tla").toAbsolutePath().normalize();
    static final Path WORK = Paths.get("target", "trace-validation").toAbsolutePath();

    record Verdict(boolean accepted, String message, int distinctStates) {}

    private TlcTraceChecker() {
    }

    /**
     * Checks {@code events} with Trace.cfg, each constant named in {@code constants} set to the
     * value given there instead.
     */
    static Verdict check(String name, List<String> events, Map<String, String> constants) {
        try {
            Path dir = workDir(name);
            String module = "Trace_" + name;
            writeModule(dir, module, List.of(events));
            String cfg = withConstants(Files.readString(SPECS.resolve("Trace.cfg")), constants);
            Files.writeString(dir.resolve(module + ".cfg"), cfg);
            Run strict = tlc(dir, module, module + ".cfg", false);
            int states = strict.distinct();
            if (strict.exit == 12 && strict.out.contains("Invariant TraceNotAccepted is violated")) {
                return new Verdict(true, "trace " + name + ": all " + events.size()
                        + " events matched by a RingWorld behaviour (TLC: TraceNotAccepted violated)", states);
            }
            if (strict.exit != 0) {
                return new Verdict(false, "trace " + name + ": TLC failed (exit " + strict.exit + "):\n" + tail(strict.out), states);
            }
            Files.writeString(dir.resolve(module + "_diag.cfg"), cfg.replace("Strict = TRUE", "Strict = FALSE")
                    .replace("INVARIANT TraceNotAccepted", "INVARIANT NoDiff"));
            Run diag = tlc(dir, module, module + "_diag.cfg", true);
            return new Verdict(false, diagnose(name, events, diag, dir), states);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One trace of a batch: its name, events and constants (as {@link #check} takes them). */
    record Job(String name, List<String> events, Map<String, String> constants) {}

    /**
     * Checks several traces of one cluster shape in one TLC run (one JVM start and one parse of
     * the specs for all of them): each behaviour follows one trace (RingWorldTrace's tk), the
     * constants are the largest any of them needs, and TLC prints the number of every trace a
     * behaviour matched whole (invariant TraceAccepted). A trace it does not print is checked
     * again alone by {@link #check}, whose strict and diagnostic runs give the verdict and name
     * the event. Returns the verdicts in the jobs' order.
     */
    static List<Verdict> checkBatch(String name, List<Job> jobs) {
        try {
            Path dir = workDir(name);
            String module = "Trace_" + name;
            List<List<String>> logs = new java.util.ArrayList<>();
            Map<String, String> merged = new java.util.LinkedHashMap<>();
            for (Job j : jobs) {
                logs.add(j.events());
                for (Map.Entry<String, String> c : j.constants().entrySet()) {
                    merged.merge(c.getKey(), c.getValue(), TlcTraceChecker::larger);
                }
            }
            writeModule(dir, module, logs);
            String cfg = withConstants(Files.readString(SPECS.resolve("Trace.cfg")), merged)
                    .replace("INVARIANT TraceNotAccepted", "INVARIANT TraceAccepted");
            Files.writeString(dir.resolve(module + ".cfg"), cfg);
            Run run = tlc(dir, module, module + ".cfg", false);
            java.util.Set<Integer> accepted = new java.util.HashSet<>();
            Matcher m = Pattern.compile("<<\"trace accepted\", (\\d+)>>").matcher(run.out);
            while (m.find()) {
                accepted.add(Integer.parseInt(m.group(1)));
            }
            List<Verdict> out = new java.util.ArrayList<>();
            for (int k = 0; k < jobs.size(); k++) {
                Job j = jobs.get(k);
                if (run.exit == 0 && accepted.contains(k + 1)) {
                    out.add(new Verdict(true, "trace " + j.name() + ": all " + j.events().size()
                            + " events matched by a RingWorld behaviour (TLC batch " + name + ")", run.distinct()));
                } else {
                    out.add(check(j.name(), j.events(), j.constants()));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Of two values of one constant: the larger number, or the set with more elements. */
    private static String larger(String a, String b) {
        if (a.matches("\\d+") && b.matches("\\d+")) {
            return Long.parseLong(a) >= Long.parseLong(b) ? a : b;
        }
        if (a.startsWith("{") && b.startsWith("{") && (a.equals(b) || a.matches("\\{[\\d, ]*}") && b.matches("\\{[\\d, ]*}"))) {
            return a.split(",").length >= b.split(",").length ? a : b;
        }
        if (!a.equals(b)) {
            throw new IllegalArgumentException("traces of one batch need the same " + a + " / " + b);
        }
        return a;
    }

    private static Path workDir(String name) throws IOException {
        Path dir = WORK.resolve(name);
        Files.createDirectories(dir);
        try (var files = Files.list(SPECS)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (p.toString().endsWith(".tla")) {
                    Files.copy(p, dir.resolve(p.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return dir;
    }

    /** Writes module {@code module}: EXTENDS RingWorldTrace, TheLogs the given traces. */
    private static void writeModule(Path dir, String module, List<List<String>> logs) throws IOException {
        StringBuilder b = new StringBuilder("---- MODULE ").append(module).append(" ----\n")
                .append("EXTENDS RingWorldTrace\n").append("TheLogs == <<\n");
        for (int k = 0; k < logs.size(); k++) {
            List<String> events = logs.get(k);
            b.append(" <<\n");
            for (int n = 0; n < events.size(); n++) {
                b.append("  ").append(events.get(n)).append(n + 1 < events.size() ? ",\n" : "\n");
            }
            b.append(k + 1 < logs.size() ? " >>,\n" : " >>\n");
        }
        b.append(">>\n====\n");
        Files.writeString(dir.resolve(module + ".tla"), b.toString());
    }

    private static String withConstants(String cfg, Map<String, String> constants) {
        for (Map.Entry<String, String> c : constants.entrySet()) {
            Matcher m = Pattern.compile("(?m)^([ \\t]*" + c.getKey() + " = ).*$").matcher(cfg);
            if (!m.find()) {
                throw new IllegalArgumentException("Trace.cfg has no constant " + c.getKey());
            }
            cfg = m.replaceFirst(Matcher.quoteReplacement(m.group(1) + c.getValue()));
        }
        return cfg;
    }

    private static String diagnose(String name, List<String> events, Run diag, Path dir) throws IOException {
        if (diag.exit == 12 && diag.out.contains("Invariant NoDiff is violated")) {
            int l = lastInt(diag.out, "/\\\\ l = (\\d+)");
            Matcher d = Pattern.compile("/\\\\ diff = \"([^\"]+)\"").matcher(diag.out);
            String what = d.find() ? d.group(1) : "?";
            int ev = l - 1;
            return "trace " + name + ": event " + ev + " " + events.get(ev - 1)
                    + " does not match RingWorld: variable " + what;
        }
        int maxL = 1;
        Path dump = dir.resolve("states.dump");
        if (Files.exists(dump)) {
            maxL = Math.max(1, lastMax(Files.readString(dump), "/\\\\ l = (\\d+)"));
        }
        if (maxL > events.size()) {
            return "trace " + name + ": rejected in strict mode but diagnostic run matched all events (exit "
                    + diag.exit + ")";
        }
        String ev = events.get(maxL - 1);
        Matcher a = Pattern.compile("a \\|-> \"(\\w+)\"").matcher(ev);
        String action = a.find() ? a.group(1) : "?";
        return "trace " + name + ": event " + maxL + " " + ev + " has no matching RingWorld step (action "
                + action + " not enabled with these parameters after the " + (maxL - 1) + " matched events)";
    }

    record Run(int exit, String out) {
        int distinct() {
            Matcher m = Pattern.compile("(\\d+) distinct states found").matcher(out);
            return m.find() ? Integer.parseInt(m.group(1)) : -1;
        }
    }

    private static Run tlc(Path dir, String module, String cfg, boolean dump) throws IOException {
        String jar = Paths.get(tlc2.TLC.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString();
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        // -difftrace: TLC prints an accepted trace in full as the counterexample of TraceNotAccepted;
        // printing only what changed per state keeps that output ~20 times smaller.
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-Xss4m", "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + dir,
                "-cp", jar, "tlc2.TLC", "-workers", "1", "-metadir", dir.resolve("meta-" + cfg).toString(),
                "-config", cfg, "-nowarning", "-difftrace"));
        if (dump) {
            cmd.add("-dump");
            cmd.add(dir.resolve("states.dump").toString());
        }
        cmd.add(module + ".tla");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Run(-1, out + "\n(timeout)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return new Run(-1, out);
        }
        Files.writeString(dir.resolve(cfg + ".out"), out);
        return new Run(p.exitValue(), out);
    }

    private static int lastInt(String s, String re) {
        Matcher m = Pattern.compile(re).matcher(s);
        int v = -1;
        while (m.find()) {
            v = Integer.parseInt(m.group(1));
        }
        return v;
    }

    private static int lastMax(String s, String re) {
        Matcher m = Pattern.compile(re).matcher(s);
        int v = -1;
        while (m.find()) {
            v = Math.max(v, Integer.parseInt(m.group(1)));
        }
        return v;
    }

    private static String tail(String out) {
        return out.length() > 3000 ? out.substring(out.length() - 3000) : out;
    }
}
