package io.ringworld.p4.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fail closed: each construct outside the subset is rejected with its line and a reason naming it.
 * Snippets go into a valid template at TOP (a declaration) or BODY (the ingress apply block).
 */
class RejectionTest {
  static final String TEMPLATE = String.join("\n",
      "#include <core.p4>",
      "#include <v1model.p4>",
      "header h_t { bit<8> a; bit<16> b; }",
      "struct m_t { bit<8> x; }",
      "struct hs_t { h_t h; h_t[2] st; }",
      "//TOP",
      "parser P(packet_in pk, out hs_t hdr, inout m_t meta, inout standard_metadata_t sm) {",
      "  state start { pk.extract(hdr.h); transition accept; }",
      "}",
      "control C(inout hs_t hdr, inout m_t meta) { apply { } }",
      "control I(inout hs_t hdr, inout m_t meta, inout standard_metadata_t sm) {",
      "  action a(in bit<8> v) { meta.x = v; }",
      "  table t { key = { hdr.h.a : exact; } actions = { NoAction; } }",
      "  apply {",
      "    bit<8> x = 1; bit<16> y = 2; bit<8> k = 3;",
      "//BODY",
      "  }",
      "}",
      "control E(inout hs_t hdr, inout m_t meta, inout standard_metadata_t sm) { apply { } }",
      "control D(packet_out pk, in hs_t hdr) { apply { pk.emit(hdr); } }",
      "V1Switch(P(), C(), I(), E(), C(), D()) main;",
      "");

  static int lineOf(String marker) {
    return java.util.Arrays.asList(TEMPLATE.split("\n")).indexOf(marker) + 1;
  }

  static Stream<Arguments> snippets() {
    return Stream.of(
        Arguments.of("BODY", "x = x * 2;", "operator '*' is outside the subset"),
        Arguments.of("BODY", "x = x / 2;", "operator '/' is outside the subset"),
        Arguments.of("BODY", "x = x % 2;", "operator '%' is outside the subset"),
        Arguments.of("BODY", "x = x |+| 2;", "operator '|+|' is outside the subset"),
        Arguments.of("BODY", "x = x << k;", "shift amount"),
        Arguments.of("BODY", "while (true) { }", "'while' is outside the subset"),
        Arguments.of("BODY", "for (x = 0; x < 2; x = x + 1) { }", "'for' is outside the subset"),
        Arguments.of("BODY", "hash(x, 1);", "unknown function or extern 'hash'"),
        Arguments.of("BODY", "x = y;", "type mismatch: expected bit<8> but found bit<16>"),
        Arguments.of("BODY", "x = x + y;", "width mismatch for '+': bit<8> vs bit<16>"),
        Arguments.of("BODY", "x = zz;", "undeclared name 'zz'"),
        Arguments.of("BODY", "x = 256;", "integer 256 does not fit bit<8>"),
        Arguments.of("BODY", "x = 8s1;", "signed integer literal"),
        Arguments.of("BODY", "bit<65> w;", "bit<65> is outside the subset"),
        Arguments.of("BODY", "x = hdr.h.c;", "no field 'c' in h_t"),
        Arguments.of("BODY", "hdr.st[k].a = 1;", "header stack index must be a compile-time integer constant"),
        Arguments.of("BODY", "hdr.st[2].a = 1;", "header stack index 2 is out of bounds"),
        Arguments.of("BODY", "x = x[8:1];", "slice [8:1] is out of range for bit<8>"),
        Arguments.of("BODY", "x = hdr.h.b ++ x;", "type mismatch: expected bit<8> but found bit<24>"),
        Arguments.of("BODY", "if (x) { }", "expected bool but found bit<8>"),
        Arguments.of("BODY", "if (t.apply().action_run) { }", "member 'action_run' of the result of I.t.apply()"),
        Arguments.of("BODY", "t.apply().hit;", "expression statement is not a call or an assignment"),
        Arguments.of("BODY", "a(x, x);", "action I.a takes 1 argument(s), found 2"),
        Arguments.of("BODY", "hdr.h.lookahead();", "method 'lookahead' is outside the subset"),
        Arguments.of("BODY", "x = (bool) x;", "cast from bit<8> to bool"),
        Arguments.of("BODY", "t.apply(); t.apply();", "table t is applied more than once"),
        Arguments.of("BODY", "if (hdr.h == hdr.h) { }", "'==' on h_t and h_t is outside the subset"),
        Arguments.of("BODY", "x = hdr.st.next.a;", "header stack member 'next' is outside the subset here"),
        Arguments.of("BODY", "hdr.st.push_front(1);", "method 'push_front' is outside the subset"),
        Arguments.of("BODY", "verify(true, error.NoMatch);", "'error' is outside the subset"),
        Arguments.of("BODY", "sm.egress_spec = sm.enq_qdepth;", "no field 'enq_qdepth' in standard_metadata_t"),
        Arguments.of("TOP", "#include <tna.p4>", "preprocessor directive outside the subset: #include <tna.p4>"),
        Arguments.of("TOP", "#ifdef FOO", "preprocessor directive outside the subset: #ifdef FOO"),
        Arguments.of("TOP", "enum E { A }", "'enum' is outside the subset"),
        Arguments.of("TOP", "extern Foo { }", "'extern' is outside the subset"),
        Arguments.of("TOP", "counter(8, CounterType.packets) c;", "extern instance of counter is outside the subset"),
        Arguments.of("TOP", "header v_t { varbit<8> x; }", "'varbit' is outside the subset"),
        Arguments.of("TOP", "@pragma foo", "annotation @pragma is outside the subset"),
        Arguments.of("TOP", "header o_t { bit<4> x; } struct p_t { o_t o; }", null),
        Arguments.of("TOP", "const bit<4> K = 16;", "integer 16 does not fit bit<4>"),
        Arguments.of("TOP", "struct q_t { int<8> x; }", "'int' is outside the subset"),
        Arguments.of("TOP", "header r_t { bool x; }", "header field 'x' of type bool (only bit<W>)"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("snippets")
  void rejectedWithLineAndReason(String marker, String snippet, String reason) {
    String src = TEMPLATE.replace("//" + marker, snippet);
    if (reason == null) {
      CheckedProgram.compile(src); // a control case: accepted
      return;
    }
    P4RejectedException e = assertThrows(P4RejectedException.class, () -> CheckedProgram.compile(src));
    assertEquals(lineOf("//" + marker), e.line(), e.getMessage());
    assertTrue(e.reason().contains(reason), "reason was: " + e.reason());
    assertTrue(e.column() >= 1);
  }

  @Test
  void templateItselfIsAccepted() {
    CheckedProgram p = CheckedProgram.compile(TEMPLATE);
    assertEquals("I.t", p.table("t").name());
  }

  @Test
  void otherRejectionsPointAtTheirLine() {
    String noTable = TEMPLATE.replace("//BODY", "u.apply();");
    assertTrue(assertThrows(P4RejectedException.class, () -> CheckedProgram.compile(noTable))
        .reason().contains("apply of 'u' is outside the subset"));
    String rangeKey = TEMPLATE.replace("hdr.h.a : exact;", "hdr.h.a : range;");
    P4RejectedException e = assertThrows(P4RejectedException.class, () -> CheckedProgram.compile(rangeKey));
    assertEquals(13, e.line());
    assertTrue(e.reason().contains("match kind 'range'"), e.reason());
    String writeIn = TEMPLATE.replace("meta.x = v;", "v = 1;");
    e = assertThrows(P4RejectedException.class, () -> CheckedProgram.compile(writeIn));
    assertEquals(12, e.line());
    assertTrue(e.reason().contains("'v' is read-only"), e.reason());
    String applyInAction = TEMPLATE.replace("meta.x = v;", "t0.apply();").replace(
        "  action a", "  table t0 { key = { hdr.h.a : exact; } actions = { NoAction; } }\n  action a");
    e = assertThrows(P4RejectedException.class, () -> CheckedProgram.compile(applyInAction));
    assertTrue(e.reason().contains("table apply is allowed only in a control's apply block"), e.reason());
    String noMain = TEMPLATE.replace("V1Switch(P(), C(), I(), E(), C(), D()) main;", "");
    assertTrue(assertThrows(P4RejectedException.class, () -> CheckedProgram.compile(noMain))
        .reason().contains("no 'V1Switch(...) main;'"));
    String badShape = TEMPLATE.replace("V1Switch(P(), C(), I(), E(), C(), D())", "V1Switch(P(), C(), I(), E(), C(), I())");
    assertTrue(assertThrows(P4RejectedException.class, () -> CheckedProgram.compile(badShape))
        .reason().contains("deparser block must have 2 parameters"));
  }

  @Test
  void unalignedHeaderIsRejectedWhereItIsExtracted() {
    String src = TEMPLATE.replace("header h_t { bit<8> a; bit<16> b; }", "header h_t { bit<8> a; bit<15> b; }");
    P4RejectedException e = assertThrows(P4RejectedException.class, () -> CheckedProgram.compile(src));
    assertEquals(8, e.line());
    assertTrue(e.reason().contains("header h_t is 23 bits, not whole bytes"), e.reason());
  }
}
