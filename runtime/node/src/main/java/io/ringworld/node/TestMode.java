package io.ringworld.node;

import io.ringworld.kernel.testhooks.PlantedBug;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;

/**
 * What a real-process fault campaign changes in a node, given only on the node's command line
 * (never in a cluster file), each said in the node's first log lines:
 *
 * @param plantedBug     a kernel bug planted through the kernel's unsafe test hooks
 *                       ({@code --unsafe-test-hooks BUG}), to show a campaign finds it
 * @param heldWrites     a log server's unforced writes are held in this process's memory
 *                       ({@code --test-held-writes}), so a SIGKILL loses them as a machine crash
 *                       would (a SIGKILL alone keeps the page cache)
 * @param peerAddresses  members dialled at another address than the cluster file's
 *                       ({@code --peer-address NAME=HOST:PORT}): a campaign's fault proxy for the link
 * @param ackBeforeForce the planted storage bug ({@code --test-ack-before-force}): a log server's
 *                       forces return at once and really force only twice a second, so it
 *                       acknowledges writes before they are durable
 * @param segmentBytes   a log server's segment size ({@code --test-segment-bytes N}; 0: the
 *                       default), small so a campaign's short run needs new segments (a full
 *                       disk then refuses them)
 */
public record TestMode(PlantedBug plantedBug, boolean heldWrites, Map<String, InetSocketAddress> peerAddresses,
                       boolean ackBeforeForce, long segmentBytes) {
    /** A production node: nothing changed. */
    public static final TestMode NONE = new TestMode(PlantedBug.NONE, false, Map.of(), false, 0);

    public TestMode {
        Objects.requireNonNull(plantedBug, "plantedBug");
        peerAddresses = Map.copyOf(peerAddresses);
        if (segmentBytes != 0 && (segmentBytes < 4096 || segmentBytes > Integer.MAX_VALUE)) {
            throw new IllegalArgumentException("segment bytes must be in 4 KiB..2 GiB, got " + segmentBytes);
        }
    }

    /** Whether anything differs from a production node. */
    public boolean any() {
        return plantedBug != PlantedBug.NONE || heldWrites || !peerAddresses.isEmpty() || ackBeforeForce || segmentBytes != 0;
    }
}
