package io.ringworld.p4.rules;

import io.ringworld.p4.rules.Cfg.Vertex;
import io.ringworld.p4.rules.Effects.RegAccess;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rule 1, per pass: a register is one stateful ALU operation at one place. Within one site (an
 * action, or a plain statement of the apply block) its accesses must be one read, one write, or a
 * read then a write at the same index expression (one read-modify-write); all the pass's accesses
 * must come from one site; and no path may run that site twice.
 */
final class RegisterRule {
  private RegisterRule() {}

  static void check(Cfg cfg, String control, List<RuleViolation> out) {
    Map<String, Map<String, List<Vertex>>> sites = new LinkedHashMap<>();
    Set<String> checkedSites = new LinkedHashSet<>();
    for (Vertex v : cfg.vertices) {
      Map<String, List<RegAccess>> byReg = new LinkedHashMap<>();
      v.effects.registers.forEach(a -> byReg.computeIfAbsent(a.register(), k -> new ArrayList<>()).add(a));
      byReg.forEach((reg, accesses) -> {
        if (checkedSites.add(reg + "|" + v.site)) {
          withinSite(reg, v.site, accesses, out);
        }
        sites.computeIfAbsent(reg, k -> new LinkedHashMap<>()).computeIfAbsent(v.site, k -> new ArrayList<>()).add(v);
      });
    }
    sites.forEach((reg, bySite) -> acrossSites(cfg, control, reg, bySite, out));
  }

  private static void withinSite(String reg, String site, List<RegAccess> accesses, List<RuleViolation> out) {
    if (accesses.size() == 1) {
      return;
    }
    RegAccess first = accesses.get(0);
    RegAccess second = accesses.get(1);
    String where = " in " + site + " (lines " + first.line() + " and " + second.line() + ")";
    if (accesses.size() > 2 || first.write() || !second.write()) {
      out.add(new RuleViolation("register-rmw", first.line(), "register " + reg + " is accessed "
          + describe(accesses) + where + ": one atomic operation allows one read, then one write"));
    } else if (!first.index().equals(second.index())) {
      out.add(new RuleViolation("register-rmw", first.line(), "register " + reg + " is read at index "
          + first.index() + " and written at index " + second.index() + where
          + ": a read-modify-write uses one index"));
    }
  }

  private static String describe(List<RegAccess> accesses) {
    List<String> kinds = new ArrayList<>();
    accesses.forEach(a -> kinds.add(a.write() ? "write" : "read"));
    return String.join(", ", kinds);
  }

  private static void acrossSites(Cfg cfg, String control, String reg, Map<String, List<Vertex>> bySite,
      List<RuleViolation> out) {
    List<String> names = new ArrayList<>(bySite.keySet());
    for (int k = 1; k < names.size(); k++) {
      List<Vertex> a = bySite.get(names.get(0));
      List<Vertex> b = bySite.get(names.get(k));
      boolean onePath = a.stream().anyMatch(x -> b.stream().anyMatch(y -> cfg.reaches(x, y) || cfg.reaches(y, x)));
      int la = firstLine(a, reg);
      int lb = firstLine(b, reg);
      out.add(new RuleViolation(onePath ? "register-once-per-path" : "register-one-site", Math.min(la, lb),
          "register " + reg + " is accessed from two sites in " + control + ": " + names.get(0) + " (line " + la
          + ") and " + names.get(k) + " (line " + lb + ")"
          + (onePath ? ", both on one path" : "") + "; a stateful ALU runs one register action per pass"));
    }
    for (String site : names) {
      List<Vertex> vs = bySite.get(site);
      for (Vertex x : vs) {
        for (Vertex y : vs) {
          if (cfg.reaches(x, y)) {
            out.add(new RuleViolation("register-once-per-path", firstLine(vs, reg), "register " + reg + " is accessed"
                + " twice on one path in " + control + ": " + site + " (line " + firstLine(vs, reg) + ") runs at "
                + where(x) + " and again at " + where(y)));
          }
        }
      }
    }
  }

  private static String where(Vertex v) {
    return v.table != null ? "table " + v.table : "line " + v.line;
  }

  private static int firstLine(List<Vertex> vs, String reg) {
    return vs.get(0).effects.registers.stream().filter(a -> a.register().equals(reg))
        .mapToInt(RegAccess::line).min().orElse(vs.get(0).line);
  }
}
