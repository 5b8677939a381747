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
import io.ringworld.kernel.sw.Switch;
import io.ringworld.kernel.sw.SwitchInput;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
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
 * JMH, issue 21 item 4: the sequencing throughput of one switch, alone. Switch 0 of a ring of 3
 * holds {@code batch} queued 1 KiB appends; the measured step is its token visit
 * (SequenceBatch): it folds the commit indices into the token, gives the appends consecutive
 * indices, sends each index led by another switch its Assign and accepts the third it leads
 * itself (a status map slot and its Writes), and passes the token. Everything else runs between
 * measured steps, unmeasured ({@code Level.Invocation} setup: a visit takes microseconds at
 * 256): the Assigns reach their leaders, two servers' acks commit every write, the token goes
 * round the other two switches back to switch 0, and the next batch is queued. The leader's
 * commit path is {@link KernelStepBench}'s. Run with {@code mvn -B -pl kernel -Pjmh
 * test-compile exec:exec -Djmh.args="-f 1 -wi 3 -i 5 SequencingBench"}; per append = per visit
 * divided by {@code batch}. {@code merged=false} sends every Assign and Write alone: the baseline
 * of the same run for the cost of merging them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SequencingBench {
    private static final int RING = 3;
    private static final ClientId CLIENT = new ClientId(0);

    @Param({"1", "16", "256"})
    public int batch;

    /** The visit merges its Assigns and Writes (wire version 7), or sends each alone (the baseline). */
    @Param({"true", "false"})
    public boolean merged = true;

    private final Switch[] switches = new Switch[RING];
    private Payload payload;
    private long requestId;
    private Message.Token token;
    /** The measured visit's sends, routed by the next invocation's setup. */
    private final List<Effect.Send> visitSends = new ArrayList<>();
    private final ArrayDeque<Effect.Send> inFlight = new ArrayDeque<>();
    /** Appends switch 0 sequenced so far (each visit must sequence its whole batch). */
    long sequenced;

    @Setup(Level.Trial)
    public void setup() {
        Config config = merged ? Config.defaults(RING, 1) : Config.defaults(RING, 1).toBuilder().mergedMessageBytesMax(0).build();
        byte[] kilobyte = new byte[1024];
        new java.util.Random(1).nextBytes(kilobyte);
        payload = Payload.of(kilobyte);
        for (int k = 0; k < RING; k++) {
            switches[k] = Switch.booting(new SwitchId(k), config);
        }
        for (int k = 0; k < RING; k++) {
            enqueue(switches[k].step(SwitchInput.Start.INSTANCE));
        }
        route();
        if (token == null) {
            throw new IllegalStateException("no token reached switch 0 after the boot");
        }
    }

    /** Routes the last visit's sends until the token is back at switch 0, then queues the next batch. */
    @Setup(Level.Invocation)
    public void prepare() {
        inFlight.addAll(visitSends);
        visitSends.clear();
        route();
        for (int k = 0; k < batch; k++) {
            switches[0].deliver(new Message.AppendRequest(CLIENT, ++requestId, payload));
        }
    }

    /** SequenceBatch at switch 0: one token visit. */
    @Benchmark
    public int visit() {
        Message.Token t = token;
        token = null;
        Effects e = switches[0].deliver(t);
        for (Effect x : e) {
            if (x instanceof Effect.Send s) {
                visitSends.add(s);
            }
        }
        return visitSends.size();
    }

    private void enqueue(Effects effects) {
        for (Effect x : effects) {
            if (x instanceof Effect.Send s) {
                inFlight.add(s);
            }
        }
    }

    /** Delivers everything in flight (servers 0 and 1 ack every write at once) until the token is due at switch 0. */
    private void route() {
        while (!inFlight.isEmpty()) {
            Effect.Send s = inFlight.poll();
            NodeId to = s.to();
            Message m = s.message();
            if (to instanceof SwitchId sw) {
                if (sw.index() == 0 && m instanceof Message.Token t) {
                    token = t; // the measured step delivers it
                    sequenced = t.h();
                    continue;
                }
                enqueue(switches[sw.index()].deliver(m));
            } else if (to instanceof ServerId server && m instanceof Message.Write w && server.member() < 2) {
                inFlight.add(new Effect.Send(w.from(), KernelStepBench.acks(List.of(w), server)));
            } else if (to instanceof ServerId server && m instanceof Message.Writes ws && server.member() < 2) {
                inFlight.add(new Effect.Send(ws.members().get(0).from(), KernelStepBench.acks(ws.members(), server)));
            }
            // answers to the client, RingAlive and the third server's writes: not needed
        }
    }
}
