package io.ringworld.checker.history;

import clojure.lang.Keyword;
import clojure.lang.RT;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes histories as Jepsen does: one op map per line, printed readably ({@code pr}), so that
 * {@code clojure.edn/read} and Jepsen read them back unchanged.
 */
public final class HistoryWriter {
    private HistoryWriter() {
    }

    public static void write(History history, Path file) throws IOException {
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
            write(history, w);
        }
    }

    public static void write(History history, Writer out) throws IOException {
        StringBuilder sb = new StringBuilder(128);
        for (Op op : history.ops()) {
            sb.setLength(0);
            appendOp(op, sb);
            sb.append('\n');
            out.append(sb);
        }
    }

    public static String toEdn(History history) {
        StringWriter w = new StringWriter();
        try {
            write(history, w);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** One op as an EDN map, e.g. {@code {:type :ok, :f :read, :value {:position 4, :payload "a"}, ...}}. */
    public static String toEdn(Op op) {
        StringBuilder sb = new StringBuilder(128);
        appendOp(op, sb);
        return sb.toString();
    }

    static void appendOp(Op op, StringBuilder sb) {
        sb.append("{:type :").append(op.type().keyword()).append(", :f :").append(op.f());
        sb.append(", :value ");
        appendValue(op, sb);
        sb.append(", :process ");
        if (op.isNemesis()) {
            sb.append(":nemesis");
        } else {
            sb.append(op.process());
        }
        if (op.timeNanos() != Op.NO_TIME) {
            sb.append(", :time ").append(op.timeNanos());
        }
        sb.append(", :index ").append(op.index());
        if (op.error() != null) {
            sb.append(", :error ");
            appendEdn(op.error(), sb);
        }
        for (Map.Entry<Object, Object> e : op.extra().entrySet()) {
            sb.append(", ");
            appendEdn(e.getKey(), sb);
            sb.append(' ');
            appendEdn(e.getValue(), sb);
        }
        sb.append('}');
    }

    private static void appendValue(Op op, StringBuilder sb) {
        if (!(op.value() instanceof LogValue v)) {
            appendEdn(op.value(), sb);
            return;
        }
        String sep = "{";
        boolean positionFirst = !"append".equals(op.f());
        if (positionFirst && v.hasPosition()) {
            sb.append(sep).append(":position ").append(v.position());
            sep = ", ";
        }
        if (v.payload() != null) {
            sb.append(sep).append(":payload ");
            appendEdn(v.payload(), sb);
            sep = ", ";
        }
        if (!positionFirst && v.hasPosition()) {
            sb.append(sep).append(":position ").append(v.position());
            sep = ", ";
        }
        if (v.junk()) {
            sb.append(sep).append(":junk true");
            sep = ", ";
        }
        if (v.hasTail()) {
            sb.append(sep).append(":tail ").append(v.tail());
            sep = ", ";
        }
        sb.append(sep.equals("{") ? "nil" : "}");
    }

    /** Prints like Clojure's pr: fast for strings, keywords, integers, nil and booleans. */
    static void appendEdn(Object v, StringBuilder sb) {
        if (v == null) {
            sb.append("nil");
        } else if (v instanceof String str) {
            sb.append('"');
            for (int i = 0; i < str.length(); i++) {
                char c = str.charAt(i);
                switch (c) {
                    case '"': sb.append("\\\""); break;
                    case '\\': sb.append("\\\\"); break;
                    case '\n': sb.append("\\n"); break;
                    case '\t': sb.append("\\t"); break;
                    case '\r': sb.append("\\r"); break;
                    case '\f': sb.append("\\f"); break;
                    case '\b': sb.append("\\b"); break;
                    default: sb.append(c);
                }
            }
            sb.append('"');
        } else if (v instanceof Keyword || v instanceof Long || v instanceof Integer || v instanceof Boolean) {
            sb.append(v);
        } else {
            sb.append(RT.printString(v));
        }
    }
}
