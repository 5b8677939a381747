package io.ringworld.checker.report;

import io.ringworld.checker.history.History;
import io.ringworld.checker.history.Operation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An SVG (or HTML page) timeline of a verdict's window: one lane per process, one bar per
 * operation from invocation to completion (an open-ended bar for :info and pending), the
 * offending operations in red. The x axis is the history index, so real-time order is exact.
 */
public final class Timeline {
    private static final int LANE_HEIGHT_PX = 28;
    private static final int STEP_PX = 18;
    private static final int LEFT_PX = 90;
    private static final int OPS_MAX = 400;

    private Timeline() {
    }

    public static String html(History history, Verdict verdict) {
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>ringworld check</title></head>"
            + "<body style=\"font-family:sans-serif\">\n<h3>" + escape(headline(verdict)) + "</h3>\n"
            + svg(history, verdict) + "\n</body></html>\n";
    }

    public static String svg(History history, Verdict verdict) {
        long from = verdict.windowFrom() < 0 ? 0 : verdict.windowFrom();
        long to = verdict.windowTo() < 0 ? Math.min(history.size() - 1, OPS_MAX) : verdict.windowTo();
        to = Math.min(to, from + OPS_MAX);
        List<Operation> shown = new ArrayList<>();
        Map<Long, Integer> lanes = new LinkedHashMap<>();
        for (Operation op : history.operations()) {
            if (op.start() <= to && op.lastIndex() >= from) {
                shown.add(op);
                lanes.putIfAbsent(op.process(), lanes.size());
            }
        }
        Set<Operation> bad = new HashSet<>(verdict.offending());
        long width = LEFT_PX + (to - from + 3) * STEP_PX;
        long height = (lanes.size() + 1L) * LANE_HEIGHT_PX;
        StringBuilder sb = new StringBuilder();
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
            .append(height).append("\" font-family=\"monospace\" font-size=\"11\">\n");
        for (Map.Entry<Long, Integer> lane : lanes.entrySet()) {
            sb.append("<text x=\"4\" y=\"").append(laneY(lane.getValue()) + 14).append("\">process ")
                .append(lane.getKey()).append("</text>\n");
        }
        for (Operation op : shown) {
            bar(sb, op, from, to, lanes.get(op.process()), bad.contains(op));
        }
        return sb.append("</svg>").toString();
    }

    private static void bar(StringBuilder sb, Operation op, long from, long to, int lane, boolean offending) {
        long a = Math.max(op.start(), from) - from;
        long b = (op.end() == Operation.NEVER ? to + 2 : Math.min(op.lastIndex(), to)) - from;
        long x = LEFT_PX + a * STEP_PX;
        long w = Math.max(STEP_PX / 2, (b - a) * STEP_PX);
        String fill = offending ? "#f4a6a6" : op.end() == Operation.NEVER ? "#e8e8e8" : "#b9d7f0";
        sb.append("<g><title>").append(escape(OpText.describe(op))).append("</title><rect x=\"").append(x)
            .append("\" y=\"").append(laneY(lane)).append("\" width=\"").append(w).append("\" height=\"")
            .append(LANE_HEIGHT_PX - 6).append("\" rx=\"3\" fill=\"").append(fill).append("\" stroke=\"")
            .append(offending ? "#c00" : "#555").append("\"/><text x=\"").append(x + 3).append("\" y=\"")
            .append(laneY(lane) + 15).append("\">").append(escape(OpText.describe(op))).append("</text></g>\n");
    }

    private static long laneY(int lane) {
        return (long) lane * LANE_HEIGHT_PX + 4;
    }

    private static String headline(Verdict v) {
        return ":valid? " + (v.validity() == Validity.UNKNOWN ? ":unknown" : v.isValid())
            + (v.reason() == null ? "" : " - " + v.reason());
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
