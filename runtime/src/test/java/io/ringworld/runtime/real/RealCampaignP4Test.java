package io.ringworld.runtime.real;

import static io.ringworld.runtime.real.RealCampaignTest.problems;
import static io.ringworld.runtime.real.RealCampaignTest.runCli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23 on a real cluster: {@code campaign --real --dataplane p4}, the switch nodes running
 * ringworld.p4 on the interpreter with the kernel as their agent (a node stops on a divergence,
 * which fails the run), through kills, pauses and lossy links. Every check of a kernel run holds,
 * and the data planes' fast paths really took frames (each switch's counts are in the timeline).
 */
class RealCampaignP4Test {
    @TempDir
    Path dir;

    @Test
    void p4SwitchesThroughProcessAndLinkFaultsPassAndTheirFastPathsRan() throws Exception {
        long seed = Long.getLong("seed", 3);
        Path log = dir.resolve("campaign.log");
        int exit = runCli(log, "campaign", "--real", "--dataplane", "p4", "--seed", Long.toString(seed), "--faults",
                "kill-switch,kill-server,pause,link-loss,link-duplicate", "--fault-seconds", "12", "--out",
                dir.resolve("runs").toString());
        String out = Files.readString(log);
        System.out.println(out);
        Path run = dir.resolve("runs").resolve("run-" + seed);
        assertEquals(0, exit, "the campaign failed: " + problems(out, run));
        assertTrue(out.contains("P4 switches (ringworld.p4 on the interpreter"), out);
        String timeline = Files.readString(run.resolve("nemesis.txt"));
        Matcher m = Pattern.compile("sw\\d at the end: switch .* p4FastPath=(\\d+) p4ToCpu=(\\d+)").matcher(timeline);
        long fastPath = 0;
        int switches = 0;
        while (m.find()) {
            switches++;
            fastPath += Long.parseLong(m.group(1));
        }
        assertEquals(3, switches, "every switch's P4 counts at the end:\n" + timeline);
        assertTrue(fastPath > 0, "no data plane took a frame on its fast path:\n" + timeline);
    }
}
