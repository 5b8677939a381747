package io.ringworld.specs.tool;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TLC model config as our models write them: header comments ({@code \* key: value} lines
 * among them), {@code CONSTANTS} with values ({@code X = v}) and overridden definitions
 * ({@code X <- Y}), the behaviour spec, constraints, view, symmetry, invariants, properties and
 * {@code CHECK_DEADLOCK}. Parsed, changed and written back; anything else is refused by name.
 */
public final class Cfg {
    private static final List<String> SINGLE = List.of("SPECIFICATION", "INIT", "NEXT", "VIEW", "SYMMETRY", "CHECK_DEADLOCK");
    final List<String> comments = new ArrayList<>();
    final Map<String, String> constants = new LinkedHashMap<>();
    final Map<String, String> overrides = new LinkedHashMap<>();
    final Map<String, String> single = new LinkedHashMap<>();
    final List<String> constraints = new ArrayList<>();
    final List<String> invariants = new ArrayList<>();
    final List<String> properties = new ArrayList<>();

    private Cfg() {
    }

    /** Parses {@code text}; {@code name} names it in errors. */
    public static Cfg parse(String text, String name) {
        Cfg c = new Cfg();
        List<String> block = null;
        boolean inConstants = false;
        int lineNo = 0;
        for (String raw : withoutBlockComments(text).split("\n", -1)) {
            lineNo++;
            String line = raw.strip().startsWith("\\*") ? raw : raw.replaceFirst("\\\\\\*.*$", "");
            String t = line.strip();
            if (t.isEmpty()) {
                continue;
            }
            if (t.startsWith("\\*")) {
                c.comments.add(t);
                continue;
            }
            boolean indented = Character.isWhitespace(line.charAt(0));
            if (indented && inConstants) {
                c.constant(t, name, lineNo);
                continue;
            }
            if (indented && block != null) {
                block.add(t);
                continue;
            }
            String[] kw = t.split("\\s+", 2);
            inConstants = kw[0].equals("CONSTANTS") || kw[0].equals("CONSTANT");
            block = switch (kw[0]) {
                case "INVARIANTS", "INVARIANT" -> c.invariants;
                case "PROPERTIES", "PROPERTY" -> c.properties;
                case "CONSTRAINTS", "CONSTRAINT" -> c.constraints;
                default -> null;
            };
            if (inConstants && kw.length > 1) {
                c.constant(kw[1], name, lineNo);
            } else if (block != null && kw.length > 1) {
                block.add(kw[1].strip());
            } else if (SINGLE.contains(kw[0]) && kw.length > 1) {
                c.single.put(kw[0], kw[1].strip());
            } else if (!inConstants && block == null) {
                throw new IllegalArgumentException(name + " line " + lineNo + ": unknown or incomplete cfg statement '" + t + "'");
            }
        }
        return c;
    }

    /** The text with each (* ... *) comment blanked, its line breaks kept (errors name the right line). */
    private static String withoutBlockComments(String text) {
        StringBuilder b = new StringBuilder(text);
        for (int from = b.indexOf("(*"); from >= 0; from = b.indexOf("(*", from)) {
            int to = b.indexOf("*)", from + 2);
            int end = to < 0 ? b.length() : to + 2;
            for (int k = from; k < end; k++) {
                if (b.charAt(k) != '\n') {
                    b.setCharAt(k, ' ');
                }
            }
            from = end;
        }
        return b.toString();
    }

    private void constant(String t, String name, int lineNo) {
        int arrow = t.indexOf("<-");
        int eq = t.indexOf('=');
        if (arrow > 0) {
            overrides.put(t.substring(0, arrow).strip(), t.substring(arrow + 2).strip());
        } else if (eq > 0) {
            constants.put(t.substring(0, eq).strip(), t.substring(eq + 1).strip());
        } else {
            throw new IllegalArgumentException(name + " line " + lineNo + ": a constant needs '= value' or '<- definition': '" + t + "'");
        }
    }

    /** The config text, in the order our models write it. */
    public String write() {
        StringBuilder b = new StringBuilder();
        comments.forEach(l -> b.append(l).append('\n'));
        if (!constants.isEmpty() || !overrides.isEmpty()) {
            b.append("CONSTANTS\n");
            constants.forEach((k, v) -> b.append("    ").append(k).append(" = ").append(v).append('\n'));
            overrides.forEach((k, v) -> b.append("    ").append(k).append(" <- ").append(v).append('\n'));
        }
        for (String kw : List.of("SPECIFICATION", "INIT", "NEXT")) {
            line(b, kw);
        }
        block(b, "CONSTRAINTS", constraints);
        line(b, "VIEW");
        line(b, "SYMMETRY");
        block(b, "INVARIANTS", invariants);
        block(b, "PROPERTIES", properties);
        line(b, "CHECK_DEADLOCK");
        return b.toString();
    }

    private void line(StringBuilder b, String kw) {
        if (single.containsKey(kw)) {
            b.append(kw).append(' ').append(single.get(kw)).append('\n');
        }
    }

    private static void block(StringBuilder b, String kw, List<String> items) {
        if (!items.isEmpty()) {
            b.append(kw).append('\n');
            items.forEach(i -> b.append("    ").append(i).append('\n'));
        }
    }

    /** The value of a "\* key: value" header line, or null. */
    public String header(String key) {
        Pattern p = Pattern.compile("^\\\\\\* " + Pattern.quote(key) + ":\\s*(\\S+)");
        for (String l : comments) {
            Matcher m = p.matcher(l);
            if (m.find()) {
                return m.group(1);
            }
        }
        return null;
    }

    /** The header comment's prose: its lines without the "\* key: value" ones, joined. */
    public String description() {
        StringBuilder b = new StringBuilder();
        for (String l : comments) {
            String t = l.substring(2).strip();
            if (!t.matches("[a-z]+:.*")) {
                b.append(b.length() == 0 ? "" : " ").append(t);
            }
        }
        return b.toString();
    }

    /**
     * The module a config file checks: its "\\* module: X" header, else the file name's prefix
     * before '_' (planted bugs' models check RingWorld; Trace.cfg checks RingWorldTrace).
     */
    public String module(String fileName) {
        String name = fileName.replaceFirst("\\.cfg$", "");
        if (header("module") != null) {
            return header("module");
        } else if (name.equals("Trace")) {
            return "RingWorldTrace";
        } else if (name.startsWith("bug")) {
            return "RingWorld";
        }
        return name.substring(0, name.indexOf('_'));
    }

    public String constant(String name) {
        return constants.get(name);
    }

    public Map<String, String> constants() {
        return java.util.Collections.unmodifiableMap(constants);
    }

    public Map<String, String> overrides() {
        return java.util.Collections.unmodifiableMap(overrides);
    }

    public String specification() {
        return single.get("SPECIFICATION");
    }

    public List<String> invariants() {
        return List.copyOf(invariants);
    }

    public List<String> properties() {
        return List.copyOf(properties);
    }

    public List<String> constraints() {
        return List.copyOf(constraints);
    }

    public String single(String keyword) {
        return single.get(keyword);
    }
}
