package io.ringworld.kernel.sw;

import io.ringworld.kernel.Effects;

/** Test-only access to switch internals that no input can reach directly. */
public final class SwitchTestAccess {
    private SwitchTestAccess() {
    }

    /** StartViewChange now, as if a timeout fired; returns the effects (valid until the next step). */
    public static Effects forceSuspect(Switch s, String why) {
        s.effects.clear();
        s.viewChange.onSuspect(why);
        return s.effects;
    }
}
