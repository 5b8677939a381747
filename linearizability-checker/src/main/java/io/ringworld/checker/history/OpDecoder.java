package io.ringworld.checker.history;

import clojure.lang.Keyword;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns one EDN op map (as clojure.edn reads it, or as a Clojure caller passes it) into an {@link Op}. */
final class OpDecoder {
    static final Keyword TYPE = Keyword.intern("type");
    static final Keyword F = Keyword.intern("f");
    static final Keyword VALUE = Keyword.intern("value");
    static final Keyword PROCESS = Keyword.intern("process");
    static final Keyword TIME = Keyword.intern("time");
    static final Keyword INDEX = Keyword.intern("index");
    static final Keyword ERROR = Keyword.intern("error");
    static final Keyword NEMESIS = Keyword.intern("nemesis");
    static final Keyword PAYLOAD = Keyword.intern("payload");
    static final Keyword POSITION = Keyword.intern("position");
    static final Keyword JUNK = Keyword.intern("junk");
    static final Keyword TAIL = Keyword.intern("tail");

    private OpDecoder() {
    }

    /** Decodes; adds problems (and returns null) for bad fields. */
    static Op decode(Object form, long line, List<HistoryFormatException.Problem> problems) {
        return decode(form, -1, line, problems);
    }

    /** Decodes as the op at history index `index` (so History need not copy it). */
    static Op decode(Object form, long index, long line, List<HistoryFormatException.Problem> problems) {
        if (!(form instanceof Map<?, ?> map)) {
            problems.add(new HistoryFormatException.Problem(line, "", "expected an op map {:type .. :f ..}, got "
                + describe(form)));
            return null;
        }
        int before = problems.size();
        OpType type = decodeType(map.get(TYPE), line, problems);
        String f = decodeKeyword(map.get(F), ":f", line, problems);
        long process = decodeProcess(map, line, problems);
        long time = map.containsKey(TIME) ? decodeLong(map.get(TIME), ":time", line, problems) : Op.NO_TIME;
        Object value = decodeValue(f, map.get(VALUE), line, problems);
        if (problems.size() > before) {
            return null;
        }
        Map<Object, Object> extra = null;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Object k = e.getKey();
            if (k != TYPE && k != F && k != VALUE && k != PROCESS && k != TIME && k != INDEX && k != ERROR) {
                if (extra == null) {
                    extra = new LinkedHashMap<>();
                }
                extra.put(k, e.getValue());
            }
        }
        return new Op(index, type, f, process, time, value, map.get(ERROR), extra == null ? Map.of() : extra);
    }

    private static OpType decodeType(Object v, long line, List<HistoryFormatException.Problem> problems) {
        OpType t = v instanceof Keyword k ? OpType.ofKeyword(k.getName()) : null;
        if (t == null) {
            problems.add(new HistoryFormatException.Problem(line, ":type",
                "expected one of :invoke :ok :fail :info, got " + describe(v)));
        }
        return t;
    }

    private static String decodeKeyword(Object v, String field, long line, List<HistoryFormatException.Problem> problems) {
        if (v instanceof Keyword k) {
            return k.getName();
        }
        problems.add(new HistoryFormatException.Problem(line, field, "expected a keyword, got " + describe(v)));
        return null;
    }

    private static long decodeProcess(Map<?, ?> map, long line, List<HistoryFormatException.Problem> problems) {
        Object v = map.get(PROCESS);
        if (v == NEMESIS) {
            return Op.NEMESIS;
        }
        if (v instanceof Long || v instanceof Integer) {
            return ((Number) v).longValue();
        }
        problems.add(new HistoryFormatException.Problem(line, ":process",
            "expected an integer or :nemesis, got " + describe(v)));
        return 0;
    }

    private static long decodeLong(Object v, String field, long line, List<HistoryFormatException.Problem> problems) {
        if (v instanceof Long || v instanceof Integer) {
            return ((Number) v).longValue();
        }
        problems.add(new HistoryFormatException.Problem(line, field, "expected an integer, got " + describe(v)));
        return 0;
    }

    private static boolean isLogOp(String f) {
        return "append".equals(f) || "read".equals(f) || "tail".equals(f) || "trim".equals(f);
    }

    /** Shared-log values become LogValue; anything else (register, kv) stays as read. */
    private static Object decodeValue(String f, Object v, long line, List<HistoryFormatException.Problem> problems) {
        if (!isLogOp(f) || !(v instanceof Map<?, ?> m) || m.isEmpty()) {
            return v;
        }
        for (Object k : m.keySet()) {
            if (k != PAYLOAD && k != POSITION && k != JUNK && k != TAIL) {
                return v;
            }
        }
        String field = ":value";
        long position = m.containsKey(POSITION) ? decodeLong(m.get(POSITION), field + " :position", line, problems) : LogValue.NONE;
        long tail = m.containsKey(TAIL) ? decodeLong(m.get(TAIL), field + " :tail", line, problems) : LogValue.NONE;
        Object junk = m.get(JUNK);
        if (junk != null && !(junk instanceof Boolean)) {
            problems.add(new HistoryFormatException.Problem(line, field + " :junk", "expected true or false, got " + describe(junk)));
        }
        Object payload = m.get(PAYLOAD);
        if (payload instanceof Map || payload instanceof java.util.Collection) {
            problems.add(new HistoryFormatException.Problem(line, field + " :payload", "expected a string or number, got "
                + describe(payload)));
        }
        if (position != LogValue.NONE && position < 0) {
            problems.add(new HistoryFormatException.Problem(line, field + " :position", "positions start at 0, got " + position));
        }
        return new LogValue(payload, position, Boolean.TRUE.equals(junk), tail);
    }

    static String describe(Object v) {
        if (v == null) {
            return "nothing";
        }
        String s = clojure.lang.RT.printString(v);
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
