package io.ringworld.kernel.purity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The build check that keeps the kernel pure: scans Java sources (comments stripped, line
 * numbers kept) for threads, java.util.concurrent, locks, clocks, files, sockets, console
 * output, and unseeded or global randomness.
 */
public final class PurityScanner {
    /** One banned construct found at {@code file:line}. */
    public record Violation(Path file, int line, String rule, String text) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + rule + ": " + text.strip();
        }
    }

    private record Rule(String name, Pattern pattern) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule("threads", Pattern.compile("\\bThread\\b|\\bRunnable\\b|\\bsynchronized\\b|\\bvolatile\\b")),
            new Rule("java.util.concurrent", Pattern.compile("java\\.util\\.concurrent|\\bExecutorService\\b|\\bCompletableFuture\\b")),
            new Rule("clock", Pattern.compile("currentTimeMillis|nanoTime|Instant\\s*\\.\\s*now|LocalDateTime\\s*\\.\\s*now"
                    + "|\\bjava\\.time\\b|\\bClock\\b")),
            new Rule("files", Pattern.compile("java\\.io\\.File|java\\.nio\\.file|java\\.nio\\.channels|\\bFileInputStream\\b"
                    + "|\\bFileOutputStream\\b|\\bRandomAccessFile\\b|\\bFiles\\s*\\.")),
            new Rule("sockets", Pattern.compile("java\\.net\\.|\\bSocket\\b|\\bServerSocket\\b|\\bDatagramSocket\\b")),
            new Rule("Math.random", Pattern.compile("Math\\s*\\.\\s*random")),
            new Rule("ThreadLocalRandom", Pattern.compile("ThreadLocalRandom|SecureRandom|UUID\\s*\\.\\s*randomUUID")),
            new Rule("unseeded Random", Pattern.compile("new\\s+(java\\.util\\.)?Random\\s*\\(\\s*\\)")),
            new Rule("console/logging", Pattern.compile("System\\s*\\.\\s*(out|err)|java\\.util\\.logging|org\\.slf4j"
                    + "|printStackTrace")),
            new Rule("environment", Pattern.compile("System\\s*\\.\\s*(getenv|getProperty|exit)|Runtime\\s*\\.\\s*getRuntime")));

    private PurityScanner() {
    }

    /** Scans every .java file under {@code root}; returns the violations in file and line order. */
    public static List<Violation> scan(Path root) throws IOException {
        List<Violation> out = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        for (Path f : files) {
            String[] lines = stripComments(Files.readString(f, StandardCharsets.UTF_8)).split("\n", -1);
            for (int k = 0; k < lines.length; k++) {
                for (Rule r : RULES) {
                    if (r.pattern().matcher(lines[k]).find()) {
                        out.add(new Violation(f, k + 1, r.name(), lines[k]));
                    }
                }
            }
        }
        return out;
    }

    /** Blanks comments and string literals but keeps every newline, so line numbers stay right. */
    static String stripComments(String src) {
        StringBuilder b = new StringBuilder(src.length());
        int i = 0;
        int n = src.length();
        while (i < n) {
            char c = src.charAt(i);
            if (c == '/' && i + 1 < n && src.charAt(i + 1) == '/') {
                while (i < n && src.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && src.charAt(i + 1) == '*') {
                i += 2;
                while (i < n && !(src.charAt(i) == '*' && i + 1 < n && src.charAt(i + 1) == '/')) {
                    if (src.charAt(i) == '\n') {
                        b.append('\n');
                    }
                    i++;
                }
                i += 2;
            } else if (c == '"') {
                b.append('"');
                i++;
                while (i < n && src.charAt(i) != '"' && src.charAt(i) != '\n') {
                    if (src.charAt(i) == '\\') {
                        i++;
                    }
                    i++;
                }
                b.append('"');
                i++;
            } else {
                b.append(c);
                i++;
            }
        }
        return b.toString();
    }
}
