package io.ringworld.p4.ringworld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.p4.stf.StfResult;
import io.ringworld.p4.stf.StfRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The STF vectors in p4/stf/: they are the kernel's answers (regenerated here and compared with
 * the committed file), ringworld.p4 passes them on our interpreter, and the planted P4 bug fails
 * them. {@code -Dp4.writeStf=true} rewrites the file after a deliberate change.
 */
class StfVectorsTest {
    private static final Path LEADER_PATH = Path.of("stf", "leader-path.stf");
    private static final Path SEQUENCER = Path.of("stf", "sequencer.stf");

    @Test
    void theCommittedVectorsAreTheKernelsAnswers() throws IOException {
        assertCurrent(LEADER_PATH, LeaderPathVectors.generate());
        assertCurrent(SEQUENCER, SequencerVectors.generate());
    }

    @Test
    void ringworldP4PassesTheVectors() throws IOException {
        assertPasses(LEADER_PATH);
        assertPasses(SEQUENCER);
    }

    @Test
    void thePlantedDuplicateSequencedFailsTheSequencerVectors() throws IOException {
        assertPlantedFails(PlantedP4Bug.DUPLICATE_SEQUENCED, SEQUENCER);
    }

    /** ringworld.p4 with {@code bug} planted fails the vectors of {@code file}. */
    private static void assertPlantedFails(PlantedP4Bug bug, Path file) throws IOException {
        StfResult r = StfRunner.run(RingWorldDataPlane.newPipeline(bug.program()), Files.readString(file));
        assertFalse(r.passed(), "the planted bug passed the vectors");
        System.out.println("planted " + bug + " fails " + file + ": " + r.failures().get(0));
    }

    /** The committed file is what the generator writes now ({@code -Dp4.writeStf=true} rewrites it). */
    private static void assertCurrent(Path file, String generated) throws IOException {
        if (Boolean.getBoolean("p4.writeStf")) {
            Files.writeString(file, generated);
        }
        assertEquals(generated, Files.readString(file),
                file + " is not what the kernel answers now: rerun with -Dp4.writeStf=true and review the diff");
    }

    private static void assertPasses(Path file) throws IOException {
        String vectors = Files.readString(file);
        StfResult r = StfRunner.run(RingWorldDataPlane.newPipeline(RingWorldDataPlane.program()), vectors);
        assertTrue(r.passed(), file + ": " + String.join("\n", r.failures()));
        long expects = vectors.lines().filter(l -> l.startsWith("expect ")).count();
        assertEquals(expects, r.packetsMatched(), file + ": every expected packet matched");
    }

    @Test
    void thePlantedAckCountedTwiceFailsTheVectors() throws IOException {
        assertPlantedFails(PlantedP4Bug.ACK_COUNTED_TWICE, LEADER_PATH);
    }
}
