package io.ringworld.runtime.paper;

import io.ringworld.kernel.Config;
import io.ringworld.kernel.Effect;
import io.ringworld.kernel.Effects;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.sw.Switch;
import java.util.ArrayList;
import java.util.List;

/**
 * A ring of kernel switches and nothing else, one token hop per tick: every message between
 * switches arrives the tick after it was sent; messages to servers (RingAlive) are counted and
 * dropped, since no append reaches the ring here (the counts are added by
 * {@link SequencingLatency}). Records, per switch, the tick of every token visit.
 */
final class KernelRing {
    /** Per switch, the ticks of its token visits in order (warm-up included). */
    final long[][] visitTicks;
    final long tokensSent;
    final long acksSent;
    final long toServersDropped;
    final long ticks;

    private KernelRing(long[][] visitTicks, long tokens, long acks, long dropped, long ticks) {
        this.visitTicks = visitTicks;
        this.tokensSent = tokens;
        this.acksSent = acks;
        this.toServersDropped = dropped;
        this.ticks = ticks;
    }

    /** The kernel's settings for a ring of {@code switches}: timeouts well above a rotation. */
    static Config config(int switches) {
        int patienceTicks = Math.max(1_000, 8 * switches);
        return Config.builder(switches, 1)
                .suspectTimeoutTicks(patienceTicks)
                .tokenLossTimeoutTicks(patienceTicks)
                .holeTimeoutTicks(patienceTicks)
                .viewChangeTimeoutTicks(2 * patienceTicks)
                .build();
    }

    /** Runs the ring until every switch has been visited {@code visitsPerSwitch} times. */
    static KernelRing run(int switches, int visitsPerSwitch) {
        if (switches < 1) {
            throw new IllegalArgumentException("a ring needs at least 1 switch, got " + switches);
        }
        Config config = config(switches);
        Switch[] ring = new Switch[switches];
        List<List<Long>> visits = new ArrayList<>();
        List<Delivery> next = new ArrayList<>();
        for (int i = 0; i < switches; i++) {
            ring[i] = Switch.booting(new SwitchId(i), config);
            visits.add(new ArrayList<>());
        }
        long[] counts = new long[3];
        for (int i = 0; i < switches; i++) {
            route(ring[i].start(), i, next, counts, false);
        }
        long tick = 0;
        long ticksMax = (long) (visitsPerSwitch + 2) * switches * 4L + 10_000;
        while (visits.get(switches - 1).size() < visitsPerSwitch) {
            if (tick++ > ticksMax) {
                throw new IllegalStateException("the ring stalled: " + visits.get(0).size() + " visits at switch 0 after "
                        + tick + " ticks");
            }
            List<Delivery> now = next;
            next = new ArrayList<>();
            for (Switch s : ring) {
                route(s.tick(), -1, next, counts, false);
            }
            for (Delivery d : now) {
                boolean token = d.message() instanceof Message.Token;
                boolean visit = route(ring[d.to()].deliver(d.message()), d.to(), next, counts, token);
                if (visit) {
                    visits.get(d.to()).add(tick);
                }
            }
        }
        long[][] out = new long[switches][];
        for (int i = 0; i < switches; i++) {
            out[i] = visits.get(i).stream().mapToLong(Long::longValue).toArray();
        }
        return new KernelRing(out, counts[0], counts[1], counts[2], tick);
    }

    private record Delivery(int to, Message message) {
    }

    /**
     * Queues the effects' sends for the next tick. Returns true if a delivered token was a visit:
     * the switch passed a token on (a retransmitted copy only gets an acknowledgement).
     */
    private static boolean route(Effects effects, int at, List<Delivery> next, long[] counts, boolean token) {
        boolean passed = false;
        for (Effect e : effects) {
            if (!(e instanceof Effect.Send send)) {
                continue;
            }
            if (send.to() instanceof SwitchId to) {
                next.add(new Delivery(to.index(), send.message()));
                if (send.message() instanceof Message.Token) {
                    counts[0]++;
                    passed = true;
                } else if (send.message() instanceof Message.TokenAck) {
                    counts[1]++;
                }
            } else {
                counts[2]++;
            }
        }
        return token && passed && at >= 0;
    }
}
