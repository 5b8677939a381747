package io.ringworld.p4.rules;

import io.ringworld.p4.lang.Ast.*;
import java.util.List;
import java.util.function.Predicate;

/**
 * Rule 3: no multiplication, division or modulo, and no shift by a run-time value (a switch ALU
 * has neither). The front end rejects all of these today (the parser at {@code * / %}, the type
 * checker at a non-constant shift amount), so on a checked program this rule finds nothing; it
 * works on the bare syntax tree so that relaxing the front end cannot let them through.
 */
final class ArithmeticRule {
  private ArithmeticRule() {}

  /** isConstant says whether a shift amount is a compile-time constant. */
  static void check(List<Decl> decls, Predicate<Expr> isConstant, List<RuleViolation> out) {
    AstWalk.decls(decls, e -> {
      if (!(e instanceof BinaryE b)) {
        return;
      }
      switch (b.op()) {
        case "*", "/", "%" -> out.add(new RuleViolation("no-mul-div-mod", b.pos().line(),
            "operator '" + b.op() + "' in " + ExprText.of(b) + ": a switch ALU cannot multiply, divide or take a modulo"));
        case "<<", ">>" -> {
          if (!isConstant.test(b.right())) {
            out.add(new RuleViolation("no-data-shift", b.pos().line(), "shift by a run-time value in "
                + ExprText.of(b) + ": a switch ALU shifts by constants only"));
          }
        }
        default -> { }
      }
    });
  }

  /** Constants without checker facts: literals and casts of literals. */
  static boolean literal(Expr e) {
    return e instanceof IntLit || (e instanceof CastE c && literal(c.operand()));
  }
}
