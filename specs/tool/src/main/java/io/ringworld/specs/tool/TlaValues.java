package io.ringworld.specs.tool;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TLA+ values as TLC 2.18 prints them (error traces, {@code -simulate file=} traces), read into
 * Java values: integers {@link Long}, booleans {@link Boolean}, strings and model values
 * {@link String}, records {@code Map<String,Object>}, functions {@code (k :> v @@ ...)}
 * {@link TlaFunction} (a {@code Map<Object,Object>}), sequences {@link List} and sets {@link TlaSet} (also a List, in the
 * order TLC printed it, so code that only reads elements need not care which it is).
 */
public final class TlaValues {
    private TlaValues() {
    }

    /** A set: a list whose order carries no meaning. */
    public static final class TlaSet extends ArrayList<Object> {
        private static final long serialVersionUID = 1L;

        TlaSet(Collection<Object> elements) {
            super(elements);
        }
    }

    /** A function printed as {@code (k :> v @@ ...)}: a map whose keys are values, not field names. */
    public static final class TlaFunction extends LinkedHashMap<Object, Object> {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Parses one value; {@code where} names its source in the error of malformed text.
     *
     * @throws IllegalArgumentException naming where, the offset and the text near it
     */
    public static Object parse(String text, Object where) {
        Parser p = new Parser(text, where);
        Object v = p.expr();
        p.ws();
        if (p.pos != text.length()) {
            throw p.error("trailing text");
        }
        return v;
    }

    /** The value in TLA+ syntax, as TLC would print it (records with |->, sets in braces). */
    public static String format(Object v) {
        StringBuilder b = new StringBuilder();
        format(v, b);
        return b.toString();
    }

    private static void format(Object v, StringBuilder b) {
        if (v instanceof String s) {
            b.append(s.matches("[A-Za-z_][A-Za-z0-9_]*") && !s.isEmpty() ? s : '"' + s + '"');
        } else if (v instanceof Boolean bool) {
            b.append(bool ? "TRUE" : "FALSE");
        } else if (v instanceof TlaSet set) {
            join(set, "{", "}", b);
        } else if (v instanceof List<?> list) {
            join(list, "<<", ">>", b);
        } else if (v instanceof Map<?, ?> map) {
            formatMap(map, b);
        } else {
            b.append(v);
        }
    }

    private static void join(List<?> items, String open, String close, StringBuilder b) {
        b.append(open);
        for (int k = 0; k < items.size(); k++) {
            b.append(k == 0 ? "" : ", ");
            format(items.get(k), b);
        }
        b.append(close);
    }

    private static void formatMap(Map<?, ?> map, StringBuilder b) {
        boolean record = !(map instanceof TlaFunction);
        if (record) {
            b.append('[');
        } else {
            b.append('(');
        }
        int k = 0;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            b.append(k++ == 0 ? "" : record ? ", " : " @@ ");
            if (record) {
                b.append(e.getKey()).append(" |-> ");
            } else {
                format(e.getKey(), b);
                b.append(" :> ");
            }
            format(e.getValue(), b);
        }
        b.append(record ? ']' : ')');
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
            Map<Object, Object> f = new TlaFunction();
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
                return new TlaSet(list("}"));
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
                if (endq < 0) {
                    throw error("unterminated string");
                }
                String str = s.substring(pos + 1, endq);
                pos = endq + 1;
                return str;
            }
            if (c == '-' || Character.isDigit(c)) {
                return number();
            }
            if (Character.isLetter(c) || c == '_') {
                String id = identifier();
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

        Long number() {
            int st = pos++;
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                pos++;
            }
            try {
                return Long.parseLong(s.substring(st, pos));
            } catch (NumberFormatException e) {
                throw error("not a 64-bit integer");
            }
        }

        String identifier() {
            int st = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                pos++;
            }
            return s.substring(st, pos);
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
                String field = identifier();
                if (field.isEmpty()) {
                    throw error("expected a record field");
                }
                expect("|->");
                r.put(field, expr());
            } while (eat(","));
            expect("]");
            return r;
        }
    }
}
