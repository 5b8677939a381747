package io.ringworld.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
    private static String[] run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = RingWorldCli.commandLine().execute(args);
            return new String[] {Integer.toString(exit), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void bothLinksCarryFramesAndAnOversizedDatagramIsRefused() {
        String[] r = run("bench-link", "--seconds", "1", "--warmup-seconds", "0", "--frame-bytes", "512,100000");
        assertEquals("0", r[0], r[1] + r[2]);
        for (String link : new String[] {"TCP +512", "UDP +512", "TCP +100000"}) {
            Matcher m = Pattern.compile("(?m)^" + link + " +([0-9,]+) ").matcher(r[1]);
            assertTrue(m.find(), link + " row in:\n" + r[1]);
            assertTrue(Long.parseLong(m.group(1).replace(",", "")) > 0, link + " carried frames:\n" + r[1]);
        }
        assertTrue(r[1].contains("UDP        100000   cannot: above the 65,507-byte datagram limit"), r[1]);
        assertEquals("2", run("bench-link", "--frame-bytes", "8")[0]);
        assertEquals("2", run("bench-link", "--window", "0")[0]);
    }
}
