package io.ringworld.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code ringworld scenario switch-cut}: exit 0 when the bound holds, 1 when it churns, 2 on bad arguments. */
class ScenarioCommandTest {
    private static String[] run(String... args) {
        PrintStream oldOut = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream oldErr = System.err;
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            int exit = RingWorldCli.commandLine().execute(args);
            return new String[] {Integer.toString(exit), bytes.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void theSwitchCutHoldsItsBoundWithThePreVoteAndChurnsWithout() {
        String[] on = run("scenario", "switch-cut", "--ticks", "5000");
        assertEquals("0", on[0], on[1]);
        assertTrue(on[1].startsWith("pre-vote on: switch 2 cut off from the ring"), on[1]);
        assertTrue(on[1].contains("bound (at most 2 view changes, every append through the ring committed, the cut"
                + " switch back after the heal): held"), on[1]);
        String[] off = run("scenario", "switch-cut", "--ticks", "5000", "--no-pre-vote");
        assertEquals("1", off[0], off[1]);
        assertTrue(off[1].contains("NOT held"), off[1]);
        assertEquals("2", run("scenario", "no-such-scenario")[0]);
    }
}
