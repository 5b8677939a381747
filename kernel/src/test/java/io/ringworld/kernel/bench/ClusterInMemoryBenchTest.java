package io.ringworld.kernel.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The in-memory cluster benchmark measures what it says: every operation answers its whole
 * window (appendWindow throws otherwise), and merging cuts the kernel messages per append (the
 * count, not a time: issue 21's "the aim needs fewer messages per append").
 */
class ClusterInMemoryBenchTest {
    private static double messagesPerAppend(boolean merged) {
        ClusterInMemoryBench b = new ClusterInMemoryBench();
        b.merged = merged;
        b.window = 256;
        b.setup();
        for (int k = 0; k < 10; k++) {
            assertEquals(256, b.appendWindow());
        }
        return b.messagesPerAppend();
    }

    @Test
    void mergingCutsTheKernelMessagesPerAppend() {
        double alone = messagesPerAppend(false);
        double merged = messagesPerAppend(true);
        System.out.printf("kernel messages per append, window 256: %.2f alone, %.3f merged%n", alone, merged);
        assertTrue(alone >= 8, "an append alone: its request, 3 writes, 3 acks, a reply: " + alone);
        assertTrue(merged < 0.5, "merged: a few merged requests, writes, acks and replies a window: " + merged);
    }
}
