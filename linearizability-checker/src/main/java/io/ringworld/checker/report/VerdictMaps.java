package io.ringworld.checker.report;

import clojure.lang.EdnReader;
import clojure.lang.IPersistentMap;
import clojure.lang.Keyword;
import clojure.lang.PersistentArrayMap;
import clojure.lang.PersistentHashMap;
import clojure.lang.PersistentVector;
import clojure.lang.RT;
import io.ringworld.checker.history.History;
import io.ringworld.checker.history.HistoryWriter;
import io.ringworld.checker.history.Op;
import io.ringworld.checker.history.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Verdicts as Jepsen-style maps: {@code {:valid? false, :checker :log, :reason "...",
 * :violation-count 1, :offending [ops], :window {:from i, :to j, :ops [ops]}, :stats {...}}}.
 * Offending ops are the completions (or the invocation of a pending op), as Jepsen shows them.
 */
public final class VerdictMaps {
    /** Windows longer than this are cut (the map says so with :truncated? true). */
    public static final int WINDOW_OPS_MAX = 200;

    private VerdictMaps() {
    }

    private static Keyword kw(String name) {
        return Keyword.intern(name);
    }

    /** The verdict as a Clojure map (what the ringworld.checker namespace returns). */
    public static IPersistentMap toMap(Verdict verdict, History history) {
        List<Object> kvs = new ArrayList<>();
        Object valid = verdict.validity() == Validity.UNKNOWN ? kw("unknown") : verdict.isValid();
        kvs.add(kw("valid?"));
        kvs.add(valid);
        kvs.add(kw("checker"));
        kvs.add(kw(verdict.checker()));
        if (verdict.reason() != null) {
            kvs.add(kw("reason"));
            kvs.add(verdict.reason());
        }
        if (verdict.validity() == Validity.INVALID) {
            kvs.add(kw("violation-count"));
            kvs.add((long) verdict.violationCount());
            List<Object> offending = new ArrayList<>();
            for (Operation op : verdict.offending()) {
                offending.add(opMap(op.completion() != null ? op.completion() : op.invoke()));
            }
            kvs.add(kw("offending"));
            kvs.add(PersistentVector.create(offending));
            kvs.add(kw("window"));
            kvs.add(window(verdict, history));
        }
        kvs.add(kw("stats"));
        kvs.add(stats(verdict.stats()));
        return PersistentArrayMap.createAsIfByAssoc(kvs.toArray());
    }

    /** The verdict map printed as EDN (one line per top-level key for readability). */
    public static String toEdn(Verdict verdict, History history) {
        IPersistentMap map = toMap(verdict, history);
        StringBuilder sb = new StringBuilder("{");
        String sep = "";
        for (Object o : (Iterable<?>) map) {
            Map.Entry<?, ?> e = (Map.Entry<?, ?>) o;
            sb.append(sep).append(RT.printString(e.getKey())).append(' ').append(RT.printString(e.getValue()));
            sep = ",\n ";
        }
        return sb.append('}').toString();
    }

    private static IPersistentMap window(Verdict verdict, History history) {
        List<Object> ops = new ArrayList<>();
        long to = Math.min(verdict.windowTo(), verdict.windowFrom() + WINDOW_OPS_MAX - 1);
        for (Op op : history.slice(verdict.windowFrom(), to)) {
            ops.add(opMap(op));
        }
        return PersistentArrayMap.createAsIfByAssoc(new Object[] {
            kw("from"), verdict.windowFrom(), kw("to"), verdict.windowTo(),
            kw("lines"), PersistentVector.create(history.lineOf(verdict.windowFrom()), history.lineOf(verdict.windowTo())),
            kw("truncated?"), to < verdict.windowTo(),
            kw("ops"), PersistentVector.create(ops)});
    }

    private static Object stats(Map<String, Long> stats) {
        List<Object> kvs = new ArrayList<>();
        stats.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            kvs.add(kw(e.getKey()));
            kvs.add(e.getValue());
        });
        return PersistentArrayMap.createAsIfByAssoc(kvs.toArray());
    }

    /** One op as the Clojure map Jepsen would hold. */
    public static Object opMap(Op op) {
        return EdnReader.readString(HistoryWriter.toEdn(op), PersistentHashMap.EMPTY);
    }
}
