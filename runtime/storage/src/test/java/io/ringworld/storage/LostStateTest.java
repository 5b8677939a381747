package io.ringworld.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.Config;
import io.ringworld.kernel.DurableRecord;
import io.ringworld.kernel.Effect;
import io.ringworld.kernel.Effects;
import io.ringworld.kernel.Entry;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.server.IndexRange;
import io.ringworld.kernel.server.LogServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19 on disk: an empty directory in an initialised cluster is a server that lost its state
 * (not a new one); the damage the kernel records (Damaged, Relearned) survives crashes in the
 * damage file; a damaged damage file is read as the worst case.
 */
class LostStateTest {
    static final UUID CLUSTER = UUID.fromString("00000000-0000-0019-0000-00000000d15c");
    static final IndexRange EVERYTHING = new IndexRange(1, Long.MAX_VALUE);

    static StoreOptions initialising() {
        return StoreOptions.of(CLUSTER).withSegmentBytes(1 << 20).withPreallocateAhead(false);
    }

    static StoreOptions initialised() {
        return initialising().withLostIfMissing(true);
    }

    @Test
    void clusterInitialisationCreatesAServerWithNothingToRemember(@TempDir Path dir) throws Exception {
        try (LogStore s = LogStore.open(dir, initialising())) {
            assertFalse(s.recoveryReport().lostState());
            assertFalse(s.relearnPending());
            assertTrue(s.unknownIndices().isEmpty());
        }
    }

    @Test
    void anEmptyDirectoryInAnInitialisedClusterIsALostStateUntilRelearned(@TempDir Path dir) throws Exception {
        try (LogStore s = LogStore.open(dir, initialised())) {
            assertTrue(s.recoveryReport().lostState(), s.recoveryReport().toString());
            assertTrue(s.relearnPending());
            assertEquals(List.of(EVERYTHING), s.unknownIndices());
            assertTrue(s.recoveryReport().toString().contains("LOST STATE"));
        }
        // Crashed before the relearn: the next open still knows (the damage file), though the directory is not empty.
        try (LogStore s = LogStore.open(dir, initialised())) {
            assertFalse(s.recoveryReport().lostState(), "a store is here now");
            assertTrue(s.relearnPending());
            assertEquals(List.of(EVERYTHING), s.unknownIndices());
            s.write(1, List.of(new DurableRecord.Promise(new View(3, 1)), new DurableRecord.Relearned()));
            s.force();
        }
        try (LogStore s = LogStore.open(dir, initialised())) {
            assertFalse(s.relearnPending(), "Relearned recorded");
            assertEquals(List.of(EVERYTHING), s.unknownIndices(), "still unknown until written, repaired or trimmed");
        }
    }

    @Test
    void recordedDamageSurvivesReopenAndShrinksWithTheTrimPoint(@TempDir Path dir) throws Exception {
        try (LogStore s = LogStore.open(dir, initialising())) {
            s.write(1, List.of(new DurableRecord.Damaged(List.of(new IndexRange(5, 7), new IndexRange(9, 9)))));
            s.force();
        }
        try (LogStore s = LogStore.open(dir, initialising())) {
            assertTrue(s.relearnPending());
            assertEquals(List.of(new IndexRange(5, 7), new IndexRange(9, 9)), s.unknownIndices());
            s.write(2, List.of(new DurableRecord.Relearned(),
                    new DurableRecord.PutEntry(new Entry(6, View.INITIAL, Payload.ofString("repaired"))),
                    new DurableRecord.TrimTo(7)));
            s.force();
        }
        try (LogStore s = LogStore.open(dir, initialising())) {
            assertFalse(s.relearnPending());
            assertEquals(List.of(new IndexRange(7, 7), new IndexRange(9, 9)), s.unknownIndices());
        }
    }

    @Test
    void aDamagedDamageFileMeansEverythingUnknownAndARelearn(@TempDir Path dir) throws Exception {
        try (LogStore s = LogStore.open(dir, initialising())) {
            s.write(1, List.of(new DurableRecord.Damaged(List.of(new IndexRange(5, 5))), new DurableRecord.Relearned()));
            s.force();
        }
        Path file = dir.resolve(DamageFile.NAME);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 10] ^= 0x40;
        Files.write(file, bytes);
        try (LogStore s = LogStore.open(dir, initialising())) {
            assertTrue(s.relearnPending());
            assertEquals(List.of(EVERYTHING), s.unknownIndices());
            assertTrue(s.recoveryReport().notes().stream().anyMatch(n -> n.contains("checksum")), s.recoveryReport().toString());
        }
    }

    @Test
    void aDamageFileOfAnotherClusterIsRefused(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir);
        DamageFile.write(NioFileLayer.INSTANCE, dir, UUID.randomUUID(), DamageFile.Damage.NONE);
        StorageException e = assertThrows(StorageException.class, () -> {
            try (LogStore s = LogStore.open(dir, initialising())) {
                s.relearnPending();
            }
        });
        assertTrue(e.getMessage().contains("another cluster"), e.getMessage());
    }

    /** The kernel on a lost store: no write is acknowledged before the relearn. */
    @Test
    void aLogServerOnALostStoreAcknowledgesNothingUntilItRelearned(@TempDir Path dir) throws Exception {
        Config config = Config.defaults(1, 1);
        ServerId self = new ServerId(0, 0);
        try (LogStore s = LogStore.open(dir, initialised())) {
            LogServer server = new LogServer(self, config, s);
            Effects e = server.deliver(new Message.Write(View.INITIAL, 1, Payload.ofString("x"), new SwitchId(0)));
            boolean acked = e.toList().stream().anyMatch(x -> x instanceof Effect.Send send
                    && send.message() instanceof Message.WriteAck);
            assertFalse(acked, "a wiped server acknowledged a write before relearning");
            Effect.Persist p = (Effect.Persist) e.toList().stream().filter(x -> x instanceof Effect.Persist)
                    .findFirst().orElseThrow();
            assertTrue(p.records().get(0) instanceof DurableRecord.Damaged);
            s.write(p.persistId(), p.records());
            s.force();
            assertTrue(server.status().relearning());
            assertNotNull(server.status().relearnWaitingFor());
        }
    }
}
