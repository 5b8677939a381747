package io.ringworld.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * The ordered effects of one step, read-only to hosts. For speed a role reuses one list: what a
 * step returns is valid only until the next step of the same role; hosts that keep effects
 * longer call {@link #toList()}. Hosts on a hot path iterate with {@link #size()} and
 * {@link #get(int)} (no iterator allocated) or hand every effect to one handler with
 * {@link #dispatch}. Only the roles fill the list (through a kernel-internal implementation).
 */
public interface Effects extends Iterable<Effect> {
    /** The number of effects of the step. */
    int size();

    /** The effect at position {@code i} (0-based, in the step's order). */
    Effect get(int i);

    default boolean isEmpty() {
        return size() == 0;
    }

    /**
     * Hands every effect, in order, to {@code handler}: the host's effects loop, written once.
     * {@code from} is the node whose step returned this list. A host whose handler steps the
     * same node again before the loop ends (a replay that confirms a Persist at once) dispatches
     * a copy instead ({@link #toList()}, {@link EffectHandler#handle}): that step reuses this list.
     */
    default void dispatch(NodeId from, EffectHandler handler) {
        int n = size();
        for (int i = 0; i < n; i++) {
            handler.handle(from, get(i));
        }
    }

    /** A copy that stays valid after the next step. */
    default List<Effect> toList() {
        int n = size();
        List<Effect> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(get(i));
        }
        return List.copyOf(out);
    }
}
