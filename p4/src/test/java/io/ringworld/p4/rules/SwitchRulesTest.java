package io.ringworld.p4.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.p4.lang.CheckedProgram;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The switch rules on the P4xos-style programs and on small programs written for one rule each. */
class SwitchRulesTest {
  static final String TEMPLATE = String.join("\n",
      "#include <core.p4>",
      "#include <v1model.p4>",
      "header h_t { bit<8> a; bit<8> b; bit<8> c; bit<64> w; }",
      "header s_t { bit<8> v; }",
      "struct m_t { bit<8> x; bit<8> y; bit<8> z; bit<64> big; }",
      "struct hs_t { h_t h; s_t[4] st; }",
      "parser P(packet_in pk, out hs_t hdr, inout m_t meta, inout standard_metadata_t sm) {",
      "//PARSER",
      "}",
      "control C(inout hs_t hdr, inout m_t meta) { apply { } }",
      "control I(inout hs_t hdr, inout m_t meta, inout standard_metadata_t sm) {",
      "  action set_x() { meta.x = 1; }",
      "  action set_y() { meta.y = 1; }",
      "  action set_z() { meta.z = 1; }",
      "//DECLS",
      "  apply {",
      "//APPLY",
      "  }",
      "}",
      "control E(inout hs_t hdr, inout m_t meta, inout standard_metadata_t sm) { apply { } }",
      "control D(packet_out pk, in hs_t hdr) { apply { pk.emit(hdr); } }",
      "V1Switch(P(), C(), I(), E(), C(), D()) main;",
      "");
  static final String SIMPLE_PARSER = "  state start { pk.extract(hdr.h); transition accept; }";

  static SwitchRulesReport program(String parser, String decls, String apply) {
    String src = TEMPLATE.replace("//PARSER", parser).replace("//DECLS", decls).replace("//APPLY", apply);
    return SwitchRules.check(CheckedProgram.compile(src));
  }

  static SwitchRulesReport control(String decls, String apply) {
    return program(SIMPLE_PARSER, decls, apply);
  }

  static String resource(String name) {
    try (InputStream in = SwitchRulesTest.class.getResourceAsStream("/p4/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** The 1-based line of the first line of {@code src} containing {@code text}. */
  static int lineOf(String src, String text) {
    List<String> lines = Arrays.asList(src.split("\n", -1));
    for (int k = 0; k < lines.size(); k++) {
      if (lines.get(k).contains(text)) {
        return k + 1;
      }
    }
    throw new AssertionError("no line with " + text);
  }

  static SwitchRulesReport file(String name) {
    return SwitchRules.check(CheckedProgram.compile(resource(name)));
  }

  static void assertOnly(SwitchRulesReport r, String rule, String... fragments) {
    assertEquals(1, r.violations().size(), r.render());
    RuleViolation v = r.violations().get(0);
    assertEquals(rule, v.rule(), r.render());
    for (String f : fragments) {
      assertTrue(v.message().contains(f), "'" + f + "' missing in: " + v);
    }
  }

  @Test
  void p4xosReadInOneActionWriteInAnotherIsFlaggedWithBothLines() {
    String src = resource("rules/p4xos_bad_two_actions.p4");
    SwitchRulesReport r = file("rules/p4xos_bad_two_actions.p4");
    int read = lineOf(src, "rounds.read(");
    int write = lineOf(src, "rounds.write(");
    assertOnly(r, "register-one-site", "register I.rounds", "action I.handle_1a (line " + read + ")",
        "action I.handle_2a (line " + write + ")");
    assertEquals(read, r.violations().get(0).line());
  }

  @Test
  void p4xosTwoAccessesOnOnePathAreFlaggedWithBothLines() {
    String src = resource("rules/p4xos_bad_one_path.p4");
    SwitchRulesReport r = file("rules/p4xos_bad_one_path.p4");
    assertOnly(r, "register-once-per-path", "register I.rounds", "both on one path",
        "action I.read_round (line " + lineOf(src, "rounds.read(") + ")",
        "action I.accept_2a (line " + lineOf(src, "rounds.write(") + ")");
    // round_tbl writes meta.round (the register's output), which the if guarding acceptor_tbl reads.
    assertEquals(2, r.pass("I").stagesLowerBound(), r.render());
    assertEquals(List.of("table I.round_tbl", "table I.acceptor_tbl"), r.pass("I").criticalPath());
  }

  @Test
  void p4xosAtomicPerSlotAckCounterHasNoViolations() {
    SwitchRulesReport r = file("rules/p4xos_good.p4");
    assertEquals(List.of(), r.violations(), r.render());
    assertEquals(1, r.pass("I").stagesLowerBound());
    assertEquals(1, r.pass("E").stagesLowerBound());
    assertEquals(2, r.totalStagesLowerBound());
    assertTrue(r.render().startsWith("0 violations\n"), r.render());
  }

  @Test
  void readModifyWriteAtTwoIndicesOrInTheWrongOrderIsFlagged() {
    String decls = "  register<bit<8>>(16) r;\n  action rmw() { r.read(meta.x, 1); r.write(2, meta.x + 1); }\n"
        + "  action wr() { r.write(1, 0); r.read(meta.y, 1); }\n";
    assertOnly(control(decls, "rmw();"), "register-rmw", "read at index 1 and written at index 2", "lines 16 and 16");
    assertOnly(control(decls, "wr();"), "register-rmw", "register I.r is accessed write, read in action I.wr");
  }

  @Test
  void theSameActionTwiceOnOnePathIsFlagged() {
    String decls = "  register<bit<8>>(16) r;\n  action bump() { r.read(meta.x, 0); r.write(0, meta.x + 1); }\n"
        + "  table t { key = { hdr.h.a : exact; } actions = { bump; NoAction; } default_action = NoAction(); }\n";
    assertOnly(control(decls, "t.apply(); bump();"), "register-once-per-path", "twice on one path",
        "runs at table I.t and again at line 20");
    assertEquals(List.of(), control(decls, "if (hdr.h.a == 1) { t.apply(); } else { bump(); }").violations());
  }

  @Test
  void wideCellsAndWideAdditionsAreFlagged() {
    SwitchRulesReport r = control("  register<bit<64>>(8) wide;\n  register<bit<32>>(8) ok;\n", "");
    assertOnly(r, "cell-width", "register I.wide has 64-bit cells");
    assertEquals(15, r.violations().get(0).line());
    r = control("", "meta.big = hdr.h.w + 1; meta.big = meta.big - hdr.h.w; meta.x = meta.y + 1;\n"
        + "meta.big = hdr.h.w & 3;");
    assertEquals(2, r.violations().size(), r.render());
    assertTrue(r.violations().stream().allMatch(v -> v.rule().equals("alu-width") && v.line() == 17), r.render());
    assertTrue(r.violations().get(0).message().contains("'+' on bit<64> in (hdr.h.w + 1)"), r.render());
  }

  @Test
  void aParserLoopOutsideAHeaderStackIsFlaggedAndAStackLoopIsNot() {
    String loop = String.join("\n",
        "  state start { pk.extract(hdr.h); transition select(hdr.h.a) { 1: again; default: accept; } }",
        "  state again { transition select(hdr.h.b) { 1: start; default: accept; } }");
    SwitchRulesReport r = program(loop, "", "");
    assertEquals(2, r.violations().size(), r.render());
    assertEquals(List.of(8, 9), r.violations().stream().map(RuleViolation::line).toList());
    assertTrue(r.violations().get(0).message().contains("'start' is on a cycle"), r.render());
    String stack = String.join("\n",
        "  state start { pk.extract(hdr.h); transition select(hdr.h.a) { 1: labels; default: accept; } }",
        "  state labels { pk.extract(hdr.st.next); transition select(hdr.st.last.v) { 0: accept; default: labels; } }");
    assertEquals(List.of(), program(stack, "", "").violations());
    String mixed = String.join("\n",
        "  state start { pk.extract(hdr.h); transition labels; }",
        "  state labels { pk.extract(hdr.st.next); transition select(hdr.st.last.v) { 0: accept; 1: other; default: labels; } }",
        "  state other { transition labels; }");
    assertOnly(program(mixed, "", ""), "parser-loop", "'other' is on a cycle");
  }

  static final String CHAIN = String.join("\n",
      "  action x_to_y() { meta.y = meta.x; }",
      "  action y_to_z() { meta.z = meta.y; }",
      "  table t1 { key = { hdr.h.a : exact; } actions = { set_x; NoAction; } default_action = NoAction(); }",
      "  table t2 { key = { meta.x : exact; } actions = { set_y; NoAction; } default_action = NoAction(); }",
      "  table t3 { key = { meta.y : exact; } actions = { set_z; NoAction; } default_action = NoAction(); }",
      "  table u1 { key = { hdr.h.a : exact; } actions = { set_x; NoAction; } default_action = NoAction(); }",
      "  table u2 { key = { hdr.h.b : exact; } actions = { set_y; NoAction; } default_action = NoAction(); }",
      "  table u3 { key = { hdr.h.c : exact; } actions = { set_z; NoAction; } default_action = NoAction(); }",
      "  table v2 { key = { hdr.h.b : exact; } actions = { x_to_y; NoAction; } default_action = NoAction(); }",
      "  table v3 { key = { hdr.h.c : exact; } actions = { y_to_z; NoAction; } default_action = NoAction(); }",
      "  table w2 { key = { hdr.h.b : exact; } actions = { set_x; NoAction; } default_action = NoAction(); }");

  static int stages(String apply) {
    SwitchRulesReport r = control(CHAIN, apply);
    assertEquals(List.of(), r.violations(), r.render());
    return r.pass("I").stagesLowerBound();
  }

  @Test
  void stagesOfDependencyChains() {
    assertEquals(3, stages("t1.apply(); t2.apply(); t3.apply();"), "match dependency chain");
    assertEquals(1, stages("u1.apply(); u2.apply(); u3.apply();"), "independent tables");
    assertEquals(3, stages("t1.apply(); v2.apply(); v3.apply();"), "action (read-after-write) chain");
    assertEquals(2, stages("u1.apply(); w2.apply();"), "both write meta.x");
    assertEquals(1, stages("if (hdr.h.a == 1) { u1.apply(); } else { w2.apply(); }"), "exclusive branches");
    assertEquals(2, stages("u1.apply(); if (meta.x == 1) { u2.apply(); }"), "a condition reads meta.x");
    assertEquals(1, stages("t2.apply(); t1.apply();"), "write after read");
    assertEquals(1, stages("meta.x = hdr.h.a; t2.apply();"), "a plain statement counts 0 stages");
    assertEquals(2, stages("u1.apply(); meta.y = meta.x; t3.apply();"), "through a statement");
    assertEquals(0, stages("meta.x = 1;"));
  }

  @Test
  void stageFiguresOfASwitchOnActionRun() {
    SwitchRulesReport r = control(CHAIN, "switch (t1.apply().action_run) { set_x: { t2.apply(); } default: { u2.apply(); } }");
    assertEquals(2, r.pass("I").stagesLowerBound(), r.render());
    assertEquals(2, r.pass("I").tablesOnLongestPath());
  }

  /** arith.p4 adds on bit<64> twice; l2l3.p4's per-port counter reads and writes its register in two statements. */
  @Test
  void reportsOfTheModulesExistingPrograms() {
    SwitchRulesReport arith = file("arith.p4");
    assertEquals(List.of(24, 25), arith.violations().stream().map(RuleViolation::line).toList(), arith.render());
    assertTrue(arith.violations().stream().allMatch(v -> v.rule().equals("alu-width")));
    assertEquals(0, arith.totalStagesLowerBound());

    SwitchRulesReport flow = file("flow.p4");
    assertEquals(List.of(), flow.violations(), flow.render());
    assertEquals(new SwitchRulesReport.PassFigures("I", 1, 1, 1, List.of("table I.sw")), flow.pass("I"));
    assertEquals(0, flow.pass("E").stagesLowerBound());

    SwitchRulesReport tables = file("tables.p4");
    assertEquals(List.of(), tables.violations(), tables.render());
    assertEquals(List.of("table I.te", "table I.tt", "table I.tl", "table I.tc"), tables.pass("I").criticalPath());
    assertEquals(4, tables.totalStagesLowerBound());

    String src = resource("l2l3.p4");
    SwitchRulesReport l2l3 = file("l2l3.p4");
    int read = lineOf(src, "port_packets.read(");
    int write = lineOf(src, "port_packets.write(");
    assertOnly(l2l3, "register-once-per-path", "register MyIngress.port_packets",
        "statement at line " + read, "statement at line " + write, "both on one path");
    assertEquals(new SwitchRulesReport.PassFigures("MyIngress", 2, 2, 0,
        List.of("register op at line " + read, "register op at line " + write)), l2l3.pass("MyIngress"));
    assertEquals(new SwitchRulesReport.PassFigures("MyEgress", 0, 0, 1, List.of()), l2l3.pass("MyEgress"));
  }

  @Test
  void checkPathPrintsTheReport(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
    java.nio.file.Path f = dir.resolve("good.p4");
    java.nio.file.Files.writeString(f, resource("rules/p4xos_good.p4"));
    java.io.PrintStream old = System.out;
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
    System.setOut(new java.io.PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      SwitchRules.check(f);
    } finally {
      System.setOut(old);
    }
    String out = buf.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("good.p4: 0 violations\n"), out);
    assertTrue(out.contains("total stages >= 2 (ingress + egress)"), out);
  }
}
