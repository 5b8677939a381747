package io.ringworld.runtime.real;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * A test's need for a host capability: without it the test is skipped with the reason printed,
 * except on CI ({@code CI=true}), where a skipped fault test would hide that the campaign's
 * tools were never exercised, so it fails instead.
 */
final class Require {
    private Require() {}

    static void capability(boolean present, String reason) {
        if (present) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            fail("CI=true, and this test needs what is missing: " + reason);
        }
        System.out.println("skipped: " + reason);
        Assumptions.assumeTrue(false, reason);
    }

    /** Root, unshare -n and iptables, for cutting links. */
    static void networkCuts() {
        capability(capabilities().canCutNetwork(), reasons("network cuts"));
    }

    /** Root, loop devices, mkfs.ext4 and mount, for filling a disk. */
    static void fullDisks() {
        capability(capabilities().canFillDisks(), reasons("full disks"));
    }

    private static String reasons(String group) {
        return capabilities().missing().stream().filter(m -> m.startsWith(group + ":")).findFirst().orElse(group);
    }

    static Capabilities capabilities() {
        return Holder.DETECTED;
    }

    /** Detected once per test JVM: the probes start processes. */
    private static final class Holder {
        static final Capabilities DETECTED = Capabilities.detect();
    }
}
