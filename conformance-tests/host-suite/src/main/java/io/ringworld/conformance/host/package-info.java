/**
 * The host conformance suite: shared-log scenarios (append, read, getTail, trim, hole filling,
 * view change with crashes) that every host of the kernel must pass. A host adapts itself to
 * {@link io.ringworld.conformance.host.ConformanceHost} and runs the suite by extending
 * {@link io.ringworld.conformance.host.SharedLogHostConformance} in its own tests. Depends on the
 * kernel's exported API and JUnit only.
 */
package io.ringworld.conformance.host;
