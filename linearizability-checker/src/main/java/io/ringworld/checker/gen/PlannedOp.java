package io.ringworld.checker.gen;

import io.ringworld.checker.history.OpType;

/**
 * One shared-log operation of a generated history, before processes are assigned: what it did and
 * when it was invoked and completed (completeAt is infinite for an op still pending at the end).
 * Mutable on purpose: tests mutate plans to make (usually) non-linearizable histories.
 */
public final class PlannedOp {
    public String f;
    public OpType outcome;
    public Object payload;
    public long position = -1;
    public boolean junk;
    public long tail = -2;
    public String error;
    public double invokeAt;
    public double completeAt;

    public PlannedOp(String f, OpType outcome, double invokeAt, double completeAt) {
        this.f = f;
        this.outcome = outcome;
        this.invokeAt = invokeAt;
        this.completeAt = completeAt;
    }

    public PlannedOp copy() {
        PlannedOp c = new PlannedOp(f, outcome, invokeAt, completeAt);
        c.payload = payload;
        c.position = position;
        c.junk = junk;
        c.tail = tail;
        c.error = error;
        return c;
    }

    public boolean pending() {
        return Double.isInfinite(completeAt);
    }

    @Override
    public String toString() {
        return f + " " + outcome + " payload=" + payload + " position=" + position + (junk ? " junk" : "")
            + " tail=" + tail + " error=" + error + " [" + invokeAt + ", " + completeAt + "]";
    }
}
