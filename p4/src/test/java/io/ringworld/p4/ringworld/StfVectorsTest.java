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
        String generated = LeaderPathVectors.generate();
        if (Boolean.getBoolean("p4.writeStf")) {
            Files.writeString(LEADER_PATH, generated);
        }
        assertEquals(generated, Files.readString(LEADER_PATH),
                LEADER_PATH + " is not what the kernel answers now: rerun with -Dp4.writeStf=true and review the diff");
    }

    @Test
    void theCommittedSequencerVectorsAreTheKernelsAnswers() throws IOException {
        String generated = SequencerVectors.generate();
        if (Boolean.getBoolean("p4.writeStf")) {
            Files.writeString(SEQUENCER, generated);
        }
        assertEquals(generated, Files.readString(SEQUENCER),
                SEQUENCER + " is not what the kernel answers now: rerun with -Dp4.writeStf=true and review the diff");
    }

    @Test
    void ringworldP4PassesTheSequencerVectors() throws IOException {
        String vectors = Files.readString(SEQUENCER);
        StfResult r = StfRunner.run(RingWorldDataPlane.newPipeline(RingWorldDataPlane.program()), vectors);
        assertTrue(r.passed(), String.join("\n", r.failures()));
        long expects = vectors.lines().filter(l -> l.startsWith("expect ")).count();
        assertEquals(expects, r.packetsMatched(), "every expected packet matched");
    }

    @Test
    void thePlantedDuplicateSequencedFailsTheSequencerVectors() throws IOException {
        StfResult r = StfRunner.run(RingWorldDataPlane.newPipeline(PlantedP4Bug.DUPLICATE_SEQUENCED.program()),
                Files.readString(SEQUENCER));
        assertFalse(r.passed(), "the planted bug passed the vectors");
        System.out.println("planted " + PlantedP4Bug.DUPLICATE_SEQUENCED + " fails the sequencer's STF vectors: " + r.failures().get(0));
    }

    @Test
    void ringworldP4PassesTheVectors() throws IOException {
        String vectors = Files.readString(LEADER_PATH);
        StfResult r = StfRunner.run(RingWorldDataPlane.newPipeline(RingWorldDataPlane.program()), vectors);
        assertTrue(r.passed(), String.join("\n", r.failures()));
        long expects = vectors.lines().filter(l -> l.startsWith("expect ")).count();
        assertEquals(expects, r.packetsMatched(), "every expected packet matched");
    }

    @Test
    void thePlantedAckCountedTwiceFailsTheVectors() throws IOException {
        StfResult r = StfRunner.run(RingWorldDataPlane.newPipeline(PlantedP4Bug.ACK_COUNTED_TWICE.program()),
                Files.readString(LEADER_PATH));
        assertFalse(r.passed(), "the planted bug passed the vectors");
        System.out.println("planted " + PlantedP4Bug.ACK_COUNTED_TWICE + " fails the STF vectors: " + r.failures().get(0));
    }
}
