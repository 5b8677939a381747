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

    /** Shorthand for {@code add(new Effect.Send(to, m))}. */
    public void send(NodeId to, Message m) {
        add(new Effect.Send(to, m));
    }

    /**
     * Merges the Assigns, Writes and WriteAcks of this step to one receiver into merged messages
     * of at most {@code bytesMax} bytes each ({@code Config.mergedMessageBytesMax}; 0: none). A
     * role calls it last in a step, before it returns the list.
     */
    public void mergeSends(int bytesMax) {
        if (bytesMax <= 0 || size < 2) {
            return;
        }
        if (merger == null) {
            merger = new SendMerger();
        }
        size = merger.merge(items, size, bytesMax);
    }

    /**
     * Empties the list at the start of a step. Slots are not nulled (the next step overwrites
     * them): the few stale references it keeps are bounded by the largest step.
     */
    public void clear() {
        size = 0;
    }

    @Override
    public String toString() {
        return Arrays.asList(items).subList(0, size).toString();
    }
}
