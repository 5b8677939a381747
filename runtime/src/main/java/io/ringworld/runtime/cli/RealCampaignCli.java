package io.ringworld.runtime.cli;

import io.ringworld.kernel.testhooks.PlantedBug;
import io.ringworld.runtime.real.Capabilities;
import io.ringworld.runtime.real.RealCampaign;
import io.ringworld.runtime.real.RealFault;
import io.ringworld.runtime.real.RealRunConfig;
import io.ringworld.runtime.real.RealRunResult;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;

/**
 * {@code ringworld campaign --real}: when this process may (root, {@code unshare -n}) and the
 * faults need it, it runs itself again inside a new network namespace (so iptables rules touch
 * nothing outside, and vanish with it); there it runs the real-cluster campaign.
 */
final class RealCampaignCli {
    private final CampaignCommand c;
    private final CommandLine.Model.CommandSpec spec;

    RealCampaignCli(CampaignCommand c, CommandLine.Model.CommandSpec spec) {
        this.c = c;
        this.spec = spec;
    }

    Integer call() {
        PrintStream out = System.out;
        Set<RealFault> wanted;
        try {
            wanted = RealFault.parse(c.faults);
            if (c.storageBug != null && !c.storageBug.equals("ack-before-force")) {
                throw new IllegalArgumentException("--storage-bug: the one planted storage bug is ack-before-force, not '"
                        + c.storageBug + "'");
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Capabilities caps = Capabilities.detect();
        boolean inside = "1".equals(System.getenv(RealCampaign.NAMESPACE_MARK_ENV));
        // Where it can, a campaign always runs in a namespace of its own: fixed addresses, nothing
        // else listening, and whatever it leaves in the network ends with it.
        if (!inside && caps.canCutNetwork()) {
            return runInOwnNamespace(out);
        }
        boolean ci = "true".equals(System.getenv("CI"));
        RealCampaign.Allowed allowed;
        try {
            allowed = RealCampaign.allowed(wanted, inside, caps, ci);
        } catch (IllegalStateException e) {
            out.println("campaign --real: " + e.getMessage());
            return 1;
        }
        for (String s : allowed.skipped()) {
            out.println("skipped fault kind " + s);
        }
        if (inside) {
            RealCampaign.loopbackUp();
        }
        return runCampaign(allowed.faults(), inside, out);
    }

    private int runCampaign(Set<RealFault> faults, boolean inside, PrintStream out) {
        int replicaSets = matched("--replica-sets") ? c.replicaSets : 1;
        int clients = matched("--clients") ? c.clients : 2;
        RealRunConfig config;
        try {
            config = new RealRunConfig(c.switches, replicaSets, faults, c.faultSeconds * 1000L, clients, c.rate,
                    c.plantedBug, c.storageBug != null, c.out.toAbsolutePath(), inside, "p4".equals(c.dataplane));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        List<Long> seeds = new ArrayList<>();
        long first = c.seed != null ? c.seed : c.from != null ? c.from : new SecureRandom().nextInt(1 << 30);
        for (int k = 0; k < (c.seed != null ? 1 : c.seeds); k++) {
            seeds.add(first + k);
        }
        out.printf("campaign --real: seeds %d..%d (--from %d), faults %s, %d switches, %d replica sets, %d clients,"
                        + " %d s of faults per run, planted bug %s%s%s, runs in %s%s%n", first, first + seeds.size() - 1, first,
                faults.stream().map(RealFault::label).toList(), c.switches, replicaSets, clients, c.faultSeconds,
                c.plantedBug, c.storageBug != null ? ", storage bug ack-before-force" : "",
                config.p4Switches() ? ", P4 switches (ringworld.p4 on the interpreter, the kernel as agent)" : "", config.out(),
                inside ? ", in a network namespace of its own" : "");
        try {
            List<RealRunResult> results = RealCampaign.run(seeds, config, out);
            RealCampaign.summary(results, out, replay(replicaSets, clients));
            return results.stream().allMatch(RealRunResult::passed) ? 0 : 1;
        } catch (Exception e) {
            out.println("campaign --real: stopped: " + e);
            e.printStackTrace(out);
            return 1;
        }
    }

    private boolean matched(String option) {
        return spec.commandLine().getParseResult() != null && spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    private String replay(int replicaSets, int clients) {
        StringBuilder b = new StringBuilder("./ringworld campaign --real --seed SEED --faults ").append(c.faults)
                .append(" --fault-seconds ").append(c.faultSeconds).append(" --switches ").append(c.switches)
                .append(" --replica-sets ").append(replicaSets).append(" --clients ").append(clients).append(" --rate ").append(c.rate);
        if (c.plantedBug != PlantedBug.NONE) {
            b.append(" --planted-bug ").append(c.plantedBug);
        }
        if (c.storageBug != null) {
            b.append(" --storage-bug ").append(c.storageBug);
        }
        if ("p4".equals(c.dataplane)) {
            b.append(" --dataplane p4");
        }
        return b.toString();
    }

    /** This command again, as a child in a new network namespace ({@code unshare -n}); its exit status. */
    private int runInOwnNamespace(PrintStream out) {
        List<String> cmd = new ArrayList<>(List.of("unshare", "-n",
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), RingWorldCli.class.getName()));
        cmd.addAll(spec.commandLine().getParseResult().originalArgs());
        out.println("campaign --real: running in a network namespace of its own (unshare -n)");
        out.flush();
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().put(RealCampaign.NAMESPACE_MARK_ENV, "1");
        try {
            Process p = pb.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (p.isAlive()) { // pass the stop on (a Ctrl-C reaches both, a kill only us), give the child time to clean up
                    p.destroy();
                    try {
                        p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException ignored) {
                        Thread.currentThread().interrupt();
                    }
                }
            }));
            return p.waitFor();
        } catch (Exception e) {
            out.println("campaign --real: cannot run in a namespace of its own: " + e);
            return 1;
        }
    }
}
