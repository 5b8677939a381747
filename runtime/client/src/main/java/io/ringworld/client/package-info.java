/**
 * The RingWorld client library: {@link io.ringworld.client.RingWorldClient}, built from a cluster
 * file, hosts the kernel's client role over the framed transport of {@code io.ringworld.net}.
 * Appends complete with an index, an {@link io.ringworld.client.IndeterminateException} (outcome
 * unknown) or a {@link io.ringworld.client.RingWorldException} (definitely failed).
 */
package io.ringworld.client;
