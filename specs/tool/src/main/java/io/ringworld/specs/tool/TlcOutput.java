package io.ringworld.specs.tool;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads TLC 2.18's plain-text output: counts, depth, the violation's name, progress lines. */
final class TlcOutput {
    private TlcOutput() {
    }

    private static final Pattern FINAL = Pattern.compile(
            "(?m)^([\\d,]+) states generated, ([\\d,]+) distinct states found, ([\\d,]+) states left on queue");
    /** TLC's progress line, once a minute: "Progress(D) at T: G states generated (R s/min), N distinct ...". */
    private static final Pattern PROGRESS = Pattern.compile(
            "Progress\\((\\d+)\\) at .*?: ([\\d,]+) states generated(?: \\(([\\d,]+) s/min\\))?, ([\\d,]+) distinct"
                    + " states found(?: \\([\\d,]+ ds/min\\))?, ([\\d,]+) states left on queue");
    /** A simulation's statistics: "Progress: 16696 states checked." (its traces are not counted in 2.18). */
    private static final Pattern SIMULATED = Pattern.compile("(?m)^Progress: ([\\d,]+) states checked");
    private static final Pattern DEPTH = Pattern.compile("The depth of the complete state graph search is (\\d+)");
    private static final Pattern INVARIANT = Pattern.compile("Error: Invariant (\\w+) is violated");
    private static final Pattern ACTION_PROPERTY = Pattern.compile("Error: Action property (.*) is violated");
    private static final Pattern TEMPORAL = Pattern.compile("Error: Temporal properties were violated");
    private static final Pattern DEADLOCK = Pattern.compile("Error: Deadlock reached");
    private static final Pattern TLC_ERROR = Pattern.compile("Error: (.*)");

    static TlcProgress progress(String line) {
        Matcher m = PROGRESS.matcher(line);
        if (!m.find()) {
            return null;
        }
        return new TlcProgress(Integer.parseInt(m.group(1)), num(m.group(2)), m.group(3) == null ? -1 : num(m.group(3)),
                num(m.group(4)), num(m.group(5)));
    }

    /** The last progress line of the output, or null. */
    static TlcProgress lastProgress(String text) {
        TlcProgress last = null;
        for (String line : text.split("\n")) {
            TlcProgress p = progress(line);
            last = p != null ? p : last;
        }
        return last;
    }

    /**
     * [generated, distinct, queue] of the final statistics line, else of the last progress line;
     * a simulation's "Progress: N states checked" gives generated; -1 where nothing says.
     */
    static long[] counts(String text) {
        Matcher m = FINAL.matcher(text);
        long[] c = {-1, -1, -1};
        while (m.find()) {
            c[0] = num(m.group(1));
            c[1] = num(m.group(2));
            c[2] = num(m.group(3));
        }
        TlcProgress p = c[1] < 0 ? lastProgress(text) : null;
        if (p != null) {
            c[0] = p.generated();
            c[1] = p.distinct();
            c[2] = p.queue();
        }
        Matcher walks = SIMULATED.matcher(text);
        while (c[1] < 0 && walks.find()) {
            c[0] = num(walks.group(1));
        }
        return c;
    }

    static int depth(String text) {
        Matcher m = DEPTH.matcher(text);
        int d = -1;
        while (m.find()) {
            d = Integer.parseInt(m.group(1));
        }
        return d;
    }

    /** The name of what TLC reports violated, or null. */
    static String violated(String text, int exitCode) {
        Matcher m;
        if ((m = INVARIANT.matcher(text)).find()) {
            return m.group(1);
        } else if ((m = ACTION_PROPERTY.matcher(text)).find()) {
            // TLC names a violated action property by its source line; the only action property
            // of our models is PROPERTY Refinement (RingWorld.tla: SL!Spec written out).
            return m.group(1).matches(".* of module (RingWorld|SharedLog)") ? "Refinement" : m.group(1);
        } else if (TEMPORAL.matcher(text).find()) {
            return "temporal";
        } else if (DEADLOCK.matcher(text).find()) {
            return "Deadlock";
        } else if (exitCode != 0 && (m = TLC_ERROR.matcher(text)).find()) {
            return "error: " + m.group(1).trim();
        }
        return null;
    }

    private static long num(String s) {
        return Long.parseLong(s.replace(",", ""));
    }
}
