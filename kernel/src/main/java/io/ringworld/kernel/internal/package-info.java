/**
 * Small allocation-free collections the roles and the invariant checker use on their hot paths
 * (every step of every node), and the effect list that merges a step's sends as they are made. Contract: deterministic (no hashing of identities, no iteration
 * order that depends on anything but the keys and the order of operations), no dependencies.
 * Not part of the kernel's API: hosts should not use these.
 */
package io.ringworld.kernel.internal;
