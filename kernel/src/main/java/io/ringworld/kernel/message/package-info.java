/**
 * The one message model of the protocol: {@link io.ringworld.kernel.message.Message}, a sealed
 * family of immutable records. Contract: messages are values (safe to share, duplicate, reorder
 * and drop; the roles tolerate all of that); hosts own serialization; no message is ever mutated.
 */
package io.ringworld.kernel.message;
