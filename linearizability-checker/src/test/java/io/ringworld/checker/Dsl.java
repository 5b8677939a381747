package io.ringworld.checker;

import io.ringworld.checker.history.History;
import io.ringworld.checker.history.HistoryBuilder;
import io.ringworld.checker.history.LogValue;
import io.ringworld.checker.history.Op;
import io.ringworld.checker.history.OpType;

/**
 * A compact notation for hand-written shared-log histories, one event per string, in order:
 * {@code "1 invoke append a"}, {@code "1 ok append a 0"}, {@code "1 fail append a"},
 * {@code "2 invoke read 0"}, {@code "2 ok read 0 a"}, {@code "2 ok read 0 junk"},
 * {@code "2 fail read 0 not-yet"}, {@code "3 invoke tail"}, {@code "3 ok tail 4"},
 * {@code "4 invoke trim 9"}, {@code "4 ok trim 9"}, {@code "nemesis info kill"}.
 */
public final class Dsl {
    private Dsl() {
    }

    public static History history(String... events) {
        HistoryBuilder b = new HistoryBuilder();
        long time = 0;
        for (String e : events) {
            b.add(op(e.trim().split("\\s+"), time += 1000));
        }
        return b.build();
    }

    private static Op op(String[] w, long time) {
        long process = w[0].equals("nemesis") ? Op.NEMESIS : Long.parseLong(w[0]);
        OpType type = OpType.ofKeyword(w[1]);
        String f = w[2];
        if (process == Op.NEMESIS) {
            return Op.of(type, f, process, time, null);
        }
        String error = null;
        LogValue value;
        switch (f) {
            case "append":
                value = type == OpType.OK ? LogValue.appended(w[3], Long.parseLong(w[4])) : LogValue.payload(w[3]);
                error = type == OpType.FAIL ? "lost" : type == OpType.INFO ? "timeout" : null;
                break;
            case "read":
                long p = Long.parseLong(w[3]);
                if (type == OpType.OK) {
                    value = w[4].equals("junk") ? LogValue.junkAt(p) : LogValue.read(p, w[4]);
                } else {
                    value = LogValue.position(p);
                    error = w.length > 4 ? w[4] : type == OpType.INFO ? "timeout" : null;
                }
                break;
            case "tail":
                value = type == OpType.OK ? LogValue.tailOf(Long.parseLong(w[3])) : null;
                break;
            default:
                value = LogValue.position(Long.parseLong(w[3]));
        }
        return Op.of(type, f, process, time, value, error);
    }
}
