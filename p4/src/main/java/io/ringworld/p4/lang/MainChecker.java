package io.ringworld.p4.lang;

import io.ringworld.p4.lang.Ast.*;
import io.ringworld.p4.lang.Types.*;
import java.util.List;

/**
 * Checks {@code V1Switch(parser, verifyChecksum, ingress, egress, computeChecksum, deparser) main;}:
 * each argument names a declared block whose parameters have v1model's shape, with one headers
 * struct and one metadata struct throughout.
 */
final class MainChecker {
  private static final String[] ROLES = {
    "parser", "verify checksum", "ingress", "egress", "compute checksum", "deparser"
  };
  private final CheckedProgram out;

  MainChecker(CheckedProgram out) {
    this.out = out;
  }

  void check(InstanceD main) {
    if (!main.name().equals("main")) {
      throw main.pos().reject("the V1Switch instance must be named main");
    }
    if (out.parser != null) {
      throw main.pos().reject("a second V1Switch main");
    }
    if (main.args().size() != 6) {
      throw main.pos().reject("V1Switch takes 6 blocks, found " + main.args().size());
    }
    String[] names = new String[6];
    for (int k = 0; k < 6; k++) {
      Expr a = main.args().get(k);
      if (!(a instanceof CallE c && c.target() instanceof PathE p && c.args().isEmpty())) {
        throw a.pos().reject("V1Switch argument " + (k + 1) + " must be Block()");
      }
      names[k] = p.name();
    }
    ParserD parser = out.parsers.get(names[0]);
    if (parser == null) {
      throw main.args().get(0).pos().reject("'" + names[0] + "' is not a declared parser");
    }
    shape(parser.params(), List.of("packet_in", "out H", "inout M", "inout std"), parser.pos(), ROLES[0]);
    out.parser = parser;
    out.headersType = struct(parser.params().get(1), parser.pos());
    out.metadataType = struct(parser.params().get(2), parser.pos());
    out.verifyChecksum = control(names[1], main.args().get(1), List.of("inout H", "inout M"), ROLES[1]);
    out.ingress = control(names[2], main.args().get(2), List.of("inout H", "inout M", "inout std"), ROLES[2]);
    out.egress = control(names[3], main.args().get(3), List.of("inout H", "inout M", "inout std"), ROLES[3]);
    out.computeChecksum = control(names[4], main.args().get(4), List.of("inout H", "inout M"), ROLES[4]);
    out.deparser = control(names[5], main.args().get(5), List.of("packet_out", "in H"), ROLES[5]);
  }

  private ControlD control(String name, Expr arg, List<String> shape, String role) {
    ControlD c = out.controls.get(name);
    if (c == null) {
      throw arg.pos().reject("'" + name + "' is not a declared control");
    }
    shape(c.params(), shape, c.pos(), role);
    return c;
  }

  private StructT struct(Param p, Pos pos) {
    Type t = Checker.resolveType(p.type(), out, null);
    if (!(t instanceof StructT st)) {
      throw pos.reject("parameter '" + p.name() + "' must be a struct, not " + t);
    }
    return st;
  }

  private void shape(List<Param> params, List<String> want, Pos pos, String role) {
    if (params.size() != want.size()) {
      throw pos.reject("the " + role + " block must have " + want.size() + " parameters " + want);
    }
    for (int k = 0; k < want.size(); k++) {
      Param p = params.get(k);
      String[] w = want.get(k).split(" ");
      String dir = w.length == 2 ? w[0] : "";
      String type = w[w.length - 1];
      Type t = Checker.resolveType(p.type(), out, null);
      boolean ok = p.direction().equals(dir) && switch (type) {
        case "packet_in", "packet_out" -> t instanceof ExternT e && e.kind().equals(type);
        case "std" -> t.equals(Checker.STANDARD_METADATA);
        case "H" -> out.headersType == null ? t instanceof StructT : t.equals(out.headersType);
        default -> out.metadataType == null ? t instanceof StructT : t.equals(out.metadataType);
      };
      if (!ok) {
        throw p.pos().reject("the " + role + " block's parameter " + (k + 1) + " must be '" + want.get(k)
            + "' (v1model), found " + (p.direction() + " " + t).trim());
      }
    }
  }
}
