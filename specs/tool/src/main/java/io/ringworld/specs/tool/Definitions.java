package io.ringworld.specs.tool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The operators the spec modules define at the left margin ({@code Name ==} or
 * {@code Name(args) ==}), each with the {@code \*} comment written just above it: how a
 * violation names its invariant in the spec's own words (the names are those of
 * docs/protocol-names.md).
 */
public final class Definitions {
    private static final Pattern DEF = Pattern.compile("^([A-Za-z][A-Za-z0-9_]*)\\s*(\\([^)]*\\))?\\s*==");
    private final Map<String, String> comments;

    private Definitions(Map<String, String> comments) {
        this.comments = comments;
    }

    public static Definitions of(SpecSources sources) {
        Map<String, String> found = new TreeMap<>();
        try (Stream<Path> files = Files.list(sources.dir())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".tla")).sorted().toList()) {
                read(Files.readAllLines(f), found);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Definitions(found);
    }

    private static void read(List<String> lines, Map<String, String> found) {
        for (int k = 0; k < lines.size(); k++) {
            Matcher m = DEF.matcher(lines.get(k));
            if (!m.find()) {
                continue;
            }
            List<String> above = new ArrayList<>();
            for (int j = k - 1; j >= 0 && lines.get(j).startsWith("\\*"); j--) {
                above.add(0, lines.get(j).substring(2).strip());
            }
            found.putIfAbsent(m.group(1), String.join(" ", above));
        }
    }

    public Set<String> names() {
        return comments.keySet();
    }

    /** The comment above the definition, or "" if it has none (or is not defined). */
    public String comment(String name) {
        return comments.getOrDefault(name, "");
    }
}
