package io.ringworld.kernel.bench;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.Config;
import io.ringworld.kernel.Effect;
import io.ringworld.kernel.Effects;
import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.server.InMemoryDurableState;
import io.ringworld.kernel.server.LogServer;
import io.ringworld.kernel.server.ServerInput;
import io.ringworld.kernel.sw.Switch;
import io.ringworld.kernel.sw.SwitchInput;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH: the kernel alone, every role of a cluster of one switch and one replica set of 3 log
 * servers stepped in one thread, messages passed in memory (no codec, no host), 1 KiB payloads,
 * as a new user would embed it. One operation: {@code window} appends arrive at the switch and
 * the cluster runs in rounds until every one is answered: in a round, every message in flight
 * arrives, then each server's Persists of the round are confirmed together (its group commit).
 * {@code merged}: the kernel merges its Assigns, Writes and WriteAcks (wire version 7) and the
 * client's appends arrive merged as the client role sends them, as many as
 * {@code Config.mergedMessageBytesMax} holds, the answers leaving merged too (version 8); or
 * every message goes alone (0): the same run measures both. {@link #messagesPerAppend}
 * counts the kernel messages. Run with {@code mvn -B -pl kernel -Pjmh test-compile exec:exec
 * -Djmh.args="-f 2 -wi 5 -i 5 ClusterInMemoryBench"}; figures in the README.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ClusterInMemoryBench {
    private static final ClientId CLIENT = new ClientId(0);

    @Param({"true", "false"})
    public boolean merged;

    @Param({"256"})
    public int window;

    private Switch sw;
    private final LogServer[] servers = new LogServer[3];
    private final long[] persistsPending = new long[3];
    private final ArrayDeque<Effect.Send> inFlight = new ArrayDeque<>();
    private Payload payload;
    private int mergedMessageBytesMax;
    private long requestId;
    private int answered;
    /** Kernel messages sent (a merged message counts once) and appends answered, since setup. */
    long messages;
    long appends;

    /** A fresh cluster per iteration: its logs grow with every append (nothing trims them here). */
    @Setup(Level.Iteration)
    public void setup() {
        Config defaults = Config.defaults(1, 1);
        Config config = merged ? defaults : defaults.toBuilder().mergedMessageBytesMax(0).build();
        mergedMessageBytesMax = defaults.mergedMessageBytesMax();
        byte[] kilobyte = new byte[1024];
        new java.util.Random(1).nextBytes(kilobyte);
        payload = Payload.of(kilobyte);
        sw = Switch.booting(new SwitchId(0), config);
        for (int m = 0; m < 3; m++) {
            servers[m] = new LogServer(new ServerId(0, m), config, new InMemoryDurableState());
        }
        inFlight.clear();
        java.util.Arrays.fill(persistsPending, 0);
        route(sw.step(SwitchInput.Start.INSTANCE));
        messages = 0;
        appends = 0;
    }

    /** {@code window} appends, run until all are answered. */
    @Benchmark
    public int appendWindow() {
        answered = 0;
        if (merged) { // as the client role sends them (wire version 8): as many as a merged message holds
            int perRequest = mergedMessageBytesMax / (Config.MERGED_MEMBER_OVERHEAD_BYTES + payload.size());
            for (int k = 0; k < window; k += perRequest) {
                java.util.List<Message.AppendRequest> burst = new java.util.ArrayList<>();
                for (int j = k; j < Math.min(window, k + perRequest); j++) {
                    burst.add(new Message.AppendRequest(CLIENT, ++requestId, payload));
                }
                messages++;
                route(sw.deliver(burst.size() == 1 ? burst.get(0) : new Message.AppendRequests(burst)));
            }
        } else {
            for (int k = 0; k < window; k++) {
                messages++;
                route(sw.deliver(new Message.AppendRequest(CLIENT, ++requestId, payload)));
            }
        }
        int rounds = 0;
        while (answered < window) {
            if (++rounds > 100) {
                throw new IllegalStateException(answered + " of " + window + " appends answered after " + rounds + " rounds");
            }
            // A round: everything in flight arrives, then every server's group commit.
            for (int n = inFlight.size(); n > 0; n--) {
                Effect.Send s = inFlight.poll();
                deliver(s.to(), s.message());
            }
            groupCommit();
        }
        appends += window;
        return answered;
    }

    /** Kernel messages per append answered since setup. */
    double messagesPerAppend() {
        return (double) messages / appends;
    }

    private void deliver(NodeId to, Message m) {
        if (to instanceof SwitchId) {
            route(sw.deliver(m));
        } else if (to instanceof ServerId s) {
            route(servers[s.member()].deliver(m), s.member());
        } else if (m instanceof Message.AppendReply) {
            answered++;
        } else if (m instanceof Message.AppendReplies r) {
            answered += r.members().size();
        }
    }

    /** Every server with persists outstanding confirms them all (one fsync for the lot). */
    private void groupCommit() {
        for (int m = 0; m < 3; m++) {
            if (persistsPending[m] > 0) {
                long id = persistsPending[m];
                persistsPending[m] = 0;
                route(servers[m].step(new ServerInput.PersistDone(id)), m);
            }
        }
    }

    private void route(Effects effects) {
        route(effects, -1);
    }

    private void route(Effects effects, int server) {
        for (int k = 0; k < effects.size(); k++) {
            Effect e = effects.get(k);
            if (e instanceof Effect.Send s) {
                messages++;
                inFlight.add(s);
            } else if (e instanceof Effect.Persist p) {
                // Not applied to a store: a store would hold every payload (nothing trims here),
                // and the bench would measure the collector. Nothing reads an entry back.
                persistsPending[server] = p.persistId();
            }
        }
    }
}
