package io.ringworld.p4.rules;

import io.ringworld.p4.lang.Ast.*;
import io.ringworld.p4.lang.CheckedProgram;
import io.ringworld.p4.lang.CheckedProgram.RegisterInfo;
import io.ringworld.p4.lang.P4RejectedException;
import io.ringworld.p4.lang.Types.BitT;
import io.ringworld.p4.lang.Types.Type;
import java.util.List;

/** Rule 2: register cells of at most 32 bits, and {@code +}/{@code -} on at most 32 bits (a 32-bit ALU). */
final class WidthRule {
  static final int ALU_BITS = 32;

  private WidthRule() {}

  static void check(CheckedProgram prog, List<RuleViolation> out) {
    for (RegisterInfo r : prog.registers().values()) {
      if (r.cellWidthBits() > ALU_BITS) {
        out.add(new RuleViolation("cell-width", declLine(prog.program().decls(), r.name()), "register " + r.name()
            + " has " + r.cellWidthBits() + "-bit cells; a stateful ALU holds at most " + ALU_BITS + " bits"));
      }
    }
    AstWalk.decls(prog.program().decls(), e -> {
      if (e instanceof BinaryE b && (b.op().equals("+") || b.op().equals("-"))) {
        int w = widthOf(prog, b);
        if (w > ALU_BITS) {
          out.add(new RuleViolation("alu-width", b.pos().line(), "'" + b.op() + "' on bit<" + w + "> in "
              + ExprText.of(b) + "; a switch ALU adds at most " + ALU_BITS + " bits"));
        }
      }
    });
  }

  private static int widthOf(CheckedProgram prog, Expr e) {
    try {
      Type t = prog.typeOf(e);
      return t instanceof BitT b ? b.widthBits() : 0;
    } catch (P4RejectedException notChecked) {
      return 0;
    }
  }

  /** The line of register instance {@code qualified} ({@code Control.name} or a top-level name). */
  static int declLine(List<Decl> decls, String qualified) {
    int dot = qualified.indexOf('.');
    for (Decl d : decls) {
      if (dot < 0 && d instanceof InstanceD i && i.name().equals(qualified)) {
        return i.pos().line();
      }
      if (dot >= 0 && d instanceof ControlD c && c.name().equals(qualified.substring(0, dot))) {
        return declLine(c.locals(), qualified.substring(dot + 1));
      }
    }
    return 0;
  }
}
