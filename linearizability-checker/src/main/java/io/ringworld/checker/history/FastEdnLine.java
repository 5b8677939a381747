package io.ringworld.checker.history;

import clojure.lang.Keyword;
import clojure.lang.PersistentArrayMap;
import clojure.lang.PersistentHashMap;
import clojure.lang.PersistentVector;
import java.util.ArrayList;
import java.util.List;

/**
 * A fast path for the lines Jepsen and {@link HistoryWriter} write: one map per line whose values
 * are keywords, longs, plain strings, nil, booleans, and maps or vectors of those. It builds the
 * same objects {@code clojure.edn} would (Keyword, Long, String, persistent maps and vectors) and
 * returns null for anything else (floats, symbols, sets, tags, comments, big or odd numbers,
 * namespaced keywords, duplicate keys ...), which the reader then hands to {@code clojure.edn}.
 * A property test checks it against clojure.edn on generated histories.
 */
final class FastEdnLine {
    private static final Object FAIL = new Object();
    private static final int CACHE_SIZE = 256;
    /** Recently seen keywords by a hash of their characters, compared in place (no substring). */
    private final Keyword[] cache = new Keyword[CACHE_SIZE];
    private String s;
    private int i;

    /** The form on this line, or null if the fast path does not handle it. */
    Object parse(String line) {
        s = line;
        i = 0;
        skipBlank();
        if (i >= s.length() || s.charAt(i) != '{') {
            return null;
        }
        Object form = value(0);
        if (form == FAIL) {
            return null;
        }
        skipBlank();
        return i == s.length() ? form : null;
    }

    private void skipBlank() {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == ',' || s.charAt(i) == '\t')) {
            i++;
        }
    }

    private Object value(int depth) {
        if (i >= s.length() || depth > 3) {
            return FAIL;
        }
        char c = s.charAt(i);
        switch (c) {
            case '{': return map(depth);
            case '[': return vector(depth);
            case ':': return keyword();
            case '"': return string();
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                return word();
        }
    }

    private Object map(int depth) {
        i++;
        List<Object> kvs = new ArrayList<>(16);
        while (true) {
            skipBlank();
            if (i >= s.length()) {
                return FAIL;
            }
            if (s.charAt(i) == '}') {
                i++;
                break;
            }
            Object k = value(depth + 1);
            skipBlank();
            Object v = k == FAIL ? FAIL : value(depth + 1);
            if (v == FAIL) {
                return FAIL;
            }
            kvs.add(k);
            kvs.add(v);
        }
        Object[] array = kvs.toArray();
        try {
            return array.length <= 16 ? PersistentArrayMap.createWithCheck(array) : PersistentHashMap.createWithCheck(array);
        } catch (IllegalArgumentException duplicateKey) {
            return FAIL;
        }
    }

    private Object vector(int depth) {
        i++;
        List<Object> items = new ArrayList<>();
        while (true) {
            skipBlank();
            if (i >= s.length()) {
                return FAIL;
            }
            if (s.charAt(i) == ']') {
                i++;
                return PersistentVector.create(items);
            }
            Object v = value(depth + 1);
            if (v == FAIL) {
                return FAIL;
            }
            items.add(v);
        }
    }

    private boolean delimiterAt(int at) {
        if (at >= s.length()) {
            return true;
        }
        char c = s.charAt(at);
        return c == ' ' || c == ',' || c == '\t' || c == '}' || c == ']';
    }

    private Object keyword() {
        int start = ++i;
        while (i < s.length() && !delimiterAt(i)) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9' && i > start)
                || c == '-' || c == '_' || c == '?' || c == '!' || c == '*' || c == '+' || c == '<' || c == '>'
                || c == '=' || (c == '.' && i > start);
            if (!ok) {
                return FAIL;
            }
            i++;
        }
        if (i == start || (s.charAt(start) == '-' && i > start + 1 && Character.isDigit(s.charAt(start + 1)))) {
            return FAIL;
        }
        return intern(start, i);
    }

    private Keyword intern(int start, int end) {
        int h = 0;
        for (int j = start; j < end; j++) {
            h = 31 * h + s.charAt(j);
        }
        int slot = (h ^ (h >>> 16)) & (CACHE_SIZE - 1);
        Keyword k = cache[slot];
        if (k != null && k.getNamespace() == null && k.getName().length() == end - start
            && s.regionMatches(start, k.getName(), 0, end - start)) {
            return k;
        }
        k = Keyword.intern(s.substring(start, end));
        cache[slot] = k;
        return k;
    }

    private Object string() {
        StringBuilder sb = null;
        int start = ++i;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"') {
                String text = sb == null ? s.substring(start, i) : sb.toString();
                i++;
                return text;
            }
            if (c == '\\') {
                if (sb == null) {
                    sb = new StringBuilder(s.substring(start, i));
                }
                if (i + 1 >= s.length()) {
                    return FAIL;
                }
                char e = s.charAt(i + 1);
                char decoded = e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e == '"' ? '"' : e == '\\' ? '\\'
                    : e == 'b' ? '\b' : e == 'f' ? '\f' : 0;
                if (decoded == 0) {
                    return FAIL;
                }
                sb.append(decoded);
                i += 2;
                continue;
            }
            if (sb != null) {
                sb.append(c);
            }
            i++;
        }
        return FAIL;
    }

    private Object number() {
        int start = i;
        if (s.charAt(i) == '-') {
            i++;
        }
        int digits = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        int count = i - digits;
        boolean leadingZero = count > 1 && s.charAt(digits) == '0';
        if (count == 0 || count > 18 || leadingZero || !delimiterAt(i)) {
            return FAIL;
        }
        return Long.parseLong(s, start, i, 10);
    }

    private Object word() {
        int start = i;
        while (i < s.length() && !delimiterAt(i)) {
            i++;
        }
        switch (s.substring(start, i)) {
            case "nil": return null;
            case "true": return Boolean.TRUE;
            case "false": return Boolean.FALSE;
            default: return FAIL;
        }
    }
}
