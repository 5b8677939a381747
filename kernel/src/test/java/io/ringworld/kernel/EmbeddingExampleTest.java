package io.ringworld.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ringworld.kernel.client.Client;
import io.ringworld.kernel.client.ClientInput;
import io.ringworld.kernel.Result;
import io.ringworld.kernel.server.InMemoryDurableState;
import io.ringworld.kernel.server.LogServer;
import io.ringworld.kernel.server.ServerInput;
import io.ringworld.kernel.sw.Switch;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.DurableRecord;
import java.util.LinkedHashMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The embedding example of kernel/README.md, compiled and run (keep the two in sync). */
class EmbeddingExampleTest {
    // ---- README example begins
    record Packet(NodeId to, Message message) {}
    record Confirm(ServerId server, long persistId) {}

    final Config config = Config.defaults(1, 1);                    // 1 switch, 1 replica set of 3
    final Switch sw = Switch.booting(new SwitchId(0), config);
    final Client client = new Client(new ClientId(0), config);
    final Map<NodeId, Node<?>> nodes = new LinkedHashMap<>();       // every role has one shape
    final Map<ServerId, InMemoryDurableState> disks = new HashMap<>();
    final ArrayDeque<Packet> network = new ArrayDeque<>();
    final ArrayDeque<Confirm> fsyncs = new ArrayDeque<>();
    final List<Effect.Outcome> outcomes = new ArrayList<>();

    /** The host's side of every effect; Effects.dispatch calls it in the step's order. */
    final EffectHandler host = new EffectHandler() {
        public void onSend(NodeId from, NodeId to, Message m) { network.add(new Packet(to, m)); }
        public void onPersist(NodeId from, long persistId, List<DurableRecord> records) {
            disks.get((ServerId) from).apply(records);               // servers only: write, fsync, confirm
            fsyncs.add(new Confirm((ServerId) from, persistId));
        }
        public void onOutcome(NodeId from, long requestId, Result result) {
            outcomes.add(new Effect.Outcome((ClientId) from, requestId, result));
        }
    };

    void loop(int ticks) {
        for (int t = 0; t < ticks; t++) {
            for (int n = network.size(); n > 0; n--) {               // deliver what is on the wire
                Packet p = network.poll();
                nodes.get(p.to()).deliver(p.message()).dispatch(p.to(), host);
            }
            while (!fsyncs.isEmpty()) {                               // release replies held for the disk
                Confirm c = fsyncs.poll();
                LogServer s = (LogServer) nodes.get(c.server());
                s.step(new ServerInput.PersistDone(c.persistId())).dispatch(s.id(), host);
            }
            for (Node<?> n : nodes.values()) n.tick().dispatch(n.id(), host);   // every local clock
        }
    }
    // ---- README example ends

    @Test
    void embeddedSwitchAndServersServeAClient() {
        for (ServerId id : config.allServers()) {
            disks.put(id, new InMemoryDurableState());
            nodes.put(id, new LogServer(id, config, disks.get(id)));
        }
        nodes.put(sw.id(), sw);
        nodes.put(client.id(), client);
        sw.start().dispatch(sw.id(), host);                           // installs the boot view, mints the token
        client.step(new ClientInput.Append(1, Payload.ofString("hello"), sw.id())).dispatch(client.id(), host);
        loop(20);
        client.step(new ClientInput.Read(2, 1, sw.id())).dispatch(client.id(), host);
        client.step(new ClientInput.GetTail(3, sw.id())).dispatch(client.id(), host);
        loop(20);
        assertEquals(List.of(new Effect.Outcome(client.id(), 1, new Result.Appended(1)),
                new Effect.Outcome(client.id(), 2, new Result.ReadValue(1, Payload.ofString("hello"))),
                new Effect.Outcome(client.id(), 3, new Result.Tail(1))), outcomes);
        assertEquals("hello", disks.get(new ServerId(0, 0)).entry(1).payload().asString());
    }
}
