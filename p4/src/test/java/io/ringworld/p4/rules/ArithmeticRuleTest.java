package io.ringworld.p4.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.p4.lang.Ast.*;
import io.ringworld.p4.lang.CheckedProgram;
import io.ringworld.p4.lang.P4RejectedException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rule 3 on syntax trees built by hand: the front end rejects {@code * / %} while parsing and a
 * shift by a non-constant while type checking, and has no flag to relax either, so a checked
 * program can never contain them. The rule works on the bare tree and is tested on one.
 */
class ArithmeticRuleTest {
  static Pos at(int line) {
    return new Pos(line, 1);
  }

  static Stmt assign(int line, Expr value) {
    return new AssignS(new PathE("x", at(line)), value, at(line));
  }

  static Expr bin(String op, Expr l, Expr r, int line) {
    return new BinaryE(op, l, r, at(line));
  }

  static List<RuleViolation> check(Stmt... body) {
    ActionD a = new ActionD("a", List.of(), new BlockS(List.of(body), at(1)), at(1));
    ControlD c = new ControlD("I", List.of(), List.of(a), new BlockS(List.of(body), at(1)), at(1));
    List<RuleViolation> out = new ArrayList<>();
    ArithmeticRule.check(List.of(c), ArithmeticRule::literal, out);
    return out;
  }

  @Test
  void multiplicationDivisionAndModuloAreFlaggedInActionsAndApplyBlocks() {
    PathE x = new PathE("x", at(3));
    List<RuleViolation> v = check(assign(3, bin("*", x, new IntLit(2, 8, at(3)), 3)),
        assign(4, bin("/", x, x, 4)), assign(5, new CastE(new BitRef(8, at(5)), bin("%", x, x, 5), at(5))));
    assertEquals(6, v.size(), v.toString());
    assertEquals(List.of(3, 4, 5, 3, 4, 5), v.stream().map(RuleViolation::line).toList());
    assertTrue(v.stream().allMatch(r -> r.rule().equals("no-mul-div-mod")));
    assertTrue(v.get(0).message().contains("operator '*' in (x * 8w2)"), v.get(0).message());
  }

  @Test
  void shiftsByDataAreFlaggedAndShiftsByConstantsAreNot() {
    PathE x = new PathE("x", at(7));
    List<RuleViolation> v = check(assign(7, bin("<<", x, new PathE("k", at(7)), 7)),
        assign(8, bin(">>", x, new CastE(new BitRef(8, at(8)), new IntLit(3, -1, at(8)), at(8)), 8)),
        assign(9, bin(">>", x, new IntLit(1, -1, at(9)), 9)));
    assertEquals(2, v.size(), v.toString());
    assertEquals("no-data-shift", v.get(0).rule());
    assertEquals(7, v.get(0).line());
    assertTrue(v.get(0).message().contains("(x << k)"), v.get(0).message());
  }

  @Test
  void theFrontEndStillRejectsThemSoCheckedProgramsAreClean() {
    String src = SwitchRulesTest.TEMPLATE.replace("//PARSER", SwitchRulesTest.SIMPLE_PARSER).replace("//DECLS", "");
    assertThrows(P4RejectedException.class, () -> CheckedProgram.compile(src.replace("//APPLY", "meta.x = meta.y * 2;")));
    assertThrows(P4RejectedException.class,
        () -> CheckedProgram.compile(src.replace("//APPLY", "meta.x = meta.y << meta.z;")));
    SwitchRulesReport r = SwitchRules.check(CheckedProgram.compile(src.replace("//APPLY", "meta.x = meta.y << 2;")));
    assertEquals(List.of(), r.violations(), r.render());
  }
}
