package io.ringworld.runtime.real;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The one way this package runs an OS command: stdout and stderr captured together, a timeout,
 * and an exception naming the command and its output when it fails, so that a fault step that
 * did not happen can never pass unnoticed.
 */
final class OsCommand {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private OsCommand() {}

    /** Runs {@code command} with the default timeout; returns its output (stdout then stderr, interleaved). */
    static String run(String... command) {
        return run(DEFAULT_TIMEOUT, List.of(command));
    }

    /**
     * Runs {@code command} (no shell: each element is one argument) and returns its combined
     * output.
     *
     * @throws Failed if it cannot start, exits non-zero, or outlives {@code timeout} (then it is killed)
     */
    static String run(Duration timeout, List<String> command) {
        Process p;
        try {
            // stdin from /dev/null: a command that asks a question fails instead of waiting for the timeout.
            p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new Failed(command, -1, "cannot start: " + e.getMessage());
        }
        // Read in another thread: a command that fills the pipe would otherwise never exit.
        OutputReader reader = new OutputReader(p.getInputStream());
        reader.start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new Failed(command, -1, "timed out after " + timeout + "; output so far: " + reader.text(1000));
            }
            String output = reader.text(timeout.toMillis());
            if (p.exitValue() != 0) {
                throw new Failed(command, p.exitValue(), output);
            }
            return output;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new Failed(command, -1, "interrupted");
        }
    }

    /** A command that failed: its arguments, exit code (-1 when it never ran to the end) and output. */
    static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient List<String> command;
        private final int exitCode;
        private final String output;

        Failed(List<String> command, int exitCode, String output) {
            super("`" + String.join(" ", command) + "` failed (exit " + exitCode + "): " + output.strip());
            this.command = List.copyOf(command);
            this.exitCode = exitCode;
            this.output = output;
        }

        List<String> command() {
            return command;
        }

        int exitCode() {
            return exitCode;
        }

        String output() {
            return output;
        }
    }

    private static final class OutputReader extends Thread {
        private final InputStream in;
        private volatile byte[] bytes;
        private volatile IOException error;

        OutputReader(InputStream in) {
            super("os-command-output");
            setDaemon(true);
            this.in = in;
        }

        @Override
        public void run() {
            try (in) {
                bytes = in.readAllBytes();
            } catch (IOException e) {
                error = e;
            }
        }

        /** The output once the stream ends; a grandchild holding the pipe open bounds the wait. */
        String text(long waitMillis) throws InterruptedException {
            join(Math.max(1, waitMillis));
            if (error != null) {
                return "(output unreadable: " + error.getMessage() + ")";
            }
            byte[] b = bytes;
            return b == null ? "(output not closed: a background process still holds it)" : new String(b, StandardCharsets.UTF_8);
        }
    }
}
