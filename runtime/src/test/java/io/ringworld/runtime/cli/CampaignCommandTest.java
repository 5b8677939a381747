package io.ringworld.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CampaignCommandTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream oldOut = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            CommandLine cli = RingWorldCli.commandLine();
            cli.setErr(new PrintWriter(err, true));
            int exit = cli.execute(args);
            return new Run(exit, bytes.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(oldOut);
        }
    }

    @Test
    void smallCampaignPrintsTheSummaryAndPasses(@TempDir Path dir) {
        Run r = run("campaign", "--seeds", "6", "--from", "11", "--quiet", "--out", dir.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("seeds 11..16"), r.out());
        assertTrue(r.out().contains("| fault | injected |"), r.out());
        assertTrue(r.out().contains("campaign: PASSED (6 of 6 runs passed)"), r.out());
    }

    @Test
    void failingSeedSavesItsHistoryAndPrintsTheReplayCommand(@TempDir Path dir) throws Exception {
        Run r = run("campaign", "--seeds", "2", "--from", "1", "--quiet", "--planted-bug", "COMMIT_ON_ONE_ACK",
                "--out", dir.toString());
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("FAILED seed 1: kernel invariant CommitNeedsMajority"), r.out());
        assertTrue(r.out().contains("replay:  ./ringworld campaign --seed 1 "), r.out());
        assertTrue(Files.size(dir.resolve("seed-1.edn")) > 0, "history saved");
        Run replay = run("campaign", "--seed", "1", "--planted-bug", "COMMIT_ON_ONE_ACK", "--out", dir.toString());
        assertEquals(1, replay.exit());
        assertTrue(replay.out().contains("CommitNeedsMajority"), replay.out());
    }

    @Test
    void traceHashesFileHoldsEachSeedsHashAsItsReplayPrintsIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hashes.txt");
        Run r = run("campaign", "--seeds", "4", "--from", "21", "--quiet", "--out", dir.toString(),
                "--trace-hashes", file.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        java.util.List<String> lines = Files.readAllLines(file);
        assertEquals(4, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("21 ") && lines.get(3).startsWith("24 "), "seed order: " + lines);
        Run replay = run("campaign", "--seed", "23", "--out", dir.toString());
        String hash = lines.get(2).substring(3);
        assertTrue(replay.out().contains("trace-hash=" + hash), hash + " vs " + replay.out());
        Path bugged = dir.resolve("bugged.txt");
        run("campaign", "--seeds", "4", "--from", "21", "--quiet", "--out", dir.toString(),
                "--planted-bug", "COMMIT_ON_ONE_ACK", "--trace-hashes", bugged.toString());
        assertTrue(!Files.readAllLines(bugged).equals(lines), "a planted bug changes the hashes");
    }

    @Test
    void traceOfOneSeedIsPrinted() {
        Run r = run("campaign", "--seed", "3", "--trace", "--faults", "none");
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().lines().count() > 100, "trace lines printed");
        assertTrue(r.out().contains("seed 3: passed"), r.out());
    }

    @Test
    void badArgumentsAreRejectedWithExitTwoAndAClearMessage() {
        Run unknownFault = run("campaign", "--faults", "loss,meteor");
        assertEquals(2, unknownFault.exit());
        assertTrue(unknownFault.err().contains("unknown fault kind 'meteor'"), unknownFault.err());
        Run badSwitches = run("campaign", "--switches", "0");
        assertEquals(2, badSwitches.exit());
        assertTrue(badSwitches.err().contains("switches must be in 1..64"), badSwitches.err());
        Run notANumber = run("campaign", "--seeds", "many");
        assertEquals(2, notANumber.exit());
        Run matrixWithBug = run("campaign", "--planted-bug-matrix", "--planted-bug", "SKIP_SEAL");
        assertEquals(2, matrixWithBug.exit());
        assertTrue(matrixWithBug.err().contains("leave out --planted-bug"), matrixWithBug.err());
    }

    @Test
    void theMatrixFailsWhenABugIsNotFoundAndPrintsEveryBug(@TempDir Path dir) {
        // Without faults two seeds find a leader committing on one ack, but not a view-change bug.
        Run r = run("campaign", "--planted-bug-matrix", "--seeds", "2", "--from", "1", "--faults", "none", "--quiet",
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
        Run r = run("campaign", "--seeds", "1", "--from", "3", "--quiet", "--planted-bug", "COMMIT_ON_ONE_ACK",
                "--out", dir.toString());
        assertTrue(r.out().contains("  plan: "), r.out());
    }
}
