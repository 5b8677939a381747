package io.ringworld.checker.history;

import clojure.lang.EdnReader;
import clojure.lang.IPersistentMap;
import clojure.lang.Keyword;
import clojure.lang.LineNumberingPushbackReader;
import clojure.lang.PersistentHashMap;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads Jepsen EDN histories with {@code clojure.edn} (the reader behind {@code clojure.edn/read}):
 * a sequence of op maps, usually one per line, or one vector of op maps. All problems are
 * collected (each naming its line and field) and thrown together as a {@link HistoryFormatException}.
 */
public final class HistoryReader {
    private static final Object EOF = new Object();
    private static final IPersistentMap OPTS = PersistentHashMap.create(Keyword.intern("eof"), EOF);

    private HistoryReader() {
    }

    public static History read(Path file) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            History h = readLines(r);
            if (h != null) {
                return h;
            }
        }
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return readForms(r);
        }
    }

    public static History readString(String edn) {
        try {
            History h = readLines(new BufferedReader(new StringReader(edn)));
            return h != null ? h : readForms(new StringReader(edn));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static History read(Reader source) throws IOException {
        StringBuilder sb = new StringBuilder();
        char[] buffer = new char[1 << 16];
        for (int n = source.read(buffer); n >= 0; n = source.read(buffer)) {
            sb.append(buffer, 0, n);
        }
        return readString(sb.toString());
    }

    /**
     * The common case: one form per line. Lines the fast path does not handle go to clojure.edn
     * one by one. Returns null if some form spans lines (then the caller reads form by form).
     */
    private static History readLines(BufferedReader in) throws IOException {
        FastEdnLine fast = new FastEdnLine();
        List<Op> ops = new ArrayList<>();
        Lines lines = new Lines();
        List<HistoryFormatException.Problem> problems = new ArrayList<>();
        long line = 0;
        for (String text = in.readLine(); text != null; text = in.readLine()) {
            line++;
            if (text.isBlank()) {
                continue;
            }
            Object form = fast.parse(text);
            if (form == null) {
                Object[] slow = readOneLine(text, line, problems);
                if (slow == null) {
                    return null;
                }
                form = slow[0];
            }
            if (form != EOF) {
                addForm(form, line, ops, lines, problems);
            }
        }
        return build(ops, lines, problems);
    }

    /** {form} (EOF for a comment-only line or a syntax error, then recorded); null if the form spans lines. */
    private static Object[] readOneLine(String text, long line, List<HistoryFormatException.Problem> problems)
            throws IOException {
        LineNumberingPushbackReader in = new LineNumberingPushbackReader(new StringReader(text));
        try {
            if (!skipBlank(in)) {
                return new Object[] {EOF};
            }
            Object form = EdnReader.read(in, OPTS);
            return skipBlank(in) ? null : new Object[] {form};
        } catch (RuntimeException e) {
            if (rootMessage(e).startsWith("EOF")) {
                return null;
            }
            problems.add(new HistoryFormatException.Problem(line, "", "not EDN: " + rootMessage(e)));
            return new Object[] {EOF};
        }
    }

    private static void addForm(Object form, long line, List<Op> ops, Lines lines,
                                List<HistoryFormatException.Problem> problems) {
        List<?> forms = form instanceof List<?> list ? list : List.of(form);
        for (Object f : forms) {
            Op op = OpDecoder.decode(f, ops.size(), line, problems);
            if (op != null) {
                ops.add(op);
                lines.add(line);
            }
        }
    }

    private static History build(List<Op> ops, Lines lines, List<HistoryFormatException.Problem> problems) {
        if (!problems.isEmpty()) {
            throw new HistoryFormatException(problems);
        }
        return History.of(ops, java.util.Arrays.copyOf(lines.array, lines.size));
    }

    /** A growable long[] of source lines (no boxing for millions of ops). */
    private static final class Lines {
        long[] array = new long[1024];
        int size;

        void add(long line) {
            if (size == array.length) {
                array = java.util.Arrays.copyOf(array, size * 2);
            }
            array[size++] = line;
        }
    }

    /** The general case: form by form with clojure.edn, tracking the line each form starts on. */
    private static History readForms(Reader source) throws IOException {
        LineNumberingPushbackReader in = new LineNumberingPushbackReader(
            source instanceof BufferedReader ? source : new BufferedReader(source, 1 << 16));
        List<Op> ops = new ArrayList<>();
        Lines lines = new Lines();
        List<HistoryFormatException.Problem> problems = new ArrayList<>();
        while (skipBlank(in)) {
            long line = in.getLineNumber();
            Object form;
            try {
                form = EdnReader.read(in, OPTS);
            } catch (RuntimeException e) {
                problems.add(new HistoryFormatException.Problem(line, "", "not EDN: " + rootMessage(e)));
                skipRestOfLine(in);
                continue;
            }
            if (form == EOF) {
                break;
            }
            addForm(form, line, ops, lines, problems);
        }
        return build(ops, lines, problems);
    }

    /**
     * Converts op maps already in memory (e.g. a Jepsen history vector from Clojure) without text.
     * Line numbers in errors are history indices + 1.
     */
    public static History fromMaps(Iterable<?> opMaps) {
        List<Op> ops = new ArrayList<>();
        List<HistoryFormatException.Problem> problems = new ArrayList<>();
        long line = 1;
        for (Object m : opMaps) {
            Op op = OpDecoder.decode(m, line++, problems);
            if (op != null) {
                ops.add(op);
            }
        }
        if (!problems.isEmpty()) {
            throw new HistoryFormatException(problems);
        }
        return History.of(ops);
    }

    /** Decodes one op map (e.g. from Clojure). */
    public static Op decode(Map<?, ?> opMap) {
        List<HistoryFormatException.Problem> problems = new ArrayList<>();
        Op op = OpDecoder.decode(opMap, 1, problems);
        if (op == null) {
            throw new HistoryFormatException(problems);
        }
        return op;
    }

    /** Skips whitespace, commas and ; comments. Returns false at end of input. */
    private static boolean skipBlank(LineNumberingPushbackReader in) throws IOException {
        while (true) {
            int c = in.read();
            if (c == -1) {
                return false;
            }
            if (c == ';') {
                skipRestOfLine(in);
            } else if (!Character.isWhitespace(c) && c != ',') {
                in.unread(c);
                return true;
            }
        }
    }

    private static void skipRestOfLine(LineNumberingPushbackReader in) throws IOException {
        int c;
        do {
            c = in.read();
        } while (c != -1 && c != '\n');
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }
}
