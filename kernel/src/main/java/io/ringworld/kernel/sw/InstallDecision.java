package io.ringworld.kernel.sw;

import io.ringworld.kernel.Projection;
import io.ringworld.kernel.SwitchId;
import java.util.Collections;
import java.util.List;

/**
 * What a view change decided for this switch (InstallView): the projection to install, the
 * lowest index written in it, and the trim points it starts from; {@code incarnations} of
 * {@code ring ++ joined} and {@code joined}, the switches admitted to the view so far (empty but
 * for a switch AdmitSwitch adds: it is the last of them). {@link ViewChange} decides (as
 * coordinator, from an Install, or at boot); {@link Switch#install} applies it to itself and to
 * every handler, in one place.
 */
record InstallDecision(Projection projection, long rewriteFrom, TrimPoints trims, List<Long> incarnations,
                       List<SwitchId> joined) {
    /** The boot view: every member in its boot life, nobody admitted. */
    static InstallDecision boot(Projection projection) {
        return new InstallDecision(projection, 1, TrimPoints.NONE,
                Collections.nCopies(projection.ring().size(), 0L), List.of());
    }
}
