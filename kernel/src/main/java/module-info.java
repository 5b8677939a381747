/**
 * The RingWorld protocol kernel as a library: the packages a host embeds, and nothing else.
 *
 * <p>Exported: the values and the effect model ({@code io.ringworld.kernel}), the message model,
 * the three roles ({@code sw}, {@code server}, {@code client}), the invariant names and the
 * cluster-wide checker, the test hooks (planted bugs, for tests and simulators only; a real
 * node refuses them unless started with an explicit unsafe flag), and the wire format's building
 * blocks ({@code wire}: the HalfSipHash MAC so far). Not exported:
 * {@code io.ringworld.kernel.internal} (the roles' effect buffer and hot-path collections).
 *
 * <p>The kernel requires nothing but {@code java.base}: no threads, clocks, I/O or logging.
 */
module io.ringworld.kernel {
    exports io.ringworld.kernel;
    exports io.ringworld.kernel.client;
    exports io.ringworld.kernel.invariant;
    exports io.ringworld.kernel.message;
    exports io.ringworld.kernel.server;
    exports io.ringworld.kernel.sw;
    exports io.ringworld.kernel.testhooks;
    exports io.ringworld.kernel.wire;
}
