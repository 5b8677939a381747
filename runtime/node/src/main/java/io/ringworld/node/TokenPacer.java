package io.ringworld.node;

import io.ringworld.kernel.message.Message;

/**
 * The host's pacing of an idle ring. The kernel passes the token on at every visit, so on a
 * ring with nothing to sequence the token goes round as fast as the machine can carry it: on
 * loopback about 9,000 passes a second per switch, and an idle 3-switch cluster keeps about 1.5
 * of this machine's 2 cores busy. Once {@link #IDLE_PASSES_BEFORE_HOLD} passes in a row carried
 * nothing new (the same h and committed prefix c as this switch's pass before), each further idle
 * pass is held {@code idleHoldNanos} before it leaves; the first pass that sequenced or committed
 * anything leaves at once and ends the holding. Under load, even one append at a time, passes
 * are never that many idle in a row, so nothing is held: holding every idle pass (200 us) cost
 * one-at-a-time appends about 0.4 ms at p50 and pipelined ones a quarter of their throughput
 * (runtime/node/README.md). To the kernel a held pass is a slower link, which it tolerates (the
 * hold is far below the token's retransmission and suspicion timeouts); the first append after
 * a quiet spell waits about half a rotation longer.
 */
final class TokenPacer {
    /** Idle passes in a row before holding starts: about 15 ms of an idle 3-switch ring on loopback. */
    static final int IDLE_PASSES_BEFORE_HOLD = 128;

    private final long idleHoldNanos;
    private long idleInARow;
    private long lastH = -1;
    private long lastC = -1;
    private io.ringworld.kernel.View lastView;
    private long held;

    TokenPacer(long idleHoldNanos) {
        if (idleHoldNanos < 0) {
            throw new IllegalArgumentException("idleHoldNanos must be >= 0, got " + idleHoldNanos);
        }
        this.idleHoldNanos = idleHoldNanos;
    }

    /** How long to hold this outgoing token before sending it: 0 unless it carries nothing new. */
    long holdNanos(Message.Token t) {
        boolean idle = t.h() == lastH && t.c() == lastC && t.view().equals(lastView) && t.joined().isEmpty();
        lastView = t.view();
        lastH = t.h();
        lastC = t.c();
        idleInARow = idle ? idleInARow + 1 : 0;
        if (idleInARow > IDLE_PASSES_BEFORE_HOLD && idleHoldNanos > 0) {
            held++;
            return idleHoldNanos;
        }
        return 0;
    }

    /** Passes held so far. */
    long held() {
        return held;
    }
}
