package io.ringworld.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.Config;
import io.ringworld.kernel.Effect;
import io.ringworld.kernel.Effects;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.server.LogServer;
import io.ringworld.kernel.server.ServerInput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel's log server on a real data directory: its Persist effects go to a LogStore, its
 * acks leave only after the force, and a server rebuilt from the reopened directory keeps the
 * entries and the promise it acknowledged.
 */
class KernelOnDiskTest {
    static final ServerId ME = new ServerId(0, 0);
    static final SwitchId S0 = new SwitchId(0);
    static final SwitchId S1 = new SwitchId(1);
    static final Config CONFIG = Config.defaults(3, 2);

    /** Applies the step's persists to the store and forces; returns the sends released after PersistDone. */
    static List<Message> stepDurably(LogServer server, LogStore store, Effects effects) throws Exception {
        List<Message> sends = new ArrayList<>();
        List<Long> persists = new ArrayList<>();
        for (Effect e : effects) {
            if (e instanceof Effect.Persist p) {
                store.write(p.persistId(), p.records());
                persists.add(p.persistId());
            } else if (e instanceof Effect.Send s) {
                sends.add(s.message());
            }
        }
        // A refusal changes nothing durable and may leave at once; an acceptance waits for the force.
        assertTrue(sends.stream().noneMatch(m -> m instanceof Message.WriteAck w && w.accepted()
                || m instanceof Message.ServerSealReply r && r.accepted()), "nothing is accepted before the force: " + sends);
        long durable = store.force();
        for (long id : persists) {
            assertTrue(durable >= id, "force covers persist " + id);
            for (Effect e : server.step(new ServerInput.PersistDone(id))) {
                if (e instanceof Effect.Send s) {
                    sends.add(s.message());
                }
            }
        }
        return sends;
    }

    @Test
    void acknowledgedEntriesAndPromisesSurviveAReopen(@TempDir Path dir) throws Exception {
        UUID cluster = UUID.randomUUID();
        Payload a = Payload.ofString("a");
        View v2 = new View(2, 1);
        try (LogStore store = LogStore.initialise(dir, StoreOptions.of(cluster))) {
            LogServer server = new LogServer(ME, CONFIG, store);
            List<Message> out = stepDurably(server, store, server.deliver(new Message.Write(View.INITIAL, 2, a, S0)));
            assertEquals(List.of(new Message.WriteAck(View.INITIAL, 2, ME, true, View.INITIAL)), out);
            out = stepDurably(server, store, server.deliver(new Message.Seal(v2, 1, S1, 0)));
            Message.ServerSealReply reply = assertInstanceOf(Message.ServerSealReply.class, out.get(0));
            assertTrue(reply.accepted());
            assertEquals(2, reply.highestIndex());
        }
        try (LogStore store = LogStore.openExisting(dir, StoreOptions.of(cluster))) {
            assertTrue(store.recoveryReport().findings().isEmpty(), store.recoveryReport().toString());
            LogServer server = new LogServer(ME, CONFIG, store);
            List<Message> out = stepDurably(server, store,
                    server.deliver(new Message.ServerRead(new ClientId(0), 7, 2, View.NONE)));
            assertEquals(List.of(new Message.ServerReadReply(7, 2, ME, Message.ReadStatus.OK, View.INITIAL, a)), out);
            out = stepDurably(server, store, server.deliver(new Message.Write(View.INITIAL, 4, a, S0)));
            assertEquals(List.of(new Message.WriteAck(View.INITIAL, 4, ME, false, v2)), out,
                    "the promise of view " + v2 + " survived the restart");
        }
    }
}
