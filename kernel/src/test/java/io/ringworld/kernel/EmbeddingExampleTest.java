package io.ringworld.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ringworld.kernel.client.Client;
import io.ringworld.kernel.client.ClientInput;
import io.ringworld.kernel.client.Result;
import io.ringworld.kernel.server.InMemoryDurableState;
import io.ringworld.kernel.server.LogServer;
import io.ringworld.kernel.server.ServerInput;
import io.ringworld.kernel.sw.Switch;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The embedding example of kernel/README.md, compiled and run (keep the two in sync). */
class EmbeddingExampleTest {
    // ---- README example begins
    record Packet(NodeId to, io.ringworld.kernel.message.Message message) {}
    record Confirm(ServerId server, long persistId) {}

    final Config config = Config.defaults(1, 1);                    // 1 switch, 1 replica set of 3
    final Switch sw = Switch.booting(new SwitchId(0), config);
    final Map<ServerId, LogServer> servers = new HashMap<>();
    final Map<ServerId, InMemoryDurableState> disks = new HashMap<>();
    final Client client = new Client(new ClientId(0), config);
    final ArrayDeque<Packet> network = new ArrayDeque<>();
    final ArrayDeque<Confirm> fsyncs = new ArrayDeque<>();
    final List<Effect.Outcome> outcomes = new ArrayList<>();

    /** Apply one step's effects, in order. */
    void apply(NodeId node, Effects effects) {
        for (Effect e : effects) {
            if (e instanceof Effect.Send s) network.add(new Packet(s.to(), s.message()));
            else if (e instanceof Effect.Persist p) {                // server only: write, fsync, confirm
                disks.get((ServerId) node).apply(p.records());
                fsyncs.add(new Confirm((ServerId) node, p.persistId()));
            } else if (e instanceof Effect.Outcome o) outcomes.add(o);
        }
    }

    void loop(int ticks) {
        for (int t = 0; t < ticks; t++) {
            for (int n = network.size(); n > 0; n--) {               // deliver what is on the wire
                Packet p = network.poll();
                if (p.to() instanceof SwitchId) apply(p.to(), sw.deliver(p.message()));
                else if (p.to() instanceof ServerId s) apply(s, servers.get(s).deliver(p.message()));
                else apply(p.to(), client.deliver(p.message()));
            }
            while (!fsyncs.isEmpty()) {                               // release replies held for the disk
                Confirm c = fsyncs.poll();
                apply(c.server(), servers.get(c.server()).step(new ServerInput.PersistDone(c.persistId())));
            }
            apply(sw.id(), sw.tick());                                // one tick of every local clock
            apply(client.id(), client.step(ClientInput.Tick.INSTANCE));
        }
    }
    // ---- README example ends

    @Test
    void embeddedSwitchAndServersServeAClient() {
        for (ServerId id : config.allServers()) {
            disks.put(id, new InMemoryDurableState());
            servers.put(id, new LogServer(id, config, disks.get(id)));
        }
        apply(sw.id(), sw.start());                                   // installs the boot view, mints the token
        apply(client.id(), client.step(new ClientInput.Append(1, Payload.ofString("hello"), sw.id())));
        loop(20);
        apply(client.id(), client.step(new ClientInput.Read(2, 1, sw.id())));
        apply(client.id(), client.step(new ClientInput.GetTail(3, sw.id())));
        loop(20);
        assertEquals(List.of(new Effect.Outcome(client.id(), 1, new Result.Appended(1)),
                new Effect.Outcome(client.id(), 2, new Result.ReadValue(1, Payload.ofString("hello"))),
                new Effect.Outcome(client.id(), 3, new Result.Tail(1))), outcomes);
        assertEquals("hello", disks.get(new ServerId(0, 0)).entry(1).payload().asString());
    }
}
