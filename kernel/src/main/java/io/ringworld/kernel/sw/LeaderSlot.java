package io.ringworld.kernel.sw;

import io.ringworld.kernel.ClientId;

/**
 * What a leader's status map holds for one index it leads (read-only, for hosts that keep a copy
 * of the map elsewhere, as a switch data plane does): the slot's state, whether the entry is
 * junk (a filled hole), who appended it and which members acknowledged its write.
 *
 * @param index     the index
 * @param state     FREE (nothing known), EXPECTED (handed out, its Assign not here), WRITING
 *                  (written, waiting for a majority) or COMMITTED
 * @param junk      the entry is junk (FillHole); then {@code client} is null
 * @param client    who appended it (WRITING or COMMITTED, not junk), else null
 * @param requestId the client's request id, or 0
 * @param ackMask   bit m set: member m of the index's replica set acknowledged the write
 */
public record LeaderSlot(long index, State state, boolean junk, ClientId client, long requestId, int ackMask) {
    /** A slot's state, as the kernel's Replication names them. */
    public enum State {
        FREE, EXPECTED, WRITING, COMMITTED
    }
}
