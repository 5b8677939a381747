package io.ringworld.p4.agent;

import io.ringworld.kernel.Config;
import io.ringworld.kernel.Projection;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.sw.Switch;
import io.ringworld.kernel.sw.SwitchStatus;
import io.ringworld.kernel.wire.WireKey;
import io.ringworld.p4.ringworld.TokenSetup;
import io.ringworld.p4.v1model.Pipeline;
import java.util.List;

/**
 * The agent's half of token visits in the data plane. After each kernel step it turns the data
 * plane's visits on while the kernel's next visit would send nothing but the TokenAck, the
 * batch's ASSIGNs (and its own indices' WRITEs), the pass and a RING_ALIVE when one is due (the
 * settings say which; the kernel's clock moves only by ticks, after which the agent looks
 * again), and the data plane sequences and leads the installed view; off otherwise, when the
 * token goes to the CPU and the kernel visits.
 * A visit the data plane made reaches the kernel as a mirror, and the agent compares the frames.
 */
final class TokenSync {
    private final Pipeline pipeline;
    private final SwitchId self;
    private final Config config;
    private final WireKey clusterKey;
    private TokenSetup.Settings current;
    private List<SwitchId> groupRing;

    TokenSync(Pipeline pipeline, SwitchId self, Config config, WireKey clusterKey) {
        this.pipeline = pipeline;
        this.self = self;
        this.config = config;
        this.clusterKey = clusterKey;
    }

    /**
     * After a kernel step: the token's settings as the kernel stands ({@code installed}: the view
     * the data plane leads, or null; {@code sequencing}: whether its loop sequences).
     */
    void afterStep(Switch kernel, SwitchStatus status, Projection installed, boolean sequencing) {
        Projection p = status.projection();
        boolean on = sequencing && installed != null && p != null && installed.view().equals(p.view())
                && kernel.tokenVisitQuiet() && status.commitIndex() >= 0;
        if (!on) {
            if (current != null) {
                TokenSetup.tokenOff(pipeline);
                current = null;
            }
            return;
        }
        long lastHop = kernel.lastTokenHop();
        TokenSetup.Settings want = new TokenSetup.Settings(self, p, lastHop >>> 32, kernel.ringAliveAtTokenVisit(),
                (long) config.statusMapSlotsMax() * p.ring().size(), status.trimPending(), status.trimDone(), clusterKey);
        if (!p.ring().equals(groupRing)) {
            TokenSetup.ring(pipeline, want, config.membersPerSet());
            groupRing = p.ring();
        }
        if (!want.equals(current)) {
            TokenSetup.tokenOn(pipeline, want);
            current = want;
        }
        // The data plane raises the hop it visits itself; the kernel's own visits (and a new view,
        // -1) move it here. Its high word is the settings'.
        if (TokenSetup.lastHopLo(pipeline) != (lastHop & 0xffffffffL)) {
            TokenSetup.lastHop(pipeline, lastHop);
        }
    }

    /** Whether the data plane visits tokens now (for status and tests). */
    boolean on() {
        return current != null;
    }
}
