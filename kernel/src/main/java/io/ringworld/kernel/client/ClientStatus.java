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
 */
public record ClientStatus(ClientId id, int openOperations, long nowTicks, long badInputs, String lastBadInput) {
}
