package io.ringworld.kernel.bench;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.Config;
import io.ringworld.kernel.Effect;
import io.ringworld.kernel.Effects;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.server.InMemoryDurableState;
import io.ringworld.kernel.server.LogServer;
import io.ringworld.kernel.server.ServerInput;
import io.ringworld.kernel.sw.Switch;
import io.ringworld.kernel.sw.SwitchInput;
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
 * JMH: the kernel's own cost, one thread, messages passed in memory (no codec, no host).
 * {@code visit}: one switch that is the whole ring (so it leads every index) takes
 * {@code batch} appends, then a token visit sequences them (SequenceBatch), writes each to its
 * 3 servers (LeaderReplicate), and a majority's acks commit each and answer the client
 * (LeaderCommit): the time per visit divided by {@code batch} is a switch's kernel time per
 * append. {@code serverWrite}: a log server stores one 1 KiB write and, after its PersistDone,
 * releases the ack. Run with {@code mvn -B -pl kernel -Pjmh test-compile exec:exec
 * -Djmh.args="-f 1 -wi 3 -i 5 KernelStepBench"}; figures in the README.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class KernelStepBench {
    private static final SwitchId SW = new SwitchId(0);
    private static final ClientId CLIENT = new ClientId(0);

    @Param({"1", "16", "256"})
    public int batch;

    private Switch sw;
    private Message.Token token;
    private long requestId;
    private Payload payload;
    private final List<Message.Write> writes = new ArrayList<>();

    private LogServer server;
    private long writeIndex;
    private View view;

    @Setup(Level.Trial)
    public void setup() {
        Config config = Config.defaults(1, 1);
        byte[] kilobyte = new byte[1024];
        new java.util.Random(1).nextBytes(kilobyte);
        payload = Payload.of(kilobyte);
        sw = Switch.booting(SW, config);
        token = take(sw.step(SwitchInput.Start.INSTANCE));
        if (token == null) {
            throw new IllegalStateException("the booting switch minted no token");
        }
        view = token.view();
        server = new LogServer(new ServerId(0, 0), config, new InMemoryDurableState());
        // a warm pass so that the first measured visit is like every other
        visit();
    }

    /**
     * {@code batch} appends, then token visits (each with its writes' acks) until all are
     * answered: more than one visit when the status map (256 indices in flight per leader) is
     * full, as it is at 256, since the token folds a commit into c a round after it happened.
     * Returns the visits it took.
     */
    @Benchmark
    public int visit() {
        for (int k = 0; k < batch; k++) {
            sw.deliver(new Message.AppendRequest(CLIENT, ++requestId, payload));
        }
        int answered = 0;
        int visits = 0;
        while (answered < batch) {
            if (++visits > 4) {
                throw new IllegalStateException(answered + " appends answered of " + batch + " after 4 visits");
            }
            writes.clear();
            Message.Token next = take(sw.deliver(token));
            for (int m = 0; m < 2 && !writes.isEmpty(); m++) { // a majority of the 3 servers, as their group commits ack
                answered += replies(sw.deliver(acks(writes, new ServerId(0, m))));
            }
            token = next;
        }
        return visits;
    }

    /** A log server's write path: store one 1 KiB entry, then its PersistDone releases the ack. */
    @Benchmark
    public Effects serverWrite() {
        Effects e = server.deliver(new Message.Write(view, ++writeIndex, payload, SW));
        long persistId = -1;
        for (Effect x : e) {
            if (x instanceof Effect.Persist p) {
                persistId = p.persistId();
            }
        }
        return server.step(new ServerInput.PersistDone(persistId));
    }

    /** The token among {@code effects} (the switch passes it to itself), collecting the writes to server 0. */
    private Message.Token take(Effects effects) {
        Message.Token t = null;
        for (Effect e : effects) {
            if (e instanceof Effect.Send s) {
                if (s.message() instanceof Message.Token tk) {
                    t = tk;
                } else if (s.message() instanceof Message.Write w && s.to().equals(new ServerId(0, 0))) {
                    writes.add(w);
                } else if (s.message() instanceof Message.Writes ws && s.to().equals(new ServerId(0, 0))) {
                    writes.addAll(ws.members());
                }
            }
        }
        return t;
    }

    /** What a server's group commit releases for {@code writes}: one WriteAcks (one WriteAck if one write). */
    static Message acks(List<Message.Write> writes, ServerId server) {
        List<Message.WriteAck> acks = new ArrayList<>(writes.size());
        for (Message.Write w : writes) {
            acks.add(new Message.WriteAck(w.view(), w.index(), server, true, w.view()));
        }
        return acks.size() == 1 ? acks.get(0) : new Message.WriteAcks(acks);
    }

    private static int replies(Effects effects) {
        int n = 0;
        for (Effect e : effects) {
            if (e instanceof Effect.Send s && s.message() instanceof Message.AppendReply) {
                n++;
            } else if (e instanceof Effect.Send s && s.message() instanceof Message.AppendReplies r) {
                n += r.members().size();
            }
        }
        return n;
    }
}
