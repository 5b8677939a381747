package io.ringworld.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.runtime.paper.PaperScale;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PaperScaleCommandTest {
    private static String run(int[] exit, String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8);
            System.setOut(capture);
            System.setErr(capture);
            exit[0] = RingWorldCli.commandLine().execute(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aSmallDatacenterIsWithinTheEstimatesAndSaysWhy() {
        int[] exit = new int[1];
        String out = run(exit, "paper-scale", "--switches", "100", "--load", "1e10", "--rotations", "4", "--no-figure");
        assertEquals(0, exit[0], out);
        assertTrue(out.contains("seed 1 (replay with --seed 1)"), out);
        assertTrue(out.contains("| RingWorld, 100 switches |"), out);
        assertTrue(out.contains("| batching, 10000 batchers and 1 sequencer |"), out);
        assertTrue(out.contains("within 10% of one rotation (100 x 10.0 us = 1.000 ms): yes"), out);
        assertTrue(out.contains("tau = N_B / T_S = 10000 / 1.00e+06 = 10.000 ms: yes"), out);
    }

    @Test
    void badArgumentsAreRejectedWithTheirName() {
        int[] exit = new int[1];
        String out = run(exit, "paper-scale", "--switches", "0", "--no-figure");
        assertEquals(2, exit[0], out);
        assertTrue(out.contains("--switches must be 1..100000, got 0"), out);
        out = run(exit, "paper-scale", "--hop-us", "0", "--no-figure");
        assertEquals(2, exit[0], out);
        assertTrue(out.contains("--hop-us"), out);
    }

    @Test
    void theToleranceCheckFailsAFigureOffTheEstimate() {
        PaperScale.Settings s = new PaperScale.Settings(50, 10_000, 1e9, 3, 1e6, 1e6, 3, 1);
        PaperScale.Latency l = PaperScale.ring(s).at(1e9);
        assertTrue(PaperScaleCommand.within(l, s.rotationNanos() / 1e6));
        assertFalse(PaperScaleCommand.within(l, 1.2 * s.rotationNanos() / 1e6), "20% off the estimate");
        assertFalse(PaperScaleCommand.within(l, s.rotationNanos() / 2e6), "the mean is not the estimate");
    }
}
