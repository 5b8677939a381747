package io.ringworld.conformance.replay;

import io.ringworld.specs.tool.TlaValues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the trace files TLC 2.18 writes with {@code -simulate file=PATH,num=N}: one TLA+ module
 * per behaviour, {@code STATE_k == /\ var = value ...} (also the form
 * {@code io.ringworld.specs.tool.ErrorTrace#toModule} writes). Values are read by the specs
 * tool's {@link TlaValues}, so that TLC's value syntax is parsed in one place, into the shapes
 * the replayer reads: integers {@link Long}, booleans {@link Boolean}, strings and model values
 * {@link String}, records {@code Map<String,Object>}, sequences {@link List}, sets
 * {@link TlaValues.TlaSet} (a List in the order TLC printed it), functions
 * {@code (k :> v @@ ...)} {@code Map<Object,Object>}.
 */
public final class TlcTrace {
    private TlcTrace() {
    }

    /**
     * The states of one behaviour, in order; each maps a variable name to its value.
     *
     * @throws IllegalArgumentException if the file holds no {@code STATE_} or a malformed value
     */
    public static List<Map<String, Object>> read(Path file) throws IOException {
        List<Map<String, Object>> states = new ArrayList<>();
        Map<String, Object> cur = null;
        StringBuilder expr = null;
        String var = null;
        for (String line : Files.readAllLines(file)) {
            boolean stateHeader = line.startsWith("STATE_");
            boolean conj = line.startsWith("/\\ ");
            boolean end = line.startsWith("====");
            if ((stateHeader || conj || end) && var != null) {
                cur.put(var, TlaValues.parse(expr.toString(), file));
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
            cur.put(var, TlaValues.parse(expr.toString(), file));
        }
        if (states.isEmpty()) {
            throw new IllegalArgumentException(file + ": no STATE_ in a TLC trace file");
        }
        return states;
    }
}
