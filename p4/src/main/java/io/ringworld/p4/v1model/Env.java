package io.ringworld.p4.v1model;

import java.util.HashMap;
import java.util.Map;

/** A runtime scope: variable boxes by name, with a parent. The checker guarantees lookups succeed. */
final class Env {
  private final Env parent;
  private final Map<String, Object[]> boxes = new HashMap<>();

  Env(Env parent) {
    this.parent = parent;
  }

  void define(String name, Object value) {
    boxes.put(name, new Object[] {value});
  }

  Object[] box(String name) {
    for (Env e = this; e != null; e = e.parent) {
      Object[] b = e.boxes.get(name);
      if (b != null) {
        return b;
      }
    }
    throw new IllegalStateException("internal: unresolved name " + name);
  }
}
