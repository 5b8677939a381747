package io.ringworld.p4.rules;

import io.ringworld.p4.lang.Ast.*;
import java.util.stream.Collectors;

/** Canonical source text of an expression (positions dropped), to compare register indices. */
final class ExprText {
  private ExprText() {}

  static String of(Expr e) {
    if (e instanceof IntLit l) {
      return l.widthBits() < 0 ? Long.toString(l.value()) : l.widthBits() + "w" + l.value();
    } else if (e instanceof BoolLit b) {
      return Boolean.toString(b.value());
    } else if (e instanceof PathE p) {
      return p.name();
    } else if (e instanceof MemberE m) {
      return of(m.base()) + "." + m.name();
    } else if (e instanceof IndexE ix) {
      return of(ix.base()) + "[" + of(ix.index()) + "]";
    } else if (e instanceof SliceE sl) {
      return of(sl.base()) + "[" + of(sl.hi()) + ":" + of(sl.lo()) + "]";
    } else if (e instanceof CallE c) {
      return of(c.target()) + "(" + c.args().stream().map(ExprText::of).collect(Collectors.joining(", ")) + ")";
    } else if (e instanceof UnaryE u) {
      return u.op() + "(" + of(u.operand()) + ")";
    } else if (e instanceof BinaryE b) {
      return "(" + of(b.left()) + " " + b.op() + " " + of(b.right()) + ")";
    } else if (e instanceof CastE c) {
      return "(" + typeText(c.type()) + ") " + of(c.operand());
    } else if (e instanceof CondE c) {
      return "(" + of(c.cond()) + " ? " + of(c.ifTrue()) + " : " + of(c.ifFalse()) + ")";
    }
    return e.getClass().getSimpleName();
  }

  private static String typeText(TypeRef t) {
    if (t instanceof BitRef b) {
      return "bit<" + b.widthBits() + ">";
    }
    return t instanceof BoolRef ? "bool" : t instanceof NamedRef n ? n.name() : "type";
  }
}
