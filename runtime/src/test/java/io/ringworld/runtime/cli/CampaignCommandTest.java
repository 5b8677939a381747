package io.ringworld.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CampaignCommandTest {

    @Test
    void smallCampaignPrintsTheSummaryAndPasses(@TempDir Path dir) {
        CliRun r = CliRun.of("campaign", "--seeds", "6", "--from", "11", "--quiet", "--out", dir.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("seeds 11..16"), r.out());
        assertTrue(r.out().contains("| fault | injected |"), r.out());
        assertTrue(r.out().contains("campaign: PASSED (6 of 6 runs passed)"), r.out());
    }

    @Test
    void failingSeedSavesItsHistoryAndPrintsTheReplayCommand(@TempDir Path dir) throws Exception {
        CliRun r = CliRun.of("campaign", "--seeds", "2", "--from", "1", "--quiet", "--planted-bug", "COMMIT_ON_ONE_ACK",
                "--out", dir.toString());
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("FAILED seed 1: kernel invariant CommitNeedsMajority"), r.out());
        assertTrue(r.out().contains("replay:  ./ringworld campaign --seed 1 "), r.out());
        assertTrue(Files.size(dir.resolve("seed-1.edn")) > 0, "history saved");
        CliRun replay = CliRun.of("campaign", "--seed", "1", "--planted-bug", "COMMIT_ON_ONE_ACK", "--out", dir.toString());
        assertEquals(1, replay.exit());
        assertTrue(replay.out().contains("CommitNeedsMajority"), replay.out());
    }

    @Test
    void traceHashesFileHoldsEachSeedsHashAsItsReplayPrintsIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hashes.txt");
        CliRun r = CliRun.of("campaign", "--seeds", "4", "--from", "21", "--quiet", "--out", dir.toString(),
                "--trace-hashes", file.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        java.util.List<String> lines = Files.readAllLines(file);
        assertEquals(4, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("21 ") && lines.get(3).startsWith("24 "), "seed order: " + lines);
        CliRun replay = CliRun.of("campaign", "--seed", "23", "--out", dir.toString());
        String hash = lines.get(2).substring(3);
        assertTrue(replay.out().contains("trace-hash=" + hash), hash + " vs " + replay.out());
        Path bugged = dir.resolve("bugged.txt");
        CliRun.of("campaign", "--seeds", "4", "--from", "21", "--quiet", "--out", dir.toString(),
                "--planted-bug", "COMMIT_ON_ONE_ACK", "--trace-hashes", bugged.toString());
        assertTrue(!Files.readAllLines(bugged).equals(lines), "a planted bug changes the hashes");
    }

    @Test
    void traceOfOneSeedIsPrinted() {
        CliRun r = CliRun.of("campaign", "--seed", "3", "--trace", "--faults", "none");
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().lines().count() > 100, "trace lines printed");
        assertTrue(r.out().contains("seed 3: passed"), r.out());
    }

    @Test
    void badArgumentsAreRejectedWithExitTwoAndAClearMessage() {
        CliRun unknownFault = CliRun.of("campaign", "--faults", "loss,meteor");
        assertEquals(2, unknownFault.exit());
        assertTrue(unknownFault.err().contains("unknown fault kind 'meteor'"), unknownFault.err());
        CliRun badSwitches = CliRun.of("campaign", "--switches", "0");
        assertEquals(2, badSwitches.exit());
        assertTrue(badSwitches.err().contains("switches must be in 1..64"), badSwitches.err());
        CliRun notANumber = CliRun.of("campaign", "--seeds", "many");
        assertEquals(2, notANumber.exit());
        CliRun matrixWithBug = CliRun.of("campaign", "--planted-bug-matrix", "--planted-bug", "SKIP_SEAL");
        assertEquals(2, matrixWithBug.exit());
        assertTrue(matrixWithBug.err().contains("leave out --planted-bug"), matrixWithBug.err());
        CliRun badP4Bug = CliRun.of("campaign", "--dataplane", "p4", "--planted-p4-bug", "ack-counted-once");
        assertEquals(2, badP4Bug.exit());
        assertTrue(badP4Bug.err().contains("--planted-p4-bug must be one of [ack-counted-twice, duplicate-sequenced],"
                + " got ack-counted-once"), badP4Bug.err());
        CliRun p4BugOnKernel = CliRun.of("campaign", "--planted-p4-bug", "ack-counted-twice");
        assertEquals(2, p4BugOnKernel.exit());
        assertTrue(p4BugOnKernel.err().contains("--planted-p4-bug needs --dataplane p4"), p4BugOnKernel.err());
    }

    @Test
    void theMatrixFailsWhenABugIsNotFoundAndPrintsEveryBug(@TempDir Path dir) {
        // Without faults two seeds find a leader committing on one ack, but not a view-change bug.
        CliRun r = CliRun.of("campaign", "--planted-bug-matrix", "--seeds", "2", "--from", "1", "--faults", "none", "--quiet",
                "--out", dir.toString());
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("| COMMIT_ON_ONE_ACK | 2 of 2 | 2 | 1 | CommitNeedsMajority 2 |"), r.out());
        assertTrue(r.out().contains("| NO_FENCE | 0 of 2 | 0 | none | - |"), r.out());
        for (var bug : io.ringworld.runtime.campaign.CampaignBugs.found()) {
            assertTrue(r.out().contains("| " + bug + " | "), bug + " missing: " + r.out());
        }
        assertTrue(r.out().contains("SOME BUG WAS NOT FOUND"), r.out());
    }

    @Test
    void aFailingSeedPrintsItsPlan(@TempDir Path dir) {
        CliRun r = CliRun.of("campaign", "--seeds", "1", "--from", "3", "--quiet", "--planted-bug", "COMMIT_ON_ONE_ACK",
                "--out", dir.toString());
        assertTrue(r.out().contains("  plan: "), r.out());
    }
}
