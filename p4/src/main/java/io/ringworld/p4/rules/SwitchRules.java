package io.ringworld.p4.rules;

import io.ringworld.p4.lang.Ast.CastE;
import io.ringworld.p4.lang.Ast.ControlD;
import io.ringworld.p4.lang.Ast.Expr;
import io.ringworld.p4.lang.CheckedProgram;
import io.ringworld.p4.lang.P4RejectedException;
import io.ringworld.p4.rules.SwitchRulesReport.PassFigures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Checks a program that passed the front end against the rules of a Tofino-like switch pipeline
 * (see p4/README.md, "Switch-rules checker"): necessary conditions and a lower bound on stages,
 * not a compiler. {@link #main} prints the report of each file given.
 */
public final class SwitchRules {
  private SwitchRules() {}

  /** The report of a checked program. */
  public static SwitchRulesReport check(CheckedProgram prog) {
    List<RuleViolation> violations = new ArrayList<>();
    List<PassFigures> passes = new ArrayList<>();
    WidthRule.check(prog, violations);
    ArithmeticRule.check(prog.program().decls(), e -> isConstant(prog, e), violations);
    ParserLoopRule.check(prog, prog.parser(), violations);
    for (ControlD c : List.of(prog.ingress(), prog.egress())) {
      Cfg cfg = CfgBuilder.build(prog, c);
      RegisterRule.check(cfg, c.name(), violations);
      passes.add(StageEstimate.estimate(cfg, c.name()));
    }
    violations.sort(Comparator.comparingInt(RuleViolation::line).thenComparing(RuleViolation::rule));
    return new SwitchRulesReport(violations, passes);
  }

  /** Compiles the file with the front end, checks it, and prints the report to stdout. */
  public static SwitchRulesReport check(Path file) throws IOException {
    SwitchRulesReport r = check(CheckedProgram.compile(Files.readString(file)));
    System.out.print(file + ": " + r.render());
    return r;
  }

  /** Exit status 0 without violations, 1 with violations, 2 when the front end rejects a file. */
  public static void main(String[] args) throws IOException {
    int status = 0;
    for (String a : args) {
      try {
        status = Math.max(status, check(Path.of(a)).violations().isEmpty() ? 0 : 1);
      } catch (P4RejectedException e) {
        System.out.println(a + ": rejected by the front end: " + e.getMessage());
        status = 2;
      }
    }
    System.exit(status);
  }

  private static boolean isConstant(CheckedProgram prog, Expr e) {
    return ArithmeticRule.literal(e) || prog.constantOf(e) != null
        || (e instanceof CastE c && isConstant(prog, c.operand()));
  }
}
