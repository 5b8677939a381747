package io.ringworld.p4.agent;

import io.ringworld.kernel.Config;
import io.ringworld.kernel.Effect;
import io.ringworld.kernel.Projection;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.sw.LeaderSlot;
import io.ringworld.kernel.sw.Switch;
import io.ringworld.kernel.sw.SwitchStatus;
import io.ringworld.kernel.wire.WireKey;
import io.ringworld.p4.ringworld.LeaderPathSetup;
import io.ringworld.p4.v1model.Pipeline;
import java.util.List;
import java.util.Map;

/**
 * After each kernel step, what the agent writes into the data plane: the view it leads (left as
 * soon as the kernel is sealed or left it, installed when the kernel installs one the data plane
 * can lead) and the slots the kernel changed on its own (its own assignments, filled holes).
 */
final class DataPlaneSync {
    private final Pipeline pipeline;
    private final SwitchId self;
    private final Config config;
    private final WireKey clusterKey;
    private final Map<Integer, WireKey> clientKeys;
    private Projection installed;

    DataPlaneSync(Pipeline pipeline, SwitchId self, Config config, WireKey clusterKey, Map<Integer, WireKey> clientKeys) {
        this.pipeline = pipeline;
        this.self = self;
        this.config = config;
        this.clusterKey = clusterKey;
        this.clientKeys = clientKeys;
    }

    Projection installed() {
        return installed;
    }

    /**
     * After a kernel step ({@code mirrored}: on a frame the fast path took): the view, and the
     * slots of the kernel's own WRITEs, except those of {@code dataPlaneWrites}, indices the data
     * plane claims itself (a visit's own indices, which its loop sends into the leader path).
     */
    void afterStep(Switch kernel, SwitchStatus status, List<Effect> effects, boolean mirrored, java.util.Set<Long> dataPlaneWrites) {
        Projection want = status.active() && status.projection() != null
                && LeaderPathSetup.fastPathFits(status.projection(), self, config) ? status.projection() : null;
        if (installed != null && !installed.equals(want)) {
            LeaderPathSetup.leaveView(pipeline);
            installed = null;
        }
        if (want != null && installed == null) {
            LeaderPathSetup.installView(pipeline, want, self, config, clusterKey, clientKeys);
            installed = want;
        }
        if (installed == null || mirrored) {
            return; // a mirrored step's slots are the data plane's own work
        }
        for (Effect e : effects) {
            if (e instanceof Effect.Send s) {
                if (s.message() instanceof Message.Write w && !dataPlaneWrites.contains(w.index())) {
                    syncSlot(kernel, w);
                } else if (s.message() instanceof Message.Writes ws) {
                    ws.members().stream().filter(w -> !dataPlaneWrites.contains(w.index())).forEach(w -> syncSlot(kernel, w));
                }
            }
        }
    }

    /** A leader's write of this view that the kernel made itself: the slot as the kernel holds it. */
    private void syncSlot(Switch kernel, Message.Write w) {
        if (w.incarnation() != -1 || !w.from().equals(self) || !w.view().equals(installed.view())) {
            return;
        }
        LeaderSlot slot = kernel.leaderSlot(w.index());
        if (slot != null && slot.state() == LeaderSlot.State.WRITING) {
            LeaderPathSetup.writeSlot(pipeline, slot);
        }
    }
}
