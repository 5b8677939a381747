package io.ringworld.kernel.internal;

import io.ringworld.kernel.Effect;
import io.ringworld.kernel.Effects;
import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.message.Message;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The {@link Effects} a role fills during a step and returns: one per role, cleared at the start
 * of each step. A plain array, not an ArrayList: one object less to touch on every step of every
 * node. Not API: hosts only read {@link Effects}.
 */
public final class EffectBuffer implements Effects {
    private Effect[] items = new Effect[8];
    private int size;
    private SendMerger merger;
    private int mergeBytesMax;

    @Override
    public int size() {
        return size;
    }

    @Override
    public Effect get(int i) {
        if (i >= size) {
            throw new IndexOutOfBoundsException("effect " + i + " of " + size);
        }
        return items[i];
    }

    /** Same as the interface's, without the bounds check per effect (the hot path of every host). */
    @Override
    public void dispatch(NodeId from, io.ringworld.kernel.EffectHandler handler) {
        for (int i = 0; i < size; i++) {
            handler.handle(from, items[i]);
        }
    }

    @Override
    public java.util.List<Effect> toList() {
        return java.util.List.of(Arrays.copyOf(items, size));
    }

    /** A read-only iterator. */
    @Override
    public Iterator<Effect> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < size;
            }

            @Override
            public Effect next() {
                if (next >= size) {
                    throw new NoSuchElementException();
                }
                return items[next++];
            }
        };
    }

    /** Appends an effect. */
    public void add(Effect e) {
        if (e == null) {
            throw new NullPointerException("effect");
        }
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
        }
        items[size++] = e;
    }

    /**
     * {@code add(new Effect.Send(to, m))}, or, with merging on ({@link #mergeSendsUpTo}), {@code m}
     * joins the open merged message of this step for {@code to} that it may join, if any.
     */
    public void send(NodeId to, Message m) {
        if (mergeBytesMax > 0 && merger.join(to, m, size, mergeBytesMax)) {
            return;
        }
        add(new Effect.Send(to, m));
    }

    /**
     * Turns merging on: from now on the Assigns, Writes and WriteAcks of a step to one receiver,
     * and its AppendRequests and AppendReplies, leave as merged messages of at most
     * {@code bytesMax} bytes each ({@code Config.mergedMessageBytesMax}; 0: none), in the place of
     * the first of each. A role calls it once, when it is made, and {@link #placeMerged} last in
     * every step.
     */
    public void mergeSendsUpTo(int bytesMax) {
        mergeBytesMax = Math.max(0, bytesMax);
        if (mergeBytesMax > 0 && merger == null) {
            merger = new SendMerger();
        }
    }

    /** Puts this step's merged messages in their places; a role calls it before it returns the list. */
    public void placeMerged() {
        if (merger != null) {
            merger.finish(items);
        }
    }

    /**
     * Empties the list at the start of a step. Slots are not nulled (the next step overwrites
     * them): the few stale references it keeps are bounded by the largest step.
     */
    public void clear() {
        size = 0;
        if (merger != null) {
            merger.forget();
        }
    }

    @Override
    public String toString() {
        return Arrays.asList(items).subList(0, size).toString();
    }
}
