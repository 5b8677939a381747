/**
 * The log server role ({@link io.ringworld.kernel.server.LogServer}) and its storage contract.
 * Contract: the server accepts a write of {@code (i, v)} only if {@code v >= promisedView}; every
 * reply that depends on new state is released only after the host confirms the Persist that made
 * it durable; the host owns stable storage ({@link io.ringworld.kernel.server.DurableState}) and
 * rebuilds a crashed server from it.
 */
package io.ringworld.kernel.server;
