package io.ringworld.p4.lang;

import io.ringworld.p4.lang.Ast.*;
import io.ringworld.p4.lang.Scope.Sym;
import io.ringworld.p4.lang.Types.*;

/** Types expressions: widths must agree (unsized literals are coerced and must fit), never guessed. */
final class ExprChecker {
  private final CheckedProgram out;
  CallChecker calls;

  ExprChecker(CheckedProgram out) {
    this.out = out;
  }

  Type expr(Expr e, Scope s, Ctx ctx) {
    Type t = exprInner(e, s, ctx);
    out.types.put(e, t);
    return t;
  }

  private Type exprInner(Expr e, Scope s, Ctx ctx) {
    if (e instanceof IntLit l) {
      return l.widthBits() < 0 ? Types.INT : new BitT(l.widthBits());
    } else if (e instanceof BoolLit) {
      return Types.BOOL;
    } else if (e instanceof PathE p) {
      return path(p, s);
    } else if (e instanceof MemberE m) {
      return member(m, s, ctx);
    } else if (e instanceof IndexE ix) {
      return index(ix, s, ctx);
    } else if (e instanceof SliceE sl) {
      return slice(sl, s, ctx);
    } else if (e instanceof CallE c) {
      return calls.call(c, s, ctx);
    } else if (e instanceof UnaryE u) {
      return unary(u, s, ctx);
    } else if (e instanceof BinaryE b) {
      return binary(b, s, ctx);
    } else if (e instanceof CastE c) {
      return cast(c, s, ctx);
    } else if (e instanceof CondE c) {
      return conditional(c, s, ctx);
    }
    throw e.pos().reject("this expression is allowed only in a keyset");
  }

  private Type path(PathE p, Scope s) {
    Sym sym = s.find(p.name());
    if (sym == null) {
      throw p.pos().reject("undeclared name '" + p.name() + "'");
    }
    switch (sym.kind()) {
      case CONST:
        out.constants.put(p, sym.value());
        return sym.type();
      case VAR:
      case READONLY:
        return sym.type();
      default:
        throw p.pos().reject("'" + p.name() + "' (" + sym.kind().name().toLowerCase() + ") is not a value");
    }
  }

  private Type member(MemberE m, Scope s, Ctx ctx) {
    if (m.base() instanceof PathE p && p.name().equals("CloneType") && s.find("CloneType") == null) {
      if (m.name().equals("I2E") || m.name().equals("E2E")) {
        out.constants.put(m, m.name().equals("I2E") ? 0L : 1L);
        return new CloneTypeT();
      }
      throw m.pos().reject("CloneType." + m.name() + " is not a clone type");
    }
    Type base = expr(m.base(), s, ctx);
    if (base instanceof TableResultT && (m.name().equals("hit") || m.name().equals("miss"))) {
      return Types.BOOL;
    }
    if (base instanceof StackT st) {
      if (m.name().equals("last")) {
        return st.element();
      }
      if (m.name().equals("lastIndex")) {
        return new BitT(32);
      }
      throw m.pos().reject("header stack member '" + m.name() + "' is outside the subset here");
    }
    int k = base instanceof HeaderT h ? h.indexOf(m.name()) : base instanceof StructT st ? st.indexOf(m.name()) : -2;
    if (k == -2) {
      throw m.pos().reject("member '" + m.name() + "' of " + base + " is outside the subset here");
    }
    if (k < 0) {
      throw m.pos().reject("no field '" + m.name() + "' in " + base);
    }
    return base instanceof HeaderT h ? h.fields().get(k).type() : ((StructT) base).fields().get(k).type();
  }

  private Type index(IndexE ix, Scope s, Ctx ctx) {
    Type base = expr(ix.base(), s, ctx);
    if (!(base instanceof StackT st)) {
      throw ix.pos().reject("indexing a " + base + " is outside the subset (only header stacks)");
    }
    long k = constant(ix.index(), s, ctx, "a header stack index");
    if (k < 0 || k >= st.size()) {
      throw ix.pos().reject("header stack index " + k + " is out of bounds for " + st);
    }
    return st.element();
  }

  private Type slice(SliceE sl, Scope s, Ctx ctx) {
    Type base = expr(sl.base(), s, ctx);
    if (!(base instanceof BitT b)) {
      throw sl.pos().reject("slice of a " + base + " (only bit<W>)");
    }
    long hi = constant(sl.hi(), s, ctx, "a slice bound");
    long lo = constant(sl.lo(), s, ctx, "a slice bound");
    if (lo < 0 || hi < lo || hi >= b.widthBits()) {
      throw sl.pos().reject("slice [" + hi + ":" + lo + "] is out of range for " + b);
    }
    return new BitT((int) (hi - lo + 1));
  }

  private Type unary(UnaryE u, Scope s, Ctx ctx) {
    Type t = expr(u.operand(), s, ctx);
    if (u.op().equals("!")) {
      require(u.operand(), t, Types.BOOL);
      return Types.BOOL;
    }
    if (!(t instanceof BitT)) {
      throw u.pos().reject("unary '" + u.op() + "' needs a bit<W> operand, not " + t + " (add a width)");
    }
    return t;
  }

  private Type binary(BinaryE b, Scope s, Ctx ctx) {
    String op = b.op();
    Type l = expr(b.left(), s, ctx);
    if (op.equals("<<") || op.equals(">>")) {
      if (!(l instanceof BitT)) {
        throw b.pos().reject("shift of a " + l + " (needs bit<W>)");
      }
      long n = constant(b.right(), s, ctx, "a shift amount (shifts by a non-constant are outside the subset)");
      if (n < 0) {
        throw b.pos().reject("negative shift amount");
      }
      return l;
    }
    Type r = expr(b.right(), s, ctx);
    switch (op) {
      case "&&":
      case "||":
        require(b.left(), l, Types.BOOL);
        require(b.right(), r, Types.BOOL);
        return Types.BOOL;
      case "++":
        if (!(l instanceof BitT lb && r instanceof BitT rb)) {
          throw b.pos().reject("'++' needs two sized bit<W> operands, not " + l + " and " + r);
        }
        if (lb.widthBits() + rb.widthBits() > 64) {
          throw b.pos().reject("'++' result wider than 64 bits is outside the subset");
        }
        return new BitT(lb.widthBits() + rb.widthBits());
      case "==":
      case "!=":
        if (l instanceof BoolT && r instanceof BoolT) {
          return Types.BOOL;
        }
        if (!(l instanceof BitT || l instanceof IntT) || !(r instanceof BitT || r instanceof IntT)) {
          throw b.pos().reject("'" + op + "' on " + l + " and " + r + " is outside the subset (bit<W> or bool)");
        }
        unify(b, l, r);
        return Types.BOOL;
      case "<": case "<=": case ">": case ">=":
        if (!(l instanceof BitT || l instanceof IntT) || !(r instanceof BitT || r instanceof IntT)) {
          throw b.pos().reject("'" + op + "' on " + l + " and " + r + " (needs bit<W> operands)");
        }
        unify(b, l, r);
        return Types.BOOL;
      default:
        if (!(l instanceof BitT || l instanceof IntT) || !(r instanceof BitT || r instanceof IntT)) {
          throw b.pos().reject("'" + op + "' on " + l + " and " + r + " (needs bit<W> operands)");
        }
        return unify(b, l, r);
    }
  }

  /** Two bit operands of one width, or one sized operand and an unsized literal that fits it. */
  private Type unify(BinaryE b, Type l, Type r) {
    if (l instanceof BitT && l.equals(r)) {
      return l;
    }
    if (l instanceof BitT lb && r instanceof IntT) {
      coerce(b.right(), r, lb);
      return l;
    }
    if (r instanceof BitT rb && l instanceof IntT) {
      coerce(b.left(), l, rb);
      return r;
    }
    if (l instanceof IntT && r instanceof IntT) {
      throw b.pos().reject("'" + b.op() + "' between two unsized integers is outside the subset (give a width)");
    }
    throw b.pos().reject("width mismatch for '" + b.op() + "': " + l + " vs " + r + " (add a cast)");
  }

  private Type cast(CastE c, Scope s, Ctx ctx) {
    Type to = Checker.resolveType(c.type(), out, s);
    Type from = expr(c.operand(), s, ctx);
    boolean ok = (to instanceof BitT && (from instanceof BitT || from instanceof IntT))
        || (to instanceof BitT tb && tb.widthBits() == 1 && from instanceof BoolT)
        || (to instanceof BoolT && from instanceof BitT fb && fb.widthBits() == 1);
    if (!ok) {
      throw c.pos().reject("cast from " + from + " to " + to + " is outside the subset");
    }
    if (from instanceof IntT) {
      coerceWrapping(c.operand(), (BitT) to);
    }
    return to;
  }

  private Type conditional(CondE c, Scope s, Ctx ctx) {
    require(c.cond(), expr(c.cond(), s, ctx), Types.BOOL);
    Type a = expr(c.ifTrue(), s, ctx);
    Type b = expr(c.ifFalse(), s, ctx);
    if (a instanceof IntT && b instanceof BitT bb) {
      coerce(c.ifTrue(), a, bb);
      return b;
    }
    if (b instanceof IntT && a instanceof BitT ab) {
      coerce(c.ifFalse(), b, ab);
      return a;
    }
    if (!a.equals(b) || a instanceof IntT || !(a instanceof BitT || a instanceof BoolT)) {
      throw c.pos().reject("'?:' branches must have one bit<W> or bool type, not " + a + " and " + b);
    }
    return a;
  }

  void require(Expr e, Type have, Type want) {
    if (!have.equals(want)) {
      throw e.pos().reject("expected " + want + " but found " + have);
    }
  }

  /** Checks that {@code e} (of type {@code have}) may be used where {@code want} is expected. */
  void coerce(Expr e, Type have, Type want) {
    if (have instanceof IntT && want instanceof BitT wb) {
      Object v = literalValue(e);
      if (v == null) {
        throw e.pos().reject("unsized integer expression where " + want + " is expected");
      }
      long x = (Long) v;
      if (x < 0 || (wb.widthBits() < 64 && (x >>> wb.widthBits()) != 0)) {
        throw e.pos().reject("integer " + x + " does not fit " + want);
      }
      out.types.put(e, want);
      return;
    }
    if (!have.equals(want)) {
      throw e.pos().reject("type mismatch: expected " + want + " but found " + have + " (add a cast)");
    }
  }

  private void coerceWrapping(Expr e, BitT want) {
    if (literalValue(e) == null) {
      throw e.pos().reject("unsized integer expression in a cast");
    }
    out.types.put(e, want);
  }

  private Object literalValue(Expr e) {
    if (e instanceof IntLit l) {
      return l.value();
    }
    return out.constants.get(e);
  }

  /** The value of a compile-time constant: a literal, a constant's name, or a cast of one. */
  long constant(Expr e, Scope s, Ctx ctx, String what) {
    Type t = expr(e, s, ctx);
    Object v = e instanceof CastE c ? literalValue(c.operand()) : literalValue(e);
    if (!(v instanceof Long) || !(t instanceof BitT || t instanceof IntT)) {
      throw e.pos().reject(what + " must be a compile-time integer constant");
    }
    long x = (Long) v;
    if (t instanceof BitT b) {
      x &= b.mask();
      if (e instanceof CastE) {
        out.constants.put(e, x);
      }
    }
    return x;
  }
}
