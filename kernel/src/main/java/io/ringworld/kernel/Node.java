package io.ringworld.kernel;

import io.ringworld.kernel.message.Message;

/**
 * The one shape of every protocol role ({@link io.ringworld.kernel.sw.Switch},
 * {@link io.ringworld.kernel.server.LogServer}, {@link io.ringworld.kernel.client.Client}): a
 * deterministic state machine its host steps one input at a time. A step returns the ordered
 * effects the host must carry out ({@link Effects#dispatch}); the list is reused by the node's
 * next step. A host needs the role's own input type only for what is not a message or a tick:
 * Start (switch), PersistDone (server) and the operations (client).
 *
 * @param <I> the role's input type: {@code SwitchInput}, {@code ServerInput} or {@code ClientInput}
 */
public interface Node<I> {

    /** Who this node is; messages addressed to it go to {@link #deliver}. */
    NodeId id();

    /** The one transition: takes {@code input}, returns the effects in the order to apply them. */
    Effects step(I input);

    /** A message arrived: the same as {@code step} with the role's Deliver input, without building it. */
    Effects deliver(Message message);

    /** One tick of the node's clock: the same as {@code step} with the role's Tick input. */
    Effects tick();
}
