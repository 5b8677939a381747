package io.ringworld.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `ringworld specs list` and `specs check`: options, the cfg written, a planted bug's step table. */
class SpecsCommandTest {

    @Test
    void listShowsTheModelsAndThePlantedBugsWithTheirViolations() {
        CliRun r = CliRun.of("specs", "list");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("RingWorld_fast") && r.out().contains("fast (every build)"), r.out());
        assertTrue(r.out().contains("CommitOnOneAck -> CommitNeedsMajority"), r.out());
        assertTrue(r.out().contains("LowestView -> "), "the deep planted bugs too: " + r.out());
        CliRun bugs = CliRun.of("specs", "list", "--kind", "bug");
        assertTrue(!bugs.out().contains("RingWorld_fast ") && bugs.out().contains("bug_SkipSeal"), bugs.out());
    }

    @Test
    void aDryRunWritesTheCfgOfThreeSwitchesAndTwoReplicaSetsWithItsDepthBound(@TempDir Path out) throws Exception {
        CliRun r = CliRun.of("specs", "check", "--switches", "3", "--replica-sets", "2", "--crash-switches", "3",
                "--depth", "9", "--dry-run", "--out", out.toString(), "--name", "three");
        assertEquals(0, r.exit(), r.err());
        String cfg = Files.readString(out.resolve("three").resolve("three.cfg"));
        assertTrue(cfg.contains("NumSwitches = 3") && cfg.contains("NumRS = 2") && cfg.contains("RS1 = {b1, b2, b3}")
                && cfg.contains("CrashSwitches = {3}") && cfg.contains("DepthBound"), cfg);
        assertTrue(Files.readString(out.resolve("three").resolve("MC.tla")).contains("TLCGet(\"level\") < 9"));
        assertTrue(Files.isRegularFile(out.resolve("three").resolve("RingWorld.tla")), "the modules are copied beside it");
        assertTrue(r.out().contains("TLC alone reruns it: (cd ") && r.out().contains("tlc2.TLC") && r.out().contains("MC.tla"), r.out());
        assertTrue(r.out().contains("3 switches, 2 replica set(s)"), r.out());
    }

    @Test
    void badOptionsAreRefusedWithExitTwoNamingTheOption() {
        expectRefused("--crashes 2 is above the 1 nodes", "--crash-switches", "2", "--crashes", "2");
        expectRefused("--replica-sets 3", "--replica-sets", "3");
        expectRefused("--time-limit takes a duration", "--time-limit", "soon");
        expectRefused("--mode must be exhaustive or simulate", "--mode", "bfs");
        expectRefused("--crash-switches takes switch numbers", "--crash-switches", "x");
        expectRefused("--bug NoSuchBug: no such planted spec bug", "--bug", "NoSuchBug");
        expectRefused("--workers must be at least 1", "--workers", "0");
        expectRefused("--depth with --liveness", "--liveness", "--depth", "5");
        expectRefused("--split-by-crash needs at most one crash per behaviour", "--crash-switches", "1,2", "--crashes", "2",
                "--split-by-crash");
        expectRefused("--split-by-crash: the nodes that may crash (switches [2], servers []) make one part", "--split-by-crash");
    }

    /** A split run: a part per node that may crash, each run by TLC, and a table of the parts with their total. */
    @Test
    void aModelSplitByTheCrashedNodeRunsEveryPartAndTotalsThem(@TempDir Path out) throws Exception {
        CliRun r = CliRun.of("specs", "check", "--crash-switches", "1,2", "--crash-servers", "a1,a2,a3", "--depth", "8",
                "--split-by-crash", "--workers", "1", "--out", out.toString(), "--name", "split");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("--split-by-crash: 3 parts"), r.out());
        for (String part : java.util.List.of("split_sw1", "split_sw2", "split_a1")) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith("| " + part + " ") && l.contains("ok: no violation")), part + ": " + r.out());
        }
        assertTrue(Files.readString(out.resolve("split_a1").resolve("split_a1.cfg")).contains("SYMMETRY SplitSymmetry"));
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("| all 3 parts ") && l.contains("ok: no violation in any part")), r.out());
    }

    private static void expectRefused(String message, String... options) {
        String[] args = new String[options.length + 3];
        args[0] = "specs";
        args[1] = "check";
        args[2] = "--dry-run";
        System.arraycopy(options, 0, args, 3, options.length);
        CliRun r = CliRun.of(args);
        assertEquals(2, r.exit(), String.join(" ", args) + ": " + r.out());
        assertTrue(r.err().contains(message), "expected '" + message + "' in: " + r.err());
    }

    @Test
    void aPlantedSpecBugEndsInItsViolationShownAsStepsAndReplaysOnTheKernel(@TempDir Path out) {
        CliRun r = CliRun.of("specs", "check", "--bug", "CommitOnOneAck", "--workers", "1", "--out", out.toString(),
                "--replay-on-kernel");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("VIOLATION(CommitNeedsMajority)"), r.out());
        assertTrue(r.out().contains("violated: CommitNeedsMajority -- An index is committed only when a majority"), r.out());
        assertTrue(r.out().matches("(?s).*\\n6 +LeaderCommit +2 +a1 +0 +1 .*"), r.out());
        assertTrue(r.out().contains("the planted bug CommitOnOneAck ends in its named violation, CommitNeedsMajority"), r.out());
        assertTrue(Files.isRegularFile(out.resolve("bug_CommitOnOneAck.trace")));
        // --replay-on-kernel: the twin reproduces the violation, a correct kernel refuses the commit.
        assertTrue(r.out().contains("the kernel with COMMIT_ON_ONE_ACK reproduces CommitNeedsMajority"), r.out());
        assertTrue(r.out().matches("(?s).*\\n  6 +LeaderCommit +the kernel's own assertion CommitNeedsMajority stops it\\n.*"), r.out());
        assertTrue(r.out().contains("the kernel parts from the spec first at step 6 (LeaderCommit)"), r.out());
        assertTrue(r.out().contains("the violation is the spec's (its planted bug's), not the kernel's"), r.out());
    }
}
