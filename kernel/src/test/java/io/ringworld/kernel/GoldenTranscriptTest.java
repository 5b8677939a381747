package io.ringworld.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.harness.TestCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Golden transcript (etcd raft style): every message of a small normal-case run (paper section
 * 3.2.3: two appends, a read, a getTail on a 3-switch ring), compared line by line with the
 * reviewed file. Regenerate after an intended protocol change with {@code -Dgolden.update=true}
 * and review the diff.
 */
class GoldenTranscriptTest {
    private static final Path GOLDEN = Path.of(System.getProperty("basedir", "."),
            "src", "test", "resources", "golden", "normal-case.txt");

    private static String transcript() {
        TestCluster c = new TestCluster(Config.defaults(3, 1), 1, TestCluster.Faults.none(), 1, true);
        c.append(0, "first", 1);
        c.append(0, "second", 2);
        c.runUntilClientsIdle(100);
        c.read(0, 2, 0);
        c.getTail(0, 0);
        c.runUntilClientsIdle(100);
        return c.trace();
    }

    @Test
    void section_3_2_3_normalCaseTranscriptMatchesTheGoldenFile() throws IOException {
        String actual = transcript();
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN.getParent());
            Files.writeString(GOLDEN, actual, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(GOLDEN), "missing " + GOLDEN + "; run once with -Dgolden.update=true and review it");
        String expected = Files.readString(GOLDEN, StandardCharsets.UTF_8);
        String[] e = expected.split("\n");
        String[] a = actual.split("\n");
        for (int k = 0; k < Math.min(e.length, a.length); k++) {
            assertEquals(e[k], a[k], "transcript differs at line " + (k + 1));
        }
        assertEquals(e.length, a.length, "transcript length");
    }
}
