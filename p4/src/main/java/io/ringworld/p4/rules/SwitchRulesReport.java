package io.ringworld.p4.rules;

import java.util.List;

/**
 * The violations (sorted by line) and, per pass through a control (ingress, egress), the figures:
 * a lower bound on the pipeline stages, the most tables applied on one path and the number of
 * recirculation sites.
 */
public record SwitchRulesReport(List<RuleViolation> violations, List<PassFigures> passes) {
  /** The figures of one pass; criticalPath names the nodes of one longest dependency chain. */
  public record PassFigures(String control, int stagesLowerBound, int tablesOnLongestPath,
      int recirculationSites, List<String> criticalPath) {}

  public SwitchRulesReport {
    violations = List.copyOf(violations);
    passes = List.copyOf(passes);
  }

  /** The sum of the passes' lower bounds (ingress + egress). */
  public int totalStagesLowerBound() {
    return passes.stream().mapToInt(PassFigures::stagesLowerBound).sum();
  }

  public PassFigures pass(String control) {
    return passes.stream().filter(p -> p.control().equals(control)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no pass " + control));
  }

  /** The report as printed by {@link SwitchRules#main}. */
  public String render() {
    StringBuilder b = new StringBuilder();
    b.append(violations.size()).append(violations.size() == 1 ? " violation" : " violations").append('\n');
    for (RuleViolation v : violations) {
      b.append("  ").append(v).append('\n');
    }
    for (PassFigures p : passes) {
      b.append(p.control()).append(": stages >= ").append(p.stagesLowerBound())
          .append(", tables on the longest path ").append(p.tablesOnLongestPath())
          .append(", recirculation sites ").append(p.recirculationSites());
      if (!p.criticalPath().isEmpty()) {
        b.append(", chain ").append(String.join(" -> ", p.criticalPath()));
      }
      b.append('\n');
    }
    b.append("total stages >= ").append(totalStagesLowerBound()).append(" (ingress + egress)\n");
    return b.toString();
  }
}
