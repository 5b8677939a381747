package io.ringworld.conformance.host;

import io.ringworld.kernel.Result;
import io.ringworld.kernel.message.Message;

/**
 * What the host conformance suite needs of a host: client operations through a chosen switch,
 * crashes and restarts, and a way to lose chosen messages. Each host (the simulator, the Netty
 * host's real processes; the P4 host later) adapts itself to this, and the one suite runs on all
 * of them.
 * Indices are the kernel's (1-based). A method returns null if the operation did not finish in
 * the host's time bound.
 */
public interface ConformanceHost extends AutoCloseable {
    Result append(int client, String payload, int viaSwitch);

    Result read(int client, long index, int viaSwitch);

    Result tail(int client, int viaSwitch);

    Result trim(int client, long prefix, int viaSwitch);

    /** Lets the cluster run for a while (timeouts fire, view changes finish). */
    void settle(long ticks);

    void crashSwitch(int k);

    void restartSwitch(int k);

    void crashServer(int replicaSet, int member);

    void recoverServer(int replicaSet, int member);

    /**
     * Issue 19: server {@code member} of {@code replicaSet}, down, loses its data directory: it
     * recovers as a server of an initialised cluster with nothing on disk, which must relearn
     * before it acknowledges anything (a real host deletes the directory's contents).
     */
    void wipeServer(int replicaSet, int member);

    /**
     * Loses every message of {@code type} (one of {@link Message}'s records), and every merged
     * message ({@link Message.Merged}) of such members, until
     * {@link #stopDropping()}. By type, not by an arbitrary predicate, so a host of real
     * processes can be told which messages to lose.
     */
    void dropMessagesOf(Class<? extends Message> type);

    void stopDropping();

    /** Views installed after the boot view. */
    long viewChanges();

    @Override
    default void close() {
    }
}
