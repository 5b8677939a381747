package io.ringworld.p4.v1model;

import io.ringworld.p4.lang.Ast.*;
import io.ringworld.p4.lang.CheckedProgram;
import io.ringworld.p4.lang.Types.*;
import io.ringworld.p4.v1model.Interpreter.ApplyResult;
import io.ringworld.p4.v1model.Values.HeaderV;
import io.ringworld.p4.v1model.Values.StackV;
import io.ringworld.p4.v1model.Values.StructV;

/**
 * Expression evaluation. bit&lt;W&gt; arithmetic is on longs masked to W bits (so + and - wrap at
 * W); comparisons are unsigned; shifts by W or more give 0. Reads return live objects; the
 * statement that stores a value copies it.
 */
final class Eval {
  private final Interpreter in;
  private final CheckedProgram prog;

  Eval(Interpreter in) {
    this.in = in;
    this.prog = in.prog;
  }

  private int widthOf(Expr e) {
    return ((BitT) prog.typeOf(e)).widthBits();
  }

  Object eval(Expr e, Env env) {
    // Only a reference or a cast can be a constant the checker folded (a literal is its own
    // value): the other nodes skip the lookup, most of an expression's evaluation.
    if (e instanceof PathE || e instanceof MemberE || e instanceof CastE) {
      Object c = prog.constantOf(e);
      if (c != null) {
        return c;
      }
    }
    if (e instanceof IntLit l) {
      return prog.typeOf(e) instanceof BitT b ? l.value() & b.mask() : l.value();
    } else if (e instanceof BoolLit b) {
      return b.value();
    } else if (e instanceof PathE p) {
      return env.box(p.name())[0];
    } else if (e instanceof MemberE m) {
      return member(m, env);
    } else if (e instanceof IndexE || e instanceof SliceE) {
      return ref(e, env).get();
    } else if (e instanceof CallE c2) {
      return in.call(c2, env);
    } else if (e instanceof UnaryE u) {
      return unary(u, env);
    } else if (e instanceof BinaryE b) {
      return binary(b, env);
    } else if (e instanceof CastE c2) {
      return cast(c2, env);
    } else if (e instanceof CondE c2) {
      return (Boolean) eval(c2.cond(), env) ? eval(c2.ifTrue(), env) : eval(c2.ifFalse(), env);
    }
    throw new IllegalStateException("internal: cannot evaluate " + e);
  }

  private Object member(MemberE m, Env env) {
    Type bt = prog.typeOf(m.base());
    if (bt instanceof TableResultT) {
      ApplyResult r = (ApplyResult) eval(m.base(), env);
      return m.name().equals("hit") == r.hit();
    }
    if (bt instanceof StackT && m.name().equals("lastIndex")) {
      StackV st = (StackV) eval(m.base(), env);
      if (st.next == 0) {
        throw new PacketFault("lastIndex of an empty header stack");
      }
      return (long) (st.next - 1);
    }
    return ref(m, env).get();
  }

  private Object unary(UnaryE u, Env env) {
    Object v = eval(u.operand(), env);
    if (u.op().equals("!")) {
      return !(Boolean) v;
    }
    long mask = Values.mask(widthOf(u));
    return u.op().equals("~") ? ~(Long) v & mask : -(Long) v & mask;
  }

  private Object binary(BinaryE b, Env env) {
    String op = b.op();
    if (op.equals("&&")) {
      return (Boolean) eval(b.left(), env) && (Boolean) eval(b.right(), env);
    }
    if (op.equals("||")) {
      return (Boolean) eval(b.left(), env) || (Boolean) eval(b.right(), env);
    }
    Object lv = eval(b.left(), env);
    Object rv = eval(b.right(), env);
    if (op.equals("==") || op.equals("!=")) {
      return lv.equals(rv) == op.equals("==");
    }
    long l = (Long) lv;
    long r = (Long) rv;
    switch (op) {
      case "<": return Long.compareUnsigned(l, r) < 0;
      case "<=": return Long.compareUnsigned(l, r) <= 0;
      case ">": return Long.compareUnsigned(l, r) > 0;
      case ">=": return Long.compareUnsigned(l, r) >= 0;
      default: break;
    }
    int w = widthOf(b);
    long mask = Values.mask(w);
    return switch (op) {
      case "+" -> (l + r) & mask;
      case "-" -> (l - r) & mask;
      case "&" -> l & r;
      case "|" -> l | r;
      case "^" -> l ^ r;
      case "<<" -> r >= w ? 0L : (l << r) & mask;
      case ">>" -> r >= w ? 0L : l >>> r;
      case "++" -> (l << widthOf(b.right())) | r;
      default -> throw new IllegalStateException("internal: operator " + op);
    };
  }

  private Object cast(CastE c, Env env) {
    Object v = eval(c.operand(), env);
    Type to = prog.typeOf(c);
    if (to instanceof BoolT) {
      return (Long) v != 0;
    }
    long x = v instanceof Boolean bo ? (bo ? 1L : 0L) : (Long) v;
    return x & ((BitT) to).mask();
  }

  /** The location an lvalue expression denotes. */
  Ref ref(Expr e, Env env) {
    if (e instanceof PathE p) {
      Object[] box = env.box(p.name());
      return new Ref() {
        public Object get() {
          return box[0];
        }

        public void set(Object v) {
          box[0] = v;
        }
      };
    } else if (e instanceof MemberE m) {
      return fieldRef(eval(m.base(), env), m);
    } else if (e instanceof IndexE ix) {
      StackV st = (StackV) eval(ix.base(), env);
      return elementRef(st, (int) (long) (Long) eval(ix.index(), env));
    } else if (e instanceof SliceE sl) {
      return sliceRef(ref(sl.base(), env), (int) (long) (Long) eval(sl.hi(), env),
          (int) (long) (Long) eval(sl.lo(), env));
    }
    throw new IllegalStateException("internal: not an lvalue " + e);
  }

  /**
   * A member's place in its header or struct, looked up once per expression (the checker fixed its
   * type; a metadata struct has a hundred fields and is read on every line).
   */
  private final java.util.IdentityHashMap<MemberE, Integer> fieldIndex = new java.util.IdentityHashMap<>();

  private int fieldIndex(MemberE m, java.util.function.ToIntFunction<String> indexOf) {
    Integer k = fieldIndex.get(m);
    if (k == null) {
      k = indexOf.applyAsInt(m.name());
      fieldIndex.put(m, k);
    }
    return k;
  }

  private Ref fieldRef(Object base, MemberE m) {
    if (base instanceof HeaderV h) {
      int k = fieldIndex(m, h.type::indexOf);
      return new Ref() {
        public Object get() {
          return h.fields[k];
        }

        public void set(Object v) {
          h.fields[k] = (Long) v;
        }
      };
    } else if (base instanceof StructV s) {
      int k = fieldIndex(m, s.type::indexOf);
      return new Ref() {
        public Object get() {
          return s.fields[k];
        }

        public void set(Object v) {
          s.fields[k] = v;
        }
      };
    }
    StackV st = (StackV) base;
    if (st.next == 0) {
      throw new PacketFault("'.last' of an empty header stack");
    }
    return elementRef(st, st.next - 1);
  }

  private static Ref elementRef(StackV st, int k) {
    return new Ref() {
      public Object get() {
        return st.elements[k];
      }

      public void set(Object v) {
        st.elements[k] = (HeaderV) v;
      }
    };
  }

  private static Ref sliceRef(Ref base, int hi, int lo) {
    long m = Values.mask(hi - lo + 1);
    return new Ref() {
      public Object get() {
        return ((Long) base.get() >>> lo) & m;
      }

      public void set(Object v) {
        long old = (Long) base.get();
        base.set((old & ~(m << lo)) | (((Long) v & m) << lo));
      }
    };
  }
}
