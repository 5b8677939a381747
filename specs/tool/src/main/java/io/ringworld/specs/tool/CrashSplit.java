package io.ringworld.specs.tool;

import java.util.ArrayList;
import java.util.List;

/**
 * A model split by the node that crashes ({@code ringworld specs check --split-by-crash}): one
 * part per switch that may crash (CrashSwitches = {x}, CrashServers = {}) and per server that may
 * crash (CrashSwitches = {}, CrashServers = {s}). When every behaviour crashes at most one node
 * (MaxFaults = 1), each behaviour of the whole model is a behaviour of some part, so the parts
 * together check what the whole does, and each has a smaller state space (the deep models that do
 * not finish in an hour here, specs/README.md "Deep set"); a behaviour without a crash is in
 * every part.
 *
 * <p>Under the model's server symmetry (SYMMETRY ServerSymmetry: the servers of a replica set
 * are interchangeable), one crashing server per replica set stands for the others of its set:
 * a behaviour crashing a2 is the image of one crashing a1 under the permutation swapping them,
 * which the whole model already takes as a symmetry. That part's own symmetry then permutes only
 * the servers that do not crash ({@code SplitSymmetry}), since one that singles out a1 is no
 * longer symmetric in it. Without SYMMETRY (liveness), every server that may crash has its part.
 */
public final class CrashSplit {
    private CrashSplit() {
    }

    /**
     * The parts of the model {@code options} describe, named {@code name_swX} and
     * {@code name_S}; an IllegalArgumentException, naming the option, where a split would not
     * check the whole model or has nothing to split.
     */
    public static List<ModelOptions.Model> parts(ModelOptions options, SpecSources sources, String name) {
        if (options.bug != null) {
            throw new IllegalArgumentException("--split-by-crash with --bug: a planted bug's model is small, and its"
                    + " violation must be found whole (--model bug_NAME splits its model, if you want the parts)");
        }
        if (options.mode != Tlc.Mode.EXHAUSTIVE) {
            throw new IllegalArgumentException("--split-by-crash with --mode simulate: random walks sample behaviours,"
                    + " there is no state space to split; use --mode exhaustive");
        }
        ModelOptions.Model whole = options.build(sources, name);
        Cfg cfg = Cfg.parse(whole.cfgText(), name);
        int crashesMax = ModelOptions.intOf(cfg, "MaxFaults");
        if (crashesMax != 1) {
            throw new IllegalArgumentException("--split-by-crash needs at most one crash per behaviour (MaxFaults 1, or"
                    + " --crashes 1); this model allows " + crashesMax + ", and a behaviour crashing two nodes is in no part");
        }
        List<Integer> switches = ModelOptions.intsOf(cfg, "CrashSwitches");
        List<String> servers = ModelOptions.namesOf(cfg, "CrashServers");
        boolean symmetric = "ServerSymmetry".equals(cfg.single("SYMMETRY"));
        List<String> serverParts = symmetric ? representatives(servers) : servers;
        if (switches.size() + serverParts.size() < 2) {
            throw new IllegalArgumentException("--split-by-crash: the nodes that may crash (switches " + switches
                    + ", servers " + servers + ") make one part" + (symmetric ? " (the servers of a replica set are one"
                    + " part under the server symmetry)" : "") + "; there is nothing to split");
        }
        Integer depth = whole.extraModules().containsKey("MC") ? options.depth : null;
        List<ModelOptions.Model> parts = new ArrayList<>();
        for (int x : switches) {
            parts.add(part(whole, name + "_sw" + x, List.of(Integer.toString(x)), List.of(), depth, false));
        }
        for (String s : serverParts) {
            parts.add(part(whole, name + "_" + s, List.of(), List.of(s), depth, symmetric));
        }
        return parts;
    }

    /** The first server of each replica set among those that may crash: the others of its set are its images. */
    static List<String> representatives(List<String> servers) {
        List<String> out = new ArrayList<>();
        for (List<String> set : List.of(ModelOptions.RS0, ModelOptions.RS1)) {
            servers.stream().filter(set::contains).sorted().findFirst().ifPresent(out::add);
        }
        return out;
    }

    private static ModelOptions.Model part(ModelOptions.Model whole, String name, List<String> switches, List<String> servers,
            Integer depth, boolean splitSymmetry) {
        Cfg cfg = Cfg.parse(whole.cfgText(), name);
        cfg.constants.put("CrashSwitches", ModelOptions.set(switches));
        cfg.constants.put("CrashServers", ModelOptions.set(servers));
        cfg.comments.add(Math.min(1, cfg.comments.size()), "\\* --split-by-crash: the part of " + whole.name() + " in which only "
                + (switches.isEmpty() ? "server " + servers.get(0) : "switch " + switches.get(0)) + " may crash.");
        return ModelOptions.model(cfg, name, whole.specModule(), whole.baseModel(), depth, splitSymmetry);
    }
}
