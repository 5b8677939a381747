package io.ringworld.conformance.replay;

import io.ringworld.kernel.Config;
import io.ringworld.specs.tool.Cfg;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernel settings a replay takes from the TLC model it replays: the spec's constants and
 * overrides that have a kernel counterpart. Everything else in the replayer's kernel Config is
 * fixed (the timers the replay drives, see KernelReplayer).
 *
 * @param pendingMax the spec's PendingMax, the kernel's pendingRequestsMax (Busy answers)
 * @param dedupClientsMax the kernel's dedupClientsMax: how many clients a switch remembers before
 *     it starts a new dedup epoch (the spec's AllowForget refusals)
 * @param sealPageEntriesMax the spec's SealEntriesMax, the kernel's sealPageEntriesMax (paged
 *     seal replies)
 * @param preVote the spec's PreVote, the kernel's Config.preVote (which also makes the kernel
 *     admit a joiner: the spec's Rejoin has no switch of its own in the kernel)
 */
public record ReplaySettings(int pendingMax, int dedupClientsMax, int sealPageEntriesMax, boolean preVote) {

    /**
     * A model that overrides nothing: the kernel's defaults, and no pre-vote (the spec's
     * PreVote is FALSE unless a cfg turns it on, while the kernel's default is on).
     */
    public static final ReplaySettings DEFAULT = new ReplaySettings(Config.PENDING_REQUESTS_MAX_DEFAULT,
            Config.DEDUP_CLIENTS_MAX_DEFAULT, Config.SEAL_PAGE_ENTRIES_MAX_DEFAULT, false);

    /**
     * The kernel's dedup memory has no spec constant: the spec's AllowForget lets any switch
     * refuse at any time, and a replay model that maps those refusals to a full kernel table
     * says how small the table is in a header comment line, e.g. {@code \* replay: dedupClientsMax 1}.
     */
    private static final Pattern DEDUP_HEADER = Pattern.compile("(?m)^\\s*\\\\\\*\\s*replay:\\s*dedupClientsMax\\s+(\\d+)\\s*$");

    public ReplaySettings {
        if (pendingMax < 1 || dedupClientsMax < 1 || sealPageEntriesMax < 1) {
            throw new IllegalArgumentException("replay settings must be positive: " + pendingMax + ", " + dedupClientsMax
                    + ", " + sealPageEntriesMax);
        }
    }

    /**
     * The settings of the model a TLC cfg describes (its text): {@code PendingMax <- PendingOne}
     * gives pendingMax 1, {@code SealEntriesMax <- SealOne} sealPageEntriesMax 1,
     * {@code PreVote <- On} the pre-vote, and a header line {@code \* replay: dedupClientsMax N}
     * dedupClientsMax N; anything not named keeps {@link #DEFAULT}. The cfg is read by the specs
     * tool's {@link Cfg}: overrides inside comments do not count (cfg headers explain them in
     * prose).
     */
    public static ReplaySettings fromCfg(String cfgText) {
        Matcher dedup = DEDUP_HEADER.matcher(cfgText);
        int dedupClientsMax = dedup.find() ? Integer.parseInt(dedup.group(1)) : DEFAULT.dedupClientsMax();
        Map<String, String> overrides = Cfg.parse(cfgText, "the replayed model's cfg").overrides();
        return new ReplaySettings(
                "PendingOne".equals(overrides.get("PendingMax")) ? 1 : DEFAULT.pendingMax(),
                dedupClientsMax,
                "SealOne".equals(overrides.get("SealEntriesMax")) ? 1 : DEFAULT.sealPageEntriesMax(),
                "On".equals(overrides.get("PreVote")));
    }
}
