package io.ringworld.example;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.Config;
import io.ringworld.kernel.DurableRecord;
import io.ringworld.kernel.Effect;
import io.ringworld.kernel.EffectHandler;
import io.ringworld.kernel.Node;
import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.Result;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.client.Client;
import io.ringworld.kernel.client.ClientInput;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.server.InMemoryDurableState;
import io.ringworld.kernel.server.LogServer;
import io.ringworld.kernel.server.ServerInput;
import io.ringworld.kernel.sw.Switch;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The smallest complete host of the kernel (kernel/README.md shows it): one switch, one replica
 * set of three log servers and a client in one event loop, a queue for a network and in-memory
 * disks. Compiled as a module that requires {@code io.ringworld.kernel} and run by the kernel's
 * EmbeddingExampleTest: it can only use what the kernel exports.
 */
public final class EmbeddedHost {
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

    /** Boots the cluster, appends "hello", reads it back and asks for the tail: the three outcomes. */
    public static List<Effect.Outcome> run() {
        EmbeddedHost h = new EmbeddedHost();
        for (ServerId id : h.config.allServers()) {                  // servers from their disks
            h.disks.put(id, new InMemoryDurableState());
            h.nodes.put(id, new LogServer(id, h.config, h.disks.get(id)));
        }
        h.nodes.put(h.sw.id(), h.sw);
        h.nodes.put(h.client.id(), h.client);
        h.sw.start().dispatch(h.sw.id(), h.host);                    // installs the boot view, mints the token
        h.client.step(new ClientInput.Append(1, Payload.ofString("hello"), h.sw.id())).dispatch(h.client.id(), h.host);
        h.loop(20);                                                   // Outcome(client0, 1, Appended[index=1])
        h.client.step(new ClientInput.Read(2, 1, h.sw.id())).dispatch(h.client.id(), h.host);
        h.client.step(new ClientInput.GetTail(3, h.sw.id())).dispatch(h.client.id(), h.host);
        h.loop(20);
        return List.copyOf(h.outcomes);
    }

    public static void main(String[] args) {
        run().forEach(System.out::println);
    }
}
