package io.ringworld.runtime.real;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.runtime.cli.RingWorldCli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ringworld campaign --real} as a user runs it, in a JVM of its own (which runs itself again
 * in a network namespace of its own when it can): one run of real node processes with every fault
 * kind at least once, passing; and the nemesis timeline shows each fault was really applied: a
 * paused node's process state is stopped, a cut node's connection attempts fail, killed servers
 * get new pids, a disk was torn, flipped, wiped and filled, link proxies dropped and duplicated
 * frames, a clock ran at another rate. Without root the network and full-disk kinds are skipped
 * with the reason printed (under CI=true that fails instead).
 */
class RealCampaignTest {
    @TempDir
    Path dir;

    @Test
    void everyFaultKindOnRealProcessesPassesAndWasReallyApplied() throws Exception {
        long seed = Long.getLong("seed", 7);
        Path log = dir.resolve("campaign.log");
        int exit = runCli(log, "campaign", "--real", "--seed", Long.toString(seed), "--fault-seconds", "30", "--out",
                dir.resolve("runs").toString());
        String out = Files.readString(log);
        System.out.println(out);
        assertEquals(0, exit, "the campaign failed: " + problems(out, dir.resolve("runs").resolve("run-" + seed)));
        assertTrue(out.contains("runs 1, passed 1, failed 0"), out);
        Capabilities caps = Capabilities.detect();
        Set<RealFault> expected = EnumSet.allOf(RealFault.class);
        if (!caps.canCutNetwork()) {
            expected.removeIf(f -> f.group() == RealFault.Group.NETWORK);
            assertTrue(out.contains("skipped fault kind cut-one-way"), out);
        }
        if (!caps.canFillDisks()) {
            expected.remove(RealFault.DISK_FULL);
        }
        for (RealFault f : expected) {
            Matcher m = Pattern.compile("(?m)^" + Pattern.quote(f.label()) + "\\s+(\\d+)\\s+(\\d+)$").matcher(out);
            assertTrue(m.find() && Integer.parseInt(m.group(1)) >= 1, f.label() + " was not applied:\n" + out);
        }
        String timeline = Files.readString(dir.resolve("runs").resolve("run-" + seed).resolve("nemesis.txt"));
        assertTrue(timeline.matches("(?s).*pause s?w?[0-9-]+: SIGSTOP pid \\d+, state T.*"), "a paused node was not stopped:\n" + timeline);
        assertTrue(timeline.contains("SIGCONT, state "), timeline);
        assertTrue(timeline.matches("(?s).*kill-server s\\d-\\d: SIGKILL pid \\d+, state gone.*"), timeline);
        assertTrue(timeline.contains("flipped bit"), timeline);
        assertTrue(timeline.contains("tore segment-"), timeline);
        assertTrue(timeline.contains("wiped "), timeline);
        assertTrue(timeline.matches("(?s).*link-loss .*dropped [1-9].*"), "no frame was dropped:\n" + timeline);
        assertTrue(timeline.contains("clock at "), timeline);
        if (expected.contains(RealFault.CUT_ONE_WAY)) {
            assertTrue(timeline.matches("(?s).*cut-one-way .*probe connect \\S+: failed.*"), "a cut link still connected:\n" + timeline);
            assertTrue(timeline.matches("(?s).*isolate .*probe connect \\S+: failed.*"), timeline);
        }
        String history = Files.readString(dir.resolve("runs").resolve("run-" + seed).resolve("history.edn"));
        assertTrue(history.contains(":process :nemesis"), "no nemesis operation in the history");
    }

    /**
     * A failed run's problem lines and the end of its nemesis timeline: a build log often keeps only
     * its last lines, and the assertion message is among them.
     */
    static String problems(String out, Path runFolder) throws Exception {
        StringBuilder b = new StringBuilder();
        for (String line : out.split("\n")) {
            if (line.startsWith("run ") || line.startsWith("    ") || line.startsWith("failed: ") || line.contains("Exception")) {
                b.append('\n').append(line);
            }
        }
        Path timeline = runFolder.resolve("nemesis.txt");
        if (Files.exists(timeline)) {
            List<String> lines = Files.readAllLines(timeline);
            b.append("\nthe timeline's last lines:");
            lines.subList(Math.max(0, lines.size() - 25), lines.size()).forEach(l -> b.append('\n').append(l));
        }
        return b.toString();
    }

    /** Runs the CLI in a JVM of its own (as a user would); its exit status. */
    static int runCli(Path log, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RingWorldCli.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(8, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the campaign took over 8 minutes: " + Files.readString(log));
        }
        return p.exitValue();
    }
}
