package io.ringworld.runtime.real;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.runtime.cli.RingWorldCli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C in the middle of a real-cluster run leaves nothing behind: the signal reaches only the
 * campaign's first JVM (the harder case: a terminal's Ctrl-C reaches every process of its group),
 * which passes it on to the campaign it runs again in a namespace of its own; node processes, loop
 * mounts and loop devices are gone when it has exited. (A stopped campaign's namespace and firewall
 * rules end with its last process.)
 */
class RealCampaignInterruptTest {
    @TempDir
    Path dir;

    @Test
    void ctrlCInTheMiddleOfARunLeavesNoProcessNoMountBehind() throws Exception {
        Path runs = dir.resolve("runs");
        Path log = dir.resolve("campaign.log");
        // `env --default-signal=INT`: a build started as a shell's background job (`mvn verify &`)
        // starts with SIGINT ignored, every child inherits that, and a JVM keeps an ignored SIGINT
        // ignored; a terminal's Ctrl-C, what this test stands for, meets the default disposition.
        List<String> cmd = new ArrayList<>(List.of("env", "--default-signal=INT",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RingWorldCli.class.getName(), "campaign", "--real", "--seed", "1",
                "--faults", "pause,link-delay,disk-full,cut-one-way", "--fault-seconds", "120", "--out", runs.toString()));
        Process campaign = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Path nemesis = runs.resolve("run-1").resolve("nemesis.txt");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!(Files.exists(nemesis) && Files.readString(nemesis).contains("s  #1 "))) {
                assertTrue(campaign.isAlive(), "the campaign ended before its first fault:\n" + Files.readString(log));
                assertTrue(System.nanoTime() < deadline, "no fault applied in 120 s:\n" + Files.readString(log));
                Thread.sleep(200);
            }
            assertTrue(nodesOf(runs).size() >= 6, "the cluster is not running: " + nodesOf(runs));
            new ProcessBuilder("kill", "-INT", Long.toString(campaign.pid())).inheritIO().start().waitFor();
            assertTrue(campaign.waitFor(60, TimeUnit.SECONDS), "the campaign did not stop within 60 s of SIGINT:\n"
                    + Files.readString(log));
        } finally {
            campaign.destroyForcibly();
            campaign.waitFor(10, TimeUnit.SECONDS);
        }
        String out = Files.readString(log);
        List<String> processes = nodesOf(runs);
        List<Path> mounts = LoopLeftovers.loopMountsUnder(runs);
        boolean devices = LoopLeftovers.loopDevices().stream().anyMatch(d -> d.toString().contains(runs.toString()));
        cleanUp(runs); // what a failed stop left must not outlive the test (nor keep its folder from being deleted)
        assertEquals(List.of(), processes, "processes left behind:\n" + out);
        assertEquals(List.of(), mounts, "loop mounts left behind:\n" + out);
        assertTrue(!devices, "loop devices left behind: " + LoopLeftovers.loopDevices());
    }

    /** The campaign (its namespaced child too) and its nodes killed, its loop mounts and devices undone. */
    private static void cleanUp(Path runs) throws Exception {
        processesOf(runs).forEach(ProcessHandle::destroyForcibly);
        Thread.sleep(500);
        LoopLeftovers.cleanup(runs);
    }

    /** The arguments from the main class on (a class path is thousands of characters of nothing useful here). */
    private static String mainAndArguments(List<String> arguments) {
        int cp = arguments.indexOf("-cp");
        return String.join(" ", cp < 0 ? arguments : arguments.subList(Math.min(arguments.size(), cp + 2), arguments.size()));
    }

    /** Live processes (nodes, or the campaign itself) with an argument naming the runs folder or a path in it. */
    private static List<String> nodesOf(Path runs) {
        return processesOf(runs).map(h -> h.pid() + " " + mainAndArguments(Leftovers.arguments(h.pid()))).toList();
    }

    private static java.util.stream.Stream<ProcessHandle> processesOf(Path runs) {
        return ProcessHandle.allProcesses()
                .filter(h -> h.pid() != ProcessHandle.current().pid())
                .filter(h -> Leftovers.names(Leftovers.arguments(h.pid()), runs));
    }
}
