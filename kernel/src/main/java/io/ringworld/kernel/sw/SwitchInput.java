package io.ringworld.kernel.sw;

import io.ringworld.kernel.message.Message;

/** Inputs of a {@link Switch}. */
public sealed interface SwitchInput {
    /**
     * The first input after construction. A switch built with a boot projection installs it
     * (the first ring member mints the token); a restarted switch announces itself (onRestart).
     */
    record Start() implements SwitchInput {
        public static final Start INSTANCE = new Start();
    }

    /** A message arrived. */
    record Deliver(Message message) implements SwitchInput {
    }

    /** One unit of the switch's local clock: retransmissions, hole timeouts, failure detection. */
    record Tick() implements SwitchInput {
        public static final Tick INSTANCE = new Tick();
    }
}
