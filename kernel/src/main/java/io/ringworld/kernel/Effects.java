package io.ringworld.kernel;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * The ordered effects of one step. For speed a role reuses one instance: the list a step returns
 * is valid only until the next step of the same role. Hosts that keep effects longer call
 * {@link #toList()}. Only roles call {@link #add} and {@link #clear}. Hosts on a hot path iterate
 * with {@link #size()} and {@link #get(int)} (no iterator allocated).
 */
public final class Effects implements Iterable<Effect> {
    /** A plain array, not an ArrayList: one object less to touch on every step of every node. */
    private Effect[] items = new Effect[8];
    private int size;

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public Effect get(int i) {
        if (i >= size) {
            throw new IndexOutOfBoundsException("effect " + i + " of " + size);
        }
        return items[i];
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
                    throw new java.util.NoSuchElementException();
                }
                return items[next++];
            }
        };
    }

    /**
     * Hands every effect, in order, to {@code handler}: the host's effects loop, written once.
     * {@code from} is the node whose step returned this list. A host whose handler steps the
     * same node again before the loop ends (a replay that confirms a Persist at once) dispatches
     * a copy instead ({@link #toList()}, {@link EffectHandler#handle}): that step reuses this list.
     */
    public void dispatch(NodeId from, EffectHandler handler) {
        for (int i = 0; i < size; i++) {
            handler.handle(from, items[i]);
        }
    }

    /** A copy that stays valid after the next step. */
    public List<Effect> toList() {
        return List.of(Arrays.copyOf(items, size));
    }

    /** For roles: appends an effect. */
    public void add(Effect e) {
        if (e == null) {
            throw new NullPointerException("effect");
        }
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
        }
        items[size++] = e;
    }

    /** For roles: shorthand for {@code add(new Effect.Send(to, m))}. */
    public void send(NodeId to, io.ringworld.kernel.message.Message m) {
        add(new Effect.Send(to, m));
    }

    /**
     * For roles: empties the list at the start of a step. Slots are not nulled (the next step
     * overwrites them): the few stale references it keeps are bounded by the largest step.
     */
    public void clear() {
        size = 0;
    }

    @Override
    public String toString() {
        return Arrays.asList(items).subList(0, size).toString();
    }
}
