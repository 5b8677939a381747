package io.ringworld.conformance.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the trace files TLC 2.18 writes with {@code -simulate file=PATH,num=N}: one TLA+ module
 * per behaviour, {@code STATE_k == /\ var = value ...}. Values become Java values: integers
 * {@link Long}, booleans {@link Boolean}, strings and model values {@link String}, records
 * {@code Map<String,Object>}, sequences and sets {@link List} (a set as a list, order as TLC
 * printed it), functions {@code (k :> v @@ ...)} {@code Map<Object,Object>}.
 */
final class TlcTrace {
    private TlcTrace() {
    }

    /** The states of one behaviour, in order; each maps a variable name to its value. */
    static List<Map<String, Object>> read(Path file) throws IOException {
        List<Map<String, Object>> states = new ArrayList<>();
        Map<String, Object> cur = null;
        StringBuilder expr = null;
        String var = null;
        for (String line : Files.readAllLines(file)) {
            boolean stateHeader = line.startsWith("STATE_");
            boolean conj = line.startsWith("/\\ ");
            boolean end = line.startsWith("====");
            if ((stateHeader || conj || end) && var != null) {
                cur.put(var, parse(expr.toString(), file));
                var = null;
            }
            if (stateHeader) {
                cur = new LinkedHashMap<>();
                states.add(cur);
            } else if (conj && cur != null) {
                int eq = line.indexOf(" = ");
                var = line.substring(3, eq).trim();
                expr = new StringBuilder(line.substring(eq + 3));
            } else if (var != null) {
                expr.append(' ').append(line);
            }
        }
        if (var != null) {
            cur.put(var, parse(expr.toString(), file));
        }
        if (states.isEmpty()) {
            throw new IllegalArgumentException(file + ": no STATE_ in a TLC trace file");
        }
        return states;
    }

    static Object parse(String text, Object where) {
        Parser p = new Parser(text, where);
        Object v = p.expr();
        p.ws();
        if (p.pos != text.length()) {
            throw p.error("trailing text");
        }
        return v;
    }

    private static final class Parser {
        final String s;
        final Object where;
        int pos;

        Parser(String s, Object where) {
            this.s = s;
            this.where = where;
        }

        IllegalArgumentException error(String what) {
            int from = Math.max(0, pos - 30);
            return new IllegalArgumentException(where + ": TLC value syntax: " + what + " at offset " + pos
                    + " near '" + s.substring(from, Math.min(s.length(), pos + 30)) + "'");
        }

        void ws() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        boolean eat(String tok) {
            ws();
            if (s.startsWith(tok, pos)) {
                pos += tok.length();
                return true;
            }
            return false;
        }

        void expect(String tok) {
            if (!eat(tok)) {
                throw error("expected '" + tok + "'");
            }
        }

        /** A primary, or a function k :> v @@ k :> v ... */
        Object expr() {
            Object first = primary();
            if (!eat(":>")) {
                return first;
            }
            Map<Object, Object> f = new LinkedHashMap<>();
            f.put(first, primary());
            while (eat("@@")) {
                Object k = primary();
                expect(":>");
                f.put(k, primary());
            }
            return f;
        }

        Object primary() {
            ws();
            if (pos >= s.length()) {
                throw error("unexpected end");
            }
            char c = s.charAt(pos);
            if (eat("<<")) {
                return list(">>");
            }
            if (c == '{') {
                pos++;
                return list("}");
            }
            if (c == '[') {
                pos++;
                return record();
            }
            if (c == '(') {
                pos++;
                Object v = expr();
                expect(")");
                return v;
            }
            if (c == '"') {
                int endq = s.indexOf('"', pos + 1);
                String str = s.substring(pos + 1, endq);
                pos = endq + 1;
                return str;
            }
            if (c == '-' || Character.isDigit(c)) {
                int st = pos++;
                while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                    pos++;
                }
                return Long.parseLong(s.substring(st, pos));
            }
            if (Character.isLetter(c) || c == '_') {
                int st = pos;
                while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                    pos++;
                }
                String id = s.substring(st, pos);
                if (id.equals("TRUE")) {
                    return Boolean.TRUE;
                }
                if (id.equals("FALSE")) {
                    return Boolean.FALSE;
                }
                return id;
            }
            throw error("unexpected '" + c + "'");
        }

        List<Object> list(String close) {
            List<Object> out = new ArrayList<>();
            if (eat(close)) {
                return out;
            }
            do {
                out.add(expr());
            } while (eat(","));
            expect(close);
            return out;
        }

        Map<String, Object> record() {
            Map<String, Object> r = new LinkedHashMap<>();
            if (eat("]")) {
                return r;
            }
            do {
                ws();
                int st = pos;
                while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                    pos++;
                }
                String field = s.substring(st, pos);
                expect("|->");
                r.put(field, expr());
            } while (eat(","));
            expect("]");
            return r;
        }
    }
}
