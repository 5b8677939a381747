package io.ringworld.conformance.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * ReplaySettings.fromCfg over the real replay models' cfgs (the settings SpecReplayTest's
 * replayers ran with when it chose them by the behaviour's name), and SpecReplay.kernelTwin.
 */
class ReplaySettingsTest {
    /** A file of specs/tla, found from the module directory (surefire's working directory). */
    private static String spec(String name) throws IOException {
        return Files.readString(Path.of("").toAbsolutePath().resolve("../../specs/tla").resolve(name).normalize());
    }

    private static final ReplaySettings DEFAULT = new ReplaySettings(Config.PENDING_REQUESTS_MAX_DEFAULT,
            Config.DEDUP_CLIENTS_MAX_DEFAULT, Config.SEAL_PAGE_ENTRIES_MAX_DEFAULT, false);

    @Test
    void eachReplayModelGetsTheKnobsItsNameUsedToGiveIt() throws IOException {
        assertEquals(DEFAULT, ReplaySettings.DEFAULT);
        for (String plain : List.of("RingWorld_replay.cfg", "RingWorld_replay_vc.cfg", "RingWorld_replay_ops.cfg",
                "RingWorld_replay_2rs.cfg", "RingWorld_replay_disk.cfg", "RingWorld_graph.cfg", "bug_CommitOnOneAck.cfg")) {
            assertEquals(DEFAULT, ReplaySettings.fromCfg(spec(plain)), plain);
        }
        assertEquals(new ReplaySettings(1, Config.DEDUP_CLIENTS_MAX_DEFAULT, Config.SEAL_PAGE_ENTRIES_MAX_DEFAULT, false),
                ReplaySettings.fromCfg(spec("RingWorld_replay_busy.cfg")));
        assertEquals(new ReplaySettings(Config.PENDING_REQUESTS_MAX_DEFAULT, 1, Config.SEAL_PAGE_ENTRIES_MAX_DEFAULT, false),
                ReplaySettings.fromCfg(spec("RingWorld_replay_forget.cfg")));
        assertEquals(new ReplaySettings(Config.PENDING_REQUESTS_MAX_DEFAULT, Config.DEDUP_CLIENTS_MAX_DEFAULT, 1, false),
                ReplaySettings.fromCfg(spec("RingWorld_replay_pages.cfg")));
        for (String join : List.of("RingWorld_replay_join.cfg", "RingWorld_replay_join3.cfg")) {
            assertEquals(new ReplaySettings(Config.PENDING_REQUESTS_MAX_DEFAULT, Config.DEDUP_CLIENTS_MAX_DEFAULT,
                    Config.SEAL_PAGE_ENTRIES_MAX_DEFAULT, true), ReplaySettings.fromCfg(spec(join)), join);
        }
    }

    @Test
    void overridesInCommentsDoNotCount() {
        String text = "\\* A seal reply carries at most one entry (SealEntriesMax <- SealOne)\n"
                + "(* PreVote <- On, in a block comment *)\n"
                + "CONSTANTS\n    NumSwitches = 2\n    PendingMax <- PendingOne \\* one request a switch\n";
        assertEquals(new ReplaySettings(1, Config.DEDUP_CLIENTS_MAX_DEFAULT, Config.SEAL_PAGE_ENTRIES_MAX_DEFAULT, false),
                ReplaySettings.fromCfg(text));
        // Another definition is another setting: PendingMax <- PendingOneMore is not PendingOne.
        assertEquals(ReplaySettings.DEFAULT, ReplaySettings.fromCfg("CONSTANTS\n    PendingMax <- PendingOneMore\n"));
        assertThrows(IllegalArgumentException.class, () -> new ReplaySettings(0, 1, 1, false));
    }

    @Test
    void kernelTwinsAreTheSameBugAndUnknownNamesHaveNone() {
        assertEquals(Optional.of("COMMIT_ON_ONE_ACK"), SpecReplay.kernelTwin("CommitOnOneAck"));
        assertEquals(Optional.of("SKIP_SEAL"), SpecReplay.kernelTwin("SkipSeal"));
        assertEquals(Optional.of("SEAL_FIRST_PAGE"), SpecReplay.kernelTwin("SealFirstPage"));
        for (String none : List.of("none", "NoSuchBug", "COMMIT_ON_ONE_ACK", "commitOnOneAck", "", "DoubleAssign",
                "QuorumOneSet", "NoTailViewCheck")) {
            assertEquals(Optional.empty(), SpecReplay.kernelTwin(none), none);
        }
    }

    @Test
    void everyKernelTwinIsOfAPlantedBugOfTheSpec() throws IOException {
        // The spec's planted bugs are the values its modules compare Bug with; a twin listed
        // under any other name would be a typo no replay reaches.
        StringBuilder spec = new StringBuilder();
        for (String module : List.of("RingWorldBase.tla", "Replication.tla", "RingSequencing.tla", "ViewChange.tla")) {
            spec.append(spec(module));
        }
        assertEquals(12, SpecReplay.TWINS.size(), SpecReplay.TWINS.toString());
        SpecReplay.TWINS.forEach((specBug, kernelBug) -> {
            assertTrue(spec.indexOf("Bug = \"" + specBug + "\"") >= 0, specBug + " is no planted bug of the spec");
            assertEquals(Optional.of(kernelBug.name()), SpecReplay.kernelTwin(specBug), specBug);
        });
    }

    @Test
    void anUnknownKernelBugIsRefusedWithTheValidNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SpecReplay.replay("b", List.of(Map.of()), ReplaySettings.DEFAULT, "COMMIT_ON_TWO_ACKS"));
        assertTrue(e.getMessage().contains("COMMIT_ON_ONE_ACK") && e.getMessage().contains("NONE"), e.getMessage());
    }
}
