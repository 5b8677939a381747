package io.ringworld.conformance.replay;

import io.ringworld.specs.tool.ErrorTrace;
import io.ringworld.specs.tool.TlaValues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads the trace files TLC 2.18 writes with {@code -simulate file=PATH,num=N}: one TLA+ module
 * per behaviour, {@code STATE_k == /\ var = value ...} (also the form
 * {@code io.ringworld.specs.tool.ErrorTrace#toModule} writes). The specs tool reads it
 * ({@link ErrorTrace#statesOfModule}, values by {@link TlaValues}), so that TLC's output is parsed in one place, into the shapes
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
        return ErrorTrace.statesOfModule(Files.readAllLines(file), file);
    }
}
