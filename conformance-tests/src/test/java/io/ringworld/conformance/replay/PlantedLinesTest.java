package io.ringworld.conformance.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The coverage report leaves out exactly the lines that test a planted bug. */
class PlantedLinesTest {
    @Test
    void linesCallingPlantedOrUsingAFlagSetFromItArePlanted(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("X.java");
        Files.write(src, List.of(
                "void onWrite(Write w) {",                                                   // 1
                "    boolean ignorePromise = hooks.planted(PlantedBug.IGNORE_PROMISE);",         // 2
                "    if (w.view().isBefore(promised) && !ignorePromise) {",                   // 3
                "        return;",                                                            // 4
                "    }",                                                                      // 5
                "    int quorum = s.hooks.planted(PlantedBug.COMMIT_ON_ONE_ACK) ? 1 : 2;",       // 6
                "    boolean ignorePromises = true; // another word, not planted(PlantedBug)", // 7
                "    if (w.index() < 1) {",                                                   // 8
                "}"));
        assertEquals(Set.of(2, 3, 6), ReplayCoverageReport.plantedLines(src));
    }
}
