package io.ringworld.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * {@code ringworld bench-link}: both links carry frames on loopback and are measured in the same
 * run; a frame above the datagram limit is said to need fragmentation, not given a figure; bad
 * arguments exit 2. (The figures themselves are the README's, from the command; no timing is
 * asserted here.)
 */
class LinkBenchCommandTest {
    @Test
    void bothLinksCarryFramesAndAnOversizedDatagramIsRefused() {
        CliRun r = CliRun.of("bench-link", "--seconds", "1", "--warmup-seconds", "0", "--frame-bytes", "512,100000");
        assertEquals(0, r.exit(), r.out() + r.err());
        for (String link : new String[] {"TCP +512", "UDP +512", "TCP +100000"}) {
            Matcher m = Pattern.compile("(?m)^" + link + " +([0-9,]+) ").matcher(r.out());
            assertTrue(m.find(), link + " row in:\n" + r.out());
            assertTrue(Long.parseLong(m.group(1).replace(",", "")) > 0, link + " carried frames:\n" + r.out());
        }
        assertTrue(r.out().contains("UDP        100000   cannot: above the 65,507-byte datagram limit"), r.out());
        assertEquals(2, CliRun.of("bench-link", "--frame-bytes", "8").exit());
        assertEquals(2, CliRun.of("bench-link", "--window", "0").exit());
    }
}
