package io.ringworld.specs.tool;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The counterexample TLC prints after a violation ("Error: The behavior up to this point is:",
 * or a liveness counterexample), read into states. Each state maps every variable to its value
 * ({@link TlaValues}); the step that led to it is TLC's action header, and our specs also label
 * it in the variable {@code action}.
 */
public record ErrorTrace(List<Step> steps) {

    /**
     * One state of the trace. {@code tlcAction} is TLC's header ("Initial predicate",
     * "SequenceBatch line 118, ... of module RingSequencing"); {@code backTo} is the state a
     * liveness counterexample loops back to (0 if none), and a stuttering step has no state.
     */
    public record Step(int number, String tlcAction, Map<String, Object> state, int backTo, boolean stuttering) {
    }

    private static final Pattern HEADER = Pattern.compile("^State (\\d+): (.*)$");
    private static final Pattern ACTION = Pattern.compile("^<(.*)>$");
    private static final Pattern BACK = Pattern.compile("^Back to state (\\d+).*$");
    private static final String START_SAFETY = "Error: The behavior up to this point is:";
    private static final String START_LIVENESS = "Error: The following behavior constitutes a counter-example:";

    public ErrorTrace {
        steps = Collections.unmodifiableList(new ArrayList<>(steps));
    }

    /** The states alone, in order (stuttering and back-to markers left out). */
    public List<Map<String, Object>> states() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Step s : steps) {
            if (!s.state().isEmpty()) {
                out.add(s.state());
            }
        }
        return out;
    }

    /**
     * The trace in TLC's output, or null if the output holds none.
     *
     * @param where names the output in the error of a malformed value
     */
    public static ErrorTrace parse(String output, Object where) {
        String[] lines = output.split("\n", -1);
        int k = 0;
        while (k < lines.length && !lines[k].startsWith(START_SAFETY) && !lines[k].startsWith(START_LIVENESS)) {
            k++;
        }
        if (k == lines.length) {
            return null;
        }
        List<Step> steps = new ArrayList<>();
        for (k++; k < lines.length; k++) {
            Matcher back = BACK.matcher(lines[k]);
            if (back.matches()) {                             // TLC 2.18: "Back to state 11: <Action ...>", no "State N:"
                steps.add(new Step(steps.size() + 1, lines[k].trim(), Map.of(), Integer.parseInt(back.group(1)), false));
                continue;
            }
            Matcher h = HEADER.matcher(lines[k]);
            if (!h.matches()) {
                if (!steps.isEmpty() && !lines[k].isBlank() && !lines[k].startsWith("/\\ ")) {
                    break;                                     // the trace ended (statistics follow)
                }
                continue;
            }
            int end = k + 1;
            while (end < lines.length && !lines[end].isBlank() && !HEADER.matcher(lines[end]).matches()) {
                end++;
            }
            steps.add(step(Integer.parseInt(h.group(1)), h.group(2).trim(), lines, k + 1, end, where));
            k = end - 1;
        }
        return new ErrorTrace(steps);
    }

    private static Step step(int number, String header, String[] lines, int from, int to, Object where) {
        Matcher back = BACK.matcher(header);
        if (back.matches()) {
            return new Step(number, header, Map.of(), Integer.parseInt(back.group(1)), false);
        }
        if (header.startsWith("Stuttering")) {
            return new Step(number, header, Map.of(), 0, true);
        }
        Matcher a = ACTION.matcher(header);
        String action = a.matches() ? a.group(1) : header;
        return new Step(number, action, variables(lines, from, to, where + " state " + number), 0, false);
    }

    /** "/\ var = value" conjuncts, a value continued on the lines after it. */
    static Map<String, Object> variables(String[] lines, int from, int to, String where) {
        Map<String, Object> vars = new LinkedHashMap<>();
        String var = null;
        StringBuilder expr = new StringBuilder();
        for (int k = from; k < to; k++) {
            String line = lines[k];
            if (line.startsWith("/\\ ")) {
                if (var != null) {
                    vars.put(var, TlaValues.parse(expr.toString(), where + " " + var));
                }
                int eq = line.indexOf(" = ");
                if (eq < 0) {
                    throw new IllegalArgumentException(where + ": not a variable conjunct: " + line);
                }
                var = line.substring(3, eq).trim();
                expr.setLength(0);
                expr.append(line.substring(eq + 3));
            } else if (var != null) {
                expr.append(' ').append(line);
            }
        }
        if (var != null) {
            vars.put(var, TlaValues.parse(expr.toString(), where + " " + var));
        }
        return vars;
    }

    /**
     * The states of a TLA+ module of {@code STATE_k == /\ var = value ...} definitions, the form
     * TLC writes with {@code -simulate file=} (and {@link #toModule} writes), in order.
     *
     * @throws IllegalArgumentException if it holds no {@code STATE_} or a malformed value
     */
    public static List<Map<String, Object>> statesOfModule(List<String> lines, Object where) {
        String[] all = lines.toArray(new String[0]);
        List<Map<String, Object>> states = new ArrayList<>();
        for (int k = 0; k < all.length; k++) {
            if (!all[k].startsWith("STATE_")) {
                continue;
            }
            int end = k + 1;
            while (end < all.length && !all[end].startsWith("STATE_") && !all[end].startsWith("====")) {
                end++;
            }
            states.add(variables(all, k + 1, end, where + " " + all[k].trim()));
            k = end - 1;
        }
        if (states.isEmpty()) {
            throw new IllegalArgumentException(where + ": no STATE_ in a TLC trace file");
        }
        return states;
    }

    /**
     * The trace as a TLA+ module of {@code STATE_k} definitions, the form TLC writes with
     * {@code -simulate file=}: the conformance replay reads it.
     */
    public String toModule(String moduleName) {
        StringBuilder b = new StringBuilder("---- MODULE ").append(moduleName).append(" ----\n");
        int k = 1;
        for (Map<String, Object> st : states()) {
            b.append("STATE_").append(k++).append(" ==\n");
            for (Map.Entry<String, Object> e : st.entrySet()) {
                b.append("/\\ ").append(e.getKey()).append(" = ").append(TlaValues.format(e.getValue())).append('\n');
            }
            b.append('\n');
        }
        return b.append("====\n").toString();
    }
}
