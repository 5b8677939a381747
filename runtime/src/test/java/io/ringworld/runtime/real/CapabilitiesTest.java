package io.ringworld.runtime.real;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.runtime.real.Capabilities.Answer;
import org.junit.jupiter.api.Test;

class CapabilitiesTest {
    private static final String INIT = "net:[" + Capabilities.NET_NS_INIT_INO + "]";

    @Test
    void comparesWithPidOneWhenItCanReadIt() {
        assertEquals(Answer.NO, Capabilities.decide("net:[4026531992]", "net:[4026531992]", "5.15.0").answer());
        assertEquals(Answer.YES, Capabilities.decide("net:[4026532174]", "net:[4026531992]", "5.15.0").answer());
    }

    @Test
    void fallsBackOnTheFixedInitialNumberWhenPidOneIsUnreadable() {
        assertEquals(Answer.NO, Capabilities.decide(INIT, null, "5.15.0").answer());
        assertEquals(Answer.NO, Capabilities.decide(INIT, null, "6.18.44").answer());
        assertEquals(Answer.YES, Capabilities.decide("net:[4026532174]", null, "6.18.44-fc").answer());
        assertEquals(Answer.YES, Capabilities.decide("net:[4026532174]", null, "7.0.1").answer());
        // Before 6.18 the initial namespace's number was not fixed: a different number proves nothing.
        assertEquals(Answer.UNKNOWN, Capabilities.decide("net:[4026532174]", null, "6.17.9").answer());
        assertEquals(Answer.UNKNOWN, Capabilities.decide("net:[4026532174]", null, "garbage").answer());
        assertEquals(Answer.UNKNOWN, Capabilities.decide(null, null, "6.18.0").answer());
    }

    @Test
    void listsEachMissingGroupWithItsReasons() {
        Capabilities caps = Require.capabilities();
        System.out.println("capabilities: " + caps + "\nown net namespace: " + Capabilities.inOwnNetNamespace());
        boolean listsCuts = caps.missing().stream().anyMatch(m -> m.startsWith("network cuts: "));
        boolean listsDisks = caps.missing().stream().anyMatch(m -> m.startsWith("full disks: "));
        assertEquals(!caps.canCutNetwork(), listsCuts, caps.toString());
        assertEquals(!caps.canFillDisks(), listsDisks, caps.toString());
        if (!caps.root().ok()) {
            assertTrue(caps.missing().get(0).contains("not root"), caps.toString());
        }
    }
}
