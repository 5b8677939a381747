/**
 * Test hooks: the bugs a test plants in the kernel to prove that an invariant, a replay, a trace
 * validation or a campaign catches them. Never part of {@link io.ringworld.kernel.Config}; nodes
 * take them as an explicit extra argument, and a host that is not a test must refuse them unless
 * started with an unsafe flag it announces loudly.
 */
package io.ringworld.kernel.testhooks;
