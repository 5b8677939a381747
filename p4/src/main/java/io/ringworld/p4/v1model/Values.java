package io.ringworld.p4.v1model;

import io.ringworld.p4.lang.Types.*;

/**
 * Runtime values: a bit&lt;W&gt; is a Long holding the unsigned value masked to W bits, a bool is a
 * Boolean, and headers, structs and header stacks are the mutable objects below. Everything is
 * zero (and every header invalid) when created, as bmv2 does for uninitialized data.
 */
final class Values {
  private Values() {}

  static final class HeaderV {
    final HeaderT type;
    final long[] fields;
    boolean valid;

    HeaderV(HeaderT type) {
      this.type = type;
      this.fields = new long[type.fields().size()];
    }
  }

  static final class StructV {
    final StructT type;
    final Object[] fields;

    StructV(StructT type) {
      this.type = type;
      this.fields = new Object[type.fields().size()];
    }
  }

  static final class StackV {
    final StackT type;
    final HeaderV[] elements;
    int next;

    StackV(StackT type) {
      this.type = type;
      this.elements = new HeaderV[type.size()];
    }
  }

  static long mask(int widthBits) {
    return widthBits >= 64 ? -1L : (1L << widthBits) - 1;
  }

  static Object zero(Type t) {
    if (t instanceof BitT) {
      return 0L;
    } else if (t instanceof BoolT) {
      return Boolean.FALSE;
    } else if (t instanceof HeaderT h) {
      return new HeaderV(h);
    } else if (t instanceof StructT st) {
      StructV v = new StructV(st);
      for (int k = 0; k < v.fields.length; k++) {
        v.fields[k] = zero(st.fields().get(k).type());
      }
      return v;
    } else if (t instanceof StackT st) {
      StackV v = new StackV(st);
      for (int k = 0; k < v.elements.length; k++) {
        v.elements[k] = new HeaderV(st.element());
      }
      return v;
    }
    throw new IllegalArgumentException("no runtime value for " + t);
  }

  /** A deep copy: P4 assignment and parameter passing copy values. */
  static Object copy(Object v) {
    if (v instanceof HeaderV h) {
      HeaderV c = new HeaderV(h.type);
      System.arraycopy(h.fields, 0, c.fields, 0, h.fields.length);
      c.valid = h.valid;
      return c;
    } else if (v instanceof StructV s) {
      StructV c = new StructV(s.type);
      for (int k = 0; k < c.fields.length; k++) {
        c.fields[k] = copy(s.fields[k]);
      }
      return c;
    } else if (v instanceof StackV s) {
      StackV c = new StackV(s.type);
      for (int k = 0; k < c.elements.length; k++) {
        c.elements[k] = (HeaderV) copy(s.elements[k]);
      }
      c.next = s.next;
      return c;
    }
    return v;
  }
}
