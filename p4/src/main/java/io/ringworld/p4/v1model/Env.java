package io.ringworld.p4.v1model;

/**
 * A runtime scope: variable boxes by name, with a parent. The checker guarantees lookups succeed.
 * A scope holds a few names (an action's parameters, a block's locals), so it keeps them in
 * arrays and compares by identity first (the lexer interns identifiers), then by value.
 */
final class Env {
  private final Env parent;
  private String[] names = new String[4];
  private Object[][] boxes = new Object[4][];
  private int size;

  Env(Env parent) {
    this.parent = parent;
  }

  void define(String name, Object value) {
    for (int k = 0; k < size; k++) {
      if (names[k].equals(name)) {
        boxes[k] = new Object[] {value};
        return;
      }
    }
    if (size == names.length) {
      names = java.util.Arrays.copyOf(names, size * 2);
      boxes = java.util.Arrays.copyOf(boxes, size * 2);
    }
    names[size] = name;
    boxes[size] = new Object[] {value};
    size++;
  }

  Object[] box(String name) {
    for (Env e = this; e != null; e = e.parent) {
      Object[] b = e.own(name);
      if (b != null) {
        return b;
      }
    }
    throw new IllegalStateException("internal: unresolved name " + name);
  }

  private Object[] own(String name) {
    for (int k = 0; k < size; k++) {
      if (names[k] == name) {
        return boxes[k];
      }
    }
    for (int k = 0; k < size; k++) {
      if (names[k].equals(name)) {
        return boxes[k];
      }
    }
    return null;
  }
}
