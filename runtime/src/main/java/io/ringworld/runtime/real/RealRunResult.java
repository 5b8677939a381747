package io.ringworld.runtime.real;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One run's outcome.
 *
 * @param seed              the run's seed
 * @param problems          what failed (a checker violation, a lost or changed acknowledged append, a
 *                          cluster that did not serve again); empty when the run passed
 * @param operations        client operations in the history
 * @param acknowledged      appends acknowledged
 * @param indeterminate     appends whose outcome stayed unknown
 * @param readBack          acknowledged appends read back intact after the heal
 * @param applied           faults applied, by kind
 * @param skipped           faults skipped (the fault model's limit), by kind
 * @param seconds           the run's wall time
 * @param folder            the run's folder
 */
public record RealRunResult(long seed, List<String> problems, int operations, int acknowledged, int indeterminate,
                            int readBack, Map<RealFault, Integer> applied, Map<RealFault, Integer> skipped, double seconds,
                            Path folder) {
    public boolean passed() {
        return problems.isEmpty();
    }
}
