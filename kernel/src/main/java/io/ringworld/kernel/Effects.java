package io.ringworld.kernel;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The ordered effects of one step. For speed a role reuses one instance: the list a step returns
 * is valid only until the next step of the same role. Hosts that keep effects longer call
 * {@link #toList()}. Only roles call {@link #add} and {@link #clear}.
 */
public final class Effects implements Iterable<Effect> {
    private final ArrayList<Effect> list = new ArrayList<>();

    public int size() {
        return list.size();
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    public Effect get(int i) {
        return list.get(i);
    }

    /** A read-only iterator (no allocation beyond the iterator itself). */
    @Override
    public Iterator<Effect> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < list.size();
            }

            @Override
            public Effect next() {
                if (next >= list.size()) {
                    throw new java.util.NoSuchElementException();
                }
                return list.get(next++);
            }
        };
    }

    /** A copy that stays valid after the next step. */
    public List<Effect> toList() {
        return List.copyOf(list);
    }

    /** For roles: appends an effect. */
    public void add(Effect e) {
        list.add(e);
    }

    /** For roles: shorthand for {@code add(new Effect.Send(to, m))}. */
    public void send(NodeId to, io.ringworld.kernel.message.Message m) {
        list.add(new Effect.Send(to, m));
    }

    /** For roles: empties the list at the start of a step. */
    public void clear() {
        list.clear();
    }

    @Override
    public String toString() {
        return list.toString();
    }
}
