package io.ringworld.runtime.real;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Leftovers kills a node an interrupted run left, and never a process whose command line does not name the run. */
class LeftoversTest {

    @Test
    void killsTheRunsNodeButNotAStranger(@TempDir Path dir) throws Exception {
        Path run = Files.createDirectories(dir.resolve("run-1"));
        // Started through a link inside the run folder, so that its command line names the folder, as a node's does.
        Path sleepInRun = Files.createSymbolicLink(run.resolve("node-sleep"), Path.of(sleepBinary()));
        Process node = new ProcessBuilder(sleepInRun.toString(), "600").start();
        Process stranger = new ProcessBuilder(sleepBinary(), "600").start();
        try {
            Files.writeString(run.resolve(Leftovers.PIDS_FILE),
                    node.pid() + " node-1\n" + stranger.pid() + " node-2\n" + "999999999 gone\n" + "12");

            List<Leftovers.Killed> killed = Leftovers.killNodes(dir);

            assertEquals(1, killed.size(), killed.toString());
            assertEquals(node.pid(), killed.get(0).pid());
            assertEquals("node-1", killed.get(0).name());
            assertTrue(node.waitFor(5, TimeUnit.SECONDS), "node still alive");
            assertEquals(137, node.exitValue(), "not SIGKILL"); // 128 + 9
            assertTrue(stranger.isAlive(), "the stranger was killed");
        } finally {
            node.destroyForcibly();
            stranger.destroyForcibly();
        }
    }

    @Test
    void aRunFolderIsNamedOnlyAsAWholePathComponent() {
        Path run = Path.of("/runs/r1");
        assertTrue(Leftovers.names(List.of("java", "--data=/runs/r1/node-1"), run));
        assertTrue(Leftovers.names(List.of("/runs/r1"), run));
        assertFalse(Leftovers.names(List.of("java", "--data=/runs/r10/node-1"), run));
        assertFalse(Leftovers.names(List.of(), run));
    }

    @Test
    void aMissingRootKillsNothing(@TempDir Path dir) throws IOException {
        assertEquals(List.of(), Leftovers.killNodes(dir.resolve("absent")));
    }

    private static String sleepBinary() {
        return Files.isExecutable(Path.of("/usr/bin/sleep")) ? "/usr/bin/sleep" : "/bin/sleep";
    }
}
