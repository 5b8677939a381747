package io.ringworld.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C during `ringworld specs check` stops TLC: its JVM does not outlive the command. */
class SpecsInterruptTest {

    @Test
    void ctrlCStopsTlcAndLeavesNoProcessBehind(@TempDir Path out) throws Exception {
        // `env --default-signal=INT`: a build started as a background job starts with SIGINT
        // ignored, and a JVM keeps it so; a terminal's Ctrl-C meets the default disposition.
        List<String> cmd = List.of("env", "--default-signal=INT", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RingWorldCli.class.getName(), "specs", "check",
                "--model", "RingWorld_deep", "--workers", "1", "--time-limit", "5m", "--out", out.toString(), "--name", "long");
        Path log = out.resolve("cli.log");
        Process cli = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        List<ProcessHandle> tlc = List.of();
        try {
            Path tlcOut = out.resolve("long.out");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(Files.exists(tlcOut) && Files.readString(tlcOut).contains("Computing initial states"))) {
                assertTrue(cli.isAlive(), "the check ended before TLC started:\n" + Files.readString(log));
                assertTrue(System.nanoTime() < deadline, "TLC did not start within 60 s:\n" + Files.readString(log));
                Thread.sleep(100);
            }
            tlc = cli.descendants().filter(h -> h.info().commandLine().orElse("").contains("tlc2.TLC")).toList();
            assertEquals(1, tlc.size(), "the TLC JVM among the check's processes: " + cli.descendants().toList());
            new ProcessBuilder("kill", "-INT", Long.toString(cli.pid())).inheritIO().start().waitFor();
            assertTrue(cli.waitFor(30, TimeUnit.SECONDS), "the check did not stop within 30 s of SIGINT:\n" + Files.readString(log));
            for (ProcessHandle h : tlc) {
                h.onExit().get(10, TimeUnit.SECONDS);
                assertFalse(h.isAlive(), "TLC (pid " + h.pid() + ") outlived the check");
            }
        } finally {
            cli.destroyForcibly();
            tlc.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
