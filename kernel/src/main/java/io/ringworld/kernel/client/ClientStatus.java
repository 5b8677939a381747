package io.ringworld.kernel.client;

import io.ringworld.kernel.ClientId;

/**
 * One snapshot of a client ({@link Client#status()}). A value; it does not change as the client
 * steps on.
 *
 * @param id             the client
 * @param openOperations operations started and not finished yet
 * @param nowTicks       its local clock
 * @param badInputs      malformed or unexpected inputs counted and ignored
 * @param lastBadInput   the last of those, or empty
 * @param switchLives    per switch, the life (incarnation) this client addresses its appends to,
 *                       or -1 while no reply of that switch named one (an append to it would be
 *                       addressed to the boot life, a guess: a later life refuses it and the
 *                       outcome is unknown)
 */
public record ClientStatus(ClientId id, int openOperations, long nowTicks, long badInputs, String lastBadInput,
        java.util.List<Long> switchLives) {
    public ClientStatus {
        switchLives = java.util.List.copyOf(switchLives);
    }
}
