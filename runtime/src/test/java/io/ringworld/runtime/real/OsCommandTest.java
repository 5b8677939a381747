package io.ringworld.runtime.real;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OsCommandTest {

    @Test
    void returnsStdoutAndStderrTogether() {
        assertEquals("out\nerr\n", OsCommand.run("sh", "-c", "echo out; echo err >&2"));
    }

    @Test
    void aNonZeroExitNamesTheCommandAndItsOutput() {
        OsCommand.Failed e = assertThrows(OsCommand.Failed.class, () -> OsCommand.run("sh", "-c", "echo broken >&2; exit 3"));
        assertEquals(3, e.exitCode());
        assertTrue(e.getMessage().contains("`sh -c echo broken >&2; exit 3`"), e.getMessage());
        assertTrue(e.getMessage().contains("broken"), e.getMessage());
    }

    @Test
    void aCommandThatOutlivesItsTimeoutIsKilledAndReported() {
        long start = System.nanoTime();
        OsCommand.Failed e = assertThrows(OsCommand.Failed.class,
                () -> OsCommand.run(Duration.ofMillis(300), List.of("sleep", "30")));
        assertTrue(e.getMessage().contains("timed out"), e.getMessage());
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "waited for the command instead of the timeout");
    }

    @Test
    void aMissingProgramIsAFailureToo() {
        OsCommand.Failed e = assertThrows(OsCommand.Failed.class, () -> OsCommand.run("no-such-program-ringworld"));
        assertTrue(e.getMessage().contains("cannot start"), e.getMessage());
    }
}
