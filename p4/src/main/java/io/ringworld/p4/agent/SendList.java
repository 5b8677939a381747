package io.ringworld.p4.agent;

import io.ringworld.kernel.Effect;
import io.ringworld.kernel.Effects;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** A P4 switch's effects of one step: what left its ports, in order. Reused by the next step. */
final class SendList implements Effects {
    private final List<Effect> items = new ArrayList<>();

    void clear() {
        items.clear();
    }

    void add(Effect e) {
        items.add(e);
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public Effect get(int i) {
        return items.get(i);
    }

    @Override
    public Iterator<Effect> iterator() {
        return items.iterator();
    }
}
