package io.ringworld.runtime.paper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PaperScaleTest {
    private static final long HOP_NANOS = 10_000;

    private static PaperScale.Settings settings(int switches, double load, int rotations) {
        return new PaperScale.Settings(switches, HOP_NANOS, load, rotations, 1e6, 1e6, 3, 42);
    }

    @Test
    void theKernelsTokenGoesRoundInSwitchesTimesHops() {
        PaperScale.Ring ring = PaperScale.ring(settings(40, 1e9, 6)).ring();
        assertEquals(40 * HOP_NANOS, ring.rotationMeanNanos(), 1e-6, "one hop per tick, " + ring);
        assertEquals(ring.rotationMinNanos(), ring.rotationMaxNanos(), 1e-6, "no fault, no jitter: " + ring);
        assertEquals(40L * 6, ring.visits(), "6 measured rotations of 40 switches: " + ring);
        // Every visit passes the token on, and every pass is acknowledged (the kernel's TokenAck).
        assertTrue(ring.tokensSent() >= 40L * 8 && ring.acksSent() >= ring.tokensSent() - 41, ring.toString());
    }

    @Test
    void anAppendWaitsHalfARotationOnAverageAndAtMostOne() {
        PaperScale.Settings s = settings(100, 2e10, 10);
        PaperScale.Latency l = PaperScale.ring(s).at(s.loadPerSecond());
        double rotationMillis = s.rotationNanos() / 1e6;
        assertEquals(rotationMillis / 2, l.meanMillis(), 0.01 * rotationMillis, "mean");
        assertEquals(rotationMillis, l.percentileMillis(99), 0.02 * rotationMillis, "p99");
        assertTrue(l.maxMillis() <= rotationMillis * 1.001 && l.maxMillis() >= 0.99 * rotationMillis, "max " + l.maxMillis());
        assertEquals(s.loadPerSecond(), l.throughputPerSecond(), 0.01 * s.loadPerSecond(), "the offered load is sequenced");
        assertEquals(l.appends(), l.nanos().getTotalCount(), "every append recorded once");
    }

    @Test
    void batchingWaitsHalfAPeriodOnAverageAndAtMostOne() {
        PaperScale.Settings s = settings(10, 1e9, 1);
        assertEquals(1000, s.batchers());
        assertEquals(1e6, s.tauNanos(), 1e-6, "tau = N_B / T_S = 1 ms");
        PaperScale.Latency l = PaperScale.batching(s);
        assertEquals(0.5, l.meanMillis(), 0.01, "mean: half a period (+ 1 us of service)");
        assertEquals(1.0, l.maxMillis(), 0.01, "max: a whole period");
        assertEquals(s.loadPerSecond(), l.throughputPerSecond(), 0.01 * s.loadPerSecond());
    }

    @Test
    void theSameSeedGivesTheSameCounts() {
        PaperScale.Settings s = settings(20, 1e8, 3);
        PaperScale.Latency a = PaperScale.ring(s).at(1e8);
        PaperScale.Latency b = PaperScale.ring(s).at(1e8);
        assertEquals(a.appends(), b.appends());
        assertArrayEquals(new double[] {a.meanMillis(), a.maxMillis()}, new double[] {b.meanMillis(), b.maxMillis()});
        PaperScale.Latency c = PaperScale.ring(new PaperScale.Settings(20, HOP_NANOS, 1e8, 3, 1e6, 1e6, 3, 43)).at(1e8);
        assertTrue(c.appends() != a.appends(), "another seed draws other counts");
    }

    @Test
    void badSettingsNameTheOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings(0, 1e9, 1));
        assertTrue(e.getMessage().contains("--switches"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> settings(10, -1, 1));
        assertTrue(e.getMessage().contains("--load"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> settings(10, 1e9, 0));
        assertTrue(e.getMessage().contains("--rotations"), e.getMessage());
    }

    @Test
    void figureOneIsDrawnWithEveryPoint(@TempDir Path dir) throws Exception {
        PaperScale.Settings s = settings(10, 1e9, 2);
        List<Figure1.Point> points = Figure1.simulate(s, List.of(10, 20), List.of(1e7, 1e9, 1.5e10), m -> { });
        // Ring of 10: capacity 1e10, so two points; ring of 20: three; batching: three.
        assertEquals(2 + 3 + 3, points.size(), points.toString());
        Path png = Figure1.write(dir, points, s);
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(png), 4);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, head, "a PNG");
        List<String> csv = Files.readAllLines(dir.resolve("figure1.csv"));
        assertEquals(1 + points.size(), csv.size());
        assertTrue(csv.get(1).startsWith("\"RingWorld, 10 switches\",10000000,"), csv.get(1));
    }
}
