package io.ringworld.runtime.cli;

import io.ringworld.runtime.sim.RunResult;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress bar on standard error: redrawn in place on a terminal, a line every 10% otherwise
 * (so CI logs stay short).
 */
final class Progress {
    private static final int WIDTH = 30;
    private final int total;
    private final PrintStream err;
    private final boolean terminal = System.console() != null;
    private final long startedNanos = System.nanoTime();
    private int done;
    private int failed;
    private int lastDecile = -1;

    Progress(int total, PrintStream err) {
        this.total = total;
        this.err = err;
    }

    synchronized void done(RunResult result) {
        done++;
        failed += result.passed() ? 0 : 1;
        if (err == null) {
            return;
        }
        int decile = done * 10 / total;
        if (terminal || decile != lastDecile) {
            lastDecile = decile;
            int filled = done * WIDTH / total;
            double seconds = (System.nanoTime() - startedNanos) / 1e9;
            String line = String.format(Locale.ROOT, "[%s%s] %d/%d seeds, %d failed, %.1fs",
                    "#".repeat(filled), ".".repeat(WIDTH - filled), done, total, failed, seconds);
            if (terminal) {
                err.print("\r" + line);
            } else {
                err.println(line);
            }
        }
    }

    void finish() {
        if (err != null && terminal) {
            err.println();
        }
    }
}
