package io.ringworld.specs.tool;

import java.util.ArrayList;
import java.util.List;

/**
 * The models of specs/tla and what each is for, from their file names and header comments: the
 * fast models every build checks, the deep ones, the planted spec bugs (with the violation each
 * must end in), and the models the conformance tests use.
 */
public final class Catalogue {
    /** One model config. {@code expect} is the violation a planted bug must end in, else null. */
    public record Entry(String cfg, String kind, String module, String bug, String expect, String description) {
    }

    private final List<Entry> entries;

    private Catalogue(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static Catalogue of(SpecSources sources) {
        List<Entry> out = new ArrayList<>();
        for (String file : sources.cfgs()) {
            Cfg cfg = Cfg.parse(sources.read(file), file);
            String name = file.replaceFirst("\\.cfg$", "");
            String module = cfg.module(file);
            String bug = cfg.constant("Bug") == null ? null : cfg.constant("Bug").replace("\"", "");
            out.add(new Entry(name, kind(name), module, "none".equals(bug) ? null : bug, cfg.header("expect"),
                    cfg.description()));
        }
        return new Catalogue(out);
    }

    static String kind(String name) {
        if (name.startsWith("bugdeep_")) {
            return "planted bug (deep)";
        } else if (name.startsWith("bug_")) {
            return "planted bug";
        } else if (name.endsWith("_fast")) {
            return "fast (every build)";
        } else if (name.endsWith("_deep")) {
            return "deep (-Pdeep-specs)";
        } else if (name.contains("_replay") || name.endsWith("_graph")) {
            return "spec-to-kernel replay";
        } else if (name.equals("Trace")) {
            return "trace validation";
        }
        return "other";
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The planted spec bugs' names (the constant Bug of their models). */
    public List<String> bugNames() {
        return entries.stream().filter(e -> e.bug() != null && e.kind().startsWith("planted")).map(Entry::bug).toList();
    }

    public Entry entry(String cfg) {
        return entries.stream().filter(e -> e.cfg().equals(cfg)).findFirst().orElse(null);
    }
}
