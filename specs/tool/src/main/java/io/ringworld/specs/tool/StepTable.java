package io.ringworld.specs.tool;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A counterexample in our own vocabulary: one row per step with the action and its switch,
 * server, view and index (from the spec's {@code action} label, named as in
 * docs/protocol-names.md), and under it only what changed, down to the field (a switch's
 * {@code sw[2].view}, a message added to {@code msgs}).
 */
public final class StepTable {
    private static final int VALUE_CHARS_MAX = 90;
    private static final int CHANGES_PER_STEP_MAX = 12;
    private static final Set<String> LABEL_COLUMNS = Set.of("a", "x", "s", "v", "i");

    private StepTable() {
    }

    /** One step: its number, the action label's columns, and the changes since the step before. */
    public record Row(int step, String action, String sw, String server, String view, String index, String detail,
                      List<String> changes) {
    }

    public static List<Row> rows(ErrorTrace trace) {
        List<Row> rows = new ArrayList<>();
        Map<String, Object> before = null;
        for (ErrorTrace.Step s : trace.steps()) {
            if (s.state().isEmpty()) {
                String what = s.stuttering() ? "(stutters: nothing happens any more)" : "(back to state " + s.backTo() + ": a loop)";
                rows.add(new Row(s.number(), what, "", "", "", "", "", List.of()));
                continue;
            }
            rows.add(row(s, before));
            before = s.state();
        }
        return rows;
    }

    private static Row row(ErrorTrace.Step s, Map<String, Object> before) {
        Object label = s.state().get("action");
        String action = s.number() == 1 && before == null ? "Init" : firstWord(s.tlcAction());
        String sw = "";
        String server = "";
        String view = "";
        String index = "";
        StringBuilder detail = new StringBuilder();
        if (label instanceof Map<?, ?> l && l.get("a") != null && before != null) {
            action = String.valueOf(l.get("a"));
            sw = text(l.get("x"));
            server = text(l.get("s"));
            view = text(l.get("v"));
            index = text(l.get("i"));
            for (Map.Entry<?, ?> e : l.entrySet()) {
                if (!LABEL_COLUMNS.contains(String.valueOf(e.getKey()))) {
                    detail.append(detail.length() == 0 ? "" : " ").append(e.getKey()).append('=').append(text(e.getValue()));
                }
            }
        }
        List<String> changes = new ArrayList<>();
        if (before != null) {
            for (Map.Entry<String, Object> e : s.state().entrySet()) {
                if (!e.getKey().equals("action")) {
                    diff(e.getKey(), before.get(e.getKey()), e.getValue(), changes);
                }
            }
        }
        if (changes.size() > CHANGES_PER_STEP_MAX) {
            int more = changes.size() - CHANGES_PER_STEP_MAX;
            changes = new ArrayList<>(changes.subList(0, CHANGES_PER_STEP_MAX));
            changes.add("... and " + more + " more (the trace file has every state)");
        }
        return new Row(s.number(), action, sw, server, view, index, detail.toString(), changes);
    }

    /** The changes from a to b under path: field by field, element by element, sets as added and removed. */
    static void diff(String path, Object a, Object b, List<String> out) {
        if (Objects.equals(a, b) && sameKind(a, b)) {
            return;
        }
        if (a instanceof TlaValues.TlaSet sa && b instanceof TlaValues.TlaSet sb) {
            sb.stream().filter(x -> !sa.contains(x)).forEach(x -> out.add(path + " + " + text(x)));
            sa.stream().filter(x -> !sb.contains(x)).forEach(x -> out.add(path + " - " + text(x)));
        } else if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb && ma.keySet().equals(mb.keySet())) {
            boolean function = b instanceof TlaValues.TlaFunction;
            for (Object k : mb.keySet()) {
                diff(path + (function ? "[" + text(k) + "]" : "." + k), ma.get(k), mb.get(k), out);
            }
        } else if (a instanceof List<?> la && b instanceof List<?> lb && la.size() == lb.size()
                && !(a instanceof TlaValues.TlaSet) && !(b instanceof TlaValues.TlaSet)) {
            for (int k = 0; k < lb.size(); k++) {
                diff(path + "[" + (k + 1) + "]", la.get(k), lb.get(k), out);
            }
        } else {
            out.add(path + ": " + text(a) + " -> " + text(b));
        }
    }

    private static boolean sameKind(Object a, Object b) {
        return a == null || b == null || a.getClass() == b.getClass();
    }

    private static String text(Object v) {
        if (v == null) {
            return "";
        }
        String t = TlaValues.format(v);
        return t.length() <= VALUE_CHARS_MAX ? t : t.substring(0, VALUE_CHARS_MAX - 3) + "...";
    }

    private static String firstWord(String tlcAction) {
        int sp = tlcAction.indexOf(' ');
        return sp < 0 ? tlcAction : tlcAction.substring(0, sp);
    }

    /** The table as text: a header, one line per step, its changes indented under it. */
    public static String render(List<Row> rows) {
        StringBuilder b = new StringBuilder();
        String fmt = "%-5s %-22s %-6s %-6s %-5s %-5s %s%n";
        b.append(String.format(fmt, "step", "action", "switch", "server", "view", "index", "label"));
        for (Row r : rows) {
            b.append(String.format(fmt, r.step(), r.action(), r.sw(), r.server(), r.view(), r.index(), r.detail()));
            for (String c : r.changes()) {
                b.append("        ").append(c).append('\n');
            }
        }
        return b.toString();
    }
}
