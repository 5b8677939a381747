package io.ringworld.runtime.real;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real-cluster campaign checks: a planted kernel bug passed to the nodes through their unsafe
 * test hooks, and the planted storage bug, each fail the campaign with the property they break
 * named, on real processes (one short run each; the README gives how many runs find which bug).
 */
class RealCampaignPlantedBugsTest {
    @TempDir
    Path dir;

    @Test
    void aLeaderCountingDuplicatedAcksIsFoundByTheLinkProxies() throws Exception {
        String out = campaign("--planted-bug", "COUNT_DUPLICATE_ACKS", "--faults", "link-duplicate");
        assertTrue(out.contains("stopped on a kernel invariant: INVARIANT VIOLATED, stopping: CommitNeedsMajority violated"), out);
    }

    @Test
    void serversAcknowledgingBeforeTheForceAreFoundByLosingUnsyncedWrites() throws Exception {
        String out = campaign("--storage-bug", "ack-before-force", "--faults", "lose-unsynced");
        assertTrue(out.matches("(?s).*acknowledged append \\d+ \\(p\\d+-\\d+\\) read back as .*"), out);
    }

    private String campaign(String... what) throws Exception {
        long seed = Long.getLong("seed", 1);
        Path log = dir.resolve("campaign.log");
        String[] args = new String[what.length + 8];
        System.arraycopy(new String[] {"campaign", "--real", "--seed", Long.toString(seed), "--fault-seconds", "5", "--out",
                dir.resolve("runs").toString()}, 0, args, 0, 8);
        System.arraycopy(what, 0, args, 8, what.length);
        int exit = RealCampaignTest.runCli(log, args);
        String out = Files.readString(log);
        System.out.println(out);
        assertEquals(1, exit, "the campaign did not fail with the bug planted");
        assertTrue(out.contains("runs 1, passed 0, failed 1"), out);
        assertTrue(out.contains("replay: ./ringworld campaign --real --seed " + seed), out);
        return out;
    }
}
