package io.ringworld.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.harness.TestCluster;
import io.ringworld.kernel.message.Message;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden transcripts (etcd raft's datadriven style): a scripted scenario, then every message,
 * crash, restart and client outcome of the run, tick by tick, compared line by line with the
 * reviewed file in {@code src/test/resources/golden/}. A change in the protocol's behaviour shows
 * up as a readable diff. Regenerate after an intended change with {@code -Dgolden.update=true} and
 * review the diff before committing it.
 */
class GoldenTranscriptTest {
    private static final Path DIR = Path.of(System.getProperty("basedir", "."), "src", "test", "resources", "golden");

    /** Paper section 3.2.3: two appends, a read and a getTail on a ring of 3 (one token round and more). */
    private static String normalCase() {
        TestCluster c = new TestCluster(Config.defaults(3, 1), 1, TestCluster.Faults.none(), 1, true);
        c.append(0, "first", 1);
        c.append(0, "second", 2);
        c.runUntilClientsIdle(100);
        c.read(0, 2, 0);
        c.getTail(0, 0);
        c.runUntilClientsIdle(100);
        return c.trace();
    }

    /** Section 3.2.4: switch 1 crashes after two appends; the ring suspects it, changes view, and serves again. */
    private static String viewChangeWithCrash() {
        TestCluster c = new TestCluster(Config.builder(3, 1).suspectTimeoutTicks(10).tokenLossTimeoutTicks(20)
                .viewChangeTimeoutTicks(40).build(), 2, TestCluster.Faults.none(), 1, true);
        c.append(0, "a", 0);
        c.append(0, "b", 2);
        c.runUntilClientsIdle(100);
        c.crashSwitch(1);
        c.run(60);
        c.append(0, "c", 0);
        c.runUntilClientsIdle(200);
        c.read(0, 2, 2);
        c.getTail(0, 2);
        c.runUntilClientsIdle(200);
        return c.trace();
    }

    /** Trim in two rounds, then a view change (switch 2 crashes): the trim point survives it. */
    private static String trimAcrossViewChange() {
        TestCluster c = new TestCluster(Config.builder(3, 1).suspectTimeoutTicks(10).tokenLossTimeoutTicks(20)
                .viewChangeTimeoutTicks(40).build(), 3, TestCluster.Faults.none(), 1, true);
        for (int k = 1; k <= 4; k++) {
            c.append(0, "t" + k, k % 3);
        }
        c.runUntilClientsIdle(200);
        c.trim(0, 3, 0);
        c.runUntilClientsIdle(200);
        c.crashSwitch(2);
        c.run(60);
        c.read(0, 2, 1);
        c.read(0, 3, 1);
        c.runUntilClientsIdle(200);
        return c.trace();
    }

    /** A switch that queues one request at most answers the next ones Busy. */
    private static String busy() {
        TestCluster c = new TestCluster(Config.builder(3, 1).pendingRequestsMax(1).build(), 4,
                TestCluster.Faults.none(), 1, true);
        c.append(0, "kept", 1);
        c.append(0, "busy1", 1);
        c.append(0, "busy2", 1);
        c.runUntilClientsIdle(100);
        return c.trace();
    }

    /** Section 3.2.2: an Assign held past the hole timeout; the leader fills the hole with junk. */
    private static String holeFill() {
        TestCluster c = new TestCluster(Config.builder(3, 1).holeTimeoutTicks(8).build(), 5,
                TestCluster.Faults.none(), 1, true);
        c.hold = (from, to, m) -> m instanceof Message.Assign;
        c.append(0, "late", 0);
        c.run(30);
        c.hold = (from, to, m) -> false;
        c.releaseHeld(m -> true);
        c.runUntilClientsIdle(100);
        c.read(0, 1, 2);
        c.runUntilClientsIdle(100);
        return c.trace();
    }

    private static Supplier<String> scenario(String name) {
        return switch (name) {
            case "normal-case" -> GoldenTranscriptTest::normalCase;
            case "view-change-with-crash" -> GoldenTranscriptTest::viewChangeWithCrash;
            case "trim-across-view-change" -> GoldenTranscriptTest::trimAcrossViewChange;
            case "busy" -> GoldenTranscriptTest::busy;
            case "hole-fill" -> GoldenTranscriptTest::holeFill;
            default -> throw new IllegalArgumentException("no scenario " + name);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"normal-case", "view-change-with-crash", "trim-across-view-change", "busy", "hole-fill"})
    void transcriptMatchesTheGoldenFile(String name) throws IOException {
        String actual = scenario(name).get();
        Path golden = DIR.resolve(name + ".txt");
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(DIR);
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(golden), "missing " + golden + "; run once with -Dgolden.update=true and review it");
        String[] e = Files.readString(golden, StandardCharsets.UTF_8).split("\n");
        String[] a = actual.split("\n");
        for (int k = 0; k < Math.min(e.length, a.length); k++) {
            assertEquals(e[k], a[k], name + ": transcript differs at line " + (k + 1));
        }
        assertEquals(e.length, a.length, name + ": transcript length");
    }
}
