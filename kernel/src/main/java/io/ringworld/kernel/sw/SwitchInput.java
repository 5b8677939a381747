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

    /**
     * StartViewChange on a failure reported from outside the switch's own detector (an
     * operator, a host-level failure detector, or a driver of the spec's StartViewChange, whose
     * timeouts are arbitrary): the switch becomes coordinator of a view above every view it has
     * seen, exactly as when its own timers suspect a failure. Ignored before Start.
     *
     * @param reason why the failure is suspected (kept for diagnostics; not interpreted)
     */
    record Suspect(String reason) implements SwitchInput {
        public Suspect {
            if (reason == null) {
                throw new IllegalArgumentException("Suspect needs a reason (may be empty, not null)");
            }
        }
    }

    /** One unit of the switch's local clock: retransmissions, hole timeouts, failure detection. */
    record Tick() implements SwitchInput {
        public static final Tick INSTANCE = new Tick();
    }
}
