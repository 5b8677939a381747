package io.ringworld.specs.tool;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A model to check: a base model of specs/tla (by default {@code RingWorld_fast}, or a planted
 * bug's own model) with the size, faults and properties the user asked for written over it. A
 * field left null keeps the base model's value. {@link #build} checks every choice against the
 * others and refuses, naming the option, what TLC could not bound or the spec does not model.
 */
public final class ModelOptions {
    /** The view-change triggers RingWorldBase.tla defines (constant VCTrigger). */
    public static final List<String> VC_TRIGGERS = List.of("any", "afterCrash", "afterKnownCommit", "suspect");
    /** Servers of replica sets 0 and 1, as the spec's model values. */
    static final List<String> RS0 = List.of("a1", "a2", "a3");
    static final List<String> RS1 = List.of("b1", "b2", "b3");

    String baseModel;
    String bug;
    Integer switches;
    Integer replicaSets;
    Integer payloads;
    Integer maxIndex;
    Integer views;
    List<Integer> crashSwitches;
    List<String> crashServers;
    Integer crashes;
    Boolean restarts;
    Integer losses;
    Integer trims;
    Integer reads;
    Integer getTails;
    String vcTrigger;
    Integer clientSwitch;
    Boolean eagerFill;
    Integer diskFaults;
    Boolean preVote;
    boolean liveness;
    boolean refinement = true;
    List<String> invariants;
    List<String> extraProperties = List.of();
    Integer depth;
    Tlc.Mode mode = Tlc.Mode.EXHAUSTIVE;

    public ModelOptions baseModel(String v) { baseModel = v; return this; }
    public ModelOptions bug(String v) { bug = v; return this; }
    public ModelOptions switches(Integer v) { switches = v; return this; }
    public ModelOptions replicaSets(Integer v) { replicaSets = v; return this; }
    public ModelOptions payloads(Integer v) { payloads = v; return this; }
    public ModelOptions maxIndex(Integer v) { maxIndex = v; return this; }
    public ModelOptions views(Integer v) { views = v; return this; }
    public ModelOptions crashSwitches(List<Integer> v) { crashSwitches = v; return this; }
    public ModelOptions crashServers(List<String> v) { crashServers = v; return this; }
    public ModelOptions crashes(Integer v) { crashes = v; return this; }
    public ModelOptions restarts(Boolean v) { restarts = v; return this; }
    public ModelOptions losses(Integer v) { losses = v; return this; }
    public ModelOptions trims(Integer v) { trims = v; return this; }
    public ModelOptions reads(Integer v) { reads = v; return this; }
    public ModelOptions getTails(Integer v) { getTails = v; return this; }
    public ModelOptions vcTrigger(String v) { vcTrigger = v; return this; }
    public ModelOptions clientSwitch(Integer v) { clientSwitch = v; return this; }
    public ModelOptions eagerFill(Boolean v) { eagerFill = v; return this; }
    public ModelOptions diskFaults(Integer v) { diskFaults = v; return this; }
    public ModelOptions preVote(Boolean v) { preVote = v; return this; }
    public ModelOptions liveness(boolean v) { liveness = v; return this; }
    public ModelOptions refinement(boolean v) { refinement = v; return this; }
    public ModelOptions invariants(List<String> v) { invariants = v; return this; }
    public ModelOptions properties(List<String> v) { extraProperties = List.copyOf(v); return this; }
    public ModelOptions depth(Integer v) { depth = v; return this; }
    public ModelOptions mode(Tlc.Mode v) { mode = v; return this; }

    /** The model to run: its name, root module, cfg text and wrapper module (if a depth bound needs one). */
    /**
     * @param module the root module TLC loads: the spec's, or the wrapper MC (a depth bound)
     * @param specModule the spec's module the model checks (RingWorld, ViewChange, ...)
     */
    public record Model(String name, String module, String cfgText, java.util.Map<String, String> extraModules,
                        String baseModel, String bug, String specModule) {

        /** The model's size and faults in one line, from its cfg. */
        public String summary() {
            Cfg c = Cfg.parse(cfgText, name);
            if (c.constant("NumSwitches") == null) {
                return c.constants().toString();
            }
            StringBuilder b = new StringBuilder();
            b.append(c.constant("NumSwitches")).append(" switches, ").append(c.constant("NumRS")).append(" replica set(s), ")
                    .append(setSize(c, "Payloads")).append(" appends (MaxIdx ").append(c.constant("MaxIdx")).append("), ")
                    .append(setSize(c, "ReadOps")).append(" reads, ").append(setSize(c, "TailOps")).append(" getTails, views <= ")
                    .append(c.constant("MaxView")).append(", crashes <= ").append(c.constant("MaxFaults")).append(" of switches ")
                    .append(c.constant("CrashSwitches")).append(" servers ").append(c.constant("CrashServers"))
                    .append(", restarts ").append(c.constant("AllowRestart")).append(", losses <= ").append(c.constant("MaxLoss"))
                    .append(", trims <= ").append(c.constant("MaxTrims")).append(", view changes ").append(c.constant("VCTrigger"));
            c.overrides().forEach((k, v) -> b.append(", ").append(k).append(" <- ").append(v));
            b.append("; ").append(c.specification()).append(", ").append(c.invariants().size()).append(" invariants");
            c.properties().forEach(p -> b.append(" + ").append(p));
            c.constraints().forEach(k -> b.append(", constraint ").append(k));
            return b.toString();
        }
    }

    /** The base model's cfg file: bug_NAME (or bugdeep_NAME) for --bug, else the named model, else RingWorld_fast. */
    String baseCfg(SpecSources sources) {
        List<String> cfgs = sources.cfgs();
        if (bug != null) {
            for (String prefix : List.of("bug_", "bugdeep_")) {
                if (cfgs.contains(prefix + bug + ".cfg")) {
                    return prefix + bug + ".cfg";
                }
            }
            throw new IllegalArgumentException("--bug " + bug + ": no such planted spec bug; the planted bugs are "
                    + Catalogue.of(sources).bugNames());
        }
        String base = baseModel == null ? "RingWorld_fast" : baseModel.replaceFirst("\\.cfg$", "");
        if (!cfgs.contains(base + ".cfg")) {
            throw new IllegalArgumentException("--model " + base + ": no such model in " + sources.dir()
                    + " (`ringworld specs list` shows them)");
        }
        return base + ".cfg";
    }

    /** Builds the model, named {@code name}; every inconsistent choice is an IllegalArgumentException naming it. */
    public Model build(SpecSources sources, String name) {
        String baseFile = baseCfg(sources);
        Cfg cfg = Cfg.parse(sources.read(baseFile), baseFile);
        String module = cfg.module(baseFile);
        if (!cfg.constants.containsKey("NumSwitches") && anySizeOption()) {
            throw new IllegalArgumentException(baseFile + " is a model of " + module + ", which has no switches, servers"
                    + " or faults to size: choose a RingWorld model (--model)");
        }
        applySize(cfg);
        applyFaults(cfg);
        applyProperties(cfg, sources, module);
        // The base model's prose described the base model's size; only its "key: value" headers still hold.
        cfg.comments.removeIf(l -> !l.matches("\\\\\\* (module|expect|replay): .*"));
        cfg.comments.add(0, "\\* Written by `ringworld specs check` from " + baseFile + " with the options asked for;"
                + " TLC alone reruns it (the command is printed).");
        return model(cfg, name, module, baseFile.replaceFirst("\\.cfg$", ""), mode == Tlc.Mode.EXHAUSTIVE ? depth : null, false);
    }

    /**
     * The model of a finished cfg, with the wrapper module MC where one is needed: a depth bound
     * (the state constraint {@code DepthBound}), or a symmetry that leaves the crashing servers
     * alone ({@code SplitSymmetry}, for a part of {@link CrashSplit}).
     */
    static Model model(Cfg cfg, String name, String module, String baseModel, Integer depth, boolean splitSymmetry) {
        java.util.Map<String, String> extra = new java.util.LinkedHashMap<>();
        String root = module;
        if (depth != null || splitSymmetry) {
            root = "MC";
            StringBuilder mc = new StringBuilder("---- MODULE MC ----\n");
            mc.append("\\* Written by `ringworld specs check`.\nEXTENDS ").append(module).append(", TLC\n");
            if (depth != null) {
                mc.append("\\* --depth ").append(depth).append(": states at depth ").append(depth)
                        .append(" are checked, not expanded.\nDepthBound == TLCGet(\"level\") < ").append(depth).append('\n');
                if (!cfg.constraints.contains("DepthBound")) {
                    cfg.constraints.add("DepthBound");
                }
            }
            if (splitSymmetry) {
                mc.append("\\* --split-by-crash: the servers that may crash are not permuted (the others still are).\n")
                        .append("SplitSymmetry == Permutations(RS0 \\ CrashServers) \\cup Permutations(RS1 \\ CrashServers)\n");
                cfg.single.put("SYMMETRY", "SplitSymmetry");
            }
            extra.put("MC", mc.append("====\n").toString());
        }
        String bugName = cfg.constant("Bug") == null ? "none" : cfg.constant("Bug").replace("\"", "");
        return new Model(name, root, cfg.write(), extra, baseModel, bugName, module);
    }

    private boolean anySizeOption() {
        return switches != null || replicaSets != null || views != null || crashes != null || crashSwitches != null
                || crashServers != null || losses != null || restarts != null || trims != null;
    }

    private void applySize(Cfg cfg) {
        int n = switches != null ? positive("--switches", switches) : intOf(cfg, "NumSwitches");
        cfg.constants.put("NumSwitches", Integer.toString(n));
        if (replicaSets != null) {
            if (replicaSets != 1 && replicaSets != 2) {
                throw new IllegalArgumentException("--replica-sets " + replicaSets + ": the spec models 1 or 2 replica sets"
                        + " (RS0 and RS1, 3 servers each; index i lives on set i mod NumRS)");
            }
            cfg.constants.put("NumRS", replicaSets.toString());
            cfg.constants.put("RS0", set(RS0));
            cfg.constants.put("RS1", replicaSets == 2 ? set(RS1) : "{}");
        }
        int p = payloads != null ? atLeast("--payloads", payloads, 0) : setSize(cfg, "Payloads");
        if (payloads != null) {
            cfg.constants.put("Payloads", range(payloads));
        }
        int idx = maxIndex != null ? positive("--max-index", maxIndex)
                : Math.max(p, intOf(cfg, "MaxIdx"));
        if (idx < p) {
            throw new IllegalArgumentException("--max-index " + idx + " is below --payloads " + p
                    + ": every append needs an index (MaxIdx >= Cardinality(Payloads))");
        }
        cfg.constants.put("MaxIdx", Integer.toString(idx));
        if (views != null) {
            cfg.constants.put("MaxView", Integer.toString(atLeast("--views", views, 0)));
        }
        if (reads != null) {
            cfg.constants.put("ReadOps", range(atLeast("--reads", reads, 0)));
        }
        if (getTails != null) {
            cfg.constants.put("TailOps", range(atLeast("--get-tails", getTails, 0)));
        }
        int client = clientSwitch != null ? clientSwitch : intOf(cfg, "ClientSwitch");
        if (client < 0 || client > n) {
            throw new IllegalArgumentException("--client-switch " + client + ": 0 (any switch) or a switch 1.." + n);
        }
        cfg.constants.put("ClientSwitch", Integer.toString(client));
    }

    private void applyFaults(Cfg cfg) {
        int n = intOf(cfg, "NumSwitches");
        List<String> servers = new ArrayList<>(RS0);
        if (intOf(cfg, "NumRS") == 2) {
            servers.addAll(RS1);
        }
        List<Integer> sws = crashSwitches != null ? crashSwitches : intsOf(cfg, "CrashSwitches");
        for (int x : sws) {
            if (x < 1 || x > n) {
                throw new IllegalArgumentException((crashSwitches != null ? "--crash-switches" : "the base model's CrashSwitches")
                        + " names switch " + x + ", outside 1.." + n);
            }
        }
        List<String> srvs = crashServers != null ? crashServers : namesOf(cfg, "CrashServers");
        for (String s : srvs) {
            if (!servers.contains(s)) {
                throw new IllegalArgumentException((crashServers != null ? "--crash-servers" : "the base model's CrashServers")
                        + " names " + s + ", not a server of this model " + servers);
            }
        }
        int crashable = new LinkedHashSet<>(sws).size() + new LinkedHashSet<>(srvs).size();
        int max = crashes != null ? atLeast("--crashes", crashes, 0) : intOf(cfg, "MaxFaults");
        if (crashes != null && crashes > crashable) {
            throw new IllegalArgumentException("--crashes " + crashes + " is above the " + crashable
                    + " nodes that may crash (--crash-switches " + sws + ", --crash-servers " + srvs + ")");
        }
        cfg.constants.put("CrashSwitches", set(sws.stream().map(String::valueOf).toList()));
        cfg.constants.put("CrashServers", set(srvs));
        cfg.constants.put("MaxFaults", Integer.toString(max));
        put(cfg, "AllowRestart", restarts);
        if (losses != null) {
            cfg.constants.put("MaxLoss", Integer.toString(atLeast("--losses", losses, 0)));
        }
        if (trims != null) {
            cfg.constants.put("MaxTrims", Integer.toString(atLeast("--trims", trims, 0)));
        }
        if (vcTrigger != null) {
            if (!VC_TRIGGERS.contains(vcTrigger)) {
                throw new IllegalArgumentException("--vc-trigger " + vcTrigger + ": one of " + VC_TRIGGERS);
            }
            cfg.constants.put("VCTrigger", '"' + vcTrigger + '"');
        }
        put(cfg, "EagerFill", eagerFill);
        applyIssue19(cfg);
    }

    private void applyIssue19(Cfg cfg) {
        if (diskFaults != null) {
            if (diskFaults < 0 || diskFaults > 2) {
                throw new IllegalArgumentException("--disk-faults " + diskFaults + ": 0, 1 or 2 (DiskOne, DiskTwo)");
            }
            cfg.overrides.remove("DiskFaults");
            if (diskFaults > 0) {
                cfg.overrides.put("DiskFaults", diskFaults == 1 ? "DiskOne" : "DiskTwo");
            }
        }
        if (preVote != null) {
            cfg.overrides.remove("PreVote");
            cfg.overrides.remove("Rejoin");
            if (preVote) {
                cfg.overrides.put("PreVote", "On");
                cfg.overrides.put("Rejoin", "On");
            }
        }
        boolean issue19 = cfg.overrides.containsKey("PreVote") || cfg.overrides.containsKey("SealEntriesMax")
                || cfg.overrides.containsKey("CutFaults");
        String spec = cfg.specification();
        if (spec != null && issue19 && spec.equals("Spec")) {
            cfg.single.put("SPECIFICATION", "Spec19");                 // Next19: the pre-vote's actions
        }
    }

    private void applyProperties(Cfg cfg, SpecSources sources, String module) {
        Set<String> defined = Definitions.of(sources).names();
        if (invariants != null) {
            for (String inv : invariants) {
                if (!defined.contains(inv)) {
                    throw new IllegalArgumentException("--invariant " + inv + ": not defined in the spec; the model's"
                            + " invariants are " + cfg.invariants);
                }
            }
            cfg.invariants.clear();
            cfg.invariants.addAll(invariants);
        }
        if (!refinement) {
            cfg.properties.remove("Refinement");
        }
        if (liveness) {
            liveness(cfg, module);
        }
        for (String prop : extraProperties) {
            if (!defined.contains(prop)) {
                throw new IllegalArgumentException("--property " + prop + ": not defined in the spec");
            }
            if (!cfg.properties.contains(prop)) {
                cfg.properties.add(prop);
            }
        }
        if (depth != null) {
            positive("--depth", depth);
            if (!cfg.properties.isEmpty() && mode == Tlc.Mode.EXHAUSTIVE && liveness) {
                throw new IllegalArgumentException("--depth with --liveness: a depth bound cuts behaviours short, and"
                        + " TLC would report every cut as a liveness counterexample; check liveness without --depth");
            }
        }
        if (liveness && mode == Tlc.Mode.SIMULATE) {
            throw new IllegalArgumentException("--liveness with --mode simulate: TLC's random walks cannot show that"
                    + " something eventually happens; use --mode exhaustive");
        }
    }

    /** Liveness: the fair spec, without SYMMETRY and VIEW (TLC's liveness check is unsound with them). */
    private void liveness(Cfg cfg, String module) {
        if (!module.equals("RingWorld")) {
            throw new IllegalArgumentException("--liveness: the fair specs are RingWorld's (LiveSpec, LiveSpec19); "
                    + module + " has its own model (RingWorld_settle_fast)");
        }
        String spec = cfg.specification();
        cfg.single.put("SPECIFICATION", "Spec19".equals(spec) ? "LiveSpec19" : "LiveSpec");
        cfg.single.remove("SYMMETRY");
        cfg.single.remove("VIEW");
        cfg.properties.remove("Refinement");
        boolean faults = intOf(cfg, "MaxFaults") > 0;
        List<String> props = faults ? List.of("ViewChangeCompletes", "AppendsCommitAgain")
                : setSize(cfg, "TailOps") > 0 ? List.of("AppendsCommit", "TailsReturn") : List.of("AppendsCommit");
        for (String p : props) {
            if (!cfg.properties.contains(p)) {
                cfg.properties.add(p);
            }
        }
    }

    private static void put(Cfg cfg, String constant, Boolean v) {
        if (v != null) {
            cfg.constants.put(constant, v ? "TRUE" : "FALSE");
        }
    }

    private static int positive(String option, int v) {
        return atLeast(option, v, 1);
    }

    private static int atLeast(String option, int v, int min) {
        if (v < min) {
            throw new IllegalArgumentException(option + " " + v + ": must be at least " + min);
        }
        return v;
    }

    static int intOf(Cfg cfg, String constant) {
        String v = cfg.constant(constant);
        if (v == null) {
            throw new IllegalArgumentException("the base model sets no " + constant);
        }
        return Integer.parseInt(v.strip());
    }

    static List<String> namesOf(Cfg cfg, String constant) {
        String v = cfg.constant(constant);
        if (v == null) {
            throw new IllegalArgumentException("the base model sets no " + constant);
        }
        String inner = v.strip().replaceAll("^\\{|}$", "").strip();
        return inner.isEmpty() ? List.of() : List.of(inner.split("\\s*,\\s*"));
    }

    static List<Integer> intsOf(Cfg cfg, String constant) {
        return namesOf(cfg, constant).stream().map(Integer::parseInt).toList();
    }

    static int setSize(Cfg cfg, String constant) {
        return namesOf(cfg, constant).size();
    }

    static String set(List<String> items) {
        return "{" + String.join(", ", new TreeSet<>(items).stream().toList()) + "}";
    }

    static String range(int k) {
        List<String> items = new ArrayList<>();
        for (int i = 1; i <= k; i++) {
            items.add(Integer.toString(i));
        }
        return "{" + String.join(", ", items) + "}";
    }
}
