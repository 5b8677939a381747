package io.ringworld.archfixture;

import io.ringworld.kernel.internal.LongMap;

/**
 * A planted bug for {@code KernelApiBoundaryTest}: a host class that uses a package the kernel
 * does not export. Compiles only because this module is on the class path; the boundary check
 * must report it. Kept out of {@code io.ringworld.conformance} so the real check does not see it.
 */
final class HostUsingKernelInternals {
    final LongMap<String> leaked = new LongMap<>(4);
}
